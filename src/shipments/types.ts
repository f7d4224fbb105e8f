/**
 * The shipment ledger's nouns: calls (a vessel at a place, seen on AIS, inferred while dark, or
 * seen on an image), observations (imagery sightings, container counts, rail counts) and the
 * shipment a pair of calls proposes. Times are epoch ms UTC; positions WGS84 degrees.
 */

/** How a call is known: an AIS port call, a dark port call (possible, inferred from a gap), an image. */
export type CallKind = 'ais' | 'dark' | 'sighting';

export interface Call {
  kind: CallKind;
  mmsi: number;
  areaId: string;
  /** AIS/sighting: when it was there. Dark: the window it could have been there (earliest arrival … latest departure). */
  startMs: number;
  endMs: number;
  lon: number;
  lat: number;
  /** The port-call or dark-port-call event, null for a call known only from an image. */
  eventId: string | null;
  /** Sightings that created or confirm this call, and when they were taken. */
  sightingIds: number[];
  seenMs: number[];
  /** Dark calls: the AIS gap they lie in. */
  gapEventId: string | null;
  /** The shortest stay the call stands for: a dark call's area minimum dwell (from its event), else 0. */
  minDwellMs: number;
  confidence: 1 | 2 | 3 | 4;
  draughtInM: number | null;
  draughtOutM: number | null;
}

/** How a vessel on an image was identified. */
export const IDENTIFIED_BY = ['length', 'shape', 'markings', 'ais-correlation', 'other'] as const;
export type IdentifiedBy = (typeof IDENTIFIED_BY)[number];

export interface Sighting {
  id: number;
  provider: string;
  imageId: string;
  acquiredMs: number;
  /** Ground sample distance, metres; null when not stated. */
  gsdM: number | null;
  /** The image footprint as one ring of [lon, lat], or null. */
  footprint: Array<[number, number]> | null;
  lon: number;
  lat: number;
  /** The vessel identified, or null when a ship was seen but not identified. */
  mmsi: number | null;
  vesselName: string | null;
  identifiedBy: IdentifiedBy[];
  /** 0 … 1: the analyst's confidence that the identification is right. */
  idConfidence: number;
  evidenceId: number | null;
  simulated: boolean;
  note: string | null;
}

export const CONTAINER_METHODS = ['counted', 'measured-stack'] as const;
export type ContainerMethod = (typeof CONTAINER_METHODS)[number];

export interface ContainerObservation {
  id: number;
  observedMs: number;
  /** An area id (e.g. `rajin`) or a free-text place. */
  place: string;
  lon: number | null;
  lat: number | null;
  /** A count is a range; an exact count has min = max. */
  countMin: number;
  countMax: number;
  /** 20 or 40 (ft); null when mixed or not known. */
  sizeFt: 20 | 40 | null;
  method: ContainerMethod;
  /** The image the count was made on (evidence item). */
  imageEvidenceId: number | null;
  sightingId: number | null;
  simulated: boolean;
  note: string | null;
}

export const RAIL_UNITS = ['railcars', 'containers'] as const;
export type RailUnit = (typeof RAIL_UNITS)[number];

export interface RailObservation {
  id: number;
  /** e.g. `Tumangang`, `Vostochny rail yard`. */
  place: string;
  lon: number | null;
  lat: number | null;
  observedMs: number;
  unit: RailUnit;
  countMin: number;
  countMax: number;
  /** Shipments this count follows on from (ledger ids). */
  shipmentIds: number[];
  evidenceId: number | null;
  simulated: boolean;
  note: string | null;
}

/** What a shipment rests on; `document` comes from evidence linked to the stored shipment. */
export type SupportKind =
  | 'ais-call'
  | 'dark-call'
  | 'sighting'
  | 'draught-laden'
  | 'draught-discharge'
  | 'containers'
  | 'document';

export interface Support {
  kind: SupportKind;
  /** Which end or what: `origin`, `destination`, `leg`. */
  role: 'origin' | 'destination' | 'leg';
  /** Event id, sighting id, observation id or evidence id. */
  ref: string;
}

export interface Range {
  min: number;
  max: number;
}

/** A shipment as detection proposes it (pure output of `proposeShipments`). */
export interface Proposal {
  mmsi: number;
  origin: Call;
  destination: Call;
  /**
   * The window that holds the voyage: leaving the origin (exact for an AIS call, else the earliest
   * the ship can have left) … reaching the destination (exact for an AIS call, else the latest it
   * can have arrived). Never a midpoint shown as if it were known.
   */
  departMs: number;
  arriveMs: number;
  transitMs: number;
  /** The leg (or an end of it) was dark: a gap lies inside or an end is a dark call. */
  dark: boolean;
  gapEventIds: string[];
  /** Other destination areas the same gap admitted (dark destination only). */
  alternativeDestinationIds: string[];
  supports: Support[];
  confidence: 1 | 2 | 3 | 4;
  draughtFromM: number | null;
  draughtToM: number | null;
  cargoMassT: Range | null;
  containersLoaded: Range | null;
  containersDischarged: Range | null;
  /** Points for a map line: origin, sightings on the way, destination, [lon, lat]. */
  path: Array<[number, number]>;
  /** The route as heard (solid) and dark (dashed) stretches, when the track was given; else one leg over `path`. */
  legs: Array<{ dark: boolean; coordinates: Array<[number, number]> }>;
}
