/**
 * `detectAll`: every detector over every track, in one deterministic order. Per-vessel detectors
 * run track by track (each a single pass over its columns); encounters, reception context and
 * shared IMOs look across vessels. Tracks not cleaned yet are cleaned here with the set's
 * `spoofMaxSpeedKnots` / `spoofJitterM`. The output does not depend on the order of `tracks`.
 */
import type { Area } from '../areas/types.js';
import { cleanTrack, type Track } from '../tracks/columns.js';
import { inferAnchorages } from './anchorages.js';
import { makeContext } from './context.js';
import { detectDraughtChanges } from './draught.js';
import { detectEncounters, type EncounterStats } from './encounters.js';
import { detectGaps, smallestGapMinMs } from './gaps.js';
import { detectIdentityChanges, detectImoShared } from './identity.js';
import { type LandRings, rasterizeLand } from './land.js';
import { detectLoitering } from './loitering.js';
import { detectOnLand, tracksBox } from './on-land.js';
import { DEFAULT_PARAMS, type EventParams } from './params.js';
import { detectPortCalls } from './port-calls.js';
import { countReception } from './reception.js';
import { detectSpoofing } from './spoofing.js';
import { detectStops } from './stops.js';
import type { EventOf, VesselEvent } from './types.js';
import { detectVoyages } from './voyages.js';

export interface DetectStats {
  positions: number;
  vessels: number;
  encounters: EncounterStats;
}

export interface DetectOptions {
  /** Land polygons for the `on-land` check (land-data.ts loads Natural Earth); none: no check. */
  land?: LandRings | null;
}

/** Order: start time, type, MMSI, second MMSI, id. */
export function compareEvents(a: VesselEvent, b: VesselEvent): number {
  return (
    a.startMs - b.startMs ||
    (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) ||
    a.mmsi - b.mmsi ||
    (a.mmsi2 ?? -1) - (b.mmsi2 ?? -1) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function detectAll(
  tracks: readonly Track[],
  areas: readonly Area[],
  params: Readonly<EventParams> = DEFAULT_PARAMS,
  stats?: DetectStats,
  options: DetectOptions = {},
): VesselEvent[] {
  const ctx = makeContext(areas, params);
  const sorted = [...tracks]
    .sort((a, b) => a.mmsi - b.mmsi)
    .map((t) =>
      t.cleaning
        ? t
        : cleanTrack(t, { maxSpeedKnots: params.spoofMaxSpeedKnots, jitterM: params.spoofJitterM }),
    );
  const reception = countReception(
    sorted,
    smallestGapMinMs(ctx),
    params.gapReceptionRadiusM,
    params.spoofMaxSpeedKnots,
  );
  const box = options.land ? tracksBox(sorted, params.landToleranceM * 2) : null;
  const landMask = options.land && box ? rasterizeLand(options.land, box, params.landCellDeg) : null;
  const events: VesselEvent[] = [];
  const stops: EventOf<'stop'>[] = [];
  let positions = 0;
  for (let v = 0; v < sorted.length; v++) {
    const t = sorted[v];
    positions += t.length;
    const calls = detectPortCalls(t, ctx);
    const gapsAndDark = detectGaps(t, ctx, reception, v);
    const gaps = gapsAndDark.filter((e): e is EventOf<'gap'> => e.type === 'gap');
    const vesselStops = detectStops(t, ctx);
    for (const s of vesselStops) stops.push(s);
    if (landMask) events.push(...detectOnLand(t, ctx, landMask));
    events.push(
      ...calls,
      ...gapsAndDark,
      ...vesselStops,
      ...detectLoitering(t, ctx),
      ...detectSpoofing(t, ctx),
      ...detectIdentityChanges(t, ctx),
      ...detectDraughtChanges(t, ctx, calls, gaps),
      ...detectVoyages(t, ctx, calls, gaps),
    );
  }
  const enc: EncounterStats = { samples: 0, pairChecks: 0, slices: 0 };
  // ports missing from the areas in use (where several vessels stopped) are kept out of encounters
  const inferred = inferAnchorages(stops, params);
  const encCtx = inferred.length > 0 ? makeContext([...areas, ...inferred], params) : ctx;
  events.push(...detectEncounters(sorted, encCtx, enc), ...detectImoShared(sorted, ctx));
  if (stats) {
    stats.positions = positions;
    stats.vessels = sorted.length;
    stats.encounters = enc;
  }
  return events.sort(compareEvents);
}
