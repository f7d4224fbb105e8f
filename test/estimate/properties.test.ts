/** Properties (fast-check): summaries agree with sorting, draws honour their ranges, more containers never mean fewer rounds. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { betaCdf } from '../../src/estimate/beta-fit.js';
import { compile, compileShares, type EstimateOk, estimate, quantiles } from '../../src/estimate/index.js';
import { Stream } from '../../src/estimate/random.js';
import { defaultParams, smallInput } from './helpers.js';

const params = defaultParams();

describe('estimate properties', () => {
  it('quantiles equal the nearest-rank percentiles of the sorted draws, and are ordered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 500 }),
        (xs) => {
          const q = quantiles(xs);
          const sorted = [...xs].sort((a, b) => a - b);
          const at = (p: number) => sorted[Math.floor(p * (sorted.length - 1))];
          // -0 and 0 are one value, but strict assert tells them apart, and which of the two a
          // rank lands on depends on the sort (a typed-array sort puts -0 first, Array's keeps
          // input order): compare them as numbers (x + 0 turns -0 into 0).
          const same = (a: number, b: number) => assert.equal(a + 0, b + 0);
          same(q.median, at(0.5));
          same(q.p5, at(0.05));
          same(q.p95, at(0.95));
          assert.ok(q.p5 <= q.median && q.median <= q.p95);
        },
      ),
      // The counterexample a CI run found: the draws -0 and 0.
      { numRuns: 200, examples: [[[-0, 0]]] },
    );
  });

  it('a lognormal or beta "low to high" range is the 90% interval of its draws', () => {
    const check = (d: Parameters<typeof compile>[0], low: number, high: number, share: number) => {
      const draw = compile(d);
      const s = new Stream(3);
      const xs = Float64Array.from({ length: 40_000 }, () => draw(s));
      const q = quantiles(xs);
      const tol = (high - low) * share;
      assert.ok(
        Math.abs(q.p5 - low) < tol && Math.abs(q.p95 - high) < tol,
        `${JSON.stringify(d)} → ${q.p5}–${q.p95}`,
      );
    };
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        fc.double({ min: 1.2, max: 8, noNaN: true }),
        (low, ratio) => {
          check({ type: 'lognormal', low, high: low * ratio }, low, low * ratio, 0.03);
        },
      ),
      { numRuns: 15 },
    );
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.6, noNaN: true }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        (low, width) => {
          check({ type: 'beta', low, high: low + width }, low, low + width, 0.03);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('the beta CDF matches closed forms', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.2, max: 30, noNaN: true }),
        (x, a) => {
          // I_x(a, 1) = x^a; I_x(1, 1) = x; I_x(1/2, 1/2) = (2/π)·asin(√x).
          assert.ok(Math.abs(betaCdf(x, a, 1) - x ** a) < 1e-9);
          assert.ok(Math.abs(betaCdf(x, 1, 1) - x) < 1e-12);
          assert.ok(Math.abs(betaCdf(x, 0.5, 0.5) - (2 / Math.PI) * Math.asin(Math.sqrt(x))) < 1e-9);
        },
      ),
    );
  });

  it('mix shares drawn always sum to 1 and stay in 0–1', () => {
    const draw = compileShares(params.file.parameters.mixShares.distribution, params.types);
    const s = new Stream(5);
    const out = new Float64Array(params.types.length);
    for (let i = 0; i < 5000; i++) {
      draw(s, out);
      const sum = out.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-12);
      for (const v of out) assert.ok(v >= 0 && v <= 1);
    }
  });

  const counts = fc.array(fc.option(fc.integer({ min: 20, max: 400 }), { nil: null, freq: 4 }), {
    minLength: 1,
    maxLength: 8,
  });

  it('every interval of an estimate is ordered', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 0, max: 1000 }), (cs, seed) => {
        const r = estimate(smallInput(cs), params, { seed, samples: 500 });
        if (cs.every((c) => c === null)) return assert.equal(r.kind, 'no-observations');
        const e = r as EstimateOk;
        const all = [
          ...Object.values(e.totals).flatMap((v) => ('median' in v ? [v] : Object.values(v))),
          ...e.monthly.flatMap((m) => [m.containers, m.rounds, m.valueUsd]),
          ...e.perShipment.flatMap((s) => [s.containers, s.rounds]),
        ];
        for (const q of all) assert.ok(q.p5 <= q.median && q.median <= q.p95, JSON.stringify(q));
      }),
      { numRuns: 25 },
    );
  });

  it('more containers never give fewer rounds (same seed)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 20, max: 300 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        (cs, extra, seed) => {
          const base = smallInput(cs);
          const more = smallInput(cs.map((c, i) => c + extra[i]));
          for (const s of [...base.shipments, ...more.shipments]) s.vessel.maxContainers = null;
          const a = estimate(base, params, { seed, samples: 500 }) as EstimateOk;
          const b = estimate(more, params, { seed, samples: 500 }) as EstimateOk;
          for (const k of ['p5', 'median', 'p95'] as const) {
            assert.ok(b.totals.rounds[k] >= a.totals.rounds[k] * (1 - 1e-12), k);
            assert.ok(b.totals.containers[k] >= a.totals.containers[k] * (1 - 1e-12), k);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
