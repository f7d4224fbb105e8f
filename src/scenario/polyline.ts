/**
 * Walking a route: the simulator's points are `{ lat, lon }` objects (as in the scenario file);
 * the spherical geometry itself is src/geo's (haversine, initial bearing, destination point).
 */
import { destinationPoint, initialBearingDeg } from '../geo/bearing.js';
import { EARTH_RADIUS_M, haversineM } from '../geo/distance.js';

export interface LatLon {
  lat: number;
  lon: number;
}

/** src/geo's [lon, lat] as a scenario point. */
export function latLon([lon, lat]: readonly [number, number]): LatLon {
  return { lat, lon };
}

/** The point `distM` from `from` along initial bearing `bearing` (degrees). */
export function destination(from: LatLon, bearing: number, distM: number): LatLon {
  return latLon(destinationPoint(from.lon, from.lat, bearing, distM));
}

export function distanceM(a: LatLon, b: LatLon): number {
  return haversineM(a.lon, a.lat, b.lon, b.lat);
}

const LAT_M_PER_RAD = EARTH_RADIUS_M;
const RAD = Math.PI / 180;

/**
 * `distanceM(a, b) <= radiusM`, exactly, with a shortcut: the great-circle distance is at least
 * the latitude difference times the earth radius, so a point that far off (with a margin well
 * above rounding) is outside without the haversine.
 */
export function withinM(a: LatLon, b: LatLon, radiusM: number): boolean {
  if (Math.abs(b.lat - a.lat) * RAD * LAT_M_PER_RAD > radiusM * (1 + 1e-9) + 1e-6) return false;
  return distanceM(a, b) <= radiusM;
}

/**
 * `distanceM(a, b) - radiusM` where that decides `withinM(a, b, radiusM)` (≤ 0: within), else a
 * lower bound of it taken from the latitude difference (> 0: outside), without the haversine.
 */
export function gapM(a: LatLon, b: LatLon, radiusM: number): number {
  const latM = Math.abs(b.lat - a.lat) * RAD * LAT_M_PER_RAD;
  if (latM > radiusM * (1 + 1e-9) + 1e-6) return latM - radiusM;
  const d = distanceM(a, b);
  return d <= radiusM ? Math.min(0, d - radiusM) : d - radiusM;
}

export function bearingDeg(a: LatLon, b: LatLon): number {
  return initialBearingDeg(a.lon, a.lat, b.lon, b.lat);
}

/** Point at fraction f of the way from a to b; legs here are short, so a linear blend is used. */
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
