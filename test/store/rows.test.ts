/** The store's pure helpers: identity keys, latest identity, what new reports add. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import {
  identityDeltas,
  NewReports,
  numberStates,
  PlannedReports,
  reportOrder,
} from '../../src/store/batch-plan.js';
import { canonicalJson, type IdentitySeen, identityOf, latestIdentity } from '../../src/store/rows.js';
import { chunkRows } from '../../src/store/write-sqlite.js';
import { type StaticRecord, staticRecord } from '../../src/tracks/records.js';
import { identityReportOf, planStatics, voyageOf } from './reference-rows.js';

const base: StaticRecord = staticRecord(273_000_001, 1000, { msgType: 24 });

it('a class B vessel gets its name from 24 A and its call sign from 24 B', () => {
  const seen = (over: Partial<IdentitySeen>): IdentitySeen => ({
    mmsi: 1,
    identityKey: JSON.stringify(over),
    imo: null,
    name: null,
    callSign: null,
    shipType: null,
    lengthM: null,
    beamM: null,
    flag: 'RU',
    lastSeenMs: null,
    ...over,
  });
  const latest = latestIdentity([
    seen({ name: 'OLD', lastSeenMs: 10 }),
    seen({ callSign: 'UABC', shipType: 37, lastSeenMs: 30 }),
    seen({ name: 'NEW', lastSeenMs: 20 }),
  ]);
  assert.equal(latest.name, 'NEW');
  assert.equal(latest.callSign, 'UABC');
  assert.equal(latest.shipType, 37);
  assert.equal(latest.imo, null);
});

it('counts a report heard twice in one batch once, and skips statics that state no identity', () => {
  const a = { ...base, name: 'MARIA' };
  const plan = planStatics([a, a, { ...base, draughtM: 5 }], () => 'RU');
  assert.equal(plan.reports.length, 2);
  assert.equal(plan.identities.length, 1);
  assert.equal(plan.voyages.length, 1);
  // One row to insert: the twin has the same key (vessel, time, identity number).
  const { order, no } = reportOrder(plan.reports, [1]);
  assert.deepEqual([...order], [0]);
  const fresh = new NewReports();
  for (const i of order) fresh.push(plan.reports.mmsi[i], no[i], plan.reports.tsMs(i));
  const deltas = identityDeltas(fresh);
  assert.deepEqual(
    deltas.map((d) => [d.mmsi, d.identityNo, d.reportCount, d.firstSeenMs, d.lastSeenMs]),
    [[273_000_001, 1, 1, 1000, 1000]],
  );
  assert.deepEqual(plan.identities[0].flag, 'RU');
});

it('numbers new identities after the stored ones, per vessel, in the order first mentioned', () => {
  const states = [
    { mmsi: 2, key: 'b' },
    { mmsi: 1, key: 'x' },
    { mmsi: 2, key: 'a' },
    { mmsi: 1, key: 'y' },
    { mmsi: 3, key: 'z' },
  ];
  const stored = new Map([['1 x', 4]]);
  const { numbers, added } = numberStates(
    states,
    (mmsi, key) => stored.get(`${mmsi} ${key}`),
    (mmsi) => (mmsi === 1 ? 4 : mmsi === 2 ? 1 : 0),
  );
  assert.deepEqual(numbers, [2, 4, 3, 5, 1]);
  assert.deepEqual(added, [0, 2, 3, 4]);
});

it('report rows come in key order with the first of each twin kept', () => {
  const reports = new PlannedReports(5);
  const r = (mmsi: number, tsMs: number | null, state: number, source: string) =>
    reports.push(mmsi, tsMs ?? Number.MIN_SAFE_INTEGER, state, {
      ...staticRecord(0, null),
      msgType: 5,
      source,
    });
  r(2, 50, 0, 'rx1');
  r(1, 60, 1, 'rx1');
  r(2, 50, 0, 'rx2');
  r(1, null, 1, 'rx1');
  r(2, 50, 1, 'rx1');
  const { order, no } = reportOrder(reports, [7, 3]);
  assert.deepEqual(
    [...order].map((i) => [reports.mmsi[i], reports.tsMs(i), no[i], reports.content[i].source]),
    [
      [1, null, 3, 'rx1'],
      [1, 60, 3, 'rx1'],
      [2, 50, 3, 'rx1'],
      [2, 50, 7, 'rx1'],
    ],
  );
});

it('canonical JSON does not depend on key order', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } }),
    canonicalJson({ a: { c: [3, { e: 0, f: 1 }], d: 2 }, b: 1 }),
  );
});

it('the planner states exactly the identities and voyage statements identityReportOf and voyageOf give (they are the stored dedupe keys)', () => {
  const text = fc.option(fc.constantFrom('MARIA', 'ANGARA', 'SAY "HI"', 'BACK\\SLASH', 'Ü', ''), {
    nil: null,
  });
  const num = fc.option(fc.constantFrom(0, 4.4, 12.5, 120, -1, 1e21), { nil: null });
  const record = fc.record({
    mmsi: fc.constantFrom(273_000_001, 273_000_002, 412_000_003),
    tsMs: fc.option(fc.integer({ min: 0, max: 2 ** 43 }), { nil: null }),
    name: text,
    callSign: text,
    imo: fc.option(fc.constantFrom(9_123_456, 1), { nil: null }),
    shipType: fc.option(fc.constantFrom(70, 80), { nil: null }),
    lengthM: num,
    beamM: num,
    draughtM: num,
    destination: text,
    eta: fc.option(fc.constantFrom('03-01T12:00Z', '00-00T24:60Z'), { nil: null }),
  });
  const flagOf = (mmsi: number) => (mmsi === 412_000_003 ? null : 'RU');
  fc.assert(
    fc.property(fc.array(record, { maxLength: 40 }), (fields) => {
      const statics = fields.map((f) => staticRecord(f.mmsi, f.tsMs, { ...f, msgType: 5, source: 's' }));
      const plan = planStatics(statics, flagOf);
      const reports = [];
      const voyages = [];
      for (const s of statics) {
        const id = identityOf(s, flagOf);
        if (id !== null) reports.push(identityReportOf(s, id));
        const v = voyageOf(s);
        if (v !== null) voyages.push(v);
      }
      // Each planned report points at the identity (or voyage statement) the record states, with
      // the same key text, and each distinct one is planned once.
      const planned = (p: PlannedReports) => Array.from({ length: p.length }, (_, i) => i);
      assert.deepEqual(
        planned(plan.reports).map((i) => {
          const r = plan.reports;
          const c = r.content[i];
          return [r.mmsi[i], r.tsMs(i), plan.identities[r.state[i]].identityKey, c.msgType, c.source];
        }),
        reports.map((r) => [r.mmsi, r.tsMs, r.identityKey, r.msgType, r.source]),
      );
      assert.deepEqual(
        planned(plan.voyages).map((i) => {
          const st = plan.voyageStates[plan.voyages.state[i]];
          return [
            plan.voyages.mmsi[i],
            plan.voyages.tsMs(i),
            st.voyageKey,
            st.draughtM,
            st.destination,
            st.eta,
          ];
        }),
        voyages.map((v) => [v.mmsi, v.tsMs, v.voyageKey, v.draughtM, v.destination, v.eta]),
      );
      const distinct = (keys: string[]) => new Set(keys).size === keys.length;
      assert.ok(distinct(plan.identities.map((i) => `${i.mmsi} ${i.identityKey}`)));
      assert.ok(distinct(plan.voyageStates.map((v) => `${v.mmsi} ${v.voyageKey}`)));
      for (const i of plan.identities) assert.equal(i.mmsi === 412_000_003 ? null : 'RU', i.flag);
    }),
    { numRuns: 300 },
  );
});

it('report order equals a plain sort by (vessel, time, number, arrival) with later twins dropped', () => {
  const report = fc.record({
    mmsi: fc.constantFrom(1, 2, 3),
    tsMs: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    state: fc.integer({ min: 0, max: 2 }),
  });
  fc.assert(
    fc.property(
      fc.array(report, { maxLength: 80 }),
      fc.shuffledSubarray([1, 2, 3], { minLength: 3 }),
      (list, numbers) => {
        const reports = new PlannedReports(list.length);
        for (const r of list)
          reports.push(r.mmsi, r.tsMs ?? Number.MIN_SAFE_INTEGER, r.state, staticRecord(0, null));
        const key = (i: number) => [reports.mmsi[i], reports.tsKey[i], numbers[reports.state[i]]];
        const expected: number[] = [];
        const indices = list.map((_, i) => i);
        indices.sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a - b;
        });
        for (const i of indices) {
          const last = expected[expected.length - 1];
          if (last !== undefined && key(last).join() === key(i).join()) continue;
          expected.push(i);
        }
        assert.deepEqual([...reportOrder(reports, numbers).order], expected);
      },
    ),
    { numRuns: 300 },
  );
});

it('splits a run of rows into full statements and power-of-two tails that add up to it', () => {
  for (const total of [0, 1, 2, 3, 173, 249, 250, 251, 500, 777]) {
    const sizes: number[] = [];
    for (let left = total; left > 0; left -= sizes[sizes.length - 1]) sizes.push(chunkRows(left));
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      total,
    );
    for (const n of sizes) assert.ok(n === 250 || (n & (n - 1)) === 0, `${n} is 250 or a power of two`);
  }
  assert.deepEqual(
    [173].flatMap((t) => {
      const out: number[] = [];
      for (let left = t; left > 0; left -= out[out.length - 1]) out.push(chunkRows(left));
      return out;
    }),
    [128, 32, 8, 4, 1],
  );
});
