/**
 * Every AIS message type, declared once as a field table (ITU-R M.1371-5, Annex 8 "AIS messages",
 * section 3). The tables drive both decoding (compile.ts) and gpsd-style printing (format-gpsd.ts).
 * Spare bits are left out. Field names are tallyman's (camelCase, units in the name); `gpsd` is
 * the key gpsd prints.
 *
 * Units: lon/lat degrees; speedKnots; courseDeg; headingDeg; turnRaw is the raw ROT_AIS value
 * (−127…127; deg/min = sign·(turnRaw/4.733)²); draughtM; toBowM/… metres; altitudeM.
 */
import type { AppRecord } from './app-decode.js';
import { b, type RecordOf, s, sn, t, trest, u, un } from './fields.js';

// Shared position fields, written out per type because the bit offsets differ.
const LON = { na: 108600000, divisor: 600000, scaled: 'deg7' } as const;
const LAT = { na: 54600000, divisor: 600000, scaled: 'deg7' } as const;
const LON10 = { na: 108600, divisor: 600, scaled: 'deg4' } as const;
const LAT10 = { na: 54600, divisor: 600, scaled: 'deg4' } as const;

/** Types 1, 2, 3: position report, class A (M.1371-5 A8 §3.1, Table 47). */
export const T1 = [
  u('navStatus', 'status', 38, 4, { label: 'status', ref: 'navigational status 0–15' }),
  sn('turnRaw', 'turn', 42, 8, { na: -128, scaled: 'turn', ref: 'ROT_AIS, −128 = n/a' }),
  un('speedKnots', 'speed', 50, 10, { na: 1023, divisor: 10, scaled: 'speed13', ref: '1/10 kn' }),
  b('accuracy', 'accuracy', 60),
  sn('lon', 'lon', 61, 28, LON),
  sn('lat', 'lat', 89, 27, LAT),
  un('courseDeg', 'course', 116, 12, { na: 3600, divisor: 10, scaled: 'd1' }),
  un('headingDeg', 'heading', 128, 9, { na: 511 }),
  un('second', 'second', 137, 6, { na: 60, ref: '61–63 = positioning modes' }),
  u('maneuver', 'maneuver', 143, 2),
  b('raim', 'raim', 148),
  u('radio', 'radio', 149, 19, {
    cutShort: true,
    ref: 'short reports (163–167 bits, seen in the wild) end inside it',
  }),
] as const;

/** Types 4 and 11: base station report / UTC and date response (A8 §3.3, Table 50). */
export const T4 = [
  un('year', null, 38, 14, { na: 0 }),
  un('month', null, 52, 4, { na: 0 }),
  un('day', null, 56, 5, { na: 0 }),
  un('hour', null, 61, 5, { na: 24 }),
  un('minute', null, 66, 6, { na: 60 }),
  un('second', null, 72, 6, { na: 60 }),
  b('accuracy', 'accuracy', 78),
  sn('lon', 'lon', 79, 28, LON),
  sn('lat', 'lat', 107, 27, LAT),
  u('epfd', 'epfd', 134, 4, { label: 'epfd' }),
  b('raim', 'raim', 148),
  u('radio', 'radio', 149, 19),
] as const;

/** Type 5: static and voyage related data (A8 §3.4, Table 52). */
export const T5 = [
  u('aisVersion', 'ais_version', 38, 2),
  un('imo', 'imo', 40, 30, { na: 0 }),
  t('callSign', 'callsign', 70, 7),
  t('shipName', 'shipname', 112, 20),
  un('shipType', 'shiptype', 232, 8, { na: 0, label: 'shiptype' }),
  un('toBowM', 'to_bow', 240, 9, { na: 0 }),
  un('toSternM', 'to_stern', 249, 9, { na: 0 }),
  un('toPortM', 'to_port', 258, 6, { na: 0 }),
  un('toStarboardM', 'to_starboard', 264, 6, { na: 0 }),
  u('epfd', 'epfd', 270, 4, { label: 'epfd' }),
  un('etaMonth', null, 274, 4, { na: 0 }),
  un('etaDay', null, 278, 5, { na: 0 }),
  un('etaHour', null, 283, 5, { na: 24 }),
  un('etaMinute', null, 288, 6, { na: 60 }),
  un('draughtM', 'draught', 294, 8, { na: 0, divisor: 10, scaled: 'd1' }),
  t('destination', 'destination', 302, 20),
  un('dte', 'dte', 422, 1, { minBits: 423 }),
] as const;

