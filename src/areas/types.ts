/**
 * An area of interest: a named place (port, anchorage, naval facility, border crossing, rail
 * terminal) with a geometry, optional thresholds that override the event parameter set inside or
 * near it, and where its coordinates come from.
 */

export const AREA_KINDS = [
  'port',
  'anchorage',
  'naval-facility',
  'border-crossing',
  'rail-terminal',
] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

/** Kinds a ship can call at: port calls, dark port calls and voyage ends use only these. */
export const CALLABLE_KINDS: ReadonlySet<AreaKind> = new Set(['port', 'anchorage', 'naval-facility']);

/** A circle's radius is the entry radius (a vessel within it has entered). */
export interface CircleGeometry {
  type: 'circle';
  lon: number;
  lat: number;
  radiusM: number;
}

/** Rings of [lon, lat]; the first is the outer ring, the rest holes. Inside = entered. */
export interface PolygonGeometry {
  type: 'polygon';
  rings: Array<Array<[number, number]>>;
}

export type AreaGeometry = CircleGeometry | PolygonGeometry;

/**
 * Per-area overrides of the event parameter set (names as in `src/events/params.ts`). Any left out
 * fall back to the parameter set in use; the resolved values are recorded on each event.
 */
export interface AreaThresholds {
  /** Exit once this far beyond the entry boundary (hysteresis; GFW: 4 km − 3 km = 1 km). */
  portExitMarginM?: number;
  portStopStartKnots?: number;
  portStopEndKnots?: number;
  portGapMinMs?: number;
  /** AIS gap minimum duration when either end of the gap lies near this area. */
  gapMinMs?: number;
  /** Longest silence near this area that can still be dark (longer: a coverage gap). */
  gapDarkMaxMs?: number;
  /** Shortest stay a dark port call at this area needs. */
  darkCallMinDwellMs?: number;
}

export interface Area {
  /** Stable id, lower-case letters, digits and dashes (e.g. `vostochny`). */
  id: string;
  name: string;
  kind: AreaKind;
  geometry: AreaGeometry;
  thresholds?: AreaThresholds;
  /** Where the coordinates (and radius) come from. */
  source: string;
  note?: string;
}
