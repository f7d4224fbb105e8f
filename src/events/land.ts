/**
 * Water and land as a tiled raster, for the "position on land" check. A surface source (land
 * polygons, then water layers over them: lakes, rivers) is filled into square tiles of
 * `TILE_CELLS` × `TILE_CELLS` cells of `cellDeg`, only the tiles some fix lies in, each with a
 * margin of at least `reachM` so that every water cell within `reachM` of a tile cell is in the
 * tile. A chamfer distance transform then gives every cell its distance to the nearest water; a
 * fix costs a map lookup and an array read. One global raster would need ~0.1° cells to stay
 * bounded for tracks spread over several seas, far too coarse for a harbour.
 */
import { metresToLatDeg, metresToLonDeg } from '../geo/distance.js';

/** Rings of [lon, lat, lon, lat, …] (outer rings and holes alike: each layer is filled even-odd). */
export type LandRings = readonly Float64Array[];

/**
 * Where the water is. With `land`, the land rings are land and the rest is water; without, all is
 * land. Each `water` layer (lakes, rivers, seas) is then water wherever it covers.
 */
export interface SurfaceSource {
  /** Human-readable name and licence, recorded on every `on-land` event. */
  name: string;
  land: LandRings | null;
  water: readonly LandRings[];
}

export interface WaterTile {
  /** South-west corner of the tile's first cell, margin included. */
  minLon: number;
  minLat: number;
  cols: number;
  rows: number;
  /** Per cell, distance to the nearest water cell in steps of the mask's `stepM` (255: beyond reach). */
  dist: Uint8Array;
}

export interface WaterMask {
  source: string;
  cellDeg: number;
  /** Distances up to this are known from the raster; a larger one means "at least this far". */
  reachM: number;
  /** Metres per stored distance step. */
  stepM: number;
  tiles: ReadonlyMap<number, WaterTile>;
}

/**
 * Cells one tile's core spans on a side: small enough that a track's tiles hug its path (at
 * 0.002° a tile is ~14 km), large enough that the margins stay a fraction of the tile.
 */
const TILE_CELLS = 64;
/** Cells all tiles may hold together (one byte each, 32 MiB); more tiles get coarser cells. */
const MAX_CELLS = 1 << 25;
/** Stored distance for "beyond reach". */
const FAR = 255;
/** Below this cosine (|lat| > ~87°) the east-west margin is computed as at 87°. */
const MIN_COS = 0.05;

function tileKey(tx: number, ty: number): number {
  return ty * 1_000_000 + tx;
}

function tileDegOf(cellDeg: number): number {
  return cellDeg * TILE_CELLS;
}

interface TilePlan {
  tx: number;
  ty: number;
  marginCols: number;
  marginRows: number;
}

function marginsOf(ty: number, cellDeg: number, reachM: number): [number, number] {
  const tileDeg = tileDegOf(cellDeg);
  const lat0 = -90 + ty * tileDeg;
  const latMax = Math.min(89, Math.max(Math.abs(lat0), Math.abs(lat0 + tileDeg)) + metresToLatDeg(reachM));
  const rows = Math.ceil(metresToLatDeg(reachM) / cellDeg) + 1;
  const lonDeg = Math.min(metresToLonDeg(reachM, latMax), metresToLatDeg(reachM) / MIN_COS);
  const cols = Math.ceil(lonDeg / cellDeg) + 1;
  return [cols, rows];
}

function planTiles(
  lon: ArrayLike<number>[],
  lat: ArrayLike<number>[],
  cellDeg: number,
  reachM: number,
): { plans: TilePlan[]; cells: number } {
  const tileDeg = tileDegOf(cellDeg);
  const keys = new Map<number, TilePlan>();
  let cells = 0;
  for (let k = 0; k < lon.length; k++) {
    const xs = lon[k];
    const ys = lat[k];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const y = ys[i];
      if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) continue;
      const tx = Math.floor((x + 180) / tileDeg);
      const ty = Math.floor((y + 90) / tileDeg);
      const key = tileKey(tx, ty);
      if (keys.has(key)) continue;
      const [marginCols, marginRows] = marginsOf(ty, cellDeg, reachM);
      keys.set(key, { tx, ty, marginCols, marginRows });
      cells += (TILE_CELLS + 2 * marginCols) * (TILE_CELLS + 2 * marginRows);
    }
  }
  return { plans: [...keys.values()], cells };
}

