/**
 * Track payloads for the map, pure (also bundled into the web app). Both encodings send each
 * column as its first value and then differences from the previous one (longitude and latitude in
 * 1e-5°, about 1 m), so the numbers stay small:
 *
 * - `delta-b64` (default): each column is one string of base64url variable-length integers. A
 *   100,000-point track is ~0.6 MB instead of ~1.46 MB as JSON arrays, and the string is pure ASCII
 *   that needs no JSON escaping, so the server sends cached bytes and a client scans it in one pass.
 * - `delta-e5`: the same differences as three JSON number arrays, for scripts that want plain
 *   arrays (`encoding=arrays`).
 */

export interface TrackColumns {
  tsMs: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  length: number;
}

interface TrackHeader {
  mmsi: number;
  /** Fixes in the range before downsampling, and the number sent. */
  count: number;
  returned: number;
}

export interface CompactTrackArrays extends TrackHeader {
  encoding: 'delta-e5';
  tsMs: number[];
  lonE5: number[];
  latE5: number[];
}

export interface CompactTrackB64 extends TrackHeader {
  encoding: 'delta-b64';
  /** 1000 when every fix time is a whole second (one character per delta under 32 s), else 1. */
  tUnitMs: 1 | 1000;
  /** Unsigned varints: the first time in `tUnitMs` since the epoch, then time differences. */
  t: string;
  /** Zigzag varints: longitude / latitude differences in 1e-5°, the first from 0. */
  x: string;
  y: string;
}

export type CompactTrack = CompactTrackArrays | CompactTrackB64;
export type TrackEncoding = CompactTrack['encoding'];

/** What `decodeCompact` needs: either wire form, with or without the header fields it ignores. */
export type DecodableTrack =
  | (Pick<CompactTrackArrays, 'tsMs' | 'lonE5' | 'latE5'> & { encoding?: 'delta-e5' })
  | Pick<CompactTrackB64, 'encoding' | 'returned' | 'tUnitMs' | 't' | 'x' | 'y'>;

/**
 * The varint alphabet is base64url so a column is a JSON string with no escapes. Each character is
 * 6 bits: the low 5 carry data (least significant group first), the top bit (index ≥ 32) says
 * another character of the same value follows.
 */
export const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ENC = Uint8Array.from(B64_ALPHABET, (c) => c.charCodeAt(0));
/** Char code → 6-bit value, -1 for anything outside the alphabet. */
const DEC = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[B64_ALPHABET.charCodeAt(i)] = i;
  return t;
})();
/** ⌈53 / 5⌉: the most characters one safe integer takes. */
const MAX_CHARS_PER_VALUE = 11;

const ASCII = new TextDecoder();

/** Appends unsigned safe integers; arithmetic, not `>>>`, because times reach ~2^41. */
class VarintWriter {
  private buf: Uint8Array;
  private len = 0;
  constructor(values: number) {
    this.buf = new Uint8Array(Math.max(1, values * MAX_CHARS_PER_VALUE));
  }
  push(u: number): void {
    const buf = this.buf;
    let n = this.len;
    while (u >= 32) {
      const low = u % 32;
      buf[n++] = ENC[32 + low]!;
      u = (u - low) / 32;
    }
    buf[n++] = ENC[u]!;
    this.len = n;
  }
  text(): string {
    return ASCII.decode(this.buf.subarray(0, this.len));
  }
}

/** Signed → unsigned with small magnitudes staying small: 0, -1, 1, -2 … → 0, 1, 2, 3 … */
const zigzag = (v: number): number => (v >= 0 ? 2 * v : -2 * v - 1);
const unzigzag = (u: number): number => (u % 2 === 0 ? u / 2 : -(u + 1) / 2);

const toE5 = (deg: number, what: string, i: number): number => {
  const v = Math.round(deg * 1e5);
  if (!Number.isFinite(v)) throw new RangeError(`track fix ${i}: ${what} ${deg} is not a finite number`);
  return v;
};

export function encodeCompact(
  mmsi: number,
  cols: TrackColumns,
  keep: readonly number[],
  encoding: TrackEncoding = 'delta-b64',
): CompactTrack {
  return encoding === 'delta-b64' ? encodeTrackB64(mmsi, cols, keep) : encodeTrackArrays(mmsi, cols, keep);
}

