/**
 * Areas compiled for the hot path: each area gets a bounding box (in degrees) grown by the widest
 * distance any detector asks about, so a position far from every area costs a few comparisons and
 * no trigonometry. `signedDistanceM` is ≤ 0 inside the area's entry boundary.
 */
import { haversineM, metresToLatDeg, metresToLonDeg } from '../geo/distance.js';
import { ringBounds, signedDistanceToPolygonM } from '../geo/polygon.js';
import { type Area, CALLABLE_KINDS } from './types.js';

export interface CompiledAreas {
  areas: readonly Area[];
  /** minLon, minLat, maxLon, maxLat per area, grown by `marginM`. */
  box: Float64Array;
  callable: Uint8Array;
  marginM: number;
}

export function compileAreas(areas: readonly Area[], marginM: number): CompiledAreas {
  const box = new Float64Array(areas.length * 4);
  const callable = new Uint8Array(areas.length);
  areas.forEach((a, k) => {
    const g = a.geometry;
    let b: [number, number, number, number];
    if (g.type === 'circle') b = [g.lon, g.lat, g.lon, g.lat];
    else b = ringBounds(g.rings[0]);
    const extraM = (g.type === 'circle' ? g.radiusM : 0) + marginM;
    const latPad = metresToLatDeg(extraM);
    const lonPad = metresToLonDeg(extraM, Math.max(Math.abs(b[1]), Math.abs(b[3])) + latPad);
    box[k * 4] = b[0] - lonPad;
    box[k * 4 + 1] = b[1] - latPad;
    box[k * 4 + 2] = b[2] + lonPad;
    box[k * 4 + 3] = b[3] + latPad;
    callable[k] = CALLABLE_KINDS.has(a.kind) ? 1 : 0;
  });
  return { areas, box, callable, marginM };
}

/** Metres from the area's entry boundary: negative or zero inside, positive outside. */
export function signedDistanceM(area: Area, lon: number, lat: number): number {
  const g = area.geometry;
  if (g.type === 'circle') return haversineM(g.lon, g.lat, lon, lat) - g.radiusM;
  return signedDistanceToPolygonM(lon, lat, g.rings);
}

/** Whether the point may lie within `marginM` of area k (cheap box test, no false negatives). */
export function inBox(c: CompiledAreas, k: number, lon: number, lat: number): boolean {
  const o = k * 4;
  return lon >= c.box[o] && lat >= c.box[o + 1] && lon <= c.box[o + 2] && lat <= c.box[o + 3];
}

/**
 * The area nearest to the point among those within `withinM` of their boundary (≤ the compile
 * margin), as its index, or -1. With `callableOnly`, border crossings and rail terminals are skipped.
 */
export function nearestArea(
  c: CompiledAreas,
  lon: number,
  lat: number,
  withinM: number,
  callableOnly: boolean,
): { index: number; distanceM: number } {
  let best = -1;
  let bestD = Number.POSITIVE_INFINITY;
  for (let k = 0; k < c.areas.length; k++) {
    if (callableOnly && c.callable[k] === 0) continue;
    if (!inBox(c, k, lon, lat)) continue;
    const d = signedDistanceM(c.areas[k], lon, lat);
    if (d <= withinM && d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return { index: best, distanceM: bestD };
}

/** Centre of an area (the circle centre, or the outer ring's vertex mean). */
export function areaCentre(area: Area): [number, number] {
  const g = area.geometry;
  if (g.type === 'circle') return [g.lon, g.lat];
  const ring = g.rings[0];
  const n =
    ring.length > 1 && ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1]
      ? ring.length - 1
      : ring.length;
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += ring[i][0];
    y += ring[i][1];
  }
  return [x / n, y / n];
}

/** Rough radius of an area around its centre (circle radius, or farthest vertex). */
export function areaRadiusM(area: Area): number {
  const g = area.geometry;
  if (g.type === 'circle') return g.radiusM;
  const [cx, cy] = areaCentre(area);
  let r = 0;
  for (const [x, y] of g.rings[0]) r = Math.max(r, haversineM(cx, cy, x, y));
  return r;
}