/**
 * One fix per tile of the finest grid `buildWaterMask` would use: tiles nest as cells double, so
 * the mask built around these fixes equals the one built around all of them. Lets a detector that
 * reads tracks in batches keep a point per tile instead of every fix.
 */
export function addTileRepresentatives(
  reps: Map<number, [number, number]>,
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  cellDeg: number,
): void {
  const tileDeg = tileDegOf(cellDeg);
  for (let i = 0; i < lon.length; i++) {
    const x = lon[i];
    const y = lat[i];
    if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) continue;
    const key = tileKey(Math.floor((x + 180) / tileDeg), Math.floor((y + 90) / tileDeg));
    if (!reps.has(key)) reps.set(key, [x, y]);
  }
}

/**
 * The last water mask built, kept for the next detection over the same tiles: a live pass every
 * second reads the same sea, and the mask (a few hundred ms to build there) depends only on the
 * source, the tiles visited and the two sizes.
 */
export class WaterMaskMemo {
  private last: { source: SurfaceSource; key: string; mask: WaterMask } | null = null;

  /** The mask around one representative fix per tile (addTileRepresentatives). */
  of(
    source: SurfaceSource,
    reps: ReadonlyMap<number, [number, number]>,
    cellDeg: number,
    reachM: number,
  ): WaterMask {
    const key = `${cellDeg}:${reachM}:${[...reps.keys()].sort((a, b) => a - b).join(',')}`;
    if (this.last !== null && this.last.source === source && this.last.key === key) return this.last.mask;
    const points = [...reps.values()];
    const mask = buildWaterMask(
      source,
      [points.map((r) => r[0])],
      [points.map((r) => r[1])],
      cellDeg,
      reachM,
    );
    this.last = { source, key, mask };
    return mask;
  }
}

interface Building {
  plan: TilePlan;
  minLon: number;
  minLat: number;
  cols: number;
  rows: number;
  /** First global row of the tile (row index over the whole globe from -90°). */
  row0: number;
  water: Uint8Array;
}

/**
 * The water mask around every fix of `lon[k]`/`lat[k]` (one pair of columns per track), cells of
 * `cellDeg` or coarser (doubled until all tiles fit `MAX_CELLS`), distances known up to `reachM`.
 * Fixes outside [-180, 180] × [-90, 90] get no tile (and are never on land).
 */
export function buildWaterMask(
  source: SurfaceSource,
  lon: ArrayLike<number>[],
  lat: ArrayLike<number>[],
  cellDeg: number,
  reachM: number,
): WaterMask {
  let cell = cellDeg;
  let plan = planTiles(lon, lat, cell, reachM);
  while (plan.cells > MAX_CELLS) {
    cell *= 2;
    plan = planTiles(lon, lat, cell, reachM);
  }
  const tileDeg = tileDegOf(cell);
  const globalRows = Math.round(180 / cell);
  const step = distanceStepM(reachM);
  // tiles grouped into bands of one tile row: a band's rows are filled once for all its tiles
  const bands = new Map<number, Band>();
  for (const p of plan.plans) {
    const cols = TILE_CELLS + 2 * p.marginCols;
    const rows = TILE_CELLS + 2 * p.marginRows;
    const row0 = p.ty * TILE_CELLS - p.marginRows;
    const b: Building = {
      plan: p,
      minLon: -180 + p.tx * tileDeg - p.marginCols * cell,
      minLat: -90 + p.ty * tileDeg - p.marginRows * cell,
      cols,
      rows,
      row0,
      water: new Uint8Array(cols * rows).fill(source.land ? 1 : 0),
    };
    const band = bands.get(p.ty) ?? {
      r0: Math.max(0, row0),
      r1: Math.min(globalRows - 1, row0 + rows - 1),
      tiles: [],
    };
    band.tiles.push(b);
    bands.set(p.ty, band);
  }
  const marginRows = plan.plans[0]?.marginRows ?? 0;
  const layers: Array<[LandRings, number]> = source.land ? [[source.land, 0]] : [];
  for (const w of source.water) layers.push([w, 1]);
  for (const [rings, value] of layers) {
    const edges = edgesByBand(rings, bands, cell, marginRows);
    for (const [ty, band] of bands) {
      const e = edges.get(ty);
      if (e) fillBand(e, band, cell, value);
    }
  }
  const tiles = new Map<number, WaterTile>();
  for (const band of bands.values())
    for (const b of band.tiles)
      tiles.set(tileKey(b.plan.tx, b.plan.ty), {
        minLon: b.minLon,
        minLat: b.minLat,
        cols: b.cols,
        rows: b.rows,
        dist: distanceToWater(b, cell, step),
      });
  return { source: source.name, cellDeg: cell, reachM, stepM: step, tiles };
}