/** Type 6: addressed binary message (A8 §3.5, Table 55); the application payload is decoded by applications.ts. */
export const T6 = [
  u('seqno', 'seqno', 38, 2),
  u('destMmsi', 'dest_mmsi', 40, 30),
  b('retransmit', 'retransmit', 70),
  u('dac', 'dac', 72, 10),
  u('fid', 'fid', 82, 6),
] as const;

/** Types 7 and 13: binary / safety acknowledge, 1–4 destinations (A8 §3.6, Table 57). */
export const T7 = [
  u('mmsi1', 'mmsi1', 40, 30),
  u('seqno1', null, 70, 2),
  un('mmsi2', 'mmsi2', 72, 30, { minBits: 73 }),
  un('seqno2', null, 102, 2, { minBits: 73 }),
  un('mmsi3', 'mmsi3', 104, 30, { minBits: 105 }),
  un('seqno3', null, 134, 2, { minBits: 105 }),
  un('mmsi4', 'mmsi4', 136, 30, { minBits: 137 }),
  un('seqno4', null, 166, 2, { minBits: 137 }),
] as const;

/** Type 8: binary broadcast message (A8 §3.7, Table 58); the application payload is decoded by applications.ts. */
export const T8 = [u('dac', 'dac', 40, 10), u('fid', 'fid', 50, 6)] as const;

/** Type 9: standard SAR aircraft position report (A8 §3.8, Table 60). Speed in whole knots. */
export const T9 = [
  un('altitudeM', 'alt', 38, 12, { na: 4095, ref: '4094 = 4094 m or higher' }),
  un('speedKnots', 'speed', 50, 10, { na: 1023, ref: 'knots, 1022 = 1022 kn or more' }),
  b('accuracy', 'accuracy', 60),
  sn('lon', 'lon', 61, 28, LON),
  sn('lat', 'lat', 89, 27, LAT),
  un('courseDeg', 'course', 116, 12, { na: 3600, divisor: 10, scaled: 'd1' }),
  un('second', 'second', 128, 6, { na: 60 }),
  u('regional', 'regional', 134, 8),
  u('dte', 'dte', 142, 1),
  b('assigned', null, 146),
  b('raim', 'raim', 147),
  u('radio', 'radio', 148, 20),
] as const;

/** Type 10: UTC/date inquiry (A8 §3.9, Table 61). */
export const T10 = [u('destMmsi', 'dest_mmsi', 40, 30)] as const;

/** Type 12: addressed safety related message (A8 §3.10, Table 62). */
export const T12 = [
  u('seqno', 'seqno', 38, 2),
  u('destMmsi', 'dest_mmsi', 40, 30),
  b('retransmit', 'retransmit', 70),
  trest('text', 'text', 72),
] as const;

/** Type 14: safety related broadcast message (A8 §3.12, Table 64). */
export const T14 = [trest('text', 'text', 40)] as const;

/** Type 15: interrogation (A8 §3.13, Table 65); later requests present only in longer payloads. */
export const T15 = [
  u('mmsi1', 'mmsi1', 40, 30),
  u('type1_1', 'type1_1', 70, 6),
  u('offset1_1', 'offset1_1', 76, 12),
  un('type1_2', 'type1_2', 90, 6, { minBits: 91 }),
  un('offset1_2', 'offset1_2', 96, 12, { minBits: 91 }),
  un('mmsi2', 'mmsi2', 110, 30, { minBits: 111 }),
  un('type2_1', 'type2_1', 140, 6, { minBits: 111 }),
  un('offset2_1', 'offset2_1', 146, 12, { minBits: 111 }),
] as const;

