/**
 * Positions on land: a fix that cannot be on water (a GPS fault, a position spoofed onto land).
 * Each run of consecutive fixes lying at least `landToleranceM` from the nearest water (land.ts),
 * and as far from every area of interest (areas are known water: ports, anchorages, whatever their
 * kind), is one `on-land` event. The tolerance absorbs what the water source leaves out or draws
 * off: a simplified shore, a canal or dock too narrow for it.
 */
import { signedDistanceM } from '../areas/compile.js';
import type { Area } from '../areas/types.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { rasterDistanceToWaterM, type SurfaceSource, type WaterMask } from './land.js';
import { meanPosition, support } from './track-util.js';
import type { EventOf } from './types.js';
import { polygonDistanceToWaterM } from './water-distance.js';

/** What the on-land check reads: the raster around the fixes and the polygons behind it. */
export interface LandCheck {
  mask: WaterMask;
  source: SurfaceSource;
  /** Areas of interest, all kinds: known water. */
  areas: readonly Area[];
  /**
   * Memo of the polygons' verdict per raster cell (cell id → metres from its centre to water), so
   * a vessel parked inland for thousands of fixes costs one polygon search. Starts empty.
   */
  polygonMemo: Map<number, number>;
}

/** Fixes of one run whose distance is measured for the event (evenly spaced; runs can be long). */
const DISTANCE_SAMPLES = 16;

function areaDistanceM(areas: readonly Area[], lon: number, lat: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const a of areas) {
    const d = signedDistanceM(a, lon, lat);
    if (d < best) best = d;
  }
  return Math.max(0, best);
}

/**
 * Metres from the fix's raster cell centre to the nearest water by the polygons (memoised per
 * cell): exact where the raster, which counts a cell as water only when its centre is, misses
 * water narrower than a cell.
 */
function polygonDistanceM(check: LandCheck, lon: number, lat: number): number {
  const cell = check.mask.cellDeg;
  const col = Math.floor((lon + 180) / cell);
  const row = Math.floor((lat + 90) / cell);
  const id = row * Math.ceil(360 / cell + 1) + col;
  let d = check.polygonMemo.get(id);
  if (d === undefined) {
    d = polygonDistanceToWaterM(check.source, -180 + (col + 0.5) * cell, -90 + (row + 0.5) * cell);
    check.polygonMemo.set(id, d);
  }
  return d;
}

/**
 * Metres from a fix to the nearest water, areas of interest counting as water: the raster's
 * distance when it is below `toleranceM` (the common case: one array read), else the polygons'.
 * NaN for a position outside the globe.
 */
export function distanceToWaterM(check: LandCheck, lon: number, lat: number, toleranceM: number): number {
  const d = rasterDistanceToWaterM(check.mask, lon, lat);
  if (Number.isNaN(d) || d < toleranceM) return d;
  const a = areaDistanceM(check.areas, lon, lat);
  if (a < toleranceM) return a;
  return Math.min(a, polygonDistanceM(check, lon, lat));
}

export function detectOnLand(t: Track, ctx: DetectContext, check: LandCheck): EventOf<'on-land'>[] {
  const p = ctx.params;
  const out: EventOf<'on-land'>[] = [];
  const { lon, lat, tsMs } = t;
  let s = -1;
  const close = (e: number) => {
    const [x, y] = meanPosition(t, s, e);
    // the run's fix nearest to water, among evenly spaced ones
    const n = e - s + 1;
    const every = Math.max(1, Math.ceil(n / DISTANCE_SAMPLES));
    let nearest = Number.POSITIVE_INFINITY;
    for (let i = s; i <= e; i += every)
      nearest = Math.min(nearest, distanceToWaterM(check, lon[i], lat[i], p.landToleranceM));
    out.push({
      id: eventId('on-land', t.mmsi, null, tsMs[s]),
      type: 'on-land',
      mmsi: t.mmsi,
      mmsi2: null,
      startMs: tsMs[s],
      endMs: tsMs[e],
      lon: x,
      lat: y,
      confidence: e > s ? 3 : 2,
      params: { paramSet: p.name, landToleranceM: p.landToleranceM, landCellDeg: check.mask.cellDeg },
      support: [support(t, s, e)],
      details: {
        fixes: n,
        distanceToWaterM: Math.round(nearest),
        landSource: check.mask.source,
      },
    });
    s = -1;
  };
  for (let i = 0; i < t.length; i++) {
    if (distanceToWaterM(check, lon[i], lat[i], p.landToleranceM) >= p.landToleranceM) {
      if (s < 0) s = i;
    } else if (s >= 0) close(i - 1);
  }
  if (s >= 0) close(t.length - 1);
  return out;
}
