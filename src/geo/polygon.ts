/**
 * Planar point-in-polygon (even–odd ray casting) on lon/lat degrees, and the distance from a point
 * to a polygon's boundary in a local equirectangular projection. Areas of interest are a few km
 * across, where treating degrees as planar (with longitude scaled by cos latitude) errs by metres.
 * Rings are [lon, lat] pairs, closed or not; rings after the first are holes (GeoJSON order).
 * A ring that crosses the antimeridian is held unwrapped (ring-check.ts: 179 … 181, not 179 …
 * -179), so a fix west of it (-179.5) is tested as lon + 360 (180.5).
 */
import { EARTH_RADIUS_M } from './distance.js';

export type Ring = ReadonlyArray<readonly [number, number]>;

const RAD = Math.PI / 180;

export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The longitude to test against rings unwrapped across the antimeridian: lon + 360 when the point
 * is west of 0 and nearer the ring that way (the ring reaching east of 180). Only negative
 * longitudes pay the scan of the ring.
 */
export function lonForRings(lon: number, rings: ReadonlyArray<Ring>): number {
  if (lon >= 0 || rings.length === 0) return lon;
  let west = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  for (const p of rings[0]) {
    if (p[0] > east) east = p[0];
    if (p[0] < west) west = p[0];
  }
  return east > 180 && lon + 360 - east < west - lon ? lon + 360 : lon;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(lonIn: number, lat: number, rings: ReadonlyArray<Ring>): boolean {
  const lon = lonForRings(lonIn, rings);
  if (rings.length === 0 || !pointInRing(lon, lat, rings[0])) return false;
  for (let k = 1; k < rings.length; k++) if (pointInRing(lon, lat, rings[k])) return false;
  return true;
}

/** Metres from the point to the nearest edge of any ring (0 on the boundary). */
export function distanceToBoundaryM(lonIn: number, lat: number, rings: ReadonlyArray<Ring>): number {
  const lon = lonForRings(lonIn, rings);
  const kx = Math.cos(lat * RAD) * RAD * EARTH_RADIUS_M;
  const ky = RAD * EARTH_RADIUS_M;
  let best = Number.POSITIVE_INFINITY;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const ax = (ring[j][0] - lon) * kx;
      const ay = (ring[j][1] - lat) * ky;
      const bx = (ring[i][0] - lon) * kx;
      const by = (ring[i][1] - lat) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
      const px = ax + t * dx;
      const py = ay + t * dy;
      const d = Math.sqrt(px * px + py * py);
      if (d < best) best = d;
    }
  }
  return best;
}

/** Signed distance: negative inside the polygon, positive outside (metres). */
export function signedDistanceToPolygonM(lon: number, lat: number, rings: ReadonlyArray<Ring>): number {
  const d = distanceToBoundaryM(lon, lat, rings);
  return pointInPolygon(lon, lat, rings) ? -d : d;
}

/** [minLon, minLat, maxLon, maxLat] of the outer ring. */
export function ringBounds(ring: Ring): [number, number, number, number] {
  let a = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  let c = Number.NEGATIVE_INFINITY;
  let d = Number.NEGATIVE_INFINITY;
  for (const [x, y] of ring) {
    if (x < a) a = x;
    if (y < b) b = y;
    if (x > c) c = x;
    if (y > d) d = y;
  }
  return [a, b, c, d];
}
