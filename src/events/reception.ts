/**
 * Reception context of AIS gaps: how many other vessels were heard within a radius of each end
 * of a gap while it lasted. "Others heard near the place it went silent" separates switching AIS
 * off from leaving receiver coverage.
 *
 * A presence index of runs — consecutive fixes of one vessel in one 0.25° cell within one clock
 * hour — is built in one pass over the fixes of the hours some gap covers (a new run only when a
 * vessel changes cell or hour). Each gap end then looks at the runs in the cells and hours its
 * radius and window reach: a cell wholly inside the radius during an hour wholly inside the window
 * counts its vessels without reading a fix; a cell wholly outside is skipped; otherwise the run's
 * fixes are read, skipping ahead by the time the vessel needs to close the distance at
 * `maxSpeedKnots` (the cleaning threshold: faster moves were dropped or are flagged).
 */
import { haversineM, MPS_PER_KNOT, MS_PER_HOUR, metresToLatDeg, metresToLonDeg } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';

const CELL_DEG = 0.25;
const LON_CELLS = 1440;

export interface ReceptionCounts {
  /** Others heard near the start (index 0) and end (1) of the gap that starts at fix `a` of vessel `v`. */
  get(v: number, a: number): [number, number];
}

function cellKey(latCell: number, lonCell: number): number {
  return (latCell + 360) * LON_CELLS + (((lonCell % LON_CELLS) + LON_CELLS) % LON_CELLS);
}

/**
 * Runs filed by (hour, cell) in an open-addressing table (no per-run allocation): slot → first run,
 * run → next run of the same (hour, cell).
 */
interface RunIndex {
  minHour: number;
  hourCount: number;
  slotHour: Int32Array;
  slotCell: Int32Array;
  slotHead: Int32Array;
  mask: number;
  runNext: Int32Array;
  runVessel: Int32Array;
  runFrom: Int32Array;
  /** Exclusive. */
  runTo: Int32Array;
}

