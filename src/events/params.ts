/**
 * Every event threshold is a named parameter here; the names are the ones used in events'
 * `params`, in src/events/README.md and in area overrides (`AreaThresholds`). Three sets:
 *  - `gfw`: Global Fishing Watch's published definitions (port visits, gaps, encounters,
 *    loitering) as summarised in docs/sources.md "Event thresholds used by others"
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
import type { CleanOptions } from '../tracks/columns.js';

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
  /**
   * A gap is dark (not a hole in the data) only when the sources that heard the vessel before and
   * after heard other vessels within `gapReceptionRadiusM` of each end in at least this share of
   * the gap (in `gapCoverageBinMs` slices: "throughout it", not at some moment of it).
   */
  gapCoverageMinShare: number;
  /**
   * The share is counted in slices this long (a slice is heard when any of its hours is): a
   * satellite hears a place only during its passes, a few hours apart.
   */
  gapCoverageBinMs: number;
  /**
   * "Near" an end is the reach of the source that heard the ship (measured from what it heard,
   * coverage.ts), at least `gapReceptionRadiusM` and at most this.
   */
  gapCoverageMaxRadiusM: number;
  /** A silence longer than this is a coverage gap whatever was heard around it (area override). */
  gapDarkMaxMs: number;
  /**
   * A dark port call at a port or naval facility needs the reachable window to allow at least
   * this dwell: cargo work takes hours, not minutes (area override `darkCallMinDwellMs`).
   */
  darkCallMinDwellMs: number;
  /** The same for an anchorage (a transfer at anchor, or waiting for a berth). */
  darkAnchorageMinDwellMs: number;
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
  // segments: one MMSI's fixes split per transmitter (src/tracks/segments.ts), with
  // spoofMaxSpeedKnots / spoofJitterM as the plausibility test
  /** A segment silent this long takes a fix only when no fresher segment can plausibly. */
  segmentMaxSilenceMs: number;
  /** A segment of at most this many fixes, beside a larger one, is spikes (dropped), not a ship. */
  segmentNoiseMaxFixes: number;
  /**
   * A fix counts as on land only this far from any water (and any area of interest). The water is
   * Natural Earth 1:10m land (drawn for 1:10,000,000, where 0.2 mm is 2 km) with OpenStreetMap
   * water simplified to 1 km over it (src/geodata/surface.ts): either may put a shore ~2 km off,
   * and docks, canals and rivers narrower than the simplification are missing. On the real
   * captures (../shared/data/ais, 3,453 vessels) 107 vessels have a fix ≥ 2 km from that water and
   * 66 ≥ 3 km (the Kiel Canal, the Houston Ship Channel, Louisiana's intracoastal waterway), so
   * 3 km: the source's error with a margin. A spoof shows when it is placed inland, not at a quay.
   */
  landToleranceM: number;
  /**
   * A fix with nothing but the map against it counts as on land only this far from any water: the
   * 1 km water misses rivers and canals ships sail on (on the real captures ships on the Neva lie
   * 22 km from it), while in settled land some mapped lake or river lies within ~15 km of anywhere
   * (Berlin 9 km, Moscow 7 km, Madrid 15 km, Kansas 11 km), so a shorter distance says nothing.
   * `landToleranceM` applies only where the track shows the fault: a fix of a second segment of
   * an MMSI whose main segment is on water (a position spoofed or faulted off a ship at sea).
   */
  landFarInlandM: number;
  /**
   * A run of fixes on land is an event only with this many fixes or more. One report of a position
   * far inland is a garbled message or an unset GPS as often as anything: on the real captures the
   * one on-land event was a single fix of a US ship 131 km inside Antarctica, the vessel's only
   * fix in the file. A transmitter that really reports land (a spoof, a GPS fault) says so again
   * within minutes, so 2.
   */
  landMinFixes: number;
  /**
   * Water raster cell: ~220 m north-south, so a river or harbour basin a few cells wide is water
   * (coarsened automatically when the tiles around the fixes exceed 32 M cells).
   */
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
  // service speed 10–13 kn (docs/sources.md fleet); 15 kn leaves a margin without admitting everything
  gapMaxSpeedKnots: 15,
  gapNearAreaM: 10_000,
  // terrestrial AIS reaches ~20–40 nm (docs/sources.md, AIS reporting): 20 nm
  gapReceptionRadiusM: 20 * 1852,
  // "most of its hours": more than half; a source that heard its area in only a few of the
  // silence's hours (a satellite pass, two captures years apart) says nothing about the rest
  gapCoverageMinShare: 0.5,
  // satellite AIS revisits a region every few minutes to hours (docs/sources.md, AIS reporting); the
  // simulated constellation passes every 180 ± 40 min: in 3 h slices every listener is judged fairly
  gapCoverageBinMs: 3 * H,
  // a satellite at ~650 km sees to its horizon, √(2 R h) ≈ 2,900 km away; only a pass that heard
  // ships within a few hundred km of the point shows the point was under it, so reach stops there
  gapCoverageMaxRadiusM: 300_000,
  // a covert leg with loading and unloading dark takes days (Rajin → Vostochny 10–13 h sailing,
  // 20–40 h loading, 16–30 h unloading); a silence of weeks is a hole in the data, not one voyage
  gapDarkMaxMs: 7 * 24 * H,
  // a container ship's median stay in port is most of a day (UNCTAD port-call statistics from AIS,
  // Review of Maritime Transport 2019: ~0.7 days); 12 h is well inside that and far above the
  // 2–3.5 h a mere transit gap leaves
  darkCallMinDwellMs: 12 * H,
  // a ship-to-ship transfer at anchor takes several hours (GFW counts an encounter from 2 h)
  darkAnchorageMinDwellMs: 6 * H,
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
  // GFW's segmenter (github.com/GlobalFishingWatch/gpsdio-segment): 24 h "max hours"; a lone
  // report or two elsewhere is a spike, three fixes that continue each other are a track
  segmentMaxSilenceMs: 24 * H,
  segmentNoiseMaxFixes: 2,
  landToleranceM: 3000,
  landFarInlandM: 50_000,
  landMinFixes: 2,
  landCellDeg: 0.002,
  identityMinDimensionChangeM: 2,
  draughtMinChangeM: 0.3,
  // docs/sources.md "Ships and draught": Cb ≈ 0.65–0.80 for small cargo ships, ρ ≈ 1.025 t/m³
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
  // GFW loitering: < 2 kn, ≥ 20 nm offshore (docs/sources.md); its minimum duration is not given
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