export function encodeTrackB64(mmsi: number, cols: TrackColumns, keep: readonly number[]): CompactTrackB64 {
  const m = keep.length;
  let tUnitMs: 1 | 1000 = 1000;
  for (let k = 0; k < m; k++) {
    if (cols.tsMs[keep[k]!]! % 1000 !== 0) {
      tUnitMs = 1;
      break;
    }
  }
  const t = new VarintWriter(m);
  const x = new VarintWriter(m);
  const y = new VarintWriter(m);
  let pt = 0;
  let px = 0;
  let py = 0;
  for (let k = 0; k < m; k++) {
    const i = keep[k]!;
    const ts = cols.tsMs[i]! / tUnitMs;
    if (!Number.isSafeInteger(ts) || ts < 0) {
      throw new RangeError(
        `track fix ${i}: time ${cols.tsMs[i]} ms is not a non-negative whole number of ms`,
      );
    }
    if (ts < pt) {
      throw new RangeError(
        `track fix ${i}: time ${cols.tsMs[i]} ms is before the previous fix (tracks are sorted by time)`,
      );
    }
    const vx = toE5(cols.lon[i]!, 'longitude', i);
    const vy = toE5(cols.lat[i]!, 'latitude', i);
    t.push(ts - pt);
    x.push(zigzag(vx - px));
    y.push(zigzag(vy - py));
    pt = ts;
    px = vx;
    py = vy;
  }
  return {
    mmsi,
    encoding: 'delta-b64',
    count: cols.length,
    returned: m,
    tUnitMs,
    t: t.text(),
    x: x.text(),
    y: y.text(),
  };
}

export function encodeTrackArrays(
  mmsi: number,
  cols: TrackColumns,
  keep: readonly number[],
): CompactTrackArrays {
  const m = keep.length;
  const tsMs = new Array<number>(m);
  const lonE5 = new Array<number>(m);
  const latE5 = new Array<number>(m);
  let pt = 0;
  let px = 0;
  let py = 0;
  for (let k = 0; k < m; k++) {
    const i = keep[k]!;
    const t = cols.tsMs[i]!;
    const x = Math.round(cols.lon[i]! * 1e5);
    const y = Math.round(cols.lat[i]! * 1e5);
    tsMs[k] = t - pt;
    lonE5[k] = x - px;
    latE5[k] = y - py;
    pt = t;
    px = x;
    py = y;
  }
  return { mmsi, encoding: 'delta-e5', count: cols.length, returned: m, tsMs, lonE5, latE5 };
}

export interface DecodedTrack {
  tsMs: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
}

/** The inverse of `encodeCompact` for either encoding, for tests and for the web app. */
export function decodeCompact(track: DecodableTrack): DecodedTrack {
  if (track.encoding === 'delta-b64') {
    const n = track.returned;
    const tsMs = new Float64Array(n);
    const lon = new Float64Array(n);
    const lat = new Float64Array(n);
    decodeVarintColumn(track.t, n, 't', tsMs, false, track.tUnitMs, 1);
    decodeVarintColumn(track.x, n, 'x', lon, true, 1, 1e5);
    decodeVarintColumn(track.y, n, 'y', lat, true, 1, 1e5);
    return { tsMs, lon, lat };
  }
  const t = track as CompactTrackArrays;
  const n = t.tsMs.length;
  if (t.lonE5.length !== n || t.latE5.length !== n) {
    throw new Error(
      `malformed delta-e5 track: ${n} times, ${t.lonE5.length} longitudes, ${t.latE5.length} latitudes`,
    );
  }
  const tsMs = new Float64Array(n);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  let pt = 0;
  let px = 0;
  let py = 0;
  for (let i = 0; i < n; i++) {
    pt += t.tsMs[i]!;
    px += t.lonE5[i]!;
    py += t.latE5[i]!;
    tsMs[i] = pt;
    lon[i] = px / 1e5;
    lat[i] = py / 1e5;
  }
  return { tsMs, lon, lat };
}

/**
 * One pass over a column: each varint is added to a running sum, written out as
 * `sum × unitMul / unitDiv` (a division for 1e-5°, so degrees come back exactly as from the
 * arrays). Single-character values (most time deltas) skip the continuation loop.
 */
function decodeVarintColumn(
  s: string,
  n: number,
  name: string,
  out: Float64Array,
  signed: boolean,
  unitMul: number,
  unitDiv: number,
): void {
  const len = s.length;
  const bad = (i: number) =>
    new Error(
      `malformed delta-b64 track: column ${name} has ${JSON.stringify(s[i])} at ${i}, outside the base64url alphabet`,
    );
  let sum = 0;
  let k = 0;
  let i = 0;
  while (i < len) {
    // Codes ≥ 128 index past the table: undefined, which fails `>= 0` like the -1 entries.
    let d = DEC[s.charCodeAt(i)]!;
    if (!(d >= 0)) throw bad(i);
    i++;
    let value: number;
    if (d < 32) value = d;
    else {
      value = d - 32;
      let mul = 32;
      for (;;) {
        if (i === len) {
          throw new Error(
            `malformed delta-b64 track: column ${name} ends inside a value (dangling continuation)`,
          );
        }
        d = DEC[s.charCodeAt(i)]!;
        if (!(d >= 0)) throw bad(i);
        i++;
        if (d < 32) {
          value += d * mul;
          break;
        }
        value += (d - 32) * mul;
        mul *= 32;
      }
    }
    sum += signed ? unzigzag(value) : value;
    if (k === n)
      throw new Error(`malformed delta-b64 track: column ${name} holds more than returned (${n}) values`);
    out[k++] = (sum * unitMul) / unitDiv;
  }
  if (k !== n)
    throw new Error(`malformed delta-b64 track: column ${name} holds ${k} values, returned says ${n}`);
}

