/**
 * `detectAll`: every detector over every track, in one deterministic order. Per-vessel detectors
 * run track by track (each a single pass over its columns); encounters, reception context and
 * shared IMOs look across vessels. Tracks not cleaned yet are cleaned here with the set's
 * `spoofMaxSpeedKnots` / `spoofJitterM` / `segmentMaxSilenceMs` / `segmentNoiseMaxFixes`; only
 * vessel stations (src/tracks/station.ts) are read, one segment at a time (src/tracks/segments.ts).
 * The output does not depend on the order of `tracks`.
 */
import type { Area } from '../areas/types.js';
import { cleanTrack, splitSegments, type Track } from '../tracks/columns.js';
import { isVesselStation } from '../tracks/station.js';
import { inferAnchorages } from './anchorages.js';
import { makeContext } from './context.js';
import { buildCoverage } from './coverage.js';
import { detectDraughtChanges } from './draught.js';
import { detectEncounters, type EncounterStats } from './encounters.js';
import { detectGaps, smallestGapMinMs } from './gaps.js';
import { detectIdentityChanges, detectImoShared } from './identity.js';
import { buildWaterMask, type SurfaceSource } from './land.js';
import { detectLoitering } from './loitering.js';
import { detectOnLand, type LandCheck, onLandDistancesM } from './on-land.js';
import { cleanOptionsOf, DEFAULT_PARAMS, type EventParams } from './params.js';
import { detectPortCalls } from './port-calls.js';
import { countReception, silencesOf } from './reception.js';
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
  /** Land and water for the `on-land` check (src/geodata/surface.ts loads them); none: no check. */
  land?: SurfaceSource | null;
  /** Names of the tracks' sources (`Track.sourceNo` indexes it), for the gaps' coverage evidence. */
  sourceNames?: readonly string[];
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
  // Base stations, aids to navigation, aircraft and beacons do not sail: a buoy beside a drifting
  // ship is no meeting, and a shore station heard from its mast says nothing of reception at sea
  // (a virtual AtoN is sent from shore), so they are left out of every detector, reception included.
  const vessels = [...tracks]
    .sort((a, b) => a.mmsi - b.mmsi)
    .map((t) => (t.cleaning ? t : cleanTrack(t, cleanOptionsOf(params))))
    .filter((t) => isVesselStation(t.station));
  // One MMSI may be two transmitters: the per-vessel detectors see one segment at a time (in MMSI
  // order, a vessel's segments together); spoofing, identity and draught read the whole MMSI.
  const segmented = vessels.map(splitSegments);
  const sorted = segmented.flat();
  // the silences long enough to be gaps anywhere, and the hours they cover: what the reception
  // counts and the coverage model index (nothing else is asked of them)
  const floorMs = smallestGapMinMs(ctx);
  const silences = silencesOf(sorted, floorMs);
  const reception = countReception(
    sorted,
    floorMs,
    params.gapReceptionRadiusM,
    params.spoofMaxSpeedKnots,
    silences,
  );
  const coverage = buildCoverage(sorted, options.sourceNames ?? [], silences);
  const landCheck: LandCheck | null = options.land
    ? {
        mask: buildWaterMask(
          options.land,
          sorted.map((t) => t.lon),
          sorted.map((t) => t.lat),
          params.landCellDeg,
          params.landToleranceM,
        ),
        source: options.land,
        areas,
        polygonMemo: new Map(),
      }
    : null;
  // how far from water each segment's fixes must be to count as on land (on-land.ts)
  const onLandM = landCheck ? segmented.flatMap((segs) => onLandDistancesM(segs, landCheck, params)) : [];
  const events: VesselEvent[] = [];
  const stops: EventOf<'stop'>[] = [];
  const byMmsi = new Map<number, { calls: EventOf<'port-call'>[]; gaps: EventOf<'gap'>[] }>();
  let positions = 0;
  for (let v = 0; v < sorted.length; v++) {
    const t = sorted[v];
    positions += t.length;
    const calls = detectPortCalls(t, ctx);
    const gapsAndDark = detectGaps(t, ctx, reception, v, coverage);
    const gaps = gapsAndDark.filter((e): e is EventOf<'gap'> => e.type === 'gap');
    const seen = byMmsi.get(t.mmsi);
    if (seen) {
      seen.calls.push(...calls);
      seen.gaps.push(...gaps);
    } else byMmsi.set(t.mmsi, { calls: [...calls], gaps: [...gaps] });
    const vesselStops = detectStops(t, ctx);
    for (const s of vesselStops) stops.push(s);
    if (landCheck) events.push(...detectOnLand(t, ctx, landCheck, onLandM[v]));
    events.push(
      ...calls,
      ...gapsAndDark,
      ...vesselStops,
      ...detectLoitering(t, ctx),
      ...detectVoyages(t, ctx, calls, gaps),
    );
  }
  for (const t of vessels) {
    const seen = byMmsi.get(t.mmsi) ?? { calls: [], gaps: [] };
    const calls = seen.calls.sort((a, b) => a.startMs - b.startMs);
    const gaps = seen.gaps.sort((a, b) => a.startMs - b.startMs);
    events.push(
      ...detectSpoofing(t, ctx),
      ...detectIdentityChanges(t, ctx),
      ...detectDraughtChanges(t, ctx, calls, gaps),
    );
  }
  const enc: EncounterStats = { samples: 0, pairChecks: 0, slices: 0 };
  // ports missing from the areas in use (where several vessels stopped) are kept out of encounters
  const inferred = inferAnchorages(stops, params);
  const encCtx = inferred.length > 0 ? makeContext([...areas, ...inferred], params) : ctx;
  events.push(...detectEncounters(sorted, encCtx, enc), ...detectImoShared(vessels, ctx));
  if (stats) {
    stats.positions = positions;
    stats.vessels = vessels.length;
    stats.encounters = enc;
  }
  return events.sort(compareEvents);
}
