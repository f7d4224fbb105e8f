/**
 * The records every source (NMEA decoder, vendor CSV readers) emits and the store keeps.
 * Units are in the names; "not available" is null, never a magic number.
 */

/** One position fix of one vessel at one time. */
export interface PositionRecord {
  mmsi: number;
  /** Receive (or vendor base) time, epoch milliseconds UTC. */
  tsMs: number;
  /** WGS84 degrees. */
  lon: number;
  lat: number;
  speedKnots: number | null;
  courseDeg: number | null;
  headingDeg: number | null;
  /** ITU-R M.1371 navigational status 0–15 (15 = not defined is kept as 15). */
  navStatus: number | null;
  /** AIS message type (1, 2, 3, 4, 9, 11, 18, 19, 21, 27) or null for a CSV row without one. */
  msgType: number | null;
  /** Where the fix came from: receiver/station id, tag-block s:, or the vendor name. */
  source: string | null;
}

/** Static and voyage data of one vessel (types 5, 19, 24, 21 or a CSV row's identity columns). */
export interface StaticRecord {
  mmsi: number;
  /** Receive time when known; null for a time-less capture. */
  tsMs: number | null;
  imo: number | null;
  name: string | null;
  callSign: string | null;
  /** ITU ship and cargo type 0–99. */
  shipType: number | null;
  lengthM: number | null;
  beamM: number | null;
  toBowM: number | null;
  toSternM: number | null;
  toPortM: number | null;
  toStarboardM: number | null;
  draughtM: number | null;
  destination: string | null;
  /** ETA as written in the message, "MM-DDTHH:MMZ" (the year is not transmitted). */
  eta: string | null;
  msgType: number | null;
  source: string | null;
}

/** A static report that states nothing but its vessel, time and source; fields are filled in by the caller. */
export function staticRecord(
  mmsi: number,
  tsMs: number | null,
  fields: Partial<StaticRecord> = {},
): StaticRecord {
  return {
    mmsi,
    tsMs,
    imo: null,
    name: null,
    callSign: null,
    shipType: null,
    lengthM: null,
    beamM: null,
    toBowM: null,
    toSternM: null,
    toPortM: null,
    toStarboardM: null,
    draughtM: null,
    destination: null,
    eta: null,
    msgType: null,
    source: null,
    ...fields,
  };
}
