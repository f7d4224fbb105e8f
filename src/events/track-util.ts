/** Small per-track helpers the detectors share. */
import { haversineM, impliedSpeedKnots } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import type { StaticRecord } from '../tracks/records.js';
import type { SupportRange } from './types.js';

/** Reported speed over ground at fix i, or the speed implied from the neighbouring fix when n/a. */
export function speedAt(t: Track, i: number): number {
  const s = t.speedKnots[i];
  if (!Number.isNaN(s)) return s;
  const j = i > 0 ? i - 1 : i + 1;
  if (j >= t.length) return Number.NaN;
  const a = Math.min(i, j);
  const b = Math.max(i, j);
  return impliedSpeedKnots(haversineM(t.lon[a], t.lat[a], t.lon[b], t.lat[b]), t.tsMs[b] - t.tsMs[a]);
}

export function support(t: Track, from: number, to: number): SupportRange {
  return {
    mmsi: t.mmsi,
    fromPositionId: t.positionId[from],
    toPositionId: t.positionId[to],
    count: to - from + 1,
  };
}

/** Mean lon/lat of fixes from..to (inclusive); fine for the small spans events cover. */
export function meanPosition(t: Track, from: number, to: number): [number, number] {
  let x = 0;
  let y = 0;
  for (let i = from; i <= to; i++) {
    x += t.lon[i];
    y += t.lat[i];
  }
  const n = to - from + 1;
  return [x / n, y / n];
}

/**
 * How many of `statics` (time-less first, then by time) were reported at or before `tsMs`: a
 * binary search, so per-call lookups stay cheap for ships with thousands of static reports.
 */
export function staticsUpTo(statics: readonly StaticRecord[], tsMs: number): number {
  let lo = 0;
  let hi = statics.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = statics[mid].tsMs;
    if (m === null || m <= tsMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The latest non-null draught reported at or before `tsMs` (time-less reports count as oldest). */
export function draughtAt(t: Track, tsMs: number): number | null {
  for (let i = staticsUpTo(t.statics, tsMs) - 1; i >= 0; i--) {
    const d = t.statics[i].draughtM;
    if (d !== null) return d;
  }
  return null;
}

/** Index of the first fix with time ≥ tsMs (binary search). */
export function firstAtOrAfter(t: Track, tsMs: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.tsMs[mid] < tsMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