function slotOf(hour: number, cell: number, mask: number): number {
  let h = Math.imul(hour, 0x9e3779b1) ^ cell;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

/** First run filed under (hour, cell), or -1. */
function firstRun(idx: RunIndex, hour: number, cell: number): number {
  let s = slotOf(hour, cell, idx.mask);
  while (idx.slotHead[s] !== -1) {
    if (idx.slotHour[s] === hour && idx.slotCell[s] === cell) return idx.slotHead[s];
    s = (s + 1) & idx.mask;
  }
  return -1;
}

function growInt(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

function buildRuns(tracks: readonly Track[], wanted: Uint8Array, minHour: number): RunIndex {
  const idx: RunIndex = {
    minHour,
    hourCount: wanted.length,
    slotHour: new Int32Array(1024),
    slotCell: new Int32Array(1024),
    slotHead: new Int32Array(1024).fill(-1),
    mask: 1023,
    runNext: new Int32Array(1024),
    runVessel: new Int32Array(1024),
    runFrom: new Int32Array(1024),
    runTo: new Int32Array(1024),
  };
  let used = 0;
  let runs = 0;
  const file = (hour: number, cell: number, run: number): void => {
    let s = slotOf(hour, cell, idx.mask);
    while (idx.slotHead[s] !== -1 && (idx.slotHour[s] !== hour || idx.slotCell[s] !== cell))
      s = (s + 1) & idx.mask;
    if (idx.slotHead[s] === -1) {
      idx.slotHour[s] = hour;
      idx.slotCell[s] = cell;
      used++;
    }
    idx.runNext[run] = idx.slotHead[s];
    idx.slotHead[s] = run;
  };
  const rehash = (): void => {
    const { slotHour, slotCell, slotHead } = idx;
    const size = slotHead.length * 2;
    idx.slotHour = new Int32Array(size);
    idx.slotCell = new Int32Array(size);
    idx.slotHead = new Int32Array(size).fill(-1);
    idx.mask = size - 1;
    for (let s = 0; s < slotHead.length; s++) {
      if (slotHead[s] === -1) continue;
      let t = slotOf(slotHour[s], slotCell[s], idx.mask);
      while (idx.slotHead[t] !== -1) t = (t + 1) & idx.mask;
      idx.slotHour[t] = slotHour[s];
      idx.slotCell[t] = slotCell[s];
      idx.slotHead[t] = slotHead[s];
    }
  };
  for (let v = 0; v < tracks.length; v++) {
    const t = tracks[v];
    const { tsMs, lon, lat } = t;
    let hourEnd = Number.NEGATIVE_INFINITY;
    let latLo = 0;
    let latHi = -1;
    let lonLo = 0;
    let lonHi = -1;
    let open = false;
    for (let i = 0; i < t.length; i++) {
      const y = lat[i];
      const x = lon[i];
      const ts = tsMs[i];
      if (ts < hourEnd && y >= latLo && y < latHi && x >= lonLo && x < lonHi) continue;
      if (open) idx.runTo[runs - 1] = i;
      open = false;
      const h = Math.floor(ts / MS_PER_HOUR) - minHour;
      const la = Math.floor(y / CELL_DEG);
      const lo = Math.floor((x + 180) / CELL_DEG);
      hourEnd = (h + minHour + 1) * MS_PER_HOUR;
      latLo = la * CELL_DEG;
      latHi = latLo + CELL_DEG;
      lonLo = lo * CELL_DEG - 180;
      lonHi = lonLo + CELL_DEG;
      if (h < 0 || h >= wanted.length || wanted[h] === 0) continue;
      if (runs === idx.runVessel.length) {
        const size = runs * 2;
        idx.runNext = growInt(idx.runNext, size);
        idx.runVessel = growInt(idx.runVessel, size);
        idx.runFrom = growInt(idx.runFrom, size);
        idx.runTo = growInt(idx.runTo, size);
      }
      idx.runVessel[runs] = v;
      idx.runFrom[runs] = i;
      idx.runTo[runs] = t.length;
      open = true;
      if (used * 2 >= idx.slotHead.length) rehash();
      file(h, cellKey(la, lo), runs);
      runs++;
    }
  }
  return idx;
}

/** Whether a fix of t in [from, end) lies strictly inside the window (binary search, no distance). */
function runInWindow(t: Track, from: number, end: number, fromMs: number, toMs: number): boolean {
  let lo = from;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.tsMs[mid] <= fromMs) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && t.tsMs[lo] < toMs;
}

/** Whether a fix of t in [from, end) lies within the radius strictly inside the window. */
function runHeard(
  t: Track,
  from: number,
  end: number,
  lon: number,
  lat: number,
  fromMs: number,
  toMs: number,
  radiusM: number,
  maxSpeedMps: number,
): boolean {
  let i = from;
  while (i < end) {
    const ts = t.tsMs[i];
    if (ts >= toMs) return false;
    if (ts <= fromMs) {
      i++;
      continue;
    }
    const d = haversineM(lon, lat, t.lon[i], t.lat[i]);
    if (d <= radiusM) return true;
    // it cannot be within the radius before it has covered d − radius
    const until = ts + ((d - radiusM) / maxSpeedMps) * 1000;
    i++;
    while (i < end && t.tsMs[i] < until) i++;
  }
  return false;
}

function othersHeard(
  idx: RunIndex,
  tracks: readonly Track[],
  seen: Int32Array,
  stamp: number,
  self: number,
  lon: number,
  lat: number,
  fromMs: number,
  toMs: number,
  radiusM: number,
  maxSpeedMps: number,
): number {
  const dLat = metresToLatDeg(radiusM);
  const dLon = metresToLonDeg(radiusM, Math.abs(lat) + dLat);
  const la0 = Math.floor((lat - dLat) / CELL_DEG);
  const la1 = Math.floor((lat + dLat) / CELL_DEG);
  const lo0 = Math.floor((lon - dLon + 180) / CELL_DEG);
  const lo1 = Math.floor((lon + dLon + 180) / CELL_DEG);
  const h0 = Math.floor(fromMs / MS_PER_HOUR) - idx.minHour;
  const h1 = Math.floor(toMs / MS_PER_HOUR) - idx.minHour;
  let heard = 0;
  // metres per degree here, for the cell tests; 2 % margin for the projection
  const ky = metresToLatDeg(1);
  const kx = metresToLonDeg(1, lat);
  const r2 = radiusM * radiusM;
  // three passes, cheapest first, so that most vessels are counted before fixes are read: cells
  // wholly inside during hours wholly inside (nothing read), cells wholly inside during the first
  // and last hour (times only, by binary search), then the cells the radius cuts (distances)
  for (let pass = 0; pass < 3; pass++)
    for (let a = la0; a <= la1; a++)
      for (let o = lo0; o <= lo1; o++) {
        const y0 = (a * CELL_DEG - lat) / ky;
        const y1 = y0 + CELL_DEG / ky;
        const x0 = (o * CELL_DEG - 180 - lon) / kx;
        const x1 = x0 + CELL_DEG / kx;
        const nx = Math.max(x0, 0, -x1);
        const ny = Math.max(y0, 0, -y1);
        if (nx * nx + ny * ny > r2 * 1.02) continue;
        const fx = Math.max(Math.abs(x0), Math.abs(x1));
        const fy = Math.max(Math.abs(y0), Math.abs(y1));
        const inside = fx * fx + fy * fy < r2 * 0.98;
        if (pass < 2 !== inside) continue;
        const ck = cellKey(a, o);
        for (let h = Math.max(0, h0); h <= h1 && h < idx.hourCount; h++) {
          const whole = inside && h > h0 && h < h1;
          if ((pass === 0) !== whole) continue;
          for (let r = firstRun(idx, h, ck); r !== -1; r = idx.runNext[r]) {
            const v = idx.runVessel[r];
            if (v === self || seen[v] === stamp) continue;
            if (
              whole ||
              (inside
                ? runInWindow(tracks[v], idx.runFrom[r], idx.runTo[r], fromMs, toMs)
                : runHeard(
                    tracks[v],
                    idx.runFrom[r],
                    idx.runTo[r],
                    lon,
                    lat,
                    fromMs,
                    toMs,
                    radiusM,
                    maxSpeedMps,
                  ))
            ) {
              seen[v] = stamp;
              heard++;
            }
          }
        }
      }
  return heard;
}

/** The silences of ≥ `floorMs` between consecutive fixes, and the clock hours they cover. */
export interface Silences {
  /** [track index, index of the fix before the silence]. */
  gaps: Array<[number, number]>;
  minHour: number;
  /** `wanted[h - minHour]` = 1 when some silence covers clock hour h (its end hours included). */
  wanted: Uint8Array;
}

export function silencesOf(tracks: readonly Track[], floorMs: number): Silences {
  const gaps: Array<[number, number]> = [];
  let minHour = Number.POSITIVE_INFINITY;
  let maxHour = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < tracks.length; v++) {
    const ts = tracks[v].tsMs;
    for (let i = 1; i < ts.length; i++) {
      if (ts[i] - ts[i - 1] < floorMs) continue;
      gaps.push([v, i - 1]);
      minHour = Math.min(minHour, Math.floor(ts[i - 1] / MS_PER_HOUR));
      maxHour = Math.max(maxHour, Math.floor(ts[i] / MS_PER_HOUR));
    }
  }
  if (gaps.length === 0) return { gaps, minHour: 0, wanted: new Uint8Array(0) };
  const wanted = new Uint8Array(maxHour - minHour + 1);
  for (const [v, a] of gaps) {
    const ts = tracks[v].tsMs;
    const h0 = Math.floor(ts[a] / MS_PER_HOUR) - minHour;
    const h1 = Math.floor(ts[a + 1] / MS_PER_HOUR) - minHour;
    wanted.fill(1, h0, h1 + 1);
  }
  return { gaps, minHour, wanted };
}

