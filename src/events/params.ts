/**
 * Every event threshold is a named parameter here; the names are the ones used in events'
 * `params`, in src/events/README.md and in area overrides (`AreaThresholds`). Three sets:
 *  - `gfw`: Global Fishing Watch's published definitions (port visits, gaps, encounters,
 *    loitering) as summarised in docs REFERENCE.md "Event thresholds used by others"
 *    (github.com/GlobalFishingWatch/GFW_technical_documentation; globalfishingwatch.github.io).
 *  - `skylight`: Skylight's rendezvous (250 m, > 30 min) and "potential dark activity" (6 h)
 *    (skylight.helpjuice.com); the rest as `shuttle`.
 *  - `shuttle` (default): tuned for short coastal routes such as Rajin → Vostochny (~126 nm, a
 *    10–13 h crossing, much of it within 50 nm of the coast), where 12 h gaps would miss a dark
 *    crossing entirely.
 * What the global services use but tallyman does not apply yet (distance from shore: the land of
 * the on-land check could give it) is left out rather than faked; areas of interest stand in for
 * "near port".
 */
import type { Area, AreaThresholds } from '../areas/types.js';
import { MS_PER_HOUR } from '../geo/distance.js';

const H = MS_PER_HOUR;
const MIN = 60_000;

export interface EventParams {
  name: string;
  // port calls
  /** Exit once this far beyond the entry boundary (GFW: 4 km exit − 3 km entry). */
  portExitMarginM: number;
  /** A stop starts at or below this speed (GFW 0.2 kn)… */
  portStopStartKnots: number;
  /** …and ends above this one (GFW 0.5 kn). */
  portStopEndKnots: number;
  /** A silence inside a port at least this long counts as an in-port gap (GFW > 4 h). */
  portGapMinMs: number;
  /** Port calls below this confidence (1–4) are not emitted; 1 = passed through without stopping. */
  portCallMinConfidence: number;
  // stops outside known areas
  /** All fixes of a stop lie within a circle of this diameter. */
  stopDiameterM: number;
  stopMinDurationMs: number;
  // gaps
  gapMinMs: number;
  /** Plausible maximum speed for the reachable area and dark port calls. */
  gapMaxSpeedKnots: number;
  /** An end of the gap within this distance of an area is "near" it (and its gapMinMs applies). */
  gapNearAreaM: number;
  /** Others heard within this distance of an end during the gap mean the receiver was working. */
  gapReceptionRadiusM: number;
  /** A dark port call needs the reachable window to allow at least this dwell. */
  darkCallMinDwellMs: number;
  // encounters
  encounterMaxDistanceM: number;
  encounterMinDurationMs: number;
  encounterMaxSpeedKnots: number;
  /** Encounters closer than this to a callable area are port traffic, not at-sea meetings. */
  encounterMinAreaDistanceM: number;
  /** Both tracks are sampled on this common clock (interpolated between fixes). */
  encounterSliceMs: number;
  /** No interpolation across a silence longer than this. */
  encounterMaxFixGapMs: number;
  // anchorages inferred from the data (anchorages.ts), kept out of encounters like known areas
  /** A place where this many distinct vessels stopped is an anchorage (0 turns inference off). */
  anchorageMinVessels: number;
  /** Grid cell for counting them; stops in a cell and its eight neighbours count together. */
  anchorageCellM: number;
  // loitering
  loiterMaxSpeedKnots: number;
  loiterMinDurationMs: number;
  loiterMinAreaDistanceM: number;
  // spoofing
  /** Faster than this between fixes is implausible (also the cleaning threshold). */
  spoofMaxSpeedKnots: number;
  /** A displacement below this is position noise, whatever speed it implies. */
  spoofJitterM: number;
  /** This many speed anomalies within spoofTwoPlacesWindowMs = one MMSI heard in two places. */
  spoofTwoPlacesMinAnomalies: number;
  spoofTwoPlacesWindowMs: number;
  /**
   * A fix counts as on land only this far inland. Natural Earth 1:50m is drawn for maps at
   * 1:50,000,000, where 0.2 mm is 10 km, and smooths over harbours and estuaries: on the real
   * Boston tracks (January 2014, ../shared/data/ais/tracks) fixes at berths and in the Weymouth
   * Fore River lie up to 6.5 km "inland" in it, Rajin's reference point (REFERENCE.md Places)
   * 4 km. Fixes inside a callable area are never flagged.
   */
  landToleranceM: number;
  /** Land raster cell (coarsened automatically for a box wider than ~16 M cells). */
  landCellDeg: number;
  // identity
  /** Length/beam changes below this are reference-point noise, not a new hull. */
  identityMinDimensionChangeM: number;
  // draught
  /** AIS draught is typed in 0.1 m steps and often retyped; smaller changes are ignored. */
  draughtMinChangeM: number;
  draughtBlockCoefficientMin: number;
  draughtBlockCoefficientMax: number;
  seawaterDensityTPerM3: number;
}

