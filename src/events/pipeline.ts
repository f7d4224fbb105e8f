/**
 * `detectAll`: every detector over every track, in one deterministic order. Per-vessel detectors
 * run track by track (each a single pass over its columns); encounters, reception context and
 * shared IMOs look across vessels. Tracks not cleaned yet are cleaned here with the set's
 * `spoofMaxSpeedKnots` / `spoofJitterM`. The output does not depend on the order of `tracks`.
 */
import type { Area } from '../areas/types.js';
import { cleanTrack, type Track } from '../tracks/columns.js';
import { makeContext } from './context.js';
import { detectDraughtChanges } from './draught.js';
import { detectEncounters, type EncounterStats } from './encounters.js';
import { detectGaps, smallestGapMinMs } from './gaps.js';
import { detectIdentityChanges, detectImoShared } from './identity.js';
import { detectLoitering } from './loitering.js';
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
  const events: VesselEvent[] = [];
  let positions = 0;
  for (let v = 0; v < sorted.length; v++) {
    const t = sorted[v];
    positions += t.length;
    const calls = detectPortCalls(t, ctx);
    const gapsAndDark = detectGaps(t, ctx, reception, v);
    const gaps = gapsAndDark.filter((e): e is EventOf<'gap'> => e.type === 'gap');
    events.push(
      ...calls,
      ...gapsAndDark,
      ...detectStops(t, ctx),
      ...detectLoitering(t, ctx),
      ...detectSpoofing(t, ctx),
      ...detectIdentityChanges(t, ctx),
      ...detectDraughtChanges(t, ctx, calls, gaps),
      ...detectVoyages(t, ctx, calls, gaps),
    );
  }
  const enc: EncounterStats = { samples: 0, pairChecks: 0, slices: 0 };
  events.push(...detectEncounters(sorted, ctx, enc), ...detectImoShared(sorted, ctx));
  if (stats) {
    stats.positions = positions;
    stats.vessels = sorted.length;
    stats.encounters = enc;
  }
  return events.sort(compareEvents);
}