/** Type 16: assigned mode command, one or two stations (A8 §3.14, Table 66). */
export const T16 = [
  u('mmsi1', 'mmsi1', 40, 30),
  u('offset1', 'offset1', 70, 12),
  u('increment1', 'increment1', 82, 10),
  un('mmsi2', 'mmsi2', 92, 30, { minBits: 144 }),
  un('offset2', 'offset2', 122, 12, { minBits: 144 }),
  un('increment2', 'increment2', 134, 10, { minBits: 144 }),
] as const;

/** Type 17: GNSS broadcast binary message (A8 §3.15, Table 67); lon/lat in 1/10 minute. */
export const T17 = [
  s('lon', 'lon', 40, 18, { divisor: 600, scaled: 'deg1' }),
  s('lat', 'lat', 58, 17, { divisor: 600, scaled: 'deg1' }),
] as const;

/** Type 18: standard class B position report (A8 §3.16, Table 68). */
export const T18 = [
  u('reserved', 'reserved', 38, 8),
  un('speedKnots', 'speed', 46, 10, { na: 1023, divisor: 10, scaled: 'd1' }),
  b('accuracy', 'accuracy', 56),
  sn('lon', 'lon', 57, 28, LON),
  sn('lat', 'lat', 85, 27, LAT),
  un('courseDeg', 'course', 112, 12, { na: 3600, divisor: 10, scaled: 'd1' }),
  un('headingDeg', 'heading', 124, 9, { na: 511 }),
  un('second', 'second', 133, 6, { na: 60 }),
  u('regional', 'regional', 139, 2),
  b('cs', 'cs', 141),
  b('display', 'display', 142),
  b('dsc', 'dsc', 143),
  b('band', 'band', 144),
  b('msg22', 'msg22', 145),
  b('assigned', null, 146),
  b('raim', 'raim', 147),
  u('radio', 'radio', 148, 20),
] as const;

/** Type 19: extended class B position report (A8 §3.17, Table 69). */
export const T19 = [
  u('reserved', 'reserved', 38, 8),
  un('speedKnots', 'speed', 46, 10, { na: 1023, divisor: 10, scaled: 'd1' }),
  b('accuracy', 'accuracy', 56),
  sn('lon', 'lon', 57, 28, LON),
  sn('lat', 'lat', 85, 27, LAT),
  un('courseDeg', 'course', 112, 12, { na: 3600, divisor: 10, scaled: 'd1' }),
  un('headingDeg', 'heading', 124, 9, { na: 511 }),
  un('second', 'second', 133, 6, { na: 60 }),
  u('regional', 'regional', 139, 4),
  t('shipName', 'shipname', 143, 20),
  un('shipType', 'shiptype', 263, 8, { na: 0, label: 'shiptype' }),
  un('toBowM', 'to_bow', 271, 9, { na: 0 }),
  un('toSternM', 'to_stern', 280, 9, { na: 0 }),
  un('toPortM', 'to_port', 289, 6, { na: 0 }),
  un('toStarboardM', 'to_starboard', 295, 6, { na: 0 }),
  u('epfd', 'epfd', 301, 4, { label: 'epfd' }),
  b('raim', 'raim', 305),
  u('dte', 'dte', 306, 1),
  b('assigned', 'assigned', 307),
] as const;

/** Type 20: data link management, four slot reservations (A8 §3.18, Table 70). */
export const T20 = [
  u('offset1', 'offset1', 40, 12),
  u('number1', 'number1', 52, 4),
  u('timeout1', 'timeout1', 56, 3),
  u('increment1', 'increment1', 59, 11),
  u('offset2', 'offset2', 70, 12),
  u('number2', 'number2', 82, 4),
  u('timeout2', 'timeout2', 86, 3),
  u('increment2', 'increment2', 89, 11),
  u('offset3', 'offset3', 100, 12),
  u('number3', 'number3', 112, 4),
  u('timeout3', 'timeout3', 116, 3),
  u('increment3', 'increment3', 119, 11),
  u('offset4', 'offset4', 130, 12),
  u('number4', 'number4', 142, 4),
  u('timeout4', 'timeout4', 146, 3),
  u('increment4', 'increment4', 149, 11),
] as const;

