/**
 * Reading PostgreSQL's binary COPY output (the format pg-copy.ts writes, see there) row by row as
 * it streams in: a chunk may end anywhere, inside a row or a field, so the bytes of a row not yet
 * whole wait for the next chunk.
 *
 * Why detection reads positions this way (scan.ts `scanPostgres`): a text result row is ten
 * strings that the server spells (every coordinate, speed and course in shortest-decimal form) and
 * the client parses back, one array per row; binary is each value's own bytes, read straight into
 * the typed columns. See src/store/README.md "Bulk read for detection" for the figures.
 */

import { COPY_SIGNATURE as SIGNATURE, TWO_32 } from './pg-copy.js';

/** One row's fields: where each value starts in `bytes`, and its length (-1 for NULL). */
export interface CopyRow {
  readonly bytes: Buffer;
  readonly view: DataView;
  readonly start: Int32Array;
  readonly length: Int32Array;
}

/** A bigint field (8 bytes, network order) as a number; exact below 2^53, which every key is. */
export function int8At(row: CopyRow, field: number): number {
  const p = row.start[field];
  return row.view.getInt32(p) * TWO_32 + row.view.getUint32(p + 4);
}

export function int4At(row: CopyRow, field: number): number {
  return row.view.getInt32(row.start[field]);
}

export function float8At(row: CopyRow, field: number): number {
  return row.view.getFloat64(row.start[field]);
}

export function isNullAt(row: CopyRow, field: number): boolean {
  return row.length[field] < 0;
}

/**
 * Feeds chunks of binary COPY output and calls `onRow` once per whole row, in order, with a view of
 * its fields that is valid only during the call. `end()` checks that the data ended with the
 * trailer and that no partial row is left over.
 */
export class CopyOutReader {
  private pending: Buffer = Buffer.alloc(0);
  private headerDone = false;
  private ended = false;
  private readonly start: Int32Array;
  private readonly length: Int32Array;
  rows = 0;

  constructor(
    private readonly fields: number,
    private readonly onRow: (row: CopyRow) => void,
  ) {
    this.start = new Int32Array(fields);
    this.length = new Int32Array(fields);
  }

  push(chunk: Buffer): void {
    const bytes = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let p = 0;
    if (!this.headerDone) {
      if (bytes.length < SIGNATURE.length + 8) {
        this.pending = Buffer.from(bytes);
        return;
      }
      if (!bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE))
        throw new Error('COPY output is not in binary format (no PGCOPY signature)');
      const extension = view.getUint32(SIGNATURE.length + 4);
      p = SIGNATURE.length + 8 + extension;
      if (bytes.length < p) {
        this.pending = Buffer.from(bytes);
        return;
      }
      this.headerDone = true;
    }
    const row: CopyRow = { bytes, view, start: this.start, length: this.length };
    for (;;) {
      if (this.ended || bytes.length - p < 2) break;
      const count = view.getInt16(p);
      if (count === -1) {
        this.ended = true;
        p += 2;
        break;
      }
      if (count !== this.fields)
        throw new Error(`COPY row ${this.rows + 1} has ${count} fields, ${this.fields} expected`);
      // the row is read only once every field of it is here
      let q = p + 2;
      let whole = true;
      for (let f = 0; f < count; f++) {
        if (bytes.length - q < 4) {
          whole = false;
          break;
        }
        const n = view.getInt32(q);
        q += 4;
        this.start[f] = q;
        this.length[f] = n;
        if (n > 0) q += n;
        if (q > bytes.length) {
          whole = false;
          break;
        }
      }
      if (!whole) break;
      this.onRow(row);
      this.rows++;
      p = q;
    }
    // what is left is the start of a row; copied, since the chunk it came in may be reused
    this.pending = p === bytes.length ? Buffer.alloc(0) : Buffer.from(bytes.subarray(p));
  }

  end(): void {
    if (!this.ended) throw new Error(`COPY output ended after ${this.rows} rows without its trailer`);
    if (this.pending.length > 0)
      throw new Error(`COPY output has ${this.pending.length} bytes after its trailer`);
  }
}
