/**
 * Position fixes held column by column in typed arrays instead of as objects.
 *
 * Why: the store buffers up to 250,000 fixes per SQLite commit (see src/store/write-sqlite.ts), and
 * an ingest decodes on a worker thread (src/sources/worker-source.ts). Held as objects, buffered
 * fixes survive young-generation collections and are promoted and marked; columns are a handful of
 * flat arrays, and they cross between threads by transfer, without copying or cloning.
 *
 * Nulls: speed, course and heading are stored as NaN, status and message type as -1 (neither is a
 * value either can take), source as index 0 of the source table.
 */
import type { PositionRecord } from './records.js';
import { vesselOrder } from './vessel-order.js';

/** The columns of `PositionBuffer` as they travel between threads. */
export interface PositionColumns {
  length: number;
  mmsi: Float64Array;
  tsMs: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  speedKnots: Float64Array;
  courseDeg: Float64Array;
  headingDeg: Float64Array;
  navStatus: Int16Array;
  msgType: Int16Array;
  sourceIndex: Uint32Array;
  sources: (string | null)[];
}

export class PositionBuffer implements PositionColumns {
  length = 0;
  mmsi = new Float64Array(0);
  tsMs = new Float64Array(0);
  lon = new Float64Array(0);
  lat = new Float64Array(0);
  speedKnots = new Float64Array(0);
  courseDeg = new Float64Array(0);
  headingDeg = new Float64Array(0);
  navStatus = new Int16Array(0);
  msgType = new Int16Array(0);
  sourceIndex = new Uint32Array(0);
  /** Index → source text; index 0 is "no source" (null). */
  readonly sources: (string | null)[] = [null];
  private readonly sourceIds = new Map<string, number>();
  /** The source of the last sourceId() call: a reader's fixes come from one station in runs. */
  private lastSource: string | null = null;
  private lastSourceId = 0;

