/**
 * Positions on land: a fix that cannot be on water (a GPS fault, a position spoofed onto land).
 * The water (land.ts) is coarse: it draws shores ~2 km off and leaves out rivers, canals and docks
 * narrower than 1 km, on which real ships sail. So the map alone convicts a fix only far from any
 * water (`landFarInlandM`); `landToleranceM` suffices where the track shows the fault too: the fix
 * belongs to a second segment of an MMSI whose main segment is on water (the same transmitter, or
 * its clone, heard at sea while this position was inland). Each run of consecutive fixes beyond
 * the distance in force from the nearest water and every area of interest (areas are known water:
 * ports, anchorages, whatever their kind) is one `on-land` event when it holds `landMinFixes`
 * fixes or more: a position reported once is not a ship on land.
 */
import { signedDistanceM } from '../areas/compile.js';
import type { Area } from '../areas/types.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { rasterDistanceToWaterM, type SurfaceSource, type WaterMask } from './land.js';
import type { EventParams } from './params.js';
import { meanPosition, support } from './track-util.js';
import type { EventOf } from './types.js';
import { polygonDistanceToWaterM, type RingBoundsMemo } from './water-distance.js';

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
  /** Each polygon layer's ring boxes, for the polygon search; starts empty. */
  ringBounds: RingBoundsMemo;
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
    d = polygonDistanceToWaterM(
      check.source,
      check.ringBounds,
      -180 + (col + 0.5) * cell,
      -90 + (row + 0.5) * cell,
    );
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

/** Fixes of a segment sampled to tell whether it is on water. */
const WATER_SAMPLES = 16;

/** Whether most of the (evenly sampled) fixes of `t` lie within `toleranceM` of water. */
function mostlyOnWater(check: LandCheck, t: Track, toleranceM: number): boolean {
  const every = Math.max(1, Math.ceil(t.length / WATER_SAMPLES));
  let wet = 0;
  let all = 0;
  for (let i = 0; i < t.length; i += every, all++)
    if (distanceToWaterM(check, t.lon[i], t.lat[i], toleranceM) < toleranceM) wet++;
  return wet * 2 > all;
}

/**
 * Per segment of one MMSI (`splitSegments` order), the distance from water beyond which its fixes
 * are on land: `landToleranceM` for a segment other than the largest when the largest is on
 * water, else `landFarInlandM`.
 */
export function onLandDistancesM(
  segments: readonly Track[],
  check: LandCheck,
  p: Readonly<EventParams>,
): number[] {
  const far = segments.map(() => p.landFarInlandM);
  if (segments.length < 2) return far;
  let main = 0;
  for (let k = 1; k < segments.length; k++) if (segments[k].length > segments[main].length) main = k;
  if (!mostlyOnWater(check, segments[main], p.landToleranceM)) return far;
  return far.map((d, k) => (k === main ? d : p.landToleranceM));
}

/** On-land runs of one segment, `minDistanceM` from water or more (`onLandDistancesM`). */
export function detectOnLand(
  t: Track,
  ctx: DetectContext,
  check: LandCheck,
  minDistanceM: number,
): EventOf<'on-land'>[] {
  const p = ctx.params;
  const evidence = minDistanceM < p.landFarInlandM ? 'off-a-ship-at-sea' : 'far-from-water';
  const out: EventOf<'on-land'>[] = [];
  const { lon, lat, tsMs } = t;
  let s = -1;
  const close = (e: number) => {
    if (e - s + 1 < p.landMinFixes) {
      s = -1;
      return;
    }
    const [x, y] = meanPosition(t, s, e);
    // the run's fix nearest to water, among evenly spaced ones
    const n = e - s + 1;
    const every = Math.max(1, Math.ceil(n / DISTANCE_SAMPLES));
    let nearest = Number.POSITIVE_INFINITY;
    for (let i = s; i <= e; i += every)
      nearest = Math.min(nearest, distanceToWaterM(check, lon[i], lat[i], minDistanceM));
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
      params: {
        paramSet: p.name,
        landToleranceM: p.landToleranceM,
        landFarInlandM: p.landFarInlandM,
        landMinFixes: p.landMinFixes,
        landCellDeg: check.mask.cellDeg,
      },
      support: [support(t, s, e)],
      details: {
        fixes: n,
        distanceToWaterM: Math.round(nearest),
        landSource: check.mask.source,
        evidence,
      },
    });
    s = -1;
  };
  for (let i = 0; i < t.length; i++) {
    if (distanceToWaterM(check, lon[i], lat[i], minDistanceM) >= minDistanceM) {
      if (s < 0) s = i;
    } else if (s >= 0) close(i - 1);
  }
  if (s >= 0) close(t.length - 1);
  return out;
}
