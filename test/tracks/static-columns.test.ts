/** Static reports as columns: the round trip is exact, and each vessel's repeats share one content. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { type StaticRecord, staticRecord } from '../../src/tracks/records.js';
import { StaticBuffer, staticColumnsOf } from '../../src/tracks/static-columns.js';
import { staticRecordsOf } from './records-of.js';

it('a list of static records comes back from its columns unchanged, in order', () => {
  const text = fc.option(fc.constantFrom('MARIA', 'ANGARA', ''), { nil: null });
  const num = fc.option(fc.constantFrom(0, 4.4, 120), { nil: null });
  const record = fc.record({
    mmsi: fc.constantFrom(273_000_001, 273_000_002, 412_000_003),
    tsMs: fc.option(fc.integer({ min: 0, max: 2 ** 43 }), { nil: null }),
    name: text,
    callSign: text,
    imo: fc.option(fc.constantFrom(9_123_456, 1), { nil: null }),
    shipType: fc.option(fc.constantFrom(70, 80), { nil: null }),
    toBowM: num,
    draughtM: num,
    destination: text,
    eta: fc.option(fc.constantFrom('03-01T12:00Z'), { nil: null }),
    msgType: fc.constantFrom(5, 19, 24),
    source: fc.option(fc.constantFrom('rx1', 'rx2'), { nil: null }),
  });
  fc.assert(
    fc.property(fc.array(record, { maxLength: 60 }), (fields) => {
      const list = fields.map((f) => staticRecord(f.mmsi, f.tsMs, f));
      assert.deepEqual(staticRecordsOf(staticColumnsOf(list)), list);
    }),
    { numRuns: 300 },
  );
});

it('stores a content once per vessel however often the vessel repeats it, and splits batches cleanly', () => {
  const a = (ts: number, name: string, mmsi = 273_000_001): StaticRecord =>
    staticRecord(mmsi, ts, { name, msgType: 24, source: 'rx1' });
  const b = new StaticBuffer();
  // A class B vessel alternates its 24 A and 24 B; a second vessel states the same name.
  for (let i = 0; i < 100; i++)
    b.push(
      i % 2 === 0
        ? a(i, 'MARIA')
        : staticRecord(273_000_001, i, { callSign: 'UABC', msgType: 24, source: 'rx1' }),
    );
  b.push(a(100, 'MARIA', 273_000_002));
  assert.equal(b.length, 101);
  const { columns, transfer } = b.take();
  assert.equal(columns.length, 101);
  assert.equal(columns.contents.length, 3);
  assert.equal(transfer.length, 3);
  assert.equal(b.length, 0);
  b.push(a(200, 'MARIA'));
  const next = b.take().columns;
  assert.deepEqual(staticRecordsOf(next), [a(200, 'MARIA')]);
  assert.equal(staticRecordsOf(columns)[100].mmsi, 273_000_002);
});