/**
 * Type 21: aids-to-navigation report (A8 §3.19, Table 71). The name is 20 characters plus the name
 * extension after bit 272 (decoded in compile.ts, key `name`).
 */
export const T21 = [
  u('aidType', 'aid_type', 38, 5, { label: 'aid_type' }),
  b('accuracy', 'accuracy', 163),
  sn('lon', 'lon', 164, 28, LON),
  sn('lat', 'lat', 192, 27, LAT),
  un('toBowM', 'to_bow', 219, 9, { na: 0 }),
  un('toSternM', 'to_stern', 228, 9, { na: 0 }),
  un('toPortM', 'to_port', 237, 6, { na: 0 }),
  un('toStarboardM', 'to_starboard', 243, 6, { na: 0 }),
  u('epfd', 'epfd', 249, 4, { label: 'epfd' }),
  un('second', 'second', 253, 6, { na: 60 }),
  b('offPosition', 'off_position', 259),
  u('regional', 'regional', 260, 8),
  b('raim', 'raim', 268),
  b('virtualAid', 'virtual_aid', 269),
  b('assigned', null, 270),
] as const;

/** Type 22: channel management, geographic area variant (A8 §3.20, Table 72; bit 139 = 0). */
export const T22AREA = [
  u('channelA', 'channel_a', 40, 12),
  u('channelB', 'channel_b', 52, 12),
  u('txrx', 'txrx', 64, 4),
  b('power', 'power', 68),
  s('neLon', 'ne_lon', 69, 18, { divisor: 600, scaled: 'degq6' }),
  s('neLat', 'ne_lat', 87, 17, { divisor: 600, scaled: 'degq6' }),
  s('swLon', 'sw_lon', 104, 18, { divisor: 600, scaled: 'degq6' }),
  s('swLat', 'sw_lat', 122, 17, { divisor: 600, scaled: 'degq6' }),
  b('addressed', 'addressed', 139),
  b('bandA', 'band_a', 140),
  b('bandB', 'band_b', 141),
  u('zoneSize', 'zonesize', 142, 3),
] as const;

/** Type 22: channel management, addressed variant (A8 §3.20, Table 72; bit 139 = 1). */
export const T22ADDR = [
  u('channelA', 'channel_a', 40, 12),
  u('channelB', 'channel_b', 52, 12),
  u('txrx', 'txrx', 64, 4),
  b('power', 'power', 68),
  u('dest1', 'dest1', 69, 30),
  u('dest2', 'dest2', 104, 30),
  b('addressed', 'addressed', 139),
  b('bandA', 'band_a', 140),
  b('bandB', 'band_b', 141),
  u('zoneSize', 'zonesize', 142, 3),
] as const;

/** Type 23: group assignment command (A8 §3.21, Table 73). */
export const T23 = [
  s('neLon', 'ne_lon', 40, 18, { divisor: 600, scaled: 'degq6' }),
  s('neLat', 'ne_lat', 58, 17, { divisor: 600, scaled: 'degq6' }),
  s('swLon', 'sw_lon', 75, 18, { divisor: 600, scaled: 'degq6' }),
  s('swLat', 'sw_lat', 93, 17, { divisor: 600, scaled: 'degq6' }),
  u('stationType', 'stationtype', 110, 4, { label: 'stationtype' }),
  un('shipType', 'shiptype', 114, 8, { na: 0, label: 'shiptype' }),
  u('txrx', null, 144, 2),
  u('interval', 'interval', 146, 4),
  u('quiet', 'quiet', 150, 4),
] as const;

