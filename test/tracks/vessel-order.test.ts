import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { vesselOrder } from '../../src/tracks/vessel-order.js';

test('property: vesselOrder equals a plain sort by (MMSI, cmp) with its vessel runs', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.constantFrom(273002214, 1, 999999999, 412000001, 636000002),
          fc.integer({ min: 0, max: 20 }),
        ),
        {
          maxLength: 300,
        },
      ),
      (rows) => {
        const mmsi = Float64Array.from(rows.map((r) => r[0]));
        const ts = rows.map((r) => r[1]);
        const cmp = (a: number, b: number) => ts[a] - ts[b] || a - b;
        const { order, vesselStarts } = vesselOrder(mmsi, rows.length, cmp);
        const expected = rows.map((_r, i) => i).sort((a, b) => mmsi[a] - mmsi[b] || cmp(a, b));
        assert.deepEqual([...order], expected);
        const starts = expected.flatMap((i, k) => (k === 0 || mmsi[expected[k - 1]] !== mmsi[i] ? [k] : []));
        assert.deepEqual(vesselStarts, [...starts, rows.length]);
      },
    ),
    { numRuns: 500 },
  );
});
