/**
 * Track payloads for the map, pure. `compact` sends three integer arrays, each holding its first
 * value and then differences from the previous one (time in ms, longitude and latitude in 1e-5°,
 * about 1 m): a 100,000-point track is ~1 MB of JSON instead of ~3.5 MB, and decodes in one pass.
 */

export interface TrackColumns {
  tsMs: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  length: number;
}

export interface CompactTrack {
  mmsi: number;
  encoding: 'delta-e5';
  /** Fixes in the range before downsampling, and the number sent. */
  count: number;
  returned: number;
  tsMs: number[];
  lonE5: number[];
  latE5: number[];
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

export function encodeCompact(mmsi: number, cols: TrackColumns, keep: readonly number[]): CompactTrack {
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

/** The inverse of `encodeCompact`, for tests and for clients written in TypeScript. */
export function decodeCompact(t: Pick<CompactTrack, 'tsMs' | 'lonE5' | 'latE5'>): {
  tsMs: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
} {
  const n = t.tsMs.length;
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
