/**
 * Land as a raster, for the "position on land" spoofing check. The land polygons (Natural Earth
 * 1:50m, loaded by land-data.ts) are filled even-odd, row by row, into a grid of `cellDeg` cells
 * over the box the tracks cover, and a distance transform gives each land cell its distance to the
 * sea; a fix then costs two array reads. Natural Earth 1:50m smooths harbours and estuaries over
 * and a berth lies on the coastline itself, so a fix counts as on land only when it lies at least
 * `landToleranceM` inland.
 */
import { metresToLatDeg, metresToLonDeg } from '../geo/distance.js';

/** Rings of [lon, lat, lon, lat, …] (outer rings and holes alike: the fill is even-odd). */
export type LandRings = readonly Float64Array[];

export interface LandMask {
  minLon: number;
  minLat: number;
  cols: number;
  rows: number;
  cellDeg: number;
  /** 1 = land, row-major from the south-west cell. */
  land: Uint8Array;
}

/** Cells a mask may hold; a larger box gets coarser cells. */
const MAX_CELLS = 1 << 24;

/**
 * The mask over [minLon, minLat, maxLon, maxLat] (already padded by the caller), cells of
 * `cellDeg` or coarser. Boxes crossing the antimeridian are not supported (minLon ≤ maxLon).
 */
export function rasterizeLand(
  rings: LandRings,
  box: readonly [number, number, number, number],
  cellDeg: number,
): LandMask {
  const [minLon, minLat, maxLon, maxLat] = box;
  let cell = cellDeg;
  let cols = Math.max(1, Math.ceil((maxLon - minLon) / cell));
  let rows = Math.max(1, Math.ceil((maxLat - minLat) / cell));
  while (cols * rows > MAX_CELLS) {
    cell *= 2;
    cols = Math.max(1, Math.ceil((maxLon - minLon) / cell));
    rows = Math.max(1, Math.ceil((maxLat - minLat) / cell));
  }
  const land = new Uint8Array(cols * rows);
  // edges bucketed by the rows their latitude span crosses (the rest of the world is never read)
  const byRow: number[][] = Array.from({ length: rows }, () => []);
  const ex1: number[] = [];
  const ey1: number[] = [];
  const ex2: number[] = [];
  const ey2: number[] = [];
  for (const r of rings) {
    const n = r.length >> 1;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const y1 = r[2 * i + 1];
      const y2 = r[2 * j + 1];
      if (y1 === y2) continue;
      const lo = Math.min(y1, y2);
      const hi = Math.max(y1, y2);
      // row centres y with lo ≤ y < hi
      const r0 = Math.max(0, Math.ceil((lo - minLat) / cell - 0.5));
      const r1 = Math.min(rows - 1, Math.ceil((hi - minLat) / cell - 0.5) - 1);
      if (r0 > r1) continue;
      const e = ex1.length;
      ex1.push(r[2 * i]);
      ey1.push(y1);
      ex2.push(r[2 * j]);
      ey2.push(y2);
      for (let row = r0; row <= r1; row++) byRow[row].push(e);
    }
  }
  const xs: number[] = [];
  for (let row = 0; row < rows; row++) {
    const y = minLat + (row + 0.5) * cell;
    xs.length = 0;
    for (const e of byRow[row]) {
      const y1 = ey1[e];
      const y2 = ey2[e];
      if ((y1 <= y && y < y2) || (y2 <= y && y < y1))
        xs.push(ex1[e] + ((y - y1) * (ex2[e] - ex1[e])) / (y2 - y1));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // cells whose centre lies in [xs[k], xs[k+1])
      const c0 = Math.max(0, Math.ceil((xs[k] - minLon) / cell - 0.5));
      const c1 = Math.min(cols - 1, Math.ceil((xs[k + 1] - minLon) / cell - 0.5) - 1);
      for (let c = c0; c <= c1; c++) land[row * cols + c] = 1;
    }
  }
  return { minLon, minLat, cols, rows, cellDeg: cell, land };
}

/** Whether the cell holding the point is land (false outside the mask). */
export function isLandCell(m: LandMask, lon: number, lat: number): boolean {
  const c = Math.floor((lon - m.minLon) / m.cellDeg);
  const r = Math.floor((lat - m.minLat) / m.cellDeg);
  if (c < 0 || r < 0 || c >= m.cols || r >= m.rows) return false;
  return m.land[r * m.cols + c] === 1;
}

/**
 * Per cell, metres from its centre to the nearest sea cell's centre (0 at sea; Infinity when the
 * mask holds no sea): a two-pass 3 × 3 chamfer distance transform with each row's own east-west
 * cell width, so one array read answers "how far inland". The chamfer overstates a true distance
 * by up to ~8 % in some directions. Computed once per mask, on first use.
 */
export function inlandDistances(m: LandMask): Float32Array {
  const cached = inlandCache.get(m);
  if (cached) return cached;
  const { cols, rows, land } = m;
  const d = new Float32Array(cols * rows);
  for (let i = 0; i < d.length; i++) d[i] = land[i] === 1 ? Number.POSITIVE_INFINITY : 0;
  const dy = m.cellDeg / metresToLatDeg(1);
  const dxOf = (r: number) => m.cellDeg / metresToLonDeg(1, m.minLat + (r + 0.5) * m.cellDeg);
  for (let r = 0; r < rows; r++) {
    const dx = dxOf(r);
    const dd = Math.hypot(dx, dy);
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      let v = d[i];
      if (v === 0) continue;
      if (c > 0 && d[i - 1] + dx < v) v = d[i - 1] + dx;
      if (r > 0) {
        const u = i - cols;
        if (d[u] + dy < v) v = d[u] + dy;
        if (c > 0 && d[u - 1] + dd < v) v = d[u - 1] + dd;
        if (c + 1 < cols && d[u + 1] + dd < v) v = d[u + 1] + dd;
      }
      d[i] = v;
    }
  }
  for (let r = rows - 1; r >= 0; r--) {
    const dx = dxOf(r);
    const dd = Math.hypot(dx, dy);
    for (let c = cols - 1; c >= 0; c--) {
      const i = r * cols + c;
      let v = d[i];
      if (v === 0) continue;
      if (c + 1 < cols && d[i + 1] + dx < v) v = d[i + 1] + dx;
      if (r + 1 < rows) {
        const w = i + cols;
        if (d[w] + dy < v) v = d[w] + dy;
        if (c + 1 < cols && d[w + 1] + dd < v) v = d[w + 1] + dd;
        if (c > 0 && d[w - 1] + dd < v) v = d[w - 1] + dd;
      }
      d[i] = v;
    }
  }
  inlandCache.set(m, d);
  return d;
}

const inlandCache = new WeakMap<LandMask, Float32Array>();

/**
 * Whether the point lies on land at least `toleranceM` from the sea (measured from its cell's
 * centre, so to within half a cell). Outside the mask: false.
 */
export function isInland(m: LandMask, lon: number, lat: number, toleranceM: number): boolean {
  const c = Math.floor((lon - m.minLon) / m.cellDeg);
  const r = Math.floor((lat - m.minLat) / m.cellDeg);
  if (c < 0 || r < 0 || c >= m.cols || r >= m.rows) return false;
  const i = r * m.cols + c;
  if (m.land[i] === 0) return false;
  return inlandDistances(m)[i] >= toleranceM;
}