interface Band {
  /** Global rows the band's tiles span, margins included. */
  r0: number;
  r1: number;
  tiles: Building[];
}

/** Edges as x1, y1, x2, y2 quadruples. */
type EdgeList = number[];

/** Every non-horizontal edge of `rings`, listed under each band whose rows its latitudes cross. */
function edgesByBand(
  rings: LandRings,
  bands: ReadonlyMap<number, Band>,
  cell: number,
  marginRows: number,
): Map<number, EdgeList> {
  const out = new Map<number, EdgeList>();
  for (const r of rings) {
    const n = r.length >> 1;
    for (let i = 0; i < n; i++) {
      const j = i + 1 === n ? 0 : i + 1;
      const y1 = r[2 * i + 1];
      const y2 = r[2 * j + 1];
      if (y1 === y2) continue;
      const lo = Math.min(y1, y2);
      const hi = Math.max(y1, y2);
      const a = Math.floor((lo + 90) / cell) - marginRows;
      const b = Math.floor((hi + 90) / cell) + marginRows;
      const t0 = Math.floor(a / TILE_CELLS);
      const t1 = Math.floor(b / TILE_CELLS);
      for (let ty = t0; ty <= t1; ty++) {
        if (!bands.has(ty)) continue;
        let list = out.get(ty);
        if (!list) {
          list = [];
          out.set(ty, list);
        }
        list.push(r[2 * i], y1, r[2 * j], y2);
      }
    }
  }
  return out;
}

/**
 * Sets the cells whose centre lies inside the edges' rings (even-odd) to `value` (1 = water), over
 * one band of tiles. Spans are repeated 360° east and west so a tile across the antimeridian sees
 * the water on its far side.
 */
