/** The estimate on small hand-made inputs: determinism, no observations, imputation, triangulation warnings, bad input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EstimateOk, estimate, parseEstimateInput } from '../../src/estimate/index.js';
import { defaultParams, smallInput } from './helpers.js';

const params = defaultParams();
const run = (input = smallInput(), seed = 7, samples = 5000) => estimate(input, params, { seed, samples });
const ok = (r: ReturnType<typeof run>): EstimateOk => {
  assert.equal(r.kind, 'estimate');
  return r as EstimateOk;
};

describe('estimate', () => {
  it('same input and seed give identical numbers; another seed gives other numbers', () => {
    const a = run();
    const b = run();
    assert.deepEqual(a, b);
    const c = ok(run(smallInput(), 8));
    assert.notEqual(c.totals.rounds.median, ok(a).totals.rounds.median);
    // The same seed and more samples agree to within the sampling error.
    const big = ok(run(smallInput(), 7, 40_000));
    assert.ok(Math.abs(big.totals.rounds.median / ok(a).totals.rounds.median - 1) < 0.05);
  });

  it('an input with no container observations says so instead of printing zeros', () => {
    const r = run(smallInput([null, null, null]));
    assert.equal(r.kind, 'no-observations');
    if (r.kind === 'no-observations') {
      assert.match(r.reason, /no container observations in 3 shipments/);
      assert.equal('totals' in r, false);
    }
    const none = run({ ...smallInput([]), shipments: [] });
    assert.equal(none.kind, 'no-observations');
    const rejected = smallInput([100]);
    rejected.shipments[0].status = 'rejected';
    const r2 = run(rejected);
    assert.equal(r2.kind, 'no-observations');
    if (r2.kind === 'no-observations') assert.match(r2.reason, /1 rejected/);
  });

  it('imputes a shipment without a count from the same vessel’s counted loads', () => {
    const r = ok(run());
    const s3 = r.perShipment[2];
    const s5 = r.perShipment[4];
    assert.equal(s3.countSource, 'imputed-vessel');
    // Ship ALPHA (shipments 1, 3, 5) was counted at 200 and 240 (shipment 5 is imputed too).
    assert.ok(s3.containers.median > 190 && s3.containers.median < 250, `${s3.containers.median}`);
    assert.ok(
      s3.containers.p95 - s3.containers.p5 > r.perShipment[0].containers.p95 - r.perShipment[0].containers.p5,
    );
    assert.equal(s5.countSource, 'imputed-vessel');
    assert.equal(r.shipments.imputed, 2);
    // A ship never counted borrows the fleet's loads.
    const input = smallInput([200, 220, null]);
    input.shipments[2].vessel = { ...input.shipments[2].vessel, mmsi: 273000009, name: 'CHARLIE' };
    assert.equal(ok(run(input)).perShipment[2].countSource, 'imputed-fleet');
  });

  it('a rail count is a floor, and the vessel capacity a ceiling', () => {
    const input = smallInput([200, null]);
    input.shipments[1].containerObservations = [
      { count: 300, sizeFt: 20, where: 'rail', method: 'imagery-count' },
    ];
    input.shipments[1].vessel.maxContainers = 320;
    const s = ok(run(input)).perShipment[1];
    assert.ok(s.containers.p5 >= 300 && s.containers.p95 <= 320, JSON.stringify(s.containers));
  });

  it('warns when the draught and count paths disagree', () => {
    const input = smallInput([200, 220]);
    // 200 counted boxes (~3,500 t) but a draught change of only 0.3 m (~550 t).
    input.shipments[0].draught = { beforeM: 4.4, afterM: 4.7 };
    const r = ok(run(input));
    const cmp = r.triangulation.comparisons[0];
    assert.equal(cmp.overlap, false);
    assert.match(cmp.warning ?? '', /count and draught paths disagree/);
    assert.ok(r.warnings.some((w) => w.includes('disagree')));
    // A consistent draught change (2.2 m on 120 × 18 m) does not warn.
    assert.equal(ok(run()).triangulation.comparisons[0].overlap, true);
  });

  it('reads the draught path from an implied cargo range when the dimensions are unknown', () => {
    const input = smallInput([200, 220]);
    input.shipments[0].vessel.lengthM = null;
    input.shipments[0].draught = { beforeM: 4.4, afterM: 6.6, impliedCargoTonnes: { low: 3000, high: 4000 } };
    const d = ok(run(input)).perShipment[0].draughtCargoTonnes;
    assert.ok(d !== null);
    assert.ok(Math.abs(d.median - Math.sqrt(3000 * 4000)) < 40, `${d.median}`);
    assert.ok(Math.abs(d.p5 - 3000) < 60 && Math.abs(d.p95 - 4000) < 80, JSON.stringify(d));
  });

  it('refuses a bad input file with the JSON path and reason', () => {
    const good = smallInput();
    const bad = structuredClone(good) as unknown as {
      shipments: { containerObservations: unknown[]; departedMs?: number }[];
    };
    bad.shipments[1].containerObservations = [
      { count: { low: 300, high: 200 }, sizeFt: 30, where: 'quay', method: 'x' },
    ];
    delete bad.shipments[2].departedMs;
    const r = parseEstimateInput(JSON.stringify(bad));
    assert.equal(r.ok, false);
    if (r.ok) return;
    const paths = r.errors.map((e) => `${e.path}: ${e.reason}`);
    assert.ok(
      paths.includes('shipments[1].containerObservations[0].count: expected a count or {low, high}') ||
        paths.some((p) => p.startsWith('shipments[1].containerObservations[0].count')),
      paths.join('\n'),
    );
    assert.ok(
      paths.includes('shipments[1].containerObservations[0].sizeFt: expected 20, 40 or null'),
      paths.join('\n'),
    );
    assert.ok(
      paths.includes('shipments[1].containerObservations[0].where: expected loading, discharge or rail'),
      paths.join('\n'),
    );
    assert.ok(paths.includes('shipments[2].departedMs: missing'), paths.join('\n'));
    assert.ok(parseEstimateInput(JSON.stringify(good)).ok);
  });
});
