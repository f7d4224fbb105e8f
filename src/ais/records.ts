/** AisMessage → tallyman's PositionRecord / StaticRecord (src/tracks/records.ts). */
import type { PositionBuffer } from '../tracks/position-columns.js';
import type { PositionRecord, StaticRecord } from '../tracks/records.js';
import { ituShipTypeOfEri } from './applications.js';
import type { AisMessage } from './messages.js';
import type { MessageMeta } from './types.js';

/** By message type (0–63): whether it reports a position. A table, not a Set: it is asked per message. */
const POSITION_TYPE = new Uint8Array(64);
for (const t of [1, 2, 3, 4, 9, 11, 18, 19, 21, 27]) POSITION_TYPE[t] = 1;

/**
 * The fields the records read, as optional properties of one loose view: each message type has
 * some of them, and a field a type lacks reads as undefined (→ null). Named properties rather than
 * `m[key]`, so every read is a plain property load.
 */
interface RecordFields {
  type: number;
  mmsi: number;
  lon?: number | null;
  lat?: number | null;
  speedKnots?: number | null;
  courseDeg?: number | null;
  headingDeg?: number | null;
  navStatus?: number;
  imo?: number | null;
  shipName?: string;
  name?: string;
  callSign?: string;
  shipType?: number | null;
  toBowM?: number | null;
  toSternM?: number | null;
  toPortM?: number | null;
  toStarboardM?: number | null;
  draughtM?: number | null;
  destination?: string;
  etaMonth?: number | null;
  etaDay?: number | null;
  etaHour?: number | null;
  etaMinute?: number | null;
}

/** Where fixes can be written field by field (PositionBuffer), instead of as PositionRecord objects. */
export type FixSink = Pick<PositionBuffer, 'pushFix'>;

function sum(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

function text(v: string | undefined): string | null {
  return v === undefined || v === '' ? null : v;
}

/** "00"…"99": the ETA's fields are at most 6 bits, so padding is a lookup. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

function twoDigits(v: number): string {
  return TWO_DIGITS[v] ?? String(v).padStart(2, '0');
}

/** Whether `msg` reports a position on the globe: a position type whose lon and lat are given and in range. */
export function hasFix(msg: AisMessage): boolean {
  if (POSITION_TYPE[msg.type] !== 1) return false;
  const { lon, lat } = msg as RecordFields;
  return (
    lon !== null &&
    lat !== null &&
    lon !== undefined &&
    lat !== undefined &&
    lon >= -180 &&
    lon <= 180 &&
    lat >= -90 &&
    lat <= 90
  );
}

/** The fix of a message that hasFix(), received at `tsMs` by `source`, as a record. */
export function positionRecord(msg: AisMessage, tsMs: number, source: string | null): PositionRecord {
  const m = msg as RecordFields;
  return {
    mmsi: m.mmsi,
    tsMs,
    lon: m.lon as number,
    lat: m.lat as number,
    speedKnots: m.speedKnots ?? null,
    courseDeg: m.courseDeg ?? null,
    headingDeg: m.headingDeg ?? null,
    navStatus: m.navStatus ?? null,
    msgType: m.type,
    source,
  };
}

/** The fix of a message that hasFix(), written to `sink` field by field (the same values positionRecord has). */
export function writeFix(msg: AisMessage, tsMs: number, source: string | null, sink: FixSink): void {
  const m = msg as RecordFields;
  sink.pushFix(
    m.mmsi,
    tsMs,
    m.lon as number,
    m.lat as number,
    m.speedKnots ?? null,
    m.courseDeg ?? null,
    m.headingDeg ?? null,
    m.navStatus ?? null,
    m.type,
    source,
  );
}

/**
 * An inland vessel's static data (type 8 DAC 200 FID 10, Inland AIS): overall length and beam
 * (what imagery measures a ship by), draught and ship type, which class A reports give only as
 * antenna offsets.
 */
function inlandStatic(msg: AisMessage, tsMs: number | null, source: string | null): StaticRecord | null {
  const app = msg.type === 8 ? msg.app : null;
  if (app === null || app.app !== 'inland-static') return null;
  return {
    mmsi: msg.mmsi,
    tsMs,
    imo: null,
    name: null,
    callSign: null,
    shipType: ituShipTypeOfEri(app.eriShipType as number | null),
    lengthM: app.lengthM as number | null,
    beamM: app.beamM as number | null,
    toBowM: null,
    toSternM: null,
    toPortM: null,
    toStarboardM: null,
    draughtM: app.draughtM as number | null,
    destination: null,
    eta: null,
    msgType: 8,
    source,
  };
}

/** The static data of a static report (types 5, 19, 21, 24; type 8 inland ship data), else null. */
export function staticRecordOf(
  msg: AisMessage,
  tsMs: number | null,
  source: string | null,
): StaticRecord | null {
  const type = msg.type;
  if (type === 8) return inlandStatic(msg, tsMs, source);
  if (type !== 5 && type !== 19 && type !== 24 && type !== 21) return null;
  const m = msg as RecordFields;
  const toBowM = m.toBowM ?? null;
  const toSternM = m.toSternM ?? null;
  const toPortM = m.toPortM ?? null;
  const toStarboardM = m.toStarboardM ?? null;
  const eta =
    type === 5 && m.etaMonth !== null && m.etaDay !== null
      ? `${twoDigits(m.etaMonth as number)}-${twoDigits(m.etaDay as number)}T${twoDigits(m.etaHour ?? 24)}:${twoDigits(m.etaMinute ?? 60)}Z`
      : null;
  return {
    mmsi: m.mmsi,
    tsMs,
    imo: m.imo ?? null,
    name: text(type === 21 ? m.name : m.shipName),
    callSign: text(m.callSign),
    shipType: m.shipType ?? null,
    lengthM: sum(toBowM, toSternM),
    beamM: sum(toPortM, toStarboardM),
    toBowM,
    toSternM,
    toPortM,
    toStarboardM,
    draughtM: m.draughtM ?? null,
    destination: text(m.destination),
    eta,
    msgType: type,
    source,
  };
}

export function messageToRecords(
  msg: AisMessage,
  meta: MessageMeta,
): { position: PositionRecord | null; static: StaticRecord | null } {
  const tsMs = meta.receivedAtMs;
  return {
    position: tsMs !== null && hasFix(msg) ? positionRecord(msg, tsMs, meta.station) : null,
    static: staticRecordOf(msg, tsMs, meta.station),
  };
}
