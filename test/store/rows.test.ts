/** The store's pure helpers: identity keys, latest identity, what new reports add. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { identityDeltas, planStatics } from '../../src/store/batch-plan.js';
import { canonicalJson, type IdentitySeen, latestIdentity } from '../../src/store/rows.js';
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
