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
import { nearestArea } from '../areas/compile.js';
import { haversineM, metresToLatDeg } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { firstAtOrAfter, speedAt, support } from './track-util.js';
import type { EventOf } from './types.js';

const RAD = Math.PI / 180;

class Samples {
  slice: Float64Array = new Float64Array(1024);
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
    const m = this.slice.length * 2;
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(m);
      b.set(a);
      return b;
    };
    this.slice = f(this.slice);
    this.lon = f(this.lon);
    this.lat = f(this.lat);
    const v = new Int32Array(m);
    v.set(this.vessel);
    this.vessel = v;
  }
}

export interface EncounterStats {
  samples: number;
  pairChecks: number;
  slices: number;
}

interface Run {
  a: number;
  b: number;
  first: number;
  last: number;
  dists: number[];
  sumLon: number;
  sumLat: number;
}

export function detectEncounters(
  tracks: readonly Track[],
  ctx: DetectContext,
  stats?: EncounterStats,
): EventOf<'encounter'>[] {
  const p = ctx.params;
  const slice = p.encounterSliceMs;
  const S = new Samples();
  for (let v = 0; v < tracks.length; v++) {
    const t = tracks[v];
    const { tsMs, lon, lat } = t;
    let lastSlice = Number.NEGATIVE_INFINITY;
    let prevSlow = t.length > 0 && speedAt(t, 0) < p.encounterMaxSpeedKnots;
    for (let i = 0; i + 1 < t.length; i++) {
      const nextSlow = speedAt(t, i + 1) < p.encounterMaxSpeedKnots;
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
        if (nearestArea(ctx.awayIndex, x, y, p.encounterMinAreaDistanceM, true).index >= 0) continue;
        S.push(k, v, x, y);
      }
    }
  }
  const n = S.n;
  // order samples by slice (composite key: slice offset × 2^27 + sample index, exact in a double)
  let minSlice = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) if (S.slice[i] < minSlice) minSlice = S.slice[i];
  const order = new Float64Array(n);
  const SHIFT = 2 ** 27;
  for (let i = 0; i < n; i++) order[i] = (S.slice[i] - minSlice) * SHIFT + i;
  order.sort();

  const cellLat = metresToLatDeg(p.encounterMaxDistanceM);
  const maxD = p.encounterMaxDistanceM;
  const kLat = 6371008.8 * RAD;
  const head = new Map<number, number>();
  const next = new Int32Array(n);
  const cellOf = new Float64Array(n);
  const active = new Map<number, Run>();
  const V = tracks.length;
  const out: EventOf<'encounter'>[] = [];
  let pairChecks = 0;
  let slices = 0;

  const emit = (r: Run): void => {
    const startMs = r.first * slice;
    const endMs = r.last * slice;
    if (endMs - startMs < p.encounterMinDurationMs) return;
    const ta = tracks[r.a];
    const tb = tracks[r.b];
    const [x, y] = [ta.mmsi, tb.mmsi].sort((u, w) => u - w);
    const first = ta.mmsi === x ? ta : tb;
    const second = first === ta ? tb : ta;
    const d = [...r.dists].sort((u, w) => u - w);
    const k = r.dists.length;
    const range = (t: Track) => {
      const a = Math.max(0, firstAtOrAfter(t, startMs) - 1);
      const b = Math.min(t.length - 1, firstAtOrAfter(t, endMs));
      return support(t, a, b);
    };
    out.push({
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
      },
      support: [range(first), range(second)],
      details: { medianDistanceM: d[k >> 1], minDistanceM: d[0], slices: k },
    });
  };

  let s0 = 0;
  while (s0 < n) {
    const sliceNo = Math.floor(order[s0] / SHIFT) + minSlice;
    let s1 = s0;
    while (s1 < n && Math.floor(order[s1] / SHIFT) + minSlice === sliceNo) s1++;
    slices++;
    // close runs that missed the previous slice
    for (const [key, r] of active)
      if (r.last < sliceNo - 1) {
        emit(r);
        active.delete(key);
      }
    let maxAbsLat = 0;
    for (let q = s0; q < s1; q++) {
      const i = order[q] % SHIFT;
      maxAbsLat = Math.max(maxAbsLat, Math.abs(S.lat[i]));
    }
    const cellLon = cellLat / Math.cos(Math.min(maxAbsLat + cellLat, 85) * RAD);
    head.clear();
    for (let q = s0; q < s1; q++) {
      const i = order[q] % SHIFT;
      const key = Math.floor(S.lat[i] / cellLat) * 4_194_304 + Math.floor((S.lon[i] + 180) / cellLon);
      cellOf[i] = key;
      const h = head.get(key);
      next[i] = h === undefined ? -1 : h;
      head.set(key, i);
    }
    for (let q = s0; q < s1; q++) {
      const i = order[q] % SHIFT;
      const key = cellOf[i];
      const yi = S.lat[i];
      const xi = S.lon[i];
      const kx = Math.cos(yi * RAD) * kLat;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          let j = head.get(key + dy * 4_194_304 + dx);
          while (j !== undefined && j >= 0) {
            // each unordered pair once: only partners with a larger sample index
            if (j > i && S.vessel[j] !== S.vessel[i]) {
              pairChecks++;
              const ex = (S.lon[j] - xi) * kx;
              const ey = (S.lat[j] - yi) * kLat;
              if (ex * ex + ey * ey <= maxD * maxD * 1.01) {
                const dist = haversineM(xi, yi, S.lon[j], S.lat[j]);
                if (dist <= maxD) {
                  const a = Math.min(S.vessel[i], S.vessel[j]);
                  const b = Math.max(S.vessel[i], S.vessel[j]);
                  const pk = a * V + b;
                  let r = active.get(pk);
                  if (r && r.last === sliceNo) {
                    // the pair already matched in this slice (a vessel with two samples)
                  } else {
                    if (!r) {
                      r = { a, b, first: sliceNo, last: sliceNo, dists: [], sumLon: 0, sumLat: 0 };
                      active.set(pk, r);
                    }
                    r.last = sliceNo;
                    r.dists.push(dist);
                    r.sumLon += (xi + S.lon[j]) / 2;
                    r.sumLat += (yi + S.lat[j]) / 2;
                  }
                }
              }
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