  /**
   * @param initialCapacity fixes to make room for now; a buffer emptied by take() grows straight back
   *   to it, so one refilled fix by fix (a reader's pending batch) is not regrown by doubling from 1.
   */
  constructor(private readonly initialCapacity = 32_768) {
    this.grow(initialCapacity);
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Int16Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a.subarray(0, this.length));
      return b;
    };
    const f64 = (n: number) => new Float64Array(n);
    this.mmsi = copy(this.mmsi, f64);
    this.tsMs = copy(this.tsMs, f64);
    this.lon = copy(this.lon, f64);
    this.lat = copy(this.lat, f64);
    this.speedKnots = copy(this.speedKnots, f64);
    this.courseDeg = copy(this.courseDeg, f64);
    this.headingDeg = copy(this.headingDeg, f64);
    this.navStatus = copy(this.navStatus, (n) => new Int16Array(n));
    this.msgType = copy(this.msgType, (n) => new Int16Array(n));
    this.sourceIndex = copy(this.sourceIndex, (n) => new Uint32Array(n));
  }

  /** Appends one fix given field by field (nulls as in PositionRecord), so no record object is made. */
  pushFix(
    mmsi: number,
    tsMs: number,
    lon: number,
    lat: number,
    speedKnots: number | null,
    courseDeg: number | null,
    headingDeg: number | null,
    navStatus: number | null,
    msgType: number | null,
    source: string | null,
  ): void {
    const i = this.length;
    if (i === this.mmsi.length) this.grow(Math.max(this.initialCapacity, i * 2, 1));
    this.mmsi[i] = mmsi;
    this.tsMs[i] = tsMs;
    this.lon[i] = lon;
    this.lat[i] = lat;
    this.speedKnots[i] = speedKnots ?? Number.NaN;
    this.courseDeg[i] = courseDeg ?? Number.NaN;
    this.headingDeg[i] = headingDeg ?? Number.NaN;
    this.navStatus[i] = navStatus ?? -1;
    this.msgType[i] = msgType ?? -1;
    this.sourceIndex[i] = source === null ? 0 : this.sourceId(source);
    this.length = i + 1;
  }

  push(list: readonly PositionRecord[]): void {
    const need = this.length + list.length;
    if (need > this.mmsi.length) this.grow(Math.max(need, this.mmsi.length * 2));
    let i = this.length;
    for (const p of list) {
      this.mmsi[i] = p.mmsi;
      this.tsMs[i] = p.tsMs;
      this.lon[i] = p.lon;
      this.lat[i] = p.lat;
      this.speedKnots[i] = p.speedKnots ?? Number.NaN;
      this.courseDeg[i] = p.courseDeg ?? Number.NaN;
      this.headingDeg[i] = p.headingDeg ?? Number.NaN;
      this.navStatus[i] = p.navStatus ?? -1;
      this.msgType[i] = p.msgType ?? -1;
      this.sourceIndex[i] = p.source === null ? 0 : this.sourceId(p.source);
      i++;
    }
    this.length = i;
  }

  /** Appends columns made elsewhere (another thread's buffer), mapping their source indices to ours. */
  pushColumns(c: PositionColumns): void {
    const n = c.length;
    const at = this.length;
    if (at + n > this.mmsi.length) this.grow(Math.max(at + n, this.mmsi.length * 2));
    this.mmsi.set(c.mmsi.subarray(0, n), at);
    this.tsMs.set(c.tsMs.subarray(0, n), at);
    this.lon.set(c.lon.subarray(0, n), at);
    this.lat.set(c.lat.subarray(0, n), at);
    this.speedKnots.set(c.speedKnots.subarray(0, n), at);
    this.courseDeg.set(c.courseDeg.subarray(0, n), at);
    this.headingDeg.set(c.headingDeg.subarray(0, n), at);
    this.navStatus.set(c.navStatus.subarray(0, n), at);
    this.msgType.set(c.msgType.subarray(0, n), at);
    const map = c.sources.map((s) => (s === null ? 0 : this.sourceId(s)));
    for (let i = 0; i < n; i++) this.sourceIndex[at + i] = map[c.sourceIndex[i]!]!;
    this.length = at + n;
  }

  private sourceId(src: string): number {
    if (src === this.lastSource) return this.lastSourceId;
    let id = this.sourceIds.get(src);
    if (id === undefined) {
      id = this.sources.length;
      this.sources.push(src);
      this.sourceIds.set(src, id);
    }
    this.lastSource = src;
    this.lastSourceId = id;
    return id;
  }

  /**
   * Hands over the first `count` fixes (default all) as columns, with the buffers to transfer them
   * by; the rest stay. A buffer handing over exactly its capacity (one sized for its batch) gives
   * its own arrays, uncopied; otherwise it gives copies trimmed to the fixes handed over and keeps
   * its arrays, the rest moved to their front.
   */
  take(count = this.length): { columns: PositionColumns; transfer: ArrayBuffer[] } {
    const n = Math.min(count, this.length);
    const whole = n === this.mmsi.length;
    const part = <T extends Float64Array | Int16Array | Uint32Array>(a: T): T =>
      whole ? a : (a.slice(0, n) as T);
    const columns: PositionColumns = {
      length: n,
      mmsi: part(this.mmsi),
      tsMs: part(this.tsMs),
      lon: part(this.lon),
      lat: part(this.lat),
      speedKnots: part(this.speedKnots),
      courseDeg: part(this.courseDeg),
      headingDeg: part(this.headingDeg),
      navStatus: part(this.navStatus),
      msgType: part(this.msgType),
      sourceIndex: part(this.sourceIndex),
      sources: [...this.sources],
    };
    if (whole) {
      // Its arrays are gone with the columns (n fills them, so nothing is left behind).
      this.length = 0;
      this.grow(0);
    } else {
      this.dropFirst(n);
    }
    return { columns, transfer: transferList(columns) };
  }

  /** Drops the first `n` fixes, moving the rest to the front of the same arrays. */
  private dropFirst(n: number): void {
    const end = this.length;
    for (const a of [
      this.mmsi,
      this.tsMs,
      this.lon,
      this.lat,
      this.speedKnots,
      this.courseDeg,
      this.headingDeg,
      this.navStatus,
      this.msgType,
      this.sourceIndex,
    ]) {
      a.copyWithin(0, n, end);
    }
    this.length = end - n;
  }

  /**
   * Indices of the buffered fixes in (mmsi, time, lon, lat) order — the table's key order — with
   * equal keys in arrival order, so the first of a repeated fix is the one stored; and where each
   * vessel's run starts in that order (one more entry: the end).
   */
  keyOrder(): { order: Uint32Array; vesselStarts: number[] } {
    const { tsMs, lon, lat } = this;
    return vesselOrder(
      this.mmsi,
      this.length,
      (a, b) => tsMs[a]! - tsMs[b]! || lon[a]! - lon[b]! || lat[a]! - lat[b]! || a - b,
    );
  }

  clear(): void {
    this.length = 0;
  }
}

/** The buffers under the columns of `c`, to transfer them to another thread by. */
export function transferList(c: PositionColumns): ArrayBuffer[] {
  return [
    c.mmsi,
    c.tsMs,
    c.lon,
    c.lat,
    c.speedKnots,
    c.courseDeg,
    c.headingDeg,
    c.navStatus,
    c.msgType,
    c.sourceIndex,
  ].map((a) => a.buffer as ArrayBuffer);
}