/** Type 24 part A: class B static data, name (A8 §3.22, Table 74). */
export const T24A = [u('partNumber', null, 38, 2), t('shipName', 'shipname', 40, 20)] as const;

/**
 * Type 24 part B (A8 §3.22, Table 75). M.1371-4 split the 7-character vendor id into vendor (3
 * characters), unit model and serial; gpsd prints the old 7-character form as `vendorid`, so both are kept.
 */
export const T24B = [
  u('partNumber', null, 38, 2),
  un('shipType', 'shiptype', 40, 8, { na: 0, label: 'shiptype' }),
  t('vendorIdLegacy', 'vendorid', 48, 7),
  t('vendorId', null, 48, 3),
  u('model', 'model', 66, 4),
  u('serial', 'serial', 70, 20),
  t('callSign', 'callsign', 90, 7),
  un('toBowM', 'to_bow', 132, 9, { na: 0 }),
  un('toSternM', 'to_stern', 141, 9, { na: 0 }),
  un('toPortM', 'to_port', 150, 6, { na: 0 }),
  un('toStarboardM', 'to_starboard', 156, 6, { na: 0 }),
] as const;

/** Type 24 part B of an auxiliary craft (MMSI 98xxxxxxx): mother ship MMSI instead of dimensions. */
export const T24BAUX = [
  u('partNumber', null, 38, 2),
  un('shipType', 'shiptype', 40, 8, { na: 0, label: 'shiptype' }),
  t('vendorIdLegacy', 'vendorid', 48, 7),
  t('vendorId', null, 48, 3),
  u('model', 'model', 66, 4),
  u('serial', 'serial', 70, 20),
  t('callSign', 'callsign', 90, 7),
  u('mothershipMmsi', 'mothership_mmsi', 132, 30),
] as const;

/** Types 25 and 26: single/multiple slot binary message flags (A8 §3.23–3.24, Tables 76–77). */
export const T25 = [b('addressed', 'addressed', 38), b('structured', 'structured', 39)] as const;

/** Type 27: long-range broadcast (A8 §3.25, Table 78); 1/10-minute positions, whole knots and degrees. */
export const T27 = [
  b('accuracy', 'accuracy', 38),
  b('raim', 'raim', 39),
  u('navStatus', 'status', 40, 4, { label: 'status' }),
  sn('lon', 'lon', 44, 18, LON10),
  sn('lat', 'lat', 62, 17, LAT10),
  un('speedKnots', 'speed', 79, 6, { na: 63 }),
  un('courseDeg', 'course', 85, 9, { na: 511 }),
  b('gnss', 'gnss', 94, { ref: 'raw bit: 0 = current GNSS position (libais inverts it)' }),
] as const;

interface Header {
  repeat: number;
  mmsi: number;
  /**
   * Set (true) only on a message shorter than its type's length rule decoded by the lenient
   * option: fields past its end are null whatever their declared type.
   */
  short?: true;
}
/** Binary application payload: `dataBits` bits as left-aligned hex, gpsd's `"data":"bits:hex"`. */
interface BinaryData {
  dataBits: number;
  data: string;
}

