/**
 * Calibration against the public record: the bundled (SIMULATED) Rajin scenario through the
 * default parameters must reproduce the published figures' ranges. Each test prints the model's
 * figure beside the published one.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type EstimateOk, estimate } from '../../src/estimate/index.js';
import { defaultParams, scenarioInput } from './helpers.js';

const M = (v: number) => `${(v / 1e6).toFixed(2)} M`;
const BN = (v: number) => `${(v / 1e9).toFixed(2)} bn`;
const K = (v: number) => Math.round(v).toLocaleString('en-US');

describe('calibration on the bundled scenario (SIMULATED) with the default parameters', () => {
  let r: EstimateOk;
  let truthContainers: number;
  let truthShipments: number;
  before(() => {
    const { input, truth } = scenarioInput();
    truthContainers = truth.totals.containers;
    truthShipments = truth.totals.shipments;
    const e = estimate(input, defaultParams(), { seed: 1, samples: 100_000 });
    assert.equal(e.kind, 'estimate');
    r = e as EstimateOk;
    assert.equal(r.simulated, true);
  });

  it('the scenario is the record: ~64 shipments Aug 2023 – Mar 2025, ~16,000 containers', () => {
    const t = r.totals.containers;
    console.log(
      `  shipments: published 64, scenario ${truthShipments}, used ${r.shipments.used} (${r.shipments.observed} counted, ${r.shipments.imputed} imputed)`,
    );
    console.log(
      `  containers: published ~15,800–16,000; scenario truth ${K(truthContainers)}; model ${K(t.median)} (${K(t.p5)} – ${K(t.p95)})`,
    );
    assert.ok(truthShipments >= 60 && truthShipments <= 68);
    assert.equal(r.shipments.used, truthShipments);
    assert.ok(t.p5 <= truthContainers && truthContainers <= t.p95, 'the truth lies in the model interval');
    assert.ok(t.p5 <= 16000 && 15800 <= t.p95, 'the published range meets the model interval');
  });

  it('rounds: the 90% interval contains the published 4.2–5.8 million', () => {
    const q = r.totals.rounds;
    console.log(`  rounds: published 4.2–5.8 M (OSC); model ${M(q.median)} (${M(q.p5)} – ${M(q.p95)})`);
    assert.ok(q.p5 <= 4.2e6 && q.p95 >= 5.8e6);
    assert.ok(q.median >= 4.2e6 && q.median <= 5.8e6, 'median inside the published range');
  });

  it('value: "several billion dollars" (read as $2–9 bn) holds the median and meets the interval', () => {
    const q = r.totals.valueUsd;
    console.log(
      `  value: published "several billion" (FNF 1.7–5.5 bn; Bloomberg ≥ 1 bn); model ${BN(q.median)} (${BN(q.p5)} – ${BN(q.p95)})`,
    );
    assert.ok(q.median >= 2e9 && q.median < 1e10, 'median is several billion');
    assert.ok(q.p5 <= 5e9 && q.p95 >= 5e9, 'the interval contains $5 bn');
  });

  it('document path: 74,000 t of explosives gives an interval containing ~1.6 million shells', () => {
    const doc = r.triangulation.paths.find(
      (p) => p.path === 'document' && p.scope.startsWith('claim c4ads-rail'),
    );
    assert.ok(doc !== undefined && doc.rounds !== null);
    const q = doc.rounds;
    const t = doc.figure;
    console.log(
      `  C4ADS: 74,000 t ≈ 1.6 M shells; model document path ${K(t.median)} t munitions → ${M(q.median)} rounds (${M(q.p5)} – ${M(q.p95)})`,
    );
    assert.ok(q.p5 <= 1.6e6 && 1.6e6 <= q.p95);
    const cmp = r.triangulation.comparisons.find((c) => c.b.path === 'document');
    assert.ok(cmp !== undefined);
    console.log(
      `  same period, count path: ${K(cmp.a.figure.median)} t (${K(cmp.a.figure.p5)} – ${K(cmp.a.figure.p95)}); intervals ${cmp.overlap ? 'overlap' : 'apart — warned'}`,
    );
    assert.equal(cmp.warning === null, cmp.overlap);
  });

  it('the monthly series never exceeds what the fleet could carry', () => {
    let peak = r.monthly[0];
    for (const m of r.monthly) {
      assert.ok(m.capacityContainers !== null, `${m.month} has a capacity`);
      assert.ok(
        m.containersMax <= m.capacityContainers,
        `${m.month}: max draw ${m.containersMax} > capacity ${m.capacityContainers}`,
      );
      assert.ok(m.containers.p5 <= m.containers.median && m.containers.median <= m.containers.p95);
      if (m.containers.median > peak.containers.median) peak = m;
    }
    console.log(
      `  busiest month: published "up to 750 a month"; model ${peak.month} ${K(peak.containers.median)} (${K(peak.containers.p5)} – ${K(peak.containers.p95)}), largest draw ${K(peak.containersMax)}, fleet capacity ${K(peak.capacityContainers ?? 0)}`,
    );
    // Cumulative totals only grow, and end at the total.
    for (let i = 1; i < r.cumulative.length; i++)
      assert.ok(r.cumulative[i].containers.median >= r.cumulative[i - 1].containers.median);
    const last = r.cumulative[r.cumulative.length - 1].containers.median;
    assert.ok(Math.abs(last - r.totals.containers.median) / last < 0.01);
  });

  it('claims are shown beside the model, and the disagreeing ones are flagged', () => {
    for (const c of r.claims) {
      const pub =
        typeof c.quantity === 'number' ? K(c.quantity) : `${K(c.quantity.low)}–${K(c.quantity.high)}`;
      console.log(
        `  ${c.id}: published ${pub} ${c.unit}; model ${K(c.model.median)} (${K(c.model.p5)} – ${K(c.model.p95)}) ${c.withinModelInterval ? '' : '← outside'}`,
      );
    }
    assert.equal(r.claims.length, 12);
    const byId = new Map(r.claims.map((c) => [c.id, c]));
    assert.equal(byId.get('osc-rounds')?.withinModelInterval, true);
    // MSMT's ~9 M rounds in 2024 alone is far above a model built on ~16,000 containers.
    assert.equal(byId.get('msmt-2024')?.withinModelInterval, false);
  });

  it('sensitivity: container fill drives the rounds, the 152 mm price the value', () => {
    const rounds = r.sensitivity.rounds.shares;
    const value = r.sensitivity.valueUsd.shares;
    console.log(
      `  rounds: ${rounds
        .slice(0, 5)
        .map((s) => `${s.parameter} ${(s.share * 100).toFixed(1)}%`)
        .join(', ')}`,
    );
    console.log(
      `  value: ${value
        .slice(0, 5)
        .map((s) => `${s.parameter} ${(s.share * 100).toFixed(1)}%`)
        .join(', ')}`,
    );
    assert.equal(rounds[0].parameter, 'payloadFill20');
    assert.ok(rounds[0].lowMean < rounds[0].highMean);
    assert.equal(value[0].parameter, 'priceUsd.152mm');
    for (const s of rounds) assert.ok(s.share >= 0 && s.share <= 1.05, `${s.parameter} ${s.share}`);
    // Parameters that only feed other paths explain none of the rounds.
    const doc = rounds.find((s) => s.parameter === 'documentMunitionsShare');
    assert.ok(doc !== undefined && doc.share < 0.01);
  });
});