/**
 * Which fixes to keep so at most `maxPoints` remain (evenly by index), always keeping the first and
 * last fix and both ends of every silence ≥ `keepGapMs`, so dark legs keep their true endpoints.
 */
export function downsampleIndices(tsMs: ArrayLike<number>, maxPoints: number, keepGapMs: number): number[] {
  const n = tsMs.length;
  if (n <= maxPoints || maxPoints < 2) return Array.from({ length: n }, (_, i) => i);
  const stride = (n - 1) / (maxPoints - 1);
  const out: number[] = [];
  let k = 0;
  let target = 0;
  for (let i = 0; i < n; i++) {
    let keep =
      i === n - 1 ||
      (i > 0 && tsMs[i]! - tsMs[i - 1]! >= keepGapMs) ||
      (i < n - 1 && tsMs[i + 1]! - tsMs[i]! >= keepGapMs);
    if (i >= target) {
      keep = true;
      while (target <= i) target = Math.round(++k * stride);
    }
    if (keep) out.push(i);
  }
  return out;
}
/**
 * Ramer–Douglas–Peucker on a track: the fixes to keep so that no dropped fix lies farther than
 * `toleranceM` from the line through the kept ones (distances in a local equirectangular plane,
 * good to well under 1% over one stretch). The track is first cut at every silence ≥ `keepGapMs`,
 * so both ends of each dark leg are always kept, as are the first and last fix.
 */
export function simplifyIndices(cols: TrackColumns, toleranceM: number, keepGapMs: number): number[] {
  const n = cols.length;
  if (n <= 2 || !(toleranceM > 0)) return Array.from({ length: n }, (_, i) => i);
  const keep = new Uint8Array(n);
  const mPerDeg = 111_194.93; // 6371008.8 m × π / 180
  const stack: number[] = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && cols.tsMs[i]! - cols.tsMs[i - 1]! < keepGapMs) continue;
    // [start, i - 1] is one heard stretch.
    const end = i - 1;
    keep[start] = 1;
    keep[end] = 1;
    stack.push(start, end);
    while (stack.length > 0) {
      const b = stack.pop()!;
      const a = stack.pop()!;
      if (b - a < 2) continue;
      const kx = Math.cos(((cols.lat[a]! + cols.lat[b]!) / 2) * (Math.PI / 180)) * mPerDeg;
      const ax = cols.lon[a]! * kx;
      const ay = cols.lat[a]! * mPerDeg;
      const dx = cols.lon[b]! * kx - ax;
      const dy = cols.lat[b]! * mPerDeg - ay;
      const len2 = dx * dx + dy * dy;
      let worst = -1;
      let worstD2 = toleranceM * toleranceM;
      for (let k = a + 1; k < b; k++) {
        const px = cols.lon[k]! * kx - ax;
        const py = cols.lat[k]! * mPerDeg - ay;
        let d2: number;
        if (len2 === 0) d2 = px * px + py * py;
        else {
          const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
          const ex = px - t * dx;
          const ey = py - t * dy;
          d2 = ex * ex + ey * ey;
        }
        if (d2 > worstD2) {
          worstD2 = d2;
          worst = k;
        }
      }
      if (worst >= 0) {
        keep[worst] = 1;
        stack.push(a, worst, worst, b);
      }
    }
    start = i;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
}

/** `simplifyIndices`, then at most `maxPoints` of what remains (see `downsampleIndices`). */
export function reduceTrack(
  cols: TrackColumns,
  opts: { toleranceM?: number; maxPoints?: number },
  keepGapMs: number,
): number[] {
  let idx = opts.toleranceM
    ? simplifyIndices(cols, opts.toleranceM, keepGapMs)
    : Array.from({ length: cols.length }, (_, i) => i);
  if (opts.maxPoints !== undefined && idx.length > opts.maxPoints) {
    const ts = idx.map((i) => cols.tsMs[i]!);
    idx = downsampleIndices(ts, opts.maxPoints, keepGapMs).map((k) => idx[k]!);
  }
  return idx;
}
