/**
 * Encounters: two vessels within `encounterMaxDistanceM` of each other for ≥
 * `encounterMinDurationMs`, both below `encounterMaxSpeedKnots`, farther than
 * `encounterMinAreaDistanceM` from any callable area (GFW: 500 m, 2 h, 2 kn, 10 km from
 * anchorages; Skylight: 250 m, 30 min).
 *
 * Sub-quadratic: each vessel is sampled on a common clock (`encounterSliceMs`), by linear
 * interpolation between consecutive fixes that are both slow and at most `encounterMaxFixGapMs`
 * apart — fast vessels never enter the index. Per slice, samples go into a grid of cells at least
 * `encounterMaxDistanceM` wide, and each sample is compared only with the 3 × 3 cells around it.
 * A pair close in consecutive slices forms a run; a run of ≥ the minimum duration is an encounter.
 */
import { nearestArea, newHit } from '../areas/compile.js';
import { haversineM, metresToLatDeg } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { firstAtOrAfter, speedAt, support } from './track-util.js';
import type { EventOf } from './types.js';

const RAD = Math.PI / 180;

/**
 * Positions on the common clock, 24 bytes each: what encounters keep of every slow segment until
 * all are in (slice numbers are whole multiples of the slice since 1970: int32 for any slice of a
 * minute or more until the year 6053).
 */
export class Samples {
  slice: Int32Array = new Int32Array(1024);
  vessel: Int32Array = new Int32Array(1024);
  lon: Float64Array = new Float64Array(1024);
  lat: Float64Array = new Float64Array(1024);
  n = 0;
  push(s: number, v: number, x: number, y: number): void {
    if (this.n === this.slice.length) this.grow();
    this.slice[this.n] = s;
    this.vessel[this.n] = v;
    this.lon[this.n] = x;
    this.lat[this.n] = y;
    this.n++;
  }
  private grow(): void {
    // by half again, not double: the samples of a large store are its biggest cross-vessel state
    const m = Math.ceil(this.slice.length * 1.5);
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(m);
      b.set(a);
      return b;
    };
    const i = (a: Int32Array): Int32Array => {
      const b = new Int32Array(m);
      b.set(a);
      return b;
    };
    this.slice = i(this.slice);
    this.lon = f(this.lon);
    this.lat = f(this.lat);
    this.vessel = i(this.vessel);
  }
}

export interface EncounterStats {
  samples: number;
  pairChecks: number;
  slices: number;
}

/** A pair of segments close in consecutive slices: an encounter when long enough (`encounterEvents`). */
export interface EncounterRun {
  a: number;
  b: number;
  first: number;
  last: number;
  dists: number[];
  sumLon: number;
  sumLat: number;
}

/**
 * Samples tracks `first`, `first + 1`, … (numbered over all batches, as the detectors number
 * segments) on the common clock: the only state encounters keep of a track.
 */
export function sampleEncounters(
  samples: Samples,
  tracks: readonly Track[],
  first: number,
  ctx: DetectContext,
): void {
  const p = ctx.params;
  const slice = p.encounterSliceMs;
  const S = samples;
  const hit = newHit();
  for (let k = 0; k < tracks.length; k++) {
    const v = first + k;
    const t = tracks[k];
    const { tsMs, lon, lat } = t;
    let lastSlice = Number.NEGATIVE_INFINITY;
    const sog = t.speedKnots;
    let prevSlow = t.length > 0 && speedAt(t, 0) < p.encounterMaxSpeedKnots;
    for (let i = 0; i + 1 < t.length; i++) {
      const sp = sog[i + 1];
      const nextSlow = (Number.isNaN(sp) ? speedAt(t, i + 1) : sp) < p.encounterMaxSpeedKnots;
      const slow = prevSlow && nextSlow;
      prevSlow = nextSlow;
      if (!slow) continue;
      const t0 = tsMs[i];
      const t1 = tsMs[i + 1];
      const dt = t1 - t0;
      if (dt > p.encounterMaxFixGapMs || dt <= 0) continue;
      // slices in [t0, t1]; a slice on a shared fix is taken once
      const last = Math.floor(t1 / slice);
      for (let k = Math.max(Math.ceil(t0 / slice), lastSlice + 1); k <= last; k++) {
        lastSlice = k;
        const f = (k * slice - t0) / dt;
        const x = lon[i] + f * (lon[i + 1] - lon[i]);
        const y = lat[i] + f * (lat[i + 1] - lat[i]);
        if (nearestArea(ctx.awayIndex, x, y, p.encounterMinAreaDistanceM, true, hit) >= 0) continue;
        S.push(k, v, x, y);
      }
    }
  }
}

/**
 * The runs of pairs close in consecutive slices among the samples of `segments` segments,
 * `mmsiOf[v]` the MMSI of segment v: each run of at least the minimum duration between two
 * MMSIs, in the order they close.
 */
