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

  constructor(initialCapacity = 32_768) {
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

  push(list: readonly PositionRecord[]): void {
    const need = this.length + list.length;
    if (need > this.mmsi.length) this.grow(Math.max(need, this.mmsi.length * 2));
    let i = this.length;
    let lastSource: string | null = null;
    let lastIndex = 0;
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
      const src = p.source;
      if (src === null) this.sourceIndex[i] = 0;
      else if (src === lastSource) this.sourceIndex[i] = lastIndex;
      else {
        lastSource = src;
        lastIndex = this.sourceId(src);
        this.sourceIndex[i] = lastIndex;
      }
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
    let id = this.sourceIds.get(src);
    if (id === undefined) {
      id = this.sources.length;
      this.sources.push(src);
      this.sourceIds.set(src, id);
    }
    return id;
  }

  /**
   * Hands over the fixes held as columns, with the buffers to transfer them by, and leaves this
   * buffer empty. A buffer filled to its capacity (one sized for its batch) gives its own arrays,
   * uncopied; otherwise they are trimmed to the fixes held.
   */
  take(): { columns: PositionColumns; transfer: ArrayBuffer[] } {
    const n = this.length;
    const trim = <T extends Float64Array | Int16Array | Uint32Array>(a: T): T =>
      a.length === n ? a : (a.slice(0, n) as T);
    const columns: PositionColumns = {
      length: n,
      mmsi: trim(this.mmsi),
      tsMs: trim(this.tsMs),
      lon: trim(this.lon),
      lat: trim(this.lat),
      speedKnots: trim(this.speedKnots),
      courseDeg: trim(this.courseDeg),
      headingDeg: trim(this.headingDeg),
      navStatus: trim(this.navStatus),
      msgType: trim(this.msgType),
      sourceIndex: trim(this.sourceIndex),
      sources: [...this.sources],
    };
    this.length = 0;
    this.grow(0);
    const transfer = [
      columns.mmsi,
      columns.tsMs,
      columns.lon,
      columns.lat,
      columns.speedKnots,
      columns.courseDeg,
      columns.headingDeg,
      columns.navStatus,
      columns.msgType,
      columns.sourceIndex,
    ].map((a) => a.buffer as ArrayBuffer);
    return { columns, transfer };
  }

  /**
   * Indices of the buffered fixes in (mmsi, time, lon, lat) order — the table's key order — with
   * equal keys in arrival order, so the first of a repeated fix is the one stored; and where each
   * vessel's run starts in that order (one more entry: the end).
   */
  keyOrder(): { order: Uint32Array; vesselStarts: number[] } {
    const n = this.length;
    const { mmsi, tsMs, lon, lat } = this;
    // A counting sort by vessel (stable), then each vessel's run checked and sorted only when its
    // fixes did not arrive in time order — they nearly always did.
    const count = new Map<number, number>();
    for (let i = 0; i < n; i++) count.set(mmsi[i]!, (count.get(mmsi[i]!) ?? 0) + 1);
    const vessels = [...count.keys()].sort((a, b) => a - b);
    const next = new Map<number, number>();
    const vesselStarts: number[] = [];
    let at = 0;
    for (const v of vessels) {
      vesselStarts.push(at);
      next.set(v, at);
      at += count.get(v)!;
    }
    vesselStarts.push(n);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const m = mmsi[i]!;
      const k = next.get(m)!;
      order[k] = i;
      next.set(m, k + 1);
    }
    const cmp = (a: number, b: number) =>
      tsMs[a]! - tsMs[b]! || lon[a]! - lon[b]! || lat[a]! - lat[b]! || a - b;
    for (let v = 0; v + 1 < vesselStarts.length; v++) {
      const from = vesselStarts[v]!;
      const to = vesselStarts[v + 1]!;
      for (let k = from + 1; k < to; k++) {
        if (cmp(order[k - 1]!, order[k]!) > 0) {
          order.subarray(from, to).sort(cmp);
          break;
        }
      }
    }
    return { order, vesselStarts };
  }

  clear(): void {
    this.length = 0;
  }
}

/** Every fix of `c` as a record (for writers that take records, e.g. PostgreSQL's). */
export function recordsOf(c: PositionColumns): PositionRecord[] {
  const out = new Array<PositionRecord>(c.length);
  for (let i = 0; i < c.length; i++) {
    const sp = c.speedKnots[i]!;
    const co = c.courseDeg[i]!;
    const he = c.headingDeg[i]!;
    const st = c.navStatus[i]!;
    const ty = c.msgType[i]!;
    out[i] = {
      mmsi: c.mmsi[i]!,
      tsMs: c.tsMs[i]!,
      lon: c.lon[i]!,
      lat: c.lat[i]!,
      speedKnots: Number.isNaN(sp) ? null : sp,
      courseDeg: Number.isNaN(co) ? null : co,
      headingDeg: Number.isNaN(he) ? null : he,
      navStatus: st < 0 ? null : st,
      msgType: ty < 0 ? null : ty,
      source: c.sources[c.sourceIndex[i]!]!,
    };
  }
  return out;
}
