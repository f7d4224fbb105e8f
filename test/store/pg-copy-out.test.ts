/**
 * Reading binary COPY output (src/store/pg-copy-out.ts): rows written by the writer the ingest uses
 * (pg-copy.ts CopyRows) come back field for field however the bytes are cut into chunks — inside
 * the header, a length word, a value — and damaged data is refused with what is wrong. The same
 * reader against a real server's output is test/store/scan-thread.test.ts (PostgreSQL against
 * SQLite, on the same fixes).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { COPY_HEADER, COPY_TRAILER, CopyRows, textBytes } from '../../src/store/pg-copy.js';
import { CopyOutReader, float8At, int4At, int8At, isNullAt } from '../../src/store/pg-copy-out.js';

interface Row {
  id: number;
  x: number;
  n: number | null;
  s: string | null;
}

const rowArb = fc.record({
  id: fc.maxSafeInteger().map((v) => (v % 2 === 0 ? v : -v)),
  x: fc.double({ noNaN: true }),
  n: fc.option(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 })),
  s: fc.option(fc.string({ unit: 'binary', maxLength: 12 })),
});

function encode(rows: readonly Row[]): Buffer {
  const c = new CopyRows(64);
  for (const r of rows) {
    c.row(4, 12 + 12 + 8);
    c.int8(r.id);
    c.float8(r.x);
    c.int4OrNull(r.n);
    c.text(textBytes(r.s));
  }
  return Buffer.concat([COPY_HEADER, c.bytes(), COPY_TRAILER]);
}

function decode(chunks: readonly Buffer[]): Row[] {
  const out: Row[] = [];
  const reader = new CopyOutReader(4, (row) => {
    const at = row.start[3];
    out.push({
      id: int8At(row, 0),
      x: float8At(row, 1),
      n: isNullAt(row, 2) ? null : int4At(row, 2),
      s: isNullAt(row, 3) ? null : row.bytes.toString('utf8', at, at + row.length[3]),
    });
  });
  for (const c of chunks) reader.push(c);
  reader.end();
  assert.equal(reader.rows, out.length);
  return out;
}

/** `bytes` cut at the given offsets (sorted, deduplicated, inside it). */
function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    // each chunk its own copy, as a socket hands them over
    out.push(Buffer.from(bytes.subarray(from, p)));
    from = p;
  }
  return out;
}

it('property: rows come back field for field wherever the chunks are cut', () => {
  fc.assert(
    fc.property(fc.array(rowArb, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 30 }), (rows, at) => {
      const bytes = encode(rows);
      const back = decode(cut(bytes, at));
      assert.deepEqual(
        back,
        rows.map((r) => ({ ...r })),
      );
    }),
    { numRuns: 300 },
  );
});

it('one byte at a time: every boundary inside the header, a length word and a value', () => {
  const rows: Row[] = [
    { id: 273_000_001, x: 130.123456789, n: null, s: 'station-a' },
    { id: -(2 ** 40), x: -0, n: -7, s: null },
    { id: Number.MAX_SAFE_INTEGER, x: Number.POSITIVE_INFINITY, n: 2_147_483_647, s: 'Ørsted ✓' },
  ];
  const bytes = encode(rows);
  const back = decode([...bytes].map((b) => Buffer.from([b])));
  assert.deepEqual(back, rows);
  assert.ok(Object.is(back[1].x, -0), 'negative zero keeps its sign');
});

it('damaged data is refused with what is wrong', () => {
  const rows: Row[] = [{ id: 1, x: 2, n: 3, s: 'a' }];
  const bytes = encode(rows);
  assert.throws(
    () => decode([bytes.subarray(0, bytes.length - 2)]),
    /ended after 1 rows without its trailer/,
  );
  assert.throws(
    () => decode([bytes.subarray(0, bytes.length - 5)]),
    /ended after 0 rows without its trailer/,
  );
  assert.throws(() => decode([Buffer.concat([bytes, Buffer.from([0])])]), /1 bytes after its trailer/);
  const text = Buffer.from('1\t2\t3\ta\n\\.\n');
  assert.throws(() => decode([Buffer.concat([text, Buffer.alloc(20)])]), /not in binary format/);
  const reader = new CopyOutReader(3, () => {});
  assert.throws(() => reader.push(bytes), /COPY row 1 has 4 fields, 3 expected/);
});