export function encounterRuns(
  S: Samples,
  segments: number,
  mmsiOf: ArrayLike<number>,
  ctx: DetectContext,
  stats?: EncounterStats,
): EncounterRun[] {
  const p = ctx.params;
  const slice = p.encounterSliceMs;
  const n = S.n;
  // samples ordered by slice: a counting sort over the slice range (a comparison sort of
  // slice·2^27 + index, exact in a double, when the range is far wider than the samples)
  let minSlice = Number.POSITIVE_INFINITY;
  let maxSlice = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (S.slice[i] < minSlice) minSlice = S.slice[i];
    if (S.slice[i] > maxSlice) maxSlice = S.slice[i];
  }
  const order = new Int32Array(n);
  const range = n > 0 ? maxSlice - minSlice + 1 : 0;
  if (range <= Math.max(4 * n, 1 << 16)) {
    const start = new Int32Array(range + 1);
    for (let i = 0; i < n; i++) start[S.slice[i] - minSlice + 1]++;
    for (let k = 0; k < range; k++) start[k + 1] += start[k];
    for (let i = 0; i < n; i++) order[start[S.slice[i] - minSlice]++] = i;
  } else {
    const SHIFT = 2 ** 27;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (S.slice[i] - minSlice) * SHIFT + i;
    keys.sort();
    for (let q = 0; q < n; q++) order[q] = keys[q] % SHIFT;
  }

  // cells twice the distance wide: every point within it lies in the 2 × 2 cells on its side
  const cellLat = metresToLatDeg(2 * p.encounterMaxDistanceM);
  const maxD = p.encounterMaxDistanceM;
  const kLat = 6371008.8 * RAD;
  // per-slice grid: open addressing on exact (row, col), stamped by slice so it is never cleared
  let maxPer = 0;
  for (let q = 0; q < n; ) {
    const sl = S.slice[order[q]];
    let r = q;
    while (r < n && S.slice[order[r]] === sl) r++;
    maxPer = Math.max(maxPer, r - q);
    q = r;
  }
  let size = 16;
  while (size < maxPer * 4) size *= 2;
  const mask = size - 1;
  const tStamp = new Int32Array(size).fill(-1);
  const tRow = new Int32Array(size);
  const tCol = new Int32Array(size);
  const tHead = new Int32Array(size);
  const next = new Int32Array(n);
  const cellRow = new Int32Array(n);
  const cellCol = new Int32Array(n);
  const slot = (row: number, col: number, stamp: number): number => {
    // murmur-style mixing: grid rows and columns are runs of consecutive integers, which a plain
    // multiply-xor maps onto few low bits (long probe chains)
    let h = Math.imul(row, 0x9e3779b1) ^ col;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) & mask;
    while (tStamp[h] === stamp && (tRow[h] !== row || tCol[h] !== col)) h = (h + 1) & mask;
    return h;
  };
  const active = new Map<number, EncounterRun>();
  const V = segments;
  const out: EncounterRun[] = [];
  let pairChecks = 0;
  let slices = 0;

  const emit = (r: EncounterRun): void => {
    if ((r.last - r.first) * slice < p.encounterMinDurationMs) return;
    // two segments of one MMSI side by side: its two-places evidence, not a meeting of two vessels
    if (mmsiOf[r.a] === mmsiOf[r.b]) return;
    out.push(r);
  };

  const track = (i: number, j: number, sliceNo: number): void => {
    const dist = haversineM(S.lon[i], S.lat[i], S.lon[j], S.lat[j]);
    if (dist > maxD) return;
    const a = Math.min(S.vessel[i], S.vessel[j]);
    const b = Math.max(S.vessel[i], S.vessel[j]);
    const pk = a * V + b;
    let r = active.get(pk);
    // a pair already matched in this slice (a vessel with two samples) counts once
    if (r && r.last === sliceNo) return;
    if (!r) {
      r = { a, b, first: sliceNo, last: sliceNo, dists: [], sumLon: 0, sumLat: 0 };
      active.set(pk, r);
    }
    r.last = sliceNo;
    r.dists.push(dist);
    r.sumLon += (S.lon[i] + S.lon[j]) / 2;
    r.sumLat += (S.lat[i] + S.lat[j]) / 2;
  };

  let s0 = 0;
  while (s0 < n) {
    const sliceNo = S.slice[order[s0]];
    let s1 = s0;
    while (s1 < n && S.slice[order[s1]] === sliceNo) s1++;
    slices++;
    // close runs that missed the previous slice
    if (active.size > 0)
      for (const [key, r] of active)
        if (r.last < sliceNo - 1) {
          emit(r);
          active.delete(key);
        }
    let maxAbsLat = 0;
    for (let q = s0; q < s1; q++) {
      const i = order[q];
      maxAbsLat = Math.max(maxAbsLat, Math.abs(S.lat[i]));
    }
    const cellLon = cellLat / Math.cos(Math.min(maxAbsLat + cellLat, 85) * RAD);
    const stamp = slices;
    for (let q = s0; q < s1; q++) {
      const i = order[q];
      const row = Math.floor(S.lat[i] / cellLat);
      const col = Math.floor((S.lon[i] + 180) / cellLon);
      cellRow[i] = row;
      cellCol[i] = col;
      const h = slot(row, col, stamp);
      if (tStamp[h] !== stamp) {
        tStamp[h] = stamp;
        tRow[h] = row;
        tCol[h] = col;
        tHead[h] = -1;
      }
      next[i] = tHead[h];
      tHead[h] = i;
    }
    for (let q = s0; q < s1; q++) {
      const i = order[q];
      const yi = S.lat[i];
      const xi = S.lon[i];
      const kx = Math.cos(yi * RAD) * kLat;
      const fr = yi / cellLat - cellRow[i];
      const fc = (xi + 180) / cellLon - cellCol[i];
      const r2 = fr < 0.5 ? cellRow[i] - 1 : cellRow[i] + 1;
      const c2 = fc < 0.5 ? cellCol[i] - 1 : cellCol[i] + 1;
      for (let cell = 0; cell < 4; cell++) {
        const h = slot(cell & 1 ? r2 : cellRow[i], cell & 2 ? c2 : cellCol[i], stamp);
        let j = tStamp[h] === stamp ? tHead[h] : -1;
        while (j >= 0) {
          // each unordered pair once: only partners with a larger sample index
          if (j > i && S.vessel[j] !== S.vessel[i]) {
            pairChecks++;
            const ex = (S.lon[j] - xi) * kx;
            const ey = (S.lat[j] - yi) * kLat;
            if (ex * ex + ey * ey <= maxD * maxD * 1.01) track(i, j, sliceNo);
          }
          j = next[j];
        }
      }
    }
    s0 = s1;
  }
  for (const r of active.values()) emit(r);
  if (stats) {
    stats.samples = n;
    stats.pairChecks = pairChecks;
    stats.slices = slices;
  }
  return out;
}