const shuttle: EventParams = {
  name: 'shuttle',
  portExitMarginM: 1000,
  portStopStartKnots: 0.2,
  portStopEndKnots: 0.5,
  portGapMinMs: 4 * H,
  portCallMinConfidence: 2,
  // an anchored ship swings within ~2 cable lengths plus GNSS noise; 1 km / 2 h separates an
  // anchorage stay from a slow manoeuvre
  stopDiameterM: 1000,
  stopMinDurationMs: 2 * H,
  // a Rajin–Vostochny crossing takes 10–13 h: 6 h of silence is half a crossing
  gapMinMs: 6 * H,
  // service speed 10–13 kn (REFERENCE.md fleet); 15 kn leaves a margin without admitting everything
  gapMaxSpeedKnots: 15,
  gapNearAreaM: 10_000,
  // terrestrial AIS reaches ~20–40 nm (REFERENCE.md, AIS reporting): 20 nm
  gapReceptionRadiusM: 20 * 1852,
  // the VOA saw a pile cleared "within hours": 2 h is a short unload
  darkCallMinDwellMs: 2 * H,
  encounterMaxDistanceM: 500,
  encounterMinDurationMs: 2 * H,
  encounterMaxSpeedKnots: 2,
  encounterMinAreaDistanceM: 10_000,
  encounterSliceMs: 10 * MIN,
  encounterMaxFixGapMs: 2 * H,
  // a rendezvous is two ships; a third ship stopping at the same spot makes it a place ships use
  anchorageMinVessels: 3,
  anchorageCellM: 2000,
  loiterMaxSpeedKnots: 2,
  loiterMinDurationMs: 4 * H,
  loiterMinAreaDistanceM: 10_000,
  // small cargo ships: ≤ 20 kn; 30 kn leaves room for timestamp error on short intervals
  spoofMaxSpeedKnots: 30,
  spoofJitterM: 500,
  spoofTwoPlacesMinAnomalies: 3,
  spoofTwoPlacesWindowMs: 1 * H,
  landToleranceM: 10_000,
  landCellDeg: 0.01,
  identityMinDimensionChangeM: 2,
  draughtMinChangeM: 0.3,
  // REFERENCE.md "Ships and draught": Cb ≈ 0.65–0.80 for small cargo ships, ρ ≈ 1.025 t/m³
  draughtBlockCoefficientMin: 0.65,
  draughtBlockCoefficientMax: 0.8,
  seawaterDensityTPerM3: 1.025,
};

const gfw: EventParams = {
  ...shuttle,
  name: 'gfw',
  gapMinMs: 12 * H,
  // GFW's gap events also need both ends ≥ 50 nm from shore: no shoreline here, so not applied
  encounterMaxDistanceM: 500,
  encounterMinDurationMs: 2 * H,
  encounterMinAreaDistanceM: 10_000,
  // GFW loitering: < 2 kn, ≥ 20 nm offshore (REFERENCE.md); its minimum duration is not given
  // there — 1 h is an assumption to verify
  loiterMinDurationMs: 1 * H,
  loiterMinAreaDistanceM: 20 * 1852,
  spoofMaxSpeedKnots: 50,
};

const skylight: EventParams = {
  ...shuttle,
  name: 'skylight',
  gapMinMs: 6 * H,
  encounterMaxDistanceM: 250,
  encounterMinDurationMs: 30 * MIN,
  encounterSliceMs: 5 * MIN,
};

export const PARAM_SETS: Readonly<Record<'shuttle' | 'gfw' | 'skylight', Readonly<EventParams>>> = {
  shuttle,
  gfw,
  skylight,
};

export const DEFAULT_PARAMS: Readonly<EventParams> = shuttle;

/** A parameter set with some values replaced (unknown names are a type error). */
export function withParams(base: Readonly<EventParams>, over: Partial<EventParams>): EventParams {
  return { ...base, ...over };
}

/** The port-call thresholds in force in an area: its overrides, else the set's values. */
export function portParamsFor(
  p: Readonly<EventParams>,
  area: Area | null,
): Required<Omit<AreaThresholds, 'gapMinMs'>> {
  const t = area?.thresholds ?? {};
  return {
    portExitMarginM: t.portExitMarginM ?? p.portExitMarginM,
    portStopStartKnots: t.portStopStartKnots ?? p.portStopStartKnots,
    portStopEndKnots: t.portStopEndKnots ?? p.portStopEndKnots,
    portGapMinMs: t.portGapMinMs ?? p.portGapMinMs,
  };
}
