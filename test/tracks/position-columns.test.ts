/** Fixes as columns: fix by fix or record by record alike, and take() hands over exactly what it says. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { PositionBuffer } from '../../src/tracks/position-columns.js';
import type { PositionRecord } from '../../src/tracks/records.js';
import { recordsOf } from './records-of.js';

const record = fc
  .record({
    mmsi: fc.constantFrom(273_000_001, 412_000_003),
    tsMs: fc.integer({ min: 0, max: 2 ** 43 }),
    lon: fc.constantFrom(-180, 0, 131.9),
    lat: fc.constantFrom(-90, 42.8, 90),
    speedKnots: fc.option(fc.constantFrom(0, 12.3), { nil: null }),
    courseDeg: fc.option(fc.constantFrom(0, 359.9), { nil: null }),
    headingDeg: fc.option(fc.constantFrom(0, 511), { nil: null }),
    navStatus: fc.option(fc.constantFrom(0, 15), { nil: null }),
    msgType: fc.option(fc.constantFrom(1, 18), { nil: null }),
    source: fc.option(fc.constantFrom('rx1', 'rx2', 'rx3'), { nil: null }),
  })
  .map((r): PositionRecord => ({ ...r }));

const pushEach = (b: PositionBuffer, list: PositionRecord[]) => {
  for (const p of list) {
    b.pushFix(
      p.mmsi,
      p.tsMs,
      p.lon,
      p.lat,
      p.speedKnots,
      p.courseDeg,
      p.headingDeg,
      p.navStatus,
      p.msgType,
      p.source,
    );
  }
};

it('fixes pushed one by one, taken in parts, come back as the records they were, in order', () => {
  fc.assert(
    fc.property(
      fc.array(record, { maxLength: 80 }),
      fc.array(fc.nat({ max: 30 }), { maxLength: 6 }),
      fc.integer({ min: 0, max: 16 }),
      (list, cuts, capacity) => {
        const b = new PositionBuffer(capacity);
        const back: PositionRecord[] = [];
        let at = 0;
        // Push in stretches, taking a part between them, as a reader does between chunks.
        for (const n of cuts) {
          pushEach(b, list.slice(at, at + n));
          at = Math.min(list.length, at + n);
          const { columns, transfer } = b.take(n);
          assert.equal(columns.mmsi.length, columns.length, 'arrays trimmed to the fixes handed over');
          assert.equal(transfer.length, 10);
          back.push(...recordsOf(columns));
        }
        pushEach(b, list.slice(at));
        back.push(...recordsOf(b.take().columns));
        assert.deepEqual(back, list);
        assert.equal(b.length, 0);
      },
    ),
    { numRuns: 300 },
  );
});

it('pushFix and push fill the same columns', () => {
  fc.assert(
    fc.property(fc.array(record, { maxLength: 40 }), (list) => {
      const a = new PositionBuffer(4);
      const b = new PositionBuffer(4);
      pushEach(a, list);
      b.push(list);
      assert.deepEqual(a.take().columns, b.take().columns);
    }),
    { numRuns: 200 },
  );
});

it('a buffer filled to its capacity hands over its own arrays; a part is copied and the rest kept', () => {
  const b = new PositionBuffer(3);
  const fix = (mmsi: number, source: string | null) =>
    b.pushFix(mmsi, 0, 1, 2, null, null, null, null, 1, source);
  fix(1, 'a');
  fix(2, 'b');
  fix(3, 'a');
  const own = b.mmsi;
  const all = b.take();
  assert.equal(all.columns.mmsi, own);
  assert.deepEqual([...all.columns.sourceIndex], [1, 2, 1]);
  fix(4, 'b');
  fix(5, null);
  const kept = b.mmsi;
  const first = b.take(1);
  assert.notEqual(first.columns.mmsi, kept);
  assert.deepEqual([...first.columns.mmsi], [4]);
  assert.equal(b.mmsi, kept, 'the rest stays in the same arrays');
  assert.deepEqual(
    recordsOf(b.take().columns).map((p) => [p.mmsi, p.source]),
    [[5, null]],
  );
  assert.deepEqual(first.columns.sources, [null, 'a', 'b']);
});
