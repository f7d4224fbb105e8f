/**
 * PostgreSQL's binary COPY format, written from typed columns; sending it with `pg-copy-streams`;
 * and storing only the new rows of a table keyed by vessel and time by COPY (copyNewRows). See
 * write-postgres.ts for why the writer copies.
 *
 * Binary rather than text, by measurement (the dense feed's 1,142,732 fixes in commits of 50,000,
 * key order, on the loaded 2-core VM): encoding them as text rows in Node took 7.0–8.0 s of CPU
 * (every coordinate, speed and course spelled in decimal), as binary rows 0.5–0.8 s (each written
 * as its 8 IEEE bytes); the server's COPY of them took 8.9–10.9 s of backend CPU as text and
 * 8.9–9.4 s as binary, though binary is ~45% more bytes (155 MB against 107 MB). And a text field
 * with a tab, newline or backslash needs escaping, where a binary one is a length and the UTF-8
 * bytes as they are, whatever they hold.
 *
 * Format (PostgreSQL docs, "COPY … Binary Format"): an 11-byte signature, a 32-bit flags word and
 * a 32-bit header-extension length; each row a 16-bit field count, then per field a 32-bit byte
 * length (-1 for NULL) and the value in network byte order; a 16-bit -1 at the end.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The 11 bytes that open binary COPY data, either way ("PGCOPY\n\377\r\n\0"). */
export const COPY_SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);
/** Signature, flags (0: no OIDs) and header extension length (0). */
export const COPY_HEADER = Buffer.concat([COPY_SIGNATURE, Buffer.alloc(8)]);
/** The end of the data: a field count of -1. */
export const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** 2^32: a bigint's high word is worth this many of its low word. */
export const TWO_32 = 4_294_967_296;

/**
 * Rows in binary COPY format, appended field by field into one growing buffer. Values are checked
 * as a bound parameter would be: NaN or a fraction for a bigint or an integer column is refused
 * (a bigint must also be a safe integer, below 2^53, the largest a number holds exactly).
 */
export class CopyRows {
  private buf: Buffer;
  private view: DataView;
  /** Bytes written. */
  length = 0;
  /** Rows begun. */
  rows = 0;

  constructor(capacity = 1 << 16) {
    this.buf = Buffer.allocUnsafe(capacity);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  /**
   * Starts a row of `fields` fields and makes room for `fixedBytes` more (the row's fixed-width
   * fields with their length words), so those writes need no check of their own.
   */
  row(fields: number, fixedBytes: number): void {
    this.room(2 + fixedBytes);
    this.view.setInt16(this.length, fields);
    this.length += 2;
    this.rows++;
  }

  /** bigint; `x` must be a whole number (epoch ms, MMSI, run id). */
  int8(x: number): void {
    if (!Number.isSafeInteger(x)) throw new RangeError(`not a whole number for a bigint column: ${x}`);
    const v = this.view;
    const at = this.length;
    v.setInt32(at, 8);
    // High and low 32-bit words of the two's complement: exact for every safe integer.
    const hi = Math.floor(x / TWO_32);
    v.setInt32(at + 4, hi);
    v.setUint32(at + 8, x - hi * TWO_32);
    this.length = at + 12;
  }

  /** double precision. */
  float8(x: number): void {
    const at = this.length;
    this.view.setInt32(at, 8);
    this.view.setFloat64(at + 4, x);
    this.length = at + 12;
  }

  /** double precision, NaN written as NULL (the typed columns' null). */
  float8OrNull(x: number): void {
    if (Number.isNaN(x)) this.null();
    else this.float8(x);
  }

  /** integer. */
  int4(x: number): void {
    if (!Number.isInteger(x) || x < -2_147_483_648 || x > 2_147_483_647)
      throw new RangeError(`not an integer for an integer column: ${x}`);
    const at = this.length;
    this.view.setInt32(at, 4);
    this.view.setInt32(at + 4, x);
    this.length = at + 8;
  }

  /** integer, or NULL for null. */
  int4OrNull(x: number | null): void {
    if (x === null) this.null();
    else this.int4(x);
  }

  /** bigint, or NULL for null. */
  int8OrNull(x: number | null): void {
    if (x === null) this.null();
    else this.int8(x);
  }

  /** A NULL field (4 bytes: length -1). */
  null(): void {
    this.view.setInt32(this.length, -1);
    this.length += 4;
  }

  /** text from its UTF-8 bytes (textBytes), or NULL; written as they are, no escaping. */
  text(bytes: Uint8Array | null): void {
    if (bytes === null) {
      this.room(4);
      this.null();
      return;
    }
    this.room(4 + bytes.length);
    this.view.setInt32(this.length, bytes.length);
    this.buf.set(bytes, this.length + 4);
    this.length += 4 + bytes.length;
  }

  /** The rows written (no header or trailer), sharing this buffer's memory. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** A string's UTF-8 bytes for CopyRows.text (null stays null). */
export const textBytes = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s, 'utf8'));

/** Bytes per CopyData message: the server starts on the first while the rest are on their way. */
const MESSAGE_BYTES = 1 << 20;

/**
 * `COPY <target> FROM STDIN (FORMAT binary)` of the given row bytes (header and trailer are added)
 * on `client`, inside whatever transaction it has open. Returns the rows the server counted.
 */
