/** The store's pure helpers: identity keys, latest identity, what new reports add. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { identityDeltas, planStatics } from '../../src/store/batch-plan.js';
import {
  canonicalJson,
  type IdentitySeen,
  identityOf,
  identityReportOf,
  latestIdentity,
  voyageOf,
} from '../../src/store/rows.js';
import { type StaticRecord, staticRecord } from '../../src/tracks/records.js';

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
  assert.equal(plan.reports[0].reportKey, plan.reports[1].reportKey);
  assert.equal(plan.voyages.length, 1);
  // The engine stores the first and skips the second (same key): only that one is counted.
  const deltas = identityDeltas([plan.reports[0]], plan.identities);
  assert.deepEqual(
    deltas.map((d) => [d.name, d.flag, d.reportCount, d.firstSeenMs]),
    [['MARIA', 'RU', 1, 1000]],
  );
});

it('canonical JSON does not depend on key order', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } }),
    canonicalJson({ a: { c: [3, { e: 0, f: 1 }], d: 2 }, b: 1 }),
  );
});

it('the planner writes exactly the keys identityReportOf and voyageOf write (they are the stored dedupe keys)', () => {
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
      assert.deepEqual(plan.reports, reports);
      assert.deepEqual(plan.voyages, voyages);
      for (const r of reports) assert.ok(plan.identities.has(`${r.mmsi} ${r.identityKey}`));
    }),
    { numRuns: 300 },
  );
});
