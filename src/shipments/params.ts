/**
 * Shipment proposal parameters, one named value each with its reason. Distances and speeds from
 * docs/sources.md ("Sea distances", "The fleet"); the rest are the ledger's own choices. The
 * maximum speed, the minimum dwell at a dark end and the gap threshold are the events' own
 * (`gapMaxSpeedKnots`, `darkCallMinDwellMs`, `gapMinMs`), read from each event or from the
 * detection run's parameters: never copied here.
 */
export interface ShipmentParams {
  /** Areas a laden leg starts at (area ids). */
  originAreaIds: string[];
  /** Areas it ends at. */
  destinationAreaIds: string[];
  /**
   * Longest time from leaving the origin to reaching the destination. Rajin → Dunai/Vostochny is
   * 98–126 nm (9–13 h at 10–12 kn); 4 days leaves room for waiting at anchor and weather, and
   * stays below the few days a round trip with loading takes, so two trips are not chained.
   */
  maxTransitMs: number;
  /** A sighting this far outside an area's entry boundary still counts as at the area. */
  sightingAreaMarginM: number;
  /** Containers staged or left on the quay: counted this long before loading / after discharge. */
  containerWindowMs: number;
  /** Draught changes this long around an end count for it (crews retype late). */
  draughtWindowMs: number;
  /** Re-detection: a stored shipment matches a new proposal of the same vessel and ends when the departures are this close. */
  matchToleranceMs: number;
  /** A matched confirmed shipment is flagged when a time moved by more than this. */
  reviewTimeToleranceMs: number;
}

const H = 3_600_000;
const D = 24 * H;

export const DEFAULT_SHIPMENT_PARAMS: Readonly<ShipmentParams> = {
  originAreaIds: ['rajin'],
  destinationAreaIds: ['dunai', 'vostochny', 'nakhodka', 'vladivostok'],
  maxTransitMs: 4 * D,
  sightingAreaMarginM: 1000,
  containerWindowMs: 2 * D,
  draughtWindowMs: 12 * H,
  matchToleranceMs: 36 * H,
  reviewTimeToleranceMs: 1 * H,
};