export const PARAM_SETS = { shuttle, gfw, skylight } as const satisfies Readonly<
  Record<string, Readonly<EventParams>>
>;
export type ParamSetName = keyof typeof PARAM_SETS;
/** The sets' names, for help texts and validation: the keys of `PARAM_SETS`, never a copy. */
export const PARAM_SET_NAMES = Object.keys(PARAM_SETS) as readonly ParamSetName[];

export const DEFAULT_PARAMS: Readonly<EventParams> = shuttle;

/** The track cleaning and segmentation a parameter set asks for (src/tracks/segments.ts). */
export function cleanOptionsOf(p: Readonly<EventParams>): CleanOptions {
  return {
    maxSpeedKnots: p.spoofMaxSpeedKnots,
    jitterM: p.spoofJitterM,
    maxSilenceMs: p.segmentMaxSilenceMs,
    noiseMaxFixes: p.segmentNoiseMaxFixes,
  };
}

/** A parameter set with some values replaced (unknown names are a type error). */
export function withParams(base: Readonly<EventParams>, over: Partial<EventParams>): EventParams {
  return { ...base, ...over };
}

/** The port-call thresholds in force in an area: its overrides, else the set's values. */
export function portParamsFor(
  p: Readonly<EventParams>,
  area: Area | null,
): Required<Omit<AreaThresholds, 'gapMinMs' | 'gapDarkMaxMs' | 'darkCallMinDwellMs'>> {
  const t = area?.thresholds ?? {};
  return {
    portExitMarginM: t.portExitMarginM ?? p.portExitMarginM,
    portStopStartKnots: t.portStopStartKnots ?? p.portStopStartKnots,
    portStopEndKnots: t.portStopEndKnots ?? p.portStopEndKnots,
    portGapMinMs: t.portGapMinMs ?? p.portGapMinMs,
  };
}
