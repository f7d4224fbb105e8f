/**
 * Membership in a reachable ellipse, by its definition (|AP| + |PB| within the major axis): what
 * the tests check reachableEllipse against. The detectors and the map only store and draw the
 * ellipse, so these are test-only.
 */
import { haversineM } from '../../src/geo/distance.js';
import type { ReachableEllipse } from '../../src/geo/ellipse.js';

/** Whether P lies inside (or on) the ellipse. */
export function ellipseContains(e: ReachableEllipse, lon: number, lat: number): boolean {
  return haversineM(e.lonA, e.latA, lon, lat) + haversineM(lon, lat, e.lonB, e.latB) <= e.majorAxisM;
}

/**
 * Whether a disc (centre, radius) intersects the ellipse: some point of the disc has a distance sum
 * within the major axis. The nearest disc point lowers each focal distance by at most the radius,
 * so subtracting 2r is exact when both foci lie outside the disc and conservative otherwise.
 */
export function ellipseTouchesDisc(e: ReachableEllipse, lon: number, lat: number, radiusM: number): boolean {
  const dA = Math.max(0, haversineM(e.lonA, e.latA, lon, lat) - radiusM);
  const dB = Math.max(0, haversineM(lon, lat, e.lonB, e.latB) - radiusM);
  return dA + dB <= e.majorAxisM;
}