/** The evidence of one side of an encounter between startMs and endMs: its fixes either side. */
export function supportOf(t: Track, startMs: number, endMs: number): ReturnType<typeof support> {
  const a = Math.max(0, firstAtOrAfter(t, startMs) - 1);
  const b = Math.min(t.length - 1, firstAtOrAfter(t, endMs));
  return support(t, a, b);
}

/**
 * The encounter events of the runs; `sideOf(i, 0)` and `sideOf(i, 1)` give the MMSI and the
 * evidence (`supportOf`) of segments `a` and `b` of run i.
 */
export function encounterEvents(
  runs: readonly EncounterRun[],
  sideOf: (run: number, side: 0 | 1) => { mmsi: number; support: ReturnType<typeof support> },
  ctx: DetectContext,
): EventOf<'encounter'>[] {
  const p = ctx.params;
  const slice = p.encounterSliceMs;
  return runs.map((r, i) => {
    const startMs = r.first * slice;
    const endMs = r.last * slice;
    const sa = sideOf(i, 0);
    const sb = sideOf(i, 1);
    const [x, y] = [sa.mmsi, sb.mmsi].sort((u, w) => u - w);
    const first = sa.mmsi === x ? sa : sb;
    const second = first === sa ? sb : sa;
    const d = [...r.dists].sort((u, w) => u - w);
    const k = r.dists.length;
    return {
      id: eventId('encounter', x, y, startMs),
      type: 'encounter',
      mmsi: x,
      mmsi2: y,
      startMs,
      endMs,
      lon: r.sumLon / k,
      lat: r.sumLat / k,
      confidence: endMs - startMs >= 2 * p.encounterMinDurationMs ? 4 : 3,
      params: {
        paramSet: p.name,
        encounterMaxDistanceM: p.encounterMaxDistanceM,
        encounterMinDurationMs: p.encounterMinDurationMs,
        encounterMaxSpeedKnots: p.encounterMaxSpeedKnots,
        encounterMinAreaDistanceM: p.encounterMinAreaDistanceM,
        encounterSliceMs: p.encounterSliceMs,
        encounterMaxFixGapMs: p.encounterMaxFixGapMs,
        anchorageMinVessels: p.anchorageMinVessels,
        anchorageCellM: p.anchorageCellM,
      },
      support: [first.support, second.support],
      details: { medianDistanceM: d[k >> 1], minDistanceM: d[0], slices: k },
    };
  });
}

export function detectEncounters(
  tracks: readonly Track[],
  ctx: DetectContext,
  stats?: EncounterStats,
): EventOf<'encounter'>[] {
  const S = new Samples();
  sampleEncounters(S, tracks, 0, ctx);
  const runs = encounterRuns(
    S,
    tracks.length,
    tracks.map((t) => t.mmsi),
    ctx,
    stats,
  );
  const slice = ctx.params.encounterSliceMs;
  return encounterEvents(
    runs,
    (i, side) => {
      const r = runs[i];
      const t = tracks[side === 0 ? r.a : r.b];
      return { mmsi: t.mmsi, support: supportOf(t, r.first * slice, r.last * slice) };
    },
    ctx,
  );
}
