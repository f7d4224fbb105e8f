/**
 * Walking a route: the simulator's points are `{ lat, lon }` objects (as in the scenario file);
 * the spherical geometry itself is src/geo's (haversine, initial bearing, destination point).
 */
import { destinationPoint, initialBearingDeg } from '../geo/bearing.js';
import { haversineM } from '../geo/distance.js';

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