/**
 * Counts for every silence of ≥ `floorMs` between consecutive fixes (the smallest gap threshold in
 * force anywhere), for a reception radius of `radiusM`.
 */
export function countReception(
  tracks: readonly Track[],
  floorMs: number,
  radiusM: number,
  maxSpeedKnots: number,
  silences: Silences = silencesOf(tracks, floorMs),
): ReceptionCounts {
  const { gaps, minHour, wanted } = silences;
  const result = new Map<number, [number, number]>();
  const get = (v: number, a: number): [number, number] => result.get(v * 2 ** 32 + a) ?? [0, 0];
  if (gaps.length === 0) return { get };
  // only the hours some gap covers are indexed
  const idx = buildRuns(tracks, wanted, minHour);
  const vMax = maxSpeedKnots * MPS_PER_KNOT;
  // seen[v] === stamp: vessel v already counted for the query with that stamp
  const seen = new Int32Array(tracks.length).fill(-1);
  let stamp = 0;
  for (const [v, a] of gaps) {
    const t = tracks[v];
    const from = t.tsMs[a];
    const to = t.tsMs[a + 1];
    const nearStart = othersHeard(idx, tracks, seen, stamp++, v, t.lon[a], t.lat[a], from, to, radiusM, vMax);
    const nearEnd = othersHeard(
      idx,
      tracks,
      seen,
      stamp++,
      v,
      t.lon[a + 1],
      t.lat[a + 1],
      from,
      to,
      radiusM,
      vMax,
    );
    result.set(v * 2 ** 32 + a, [nearStart, nearEnd]);
  }
  return { get };
}