export async function copyBinary(
  client: pg.ClientBase,
  target: string,
  parts: readonly Buffer[],
): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN (FORMAT binary)`));
  const chunks: Buffer[] = [COPY_HEADER];
  for (const p of parts)
    for (let at = 0; at < p.length; at += MESSAGE_BYTES) chunks.push(p.subarray(at, at + MESSAGE_BYTES));
  chunks.push(COPY_TRAILER);
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return stream.rowCount;
}

/**
 * Rows for a table keyed (mmsi, time, …), encoded in key order and grouped by vessel, each row's
 * key time and end kept so that a vessel's rows can be split at a time (copyNewRows).
 */
export class KeyedRows {
  readonly rows: CopyRows;
  /** Byte offset where row r ends (it starts where row r - 1 ends, or at 0). */
  private readonly ends: Uint32Array;
  /** Key time of row r. */
  readonly time: Float64Array;
  count = 0;
  /** Vessel v's rows are vesselStart[v] … vesselStart[v + 1] - 1 (see done()). */
  readonly vesselMmsi: number[] = [];
  readonly vesselStart: number[] = [];

  constructor(maxRows: number, bytesPerRow: number) {
    this.rows = new CopyRows(Math.max(1, maxRows) * bytesPerRow);
    this.ends = new Uint32Array(maxRows);
    this.time = new Float64Array(maxRows);
  }

  /** Starts a row of vessel `mmsi` (rows come in key order) with `fields` fields (CopyRows.row). */
  begin(mmsi: number, fields: number, fixedBytes: number): void {
    if (this.vesselMmsi.length === 0 || this.vesselMmsi[this.vesselMmsi.length - 1] !== mmsi) {
      this.vesselMmsi.push(mmsi);
      this.vesselStart.push(this.count);
    }
    this.rows.row(fields, fixedBytes);
  }

  /** Ends the row begun last; `time` is its key time. */
  end(time: number): void {
    this.ends[this.count] = this.rows.length;
    this.time[this.count] = time;
    this.count++;
  }

  /** Call once every row is written. */
  done(): this {
    this.vesselStart.push(this.count);
    return this;
  }

  /** Byte offset where row r starts. */
  start(r: number): number {
    return r === 0 ? 0 : this.ends[r - 1];
  }
}

/** The session's temporary table that rows possibly stored already go through, for `table`. */
export const checkedTable = (table: string): string => `tallyman_${table}_in`;

/**
 * Stores the new rows of `rows` in `table` (keyed (mmsi, <time>, …), rows deduplicated by key):
 *
 * - `probe`: one index probe per vessel for its latest stored key time (`time` column). A row later
 *   than that cannot be stored yet, so it goes straight into `table` by COPY. With `probe` false,
 *   or for the earlier rows, the rows go by COPY into the session's temporary table (checkedTable)
 *   and `insertChecked` (SQL of the caller's: INSERT … SELECT from it ON CONFLICT DO NOTHING, with
 *   whatever it returns) moves the new ones over.
 *
 * Returns, per vessel, its first row that went straight in (`split`: rows from there on are all
 * new) and the result of `insertChecked` (null when no row needed it).
 */
export async function copyNewRows(
  client: pg.ClientBase,
  target: { table: string; columns: string; time: string },
  rows: KeyedRows,
  probe: boolean,
  insertChecked: string,
): Promise<{ split: Uint32Array; checked: pg.QueryArrayResult | null }> {
  const { vesselMmsi, vesselStart, time } = rows;
  const latest = new Map<number, number>();
  if (probe && vesselMmsi.length > 0) {
    const res = await client.query({
      text: `SELECT u.mmsi, (SELECT t.${target.time} FROM ${target.table} t WHERE t.mmsi = u.mmsi
        ORDER BY t.${target.time} DESC LIMIT 1) FROM unnest($1::bigint[]) AS u(mmsi)`,
      values: [vesselMmsi],
      rowMode: 'array',
    });
    for (const [mmsi, t] of res.rows as [number, number | null][])
      if (t !== null) latest.set(Number(mmsi), Number(t));
  }
  // Byte ranges of each route; adjacent ranges (consecutive vessels on one route) merged.
  const direct: [number, number][] = [];
  const checked: [number, number][] = [];
  const add = (ranges: [number, number][], from: number, to: number) => {
    if (from === to) return;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === from) last[1] = to;
    else ranges.push([from, to]);
  };
  const split = new Uint32Array(vesselMmsi.length);
  for (let v = 0; v < vesselMmsi.length; v++) {
    const from = vesselStart[v];
    const to = vesselStart[v + 1];
    let s = from;
    const stored = probe ? latest.get(vesselMmsi[v]) : Number.POSITIVE_INFINITY;
    // Rows are in key order, so in time order within a vessel.
    if (stored !== undefined) while (s < to && time[s] <= stored) s++;
    split[v] = s;
    add(checked, rows.start(from), rows.start(s));
    add(direct, rows.start(s), rows.start(to));
  }
  const bytes = rows.rows.bytes();
  const slices = (ranges: [number, number][]) => ranges.map(([a, b]) => bytes.subarray(a, b));
  if (direct.length > 0) await copyBinary(client, `${target.table} (${target.columns})`, slices(direct));
  if (checked.length === 0) return { split, checked: null };
  const temp = checkedTable(target.table);
  // Emptied by every commit; made once per session (IF NOT EXISTS: a no-op after that).
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${temp} (LIKE ${target.table}) ON COMMIT DELETE ROWS`);
  await copyBinary(client, `${temp} (${target.columns})`, slices(checked));
  return { split, checked: await client.query({ text: insertChecked, rowMode: 'array' }) };
}
