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
  /** Union of all boxes: one test rejects a position far from every area. */
  all: [number, number, number, number];
  /** minLon, minLat, maxLon, maxLat per area, grown by `marginM`. */
  box: Float64Array;
  callable: Uint8Array;
  marginM: number;
  /** A grid of GRID_DEG cells over `all`: cell → the areas whose box meets it (CSR layout). */
  gridCols: number;
  gridRows: number;
  gridStart: Int32Array;
  gridAreas: Int32Array;
  gridDeg: number;
}

const GRID_DEG = 0.1;
const GRID_MAX_CELLS = 1 << 20;

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
  const all: [number, number, number, number] = [
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  for (let k = 0; k < areas.length; k++) {
    all[0] = Math.min(all[0], box[k * 4]);
    all[1] = Math.min(all[1], box[k * 4 + 1]);
    all[2] = Math.max(all[2], box[k * 4 + 2]);
    all[3] = Math.max(all[3], box[k * 4 + 3]);
  }
  // a coarse grid, so a fix costs one cell lookup however many areas there are (capped in size:
  // areas spread over the globe get a coarser grid)
  let cell = GRID_DEG;
  let cols = 0;
  let rows = 0;
  if (areas.length > 0) {
    for (;;) {
      cols = Math.max(1, Math.ceil((all[2] - all[0]) / cell));
      rows = Math.max(1, Math.ceil((all[3] - all[1]) / cell));
      if (cols * rows <= GRID_MAX_CELLS) break;
      cell *= 2;
    }
  }
  const lists: number[][] = Array.from({ length: cols * rows }, () => []);
  for (let k = 0; k < areas.length; k++) {
    const c0 = Math.max(0, Math.floor((box[k * 4] - all[0]) / cell));
    const r0 = Math.max(0, Math.floor((box[k * 4 + 1] - all[1]) / cell));
    const c1 = Math.min(cols - 1, Math.floor((box[k * 4 + 2] - all[0]) / cell));
    const r1 = Math.min(rows - 1, Math.floor((box[k * 4 + 3] - all[1]) / cell));
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) lists[r * cols + c].push(k);
  }
  const gridStart = new Int32Array(cols * rows + 1);
  for (let i = 0; i < lists.length; i++) gridStart[i + 1] = gridStart[i] + lists[i].length;
  const gridAreas = new Int32Array(gridStart[lists.length]);
  for (let i = 0; i < lists.length; i++) gridAreas.set(lists[i], gridStart[i]);
  return {
    areas,
    all,
    box,
    callable,
    marginM,
    gridCols: cols,
    gridRows: rows,
    gridStart,
    gridAreas,
    gridDeg: cell,
  };
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

/** The caller's scratch for `nearestArea` (hot loops reuse one rather than allocate per fix). */
export interface AreaHit {
  index: number;
  distanceM: number;
}

export function newHit(): AreaHit {
  return { index: -1, distanceM: Number.POSITIVE_INFINITY };
}

/**
 * The area nearest to the point among those within `withinM` of their boundary (≤ the compile
 * margin): its index, also written with its distance to `hit`, or -1. With `callableOnly`, border
 * crossings and rail terminals are skipped.
 */
export function nearestArea(
  c: CompiledAreas,
  lon: number,
  lat: number,
  withinM: number,
  callableOnly: boolean,
  hit: AreaHit = newHit(),
): number {
  hit.index = -1;
  hit.distanceM = Number.POSITIVE_INFINITY;
  searchCell(c, lon, lat, withinM, callableOnly, hit);
  // Areas unwrapped across the antimeridian reach past ±180 (src/geo/ring-check.ts): a fix on the
  // other side of the line is looked up again, one turn round.
  if (lon < 0 && c.all[2] > 180) searchCell(c, lon + 360, lat, withinM, callableOnly, hit);
  else if (lon > 0 && c.all[0] < -180) searchCell(c, lon - 360, lat, withinM, callableOnly, hit);
  return hit.index;
}

function searchCell(
  c: CompiledAreas,
  lon: number,
  lat: number,
  withinM: number,
  callableOnly: boolean,
  hit: AreaHit,
): void {
  const all = c.all;
  if (lon < all[0] || lat < all[1] || lon > all[2] || lat > all[3]) return;
  const col = Math.min(c.gridCols - 1, Math.floor((lon - all[0]) / c.gridDeg));
  const row = Math.min(c.gridRows - 1, Math.floor((lat - all[1]) / c.gridDeg));
  const cellIx = row * c.gridCols + col;
  for (let q = c.gridStart[cellIx]; q < c.gridStart[cellIx + 1]; q++) {
    const k = c.gridAreas[q];
    if (callableOnly && c.callable[k] === 0) continue;
    if (!inBox(c, k, lon, lat)) continue;
    const d = signedDistanceM(c.areas[k], lon, lat);
    if (d <= withinM && d < hit.distanceM) {
      hit.index = k;
      hit.distanceM = d;
    }
  }
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
  const lon = x / n;
  // a ring unwrapped across the antimeridian can centre east of 180
  return [lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon, y / n];
}
