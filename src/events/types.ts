/**
 * The event record every detector emits. One shape for all types (so they can be stored, sorted,
 * exported together), with the type-specific part in `details`.
 */

export const EVENT_TYPES = [
  'port-call',
  'stop',
  'gap',
  'dark-port-call',
  'encounter',
  'loitering',
  'speed-anomaly',
  'two-places',
  'on-land',
  'identity-change',
  'imo-shared',
  'draught-change',
  'voyage',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Positions that support an event: all fixes of `mmsi` from `fromPositionId` to `toPositionId`
 * in track order (`count` of them, inclusive). Ids are the track's `positionId`s.
 */
export interface SupportRange {
  mmsi: number;
  fromPositionId: number;
  toPositionId: number;
  count: number;
}

/** A parameter value recorded on an event (numbers in the units their names say). */
export type ParamValue = number | string | boolean;

export interface AreaRef {
  areaId: string;
  /** Metres from the area's entry boundary (≤ 0 inside). */
  distanceM: number;
}

export interface PortCallDetails {
  areaId: string;
  areaKind: string;
  /** Which of GFW's four signals were seen. */
  entrySeen: boolean;
  exitSeen: boolean;
  stopSeen: boolean;
  gapSeen: boolean;
  /** Total time stopped (speed ≤ portStopStartKnots until > portStopEndKnots), ms. */
  stoppedMs: number;
  /** Longest silence inside the area, ms. */
  longestGapMs: number;
  draughtInM: number | null;
  draughtOutM: number | null;
}

export interface StopDetails {
  /** Radius around the stop's centroid holding every fix of it, metres. */
  radiusM: number;
  nearestAreaId: string | null;
  nearestAreaDistanceM: number | null;
}

export interface GapDetails {
  durationMs: number;
  distanceM: number;
  impliedSpeedKnots: number;
  /** The reachable area: ellipse with both ends as foci. */
  reachable: {
    lonA: number;
    latA: number;
    lonB: number;
    latB: number;
    majorAxisM: number;
    semiMinorAxisM: number;
    maxSpeedKnots: number;
  };
  startNear: AreaRef | null;
  endNear: AreaRef | null;
  /** Distinct other vessels heard within gapReceptionRadiusM of each end during the gap. */
  othersHeardNearStart: number;
  othersHeardNearEnd: number;
  /**
   * `transponder-off`: a dark gap (its sources heard others near both ends throughout it);
   * `no-coverage`: a hole in the data; `ends-inconsistent`: no ship sails from one end to the other
   * in the time (two transmitters, a bad fix). Only a dark gap feeds dark port calls, shipments
   * and confidence scores.
   */
  likelyCause: 'transponder-off' | 'no-coverage' | 'ends-inconsistent';
  /** The evidence that decided `likelyCause`. */
  coverage: GapCoverage;
  darkPortCallAreaIds: string[];
}

/** The coverage evidence of a gap (gaps.ts `judgeGap`, coverage.ts). */
export interface GapCoverage {
  cause: 'others-heard-throughout' | 'sources-not-hearing' | 'longer-than-max' | 'ends-inconsistent';
  /** Whole clock hours inside the silence. */
  hours: number;
  /** Of those, the hours in which the gap's sources heard another vessel near the start / end. */
  startHeardHours: number;
  endHeardHours: number;
  /**
   * Of the silence's `gapCoverageBinMs` slices, the share heard near the start (first half), near
   * the end (second half), and overall (each slice near the end it belongs to): the verdict.
   */
  startHeardShare: number;
  endHeardShare: number;
  heardShare: number;
  /** The longest silence that could still be dark here (`gapDarkMaxMs`, after area overrides). */
  darkMaxMs: number;
  /** The sources that heard the vessel before and after, with the span of what each delivered. */
  sources: Array<{
    name: string;
    firstMs: number | null;
    lastMs: number | null;
    /** How close to an end another vessel had to be heard by this source to count (its reach). */
    nearM: number;
  }>;
}

export interface DarkPortCallDetails {
  areaId: string;
  areaKind: string;
  gapEventId: string;
  /** Earliest possible arrival and latest possible departure at the area's boundary. */
  earliestArrivalMs: number;
  latestDepartureMs: number;
  maxDwellMs: number;
  /** The stay the area's kind needs (`darkCallMinDwellMs` / `darkAnchorageMinDwellMs` / override). */
  minDwellMs: number;
  /** Other areas the same gap leaves time to visit. */
  competingAreas: number;
  /** Extra distance the detour adds to the straight A→B leg, metres. */
  detourM: number;
}

export interface EncounterDetails {
  /** Median and smallest separation over the slices, metres. */
  medianDistanceM: number;
  minDistanceM: number;
  slices: number;
}

export interface LoiteringDetails {
  meanSpeedKnots: number;
  distanceM: number;
  nearestAreaDistanceM: number | null;
}

export interface SpeedAnomalyDetails {
  impliedSpeedKnots: number;
  distanceM: number;
  /** `dropped` for a one-fix spike removed by cleaning, `kept` for a relocation the track continued from. */
  handling: 'dropped' | 'kept';
}

export interface TwoPlacesDetails {
  anomalies: number;
  maxImpliedSpeedKnots: number;
  /** Distance between the two places (median of the anomalous jumps), metres. */
  separationM: number;
}

export interface IdentityChangeDetails {
  field: 'name' | 'callSign' | 'imo' | 'shipType' | 'lengthM' | 'beamM';
  from: string | number;
  to: string | number;
}

export interface ImoSharedDetails {
  imo: number;
  /** Whether both MMSIs reported the IMO within the same time span (simultaneous use). */
  overlapping: boolean;
}

export interface DraughtChangeDetails {
  fromM: number;
  toM: number;
  deltaM: number;
  /** Where the change happened: inside a port call, while dark, or at sea with AIS on. */
  context: 'port' | 'dark' | 'sea';
  areaId: string | null;
  gapEventId: string | null;
  /** Cargo mass change Cb·L·B·Δd·ρ over the Cb range, tonnes (null without L and B). */
  cargoMassMinT: number | null;
  cargoMassMaxT: number | null;
  lengthM: number | null;
  beamM: number | null;
}

export interface OnLandDetails {
  /** Consecutive fixes at least the distance in force (see `evidence`) from any water and area. */
  fixes: number;
  /** Metres from the run's fix nearest to water (of up to 16 evenly spaced) to that water. */
  distanceToWaterM: number;
  /** Where the land and water come from (names and licences). */
  landSource: string;
  /**
   * What shows it is not water: `far-from-water` (≥ `landFarInlandM` from any water), or
   * `off-a-ship-at-sea` (≥ `landToleranceM`, in a second segment of an MMSI whose main segment
   * is on water: a position spoofed or faulted away from a ship at sea).
   */
  evidence: 'far-from-water' | 'off-a-ship-at-sea';
}

export interface VoyageDetails {
  fromAreaId: string | null;
  toAreaId: string | null;
  /** The leg contained AIS gaps (ids of the gap events). */
  dark: boolean;
  gapEventIds: string[];
  distanceM: number;
}

export interface DetailsByType {
  'port-call': PortCallDetails;
  stop: StopDetails;
  gap: GapDetails;
  'dark-port-call': DarkPortCallDetails;
  encounter: EncounterDetails;
  loitering: LoiteringDetails;
  'speed-anomaly': SpeedAnomalyDetails;
  'two-places': TwoPlacesDetails;
  'identity-change': IdentityChangeDetails;
  'imo-shared': ImoSharedDetails;
  'draught-change': DraughtChangeDetails;
  'on-land': OnLandDetails;
  voyage: VoyageDetails;
}

export interface EventOf<T extends EventType> {
  /** Deterministic: hash of type, vessel(s), start and the type's discriminator. */
  id: string;
  type: T;
  mmsi: number;
  /** The other vessel (encounter, imo-shared), else null. */
  mmsi2: number | null;
  startMs: number;
  endMs: number;
  /** A representative position (mean of the supporting fixes, or the area). */
  lon: number;
  lat: number;
  /** 1 (weak) … 4 (strong); each type's rule is in src/events/README.md. */
  confidence: 1 | 2 | 3 | 4;
  /** The parameter values this event was found with, by their parameter-set names. */
  params: Record<string, ParamValue>;
  support: SupportRange[];
  details: DetailsByType[T];
}

export type VesselEvent = { [T in EventType]: EventOf<T> }[EventType];