export type PositionReportA = Header & { type: 1 | 2 | 3 } & RecordOf<typeof T1>;
export type BaseStationReport = Header & { type: 4 | 11 } & RecordOf<typeof T4>;
export type StaticVoyageData = Header & { type: 5 } & RecordOf<typeof T5>;
/** The decoded application payload (applications.ts), or null where it is kept only as hex. */
interface Application {
  app: AppRecord | null;
}
export type AddressedBinary = Header & { type: 6 } & RecordOf<typeof T6> & BinaryData & Application;
export type BinaryAck = Header & { type: 7 | 13 } & RecordOf<typeof T7>;
export type BinaryBroadcast = Header & { type: 8 } & RecordOf<typeof T8> & BinaryData & Application;
export type SarAircraftReport = Header & { type: 9 } & RecordOf<typeof T9>;
export type UtcInquiry = Header & { type: 10 } & RecordOf<typeof T10>;
export type SafetyAddressed = Header & { type: 12 } & RecordOf<typeof T12>;
export type SafetyBroadcast = Header & { type: 14 } & RecordOf<typeof T14>;
export type Interrogation = Header & { type: 15 } & RecordOf<typeof T15>;
export type AssignedMode = Header & { type: 16 } & RecordOf<typeof T16>;
export type GnssBroadcast = Header & { type: 17 } & RecordOf<typeof T17> & BinaryData;
export type PositionReportB = Header & { type: 18 } & RecordOf<typeof T18>;
export type ExtendedPositionReportB = Header & { type: 19 } & RecordOf<typeof T19>;
export type DataLinkManagement = Header & { type: 20 } & RecordOf<typeof T20>;
export type AidToNavigation = Header & { type: 21; name: string } & RecordOf<typeof T21>;
export type ChannelManagementArea = Header & { type: 22 } & RecordOf<typeof T22AREA>;
export type ChannelManagementAddressed = Header & { type: 22 } & RecordOf<typeof T22ADDR>;
export type GroupAssignment = Header & { type: 23 } & RecordOf<typeof T23>;
export type StaticDataA = Header & { type: 24; partNumber: 0 } & RecordOf<typeof T24A>;
export type StaticDataB = Header & { type: 24; partNumber: 1 } & RecordOf<typeof T24B>;
export type StaticDataBAux = Header & { type: 24; partNumber: 1 } & RecordOf<typeof T24BAUX>;
export type BinarySlotMessage = Header & {
  type: 25 | 26;
  destMmsi: number | null;
  appId: number | null;
} & RecordOf<typeof T25> &
  BinaryData;
export type LongRangeReport = Header & { type: 27 } & RecordOf<typeof T27>;
/** A type tallyman does not define (0, 28–63): header and payload only. */
export type UndefinedMessage = Header & { type: number; undefinedType: true } & BinaryData;

export type AisMessage =
  | PositionReportA
  | BaseStationReport
  | StaticVoyageData
  | AddressedBinary
  | BinaryAck
  | BinaryBroadcast
  | SarAircraftReport
  | UtcInquiry
  | SafetyAddressed
  | SafetyBroadcast
  | Interrogation
  | AssignedMode
  | GnssBroadcast
  | PositionReportB
  | ExtendedPositionReportB
  | DataLinkManagement
  | AidToNavigation
  | ChannelManagementArea
  | ChannelManagementAddressed
  | GroupAssignment
  | StaticDataA
  | StaticDataB
  | StaticDataBAux
  | BinarySlotMessage
  | LongRangeReport;

/**
 * Length rules (bits) — a message outside them is rejected (too-short / bad-length), as gpsd does, so
 * line noise does not become positions. `max` Infinity = longer payloads are accepted (extra bits ignored).
 */
export const LENGTHS: Record<number, { min: number; max: number }> = {
  1: { min: 163, max: 204 },
  2: { min: 163, max: 204 },
  3: { min: 163, max: 204 },
  4: { min: 168, max: Infinity },
  5: { min: 420, max: Infinity },
  6: { min: 88, max: 1008 },
  7: { min: 72, max: 168 },
  8: { min: 56, max: 1008 },
  9: { min: 168, max: Infinity },
  10: { min: 72, max: Infinity },
  11: { min: 168, max: Infinity },
  12: { min: 72, max: 1008 },
  13: { min: 72, max: 168 },
  14: { min: 40, max: 960 },
  15: { min: 88, max: 168 },
  16: { min: 96, max: 168 },
  17: { min: 80, max: 816 },
  18: { min: 168, max: Infinity },
  19: { min: 312, max: Infinity },
  20: { min: 72, max: 186 },
  21: { min: 272, max: 368 },
  22: { min: 168, max: Infinity },
  23: { min: 160, max: Infinity },
  25: { min: 40, max: 168 },
  26: { min: 60, max: 1004 },
};