function fillBand(edges: EdgeList, band: Band, cell: number, value: number): void {
  const { r0, r1, tiles } = band;
  const nRows = r1 - r0 + 1;
  // edges per row as one flat index (counting sort): no array per row for the collector to chase
  const first = new Int32Array(nRows + 1);
  const rowsOf = (e: number): [number, number] => {
    const y1 = edges[e + 1];
    const y2 = edges[e + 3];
    const lo = Math.min(y1, y2);
    const hi = Math.max(y1, y2);
    // rows whose centre y satisfies lo ≤ y < hi
    return [
      Math.max(r0, Math.ceil((lo + 90) / cell - 0.5)),
      Math.min(r1, Math.ceil((hi + 90) / cell - 0.5) - 1),
    ];
  };
  for (let e = 0; e < edges.length; e += 4) {
    const [a, b] = rowsOf(e);
    for (let row = a; row <= b; row++) first[row - r0 + 1]++;
  }
  for (let i = 0; i < nRows; i++) first[i + 1] += first[i];
  const at = first.slice(0, nRows);
  const byRow = new Int32Array(first[nRows]);
  for (let e = 0; e < edges.length; e += 4) {
    const [a, b] = rowsOf(e);
    for (let row = a; row <= b; row++) byRow[at[row - r0]++] = e;
  }
  let xs = new Float64Array(64);
  for (let row = r0; row <= r1; row++) {
    const from = first[row - r0];
    const n = first[row - r0 + 1] - from;
    if (n === 0) continue;
    const y = -90 + (row + 0.5) * cell;
    if (xs.length < n) xs = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const e = byRow[from + k];
      const x1 = edges[e];
      const y1 = edges[e + 1];
      xs[k] = x1 + ((y - y1) * (edges[e + 2] - x1)) / (edges[e + 3] - y1);
    }
    const crossings = xs.subarray(0, n).sort();
    for (const t of tiles) {
      const tr = row - t.row0;
      if (tr < 0 || tr >= t.rows) continue;
      const west = t.minLon;
      const east = t.minLon + t.cols * cell;
      for (const shift of west < -180 || east > 180 ? [0, -360, 360] : [0]) {
        // first span ending east of the tile's west edge (xs is sorted, spans are [crossings[k], crossings[k+1]))
        let lo = 0;
        let hi = crossings.length >> 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (crossings[2 * mid + 1] + shift < west) lo = mid + 1;
          else hi = mid;
        }
        for (let k = 2 * lo; k + 1 < crossings.length && crossings[k] + shift <= east; k += 2) {
          // cells whose centre lies in [x0, x1)
          const c0 = Math.max(0, Math.ceil((crossings[k] + shift - west) / cell - 0.5));
          const c1 = Math.min(t.cols - 1, Math.ceil((crossings[k + 1] + shift - west) / cell - 0.5) - 1);
          if (c0 <= c1) t.water.fill(value, tr * t.cols + c0, tr * t.cols + c1 + 1);
        }
      }
    }
  }
}

/** Metres one stored distance unit stands for: `reachM` in at most 254 steps (255 = beyond). */
function distanceStepM(reachM: number): number {
  return Math.max(1, Math.ceil(reachM / 254));
}

/**
 * Per cell, metres from its centre to the nearest water cell's centre: a two-pass 3 × 3 chamfer
 * distance transform with each row's own east-west cell width. The chamfer overstates a true
 * distance by up to ~8 % in some directions.
 */
function distanceToWater(b: Building, cell: number, stepM: number): Uint8Array {
  const { cols, rows, water } = b;
  const d = new Float32Array(cols * rows);
  for (let i = 0; i < d.length; i++) d[i] = water[i] === 1 ? 0 : Number.POSITIVE_INFINITY;
  const dy = cell / metresToLatDeg(1);
  const dxOf = (r: number) => cell / metresToLonDeg(1, b.minLat + (r + 0.5) * cell);
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
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const q = Math.round(d[i] / stepM);
    out[i] = Math.min(q, FAR);
  }
  return out;
}

/**
 * Metres from the point's cell to the nearest water cell by the raster: 0 on water, at most
 * `m.reachM` when water lies that close, else `Infinity` (farther than the raster can see, or
 * no tile: then the caller measures against the polygons, water-distance.ts). NaN for a position
 * outside the globe.
 */
export function rasterDistanceToWaterM(m: WaterMask, lon: number, lat: number): number {
  if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) return Number.NaN;
  const tileDeg = tileDegOf(m.cellDeg);
  const t = m.tiles.get(tileKey(Math.floor((lon + 180) / tileDeg), Math.floor((lat + 90) / tileDeg)));
  if (!t) return Number.POSITIVE_INFINITY;
  const c = Math.floor((lon - t.minLon) / m.cellDeg);
  const r = Math.floor((lat - t.minLat) / m.cellDeg);
  if (c < 0 || r < 0 || c >= t.cols || r >= t.rows) return Number.POSITIVE_INFINITY;
  const q = t.dist[r * t.cols + c];
  return q === FAR ? Number.POSITIVE_INFINITY : q * m.stepM;
}
