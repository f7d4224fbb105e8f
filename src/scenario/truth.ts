/**
 * The ground truth a scenario run writes beside its AIS: every event the simulator staged, with
 * `simulated: true` on each, in the analyst's nouns (shipments, port calls, gaps, encounters,
 * spoofs, identity and draught changes). Times are epoch ms UTC (`…TsMs`).
 */

export interface TruthShipment {
  number: number;
  ship: string;
  imo: number | null;
  origin: string;
  destination: string;
  containers: number;
  cargoTonnes: number;
  leaveHomeTsMs: number;
  arriveOriginTsMs: number;
  departOriginTsMs: number;
  arriveDestinationTsMs: number;
  departDestinationTsMs: number;
  draughtBallastM: number;
  draughtLadenM: number;
  /** The transponder was off for the whole laden leg (apart from a brief switch-on). */
  darkLadenLeg: boolean;
  darkAtDestination: boolean;
  note: string | null;
  simulated: true;
}

export interface TruthPortCall {
  vessel: string;
  mmsi: number;
  name: string;
  area: string;
  areaOfInterest: boolean;
  /** When the true track entered the area; null when the vessel's plan starts inside it. */
  arrivalTsMs: number | null;
  /** When it left; null when the plan ends inside it. */
  departureTsMs: number | null;
  /** Position reports received while inside (by reported position): 0 = a dark call. */
  receivedPositions: number;
  simulated: true;
}

/** A span the transponder was switched off (staged). */
export interface TruthDarkSpan {
  vessel: string;
  mmsi: number;
  startTsMs: number;
  endTsMs: number;
  reason: string;
  simulated: true;
}

/** A gap between consecutive received position reports of one vessel, as a receiver network sees it. */
export interface TruthReceptionGap {
  vessel: string;
  mmsi: number;
  /** Last received report before, first after. */
  startTsMs: number;
  endTsMs: number;
  durationH: number;
  /** `transponder-off` when a staged dark span lies inside it, else `coverage`. */
  cause: 'transponder-off' | 'coverage';
  simulated: true;
}

export interface TruthBriefOn {
  vessel: string;
  mmsi: number;
  startTsMs: number;
  endTsMs: number;
  receivedPositions: number;
  note: string;
  simulated: true;
}

export interface TruthEncounter {
  id: string;
  vessels: [string, string];
  mmsis: [number, number];
  startTsMs: number;
  endTsMs: number;
  lat: number;
  lon: number;
  separationM: number;
  maxSpeedKnots: number;
  incidental: false;
  note: string;
  simulated: true;
}

export interface TruthSpoof {
  id: string;
  vessel: string;
  mmsi: number;
  startTsMs: number;
  endTsMs: number;
  reportedLat: number;
  reportedLon: number;
  trueLat: number;
  trueLon: number;
  receivedPositions: number;
  note: string;
  simulated: true;
}

export interface TruthIdentityChange {
  id: string;
  vessel: string;
  tsMs: number;
  imo: number | null;
  from: { mmsi: number; name: string; callSign: string };
  to: { mmsi: number; name: string; callSign: string };
  note: string;
  simulated: true;
}

export interface TruthDraughtChange {
  vessel: string;
  mmsi: number;
  /** When the crew entered the new value (it is broadcast from then on, whenever the transponder is on). */
  tsMs: number;
  fromM: number;
  toM: number;
  reason: 'loading' | 'unloading';
  shipment: number;
  simulated: true;
}

export interface TruthVessel {
  key: string;
  role: 'fleet' | 'partner' | 'background';
  aisClass: 'A' | 'B';
  shipType: number;
  lengthM: number;
  beamM: number;
  identities: { fromTsMs: number; mmsi: number; name: string; callSign: string; imo: number | null }[];
  firstTsMs: number;
  lastTsMs: number;
  receivedPositions: number;
  receivedStatics: number;
}

export interface Truth {
  simulated: true;
  generator: string;
  scenario: string;
  seed: number;
  periodStartTsMs: number;
  periodEndTsMs: number;
  /** Reception gaps shorter than this are not listed. */
  receptionGapMinH: number;
  vessels: TruthVessel[];
  shipments: TruthShipment[];
  portCalls: TruthPortCall[];
  darkSpans: TruthDarkSpan[];
  receptionGaps: TruthReceptionGap[];
  briefSwitchOns: TruthBriefOn[];
  encounters: TruthEncounter[];
  spoofs: TruthSpoof[];
  identityChanges: TruthIdentityChange[];
  draughtChanges: TruthDraughtChange[];
  totals: {
    shipments: number;
    containers: number;
    shipmentsByShip: Record<string, number>;
    containersByShip: Record<string, number>;
    positionsReceived: number;
    staticsReceived: number;
  };
  warnings: string[];
}
