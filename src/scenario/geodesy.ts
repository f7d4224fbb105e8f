/**
 * Spherical-earth geometry the simulator needs (mean radius 6,371,008.8 m, IUGG). Kept local so
 * the scenario does not depend on src/geo while that is being written; the formulas are the
 * standard haversine / initial-bearing / destination-point ones.
 */

export const EARTH_RADIUS_M = 6371008.8;
export const METRES_PER_NM = 1852;
export const MS_PER_KNOT = METRES_PER_NM / 3600;

export interface LatLon {
  lat: number;
  lon: number;
}

const RAD = Math.PI / 180;

export function distanceM(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial great-circle bearing from a to b, degrees [0, 360). */
export function bearingDeg(a: LatLon, b: LatLon): number {
  const p1 = a.lat * RAD;
  const p2 = b.lat * RAD;
  const dl = (b.lon - a.lon) * RAD;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  return (Math.atan2(y, x) / RAD + 360) % 360;
}

/** The point `distM` from `from` along initial bearing `bearing` (degrees). */
export function destination(from: LatLon, bearing: number, distM: number): LatLon {
  const d = distM / EARTH_RADIUS_M;
  const t = bearing * RAD;
  const p1 = from.lat * RAD;
  const l1 = from.lon * RAD;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(t));
  const l2 =
    l1 + Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return { lat: p2 / RAD, lon: ((l2 / RAD + 540) % 360) - 180 };
}

/** Point at fraction f of the way from a to b; legs here are short, so a rhumb-free linear blend is used. */
export function lerp(a: LatLon, b: LatLon, f: number): LatLon {
  return { lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f };
}

/** Cumulative distances along a polyline, metres; out[0] = 0. */
export function cumulativeM(points: readonly LatLon[]): number[] {
  const out = [0];
  for (let i = 1; i < points.length; i++) out.push(out[i - 1] + distanceM(points[i - 1], points[i]));
  return out;
}

/** Point and course at distance `alongM` on a polyline with cumulative distances `cum`. */
export function along(
  points: readonly LatLon[],
  cum: readonly number[],
  alongM: number,
): { pos: LatLon; courseDeg: number } {
  const n = points.length;
  if (n === 1 || alongM <= 0)
    return { pos: points[0], courseDeg: n > 1 ? bearingDeg(points[0], points[1]) : 0 };
  if (alongM >= cum[n - 1])
    return { pos: points[n - 1], courseDeg: bearingDeg(points[n - 2], points[n - 1]) };
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] <= alongM) lo = mid;
    else hi = mid;
  }
  const seg = cum[hi] - cum[lo];
  const f = seg > 0 ? (alongM - cum[lo]) / seg : 0;
  return { pos: lerp(points[lo], points[hi], f), courseDeg: bearingDeg(points[lo], points[hi]) };
}
