/**
 * What kind of station an MMSI is, from its number and the AIS message types it sent, and whether
 * it moves like a vessel. Not every MMSI in a feed is a ship: base stations, aids to navigation,
 * SAR aircraft and distress beacons share the channel, and a buoy beside a drifting ship would
 * otherwise read as a meeting at sea.
 *
 * Sources: ITU-R M.585-9 Annex 1 (MMSI formats; see mid.ts for the digit patterns) and ITU-R
 * M.1371-5 message table (message 4 base station report, 9 standard SAR aircraft position report,
 * 21 aid-to-navigation report: only those stations send them). Message 11 is not one of them: it
 * has message 4's layout but is "only transmitted from a mobile station as a result of a UTC
 * request message (Message 10)" (USCG NAVCEN, navcen.uscg.gov, "AIS Base Station Report (Message
 * 4) / UTC Date Response (Message 11)"); in the real captures it comes from ship MMSIs.
 */
import { type MmsiKind, mmsiKind } from './mid.js';

/** Same vocabulary as the MMSI's own kind: the message types only ever narrow a number down to one of them. */
export type StationKind = MmsiKind;

export const STATION_KINDS: readonly StationKind[] = [
  'ship',
  'craft',
  'invalid',
  'coast',
  'aton',
  'sar-aircraft',
  'sart',
  'mob',
  'epirb',
  'handheld',
  'group',
];

/** Message types that only one kind of station transmits (ITU-R M.1371). */
const KIND_BY_MESSAGE_TYPE: ReadonlyMap<number, StationKind> = new Map<number, StationKind>([
  [4, 'coast'],
  [9, 'sar-aircraft'],
  [21, 'aton'],
]);

/** The message types that reveal a station's kind (the store looks only for these). */
export const STATION_MESSAGE_TYPES: readonly number[] = [...KIND_BY_MESSAGE_TYPE.keys()];

/** Words for listings. */
export const STATION_LABEL: Readonly<Record<StationKind, string>> = {
  ship: 'ship',
  craft: 'craft of a parent ship',
  invalid: 'invalid MMSI',
  coast: 'coast/base station',
  aton: 'aid to navigation',
  'sar-aircraft': 'SAR aircraft',
  sart: 'AIS-SART',
  mob: 'man overboard device',
  epirb: 'EPIRB-AIS',
  handheld: 'handheld VHF',
  group: 'group call',
};

/**
 * The station's kind: a message type only one kind of station sends wins over the number (a base
 * station configured with a ship-like MMSI is still a base station); of several, the first in
 * `STATION_MESSAGE_TYPES` order. Otherwise the MMSI's format decides.
 */
export function stationKind(mmsi: number, messageTypes: Iterable<number | null> = []): StationKind {
  let byType: StationKind | null = null;
  let rank = Number.POSITIVE_INFINITY;
  for (const ty of messageTypes) {
    if (ty === null) continue;
    const k = KIND_BY_MESSAGE_TYPE.get(ty);
    const r = STATION_MESSAGE_TYPES.indexOf(ty);
    if (k !== undefined && r < rank) {
      byType = k;
      rank = r;
    }
  }
  return byType ?? mmsiKind(mmsi);
}

/**
 * Whether the station's fixes are a vessel's movements, for the vessel detectors and ship lists.
 * Ships and the craft of a parent ship (tenders, lifeboats: they sail) are; so is an invalid
 * number that sent no station-only message, because ships with unprogrammed or mistyped
 * transponders send them and a ship hiding its identity may: leaving them out would hide exactly
 * the ships an analyst looks for. Base stations, aids to navigation, aircraft, beacons, handhelds
 * and group calls are not.
 */
export function isVesselStation(kind: StationKind): boolean {
  return kind === 'ship' || kind === 'craft' || kind === 'invalid';
}
