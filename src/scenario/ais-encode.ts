/**
 * A small, table-driven AIS encoder: typed message → six-bit armoured payload. Each message type is
 * a list of fields (name, width, kind) in transmission order, read from ITU-R M.1371-5 Annex 8
 * §3 (Table 47 type 1, Table 52 type 5, Table 68 type 18, Tables 74/75 type 24); reading a table
 * is reading the standard. Armouring and six-bit text follow Annex 8 §3.1 and Table 47 (text:
 * '@' = 0 pads). Used only by the scenario simulator, so it favours clarity over speed.
 *
 * Deliberately not built on src/ais/messages.ts: these four tables are a second, independent
 * transcription of the standard, and the property tests (test/scenario/ais-encode.test.ts) decode
 * what they encode with src/ais. A wrong width, sign or scale in either table then fails the round
 * trip; with one shared table it would encode and decode wrongly in agreement, and pass.
 */

type Kind = 'u' | 's' | 't';
/** [field, bit width, kind]; for text the width is in bits (6 per character). */
type Field = readonly [string, number, Kind];

/** Type 1 position report class A (Table 47): 168 bits. */
const TYPE1: readonly Field[] = [
  ['type', 6, 'u'],
  ['repeat', 2, 'u'],
  ['mmsi', 30, 'u'],
  ['navStatus', 4, 'u'],
  ['turn', 8, 's'],
  ['sog', 10, 'u'],
  ['accuracy', 1, 'u'],
  ['lon', 28, 's'],
  ['lat', 27, 's'],
  ['cog', 12, 'u'],
  ['heading', 9, 'u'],
  ['second', 6, 'u'],
  ['maneuver', 2, 'u'],
  ['spare', 3, 'u'],
  ['raim', 1, 'u'],
  ['radio', 19, 'u'],
];

/** Type 5 static and voyage related data (Table 52): 424 bits. */
const TYPE5: readonly Field[] = [
  ['type', 6, 'u'],
  ['repeat', 2, 'u'],
  ['mmsi', 30, 'u'],
  ['aisVersion', 2, 'u'],
  ['imo', 30, 'u'],
  ['callSign', 42, 't'],
  ['name', 120, 't'],
  ['shipType', 8, 'u'],
  ['toBow', 9, 'u'],
  ['toStern', 9, 'u'],
  ['toPort', 6, 'u'],
  ['toStarboard', 6, 'u'],
  ['epfd', 4, 'u'],
  ['etaMonth', 4, 'u'],
  ['etaDay', 5, 'u'],
  ['etaHour', 5, 'u'],
  ['etaMinute', 6, 'u'],
  ['draught', 8, 'u'],
  ['destination', 120, 't'],
  ['dte', 1, 'u'],
  ['spare', 1, 'u'],
];

/** Type 18 standard class B position report (Table 68): 168 bits. */
const TYPE18: readonly Field[] = [
  ['type', 6, 'u'],
  ['repeat', 2, 'u'],
  ['mmsi', 30, 'u'],
  ['reserved', 8, 'u'],
  ['sog', 10, 'u'],
  ['accuracy', 1, 'u'],
  ['lon', 28, 's'],
  ['lat', 27, 's'],
  ['cog', 12, 'u'],
  ['heading', 9, 'u'],
  ['second', 6, 'u'],
  ['regional', 2, 'u'],
  ['cs', 1, 'u'],
  ['display', 1, 'u'],
  ['dsc', 1, 'u'],
  ['band', 1, 'u'],
  ['msg22', 1, 'u'],
  ['assigned', 1, 'u'],
  ['raim', 1, 'u'],
  ['radio', 20, 'u'],
];

/** Type 24 part A (Table 74): 160 bits. */
const TYPE24A: readonly Field[] = [
  ['type', 6, 'u'],
  ['repeat', 2, 'u'],
  ['mmsi', 30, 'u'],
  ['partNumber', 2, 'u'],
  ['name', 120, 't'],
];

/** Type 24 part B (Table 75): 168 bits. */
const TYPE24B: readonly Field[] = [
  ['type', 6, 'u'],
  ['repeat', 2, 'u'],
  ['mmsi', 30, 'u'],
  ['partNumber', 2, 'u'],
  ['shipType', 8, 'u'],
  ['vendorId', 42, 't'],
  ['callSign', 42, 't'],
  ['toBow', 9, 'u'],
  ['toStern', 9, 'u'],
  ['toPort', 6, 'u'],
  ['toStarboard', 6, 'u'],
  ['spare', 6, 'u'],
];

/** Six-bit code of a text character (Table 47): '@'..'_' → 0..31, ' '..'?' → 32..63; others → space. */
function sixbitChar(ch: number): number {
  if (ch >= 97 && ch <= 122) ch -= 32;
  if (ch >= 64 && ch <= 95) return ch - 64;
  if (ch >= 32 && ch <= 63) return ch;
  return 32;
}

/** Bits of one message, MSB first, one bit per byte (payloads are at most a few hundred bits). */
function encodeBits(fields: readonly Field[], values: Readonly<Record<string, number | string>>): Uint8Array {
  let total = 0;
  for (const f of fields) total += f[1];
  const bits = new Uint8Array(total);
  let at = 0;
  const push = (v: number, width: number) => {
    // Widths are at most 30 bits, so unsigned 32-bit shifts are exact.
    for (let i = width - 1; i >= 0; i--) bits[at++] = (v >>> i) & 1;
  };
  for (const [name, width, kind] of fields) {
    const v = values[name] ?? (kind === 't' ? '' : 0);
    if (kind === 't') {
      const text = String(v);
      for (let i = 0; i < width / 6; i++) push(i < text.length ? sixbitChar(text.charCodeAt(i)) : 0, 6);
    } else {
      let n = Math.round(Number(v));
      const max = kind === 's' ? 2 ** (width - 1) - 1 : 2 ** width - 1;
      const min = kind === 's' ? -(2 ** (width - 1)) : 0;
      if (!(n <= max && n >= min)) throw new RangeError(`AIS field ${name}=${n} does not fit ${width} bits`);
      if (n < 0) n += 2 ** width;
      push(n, width);
    }
  }
  return bits;
}

/** Armoured payload and fill-bit count (Annex 8 §3.1: 6-bit values 0–39 → '0'–'W', 40–63 → '`'–'w'). */
export function armour(bits: ArrayLike<number>): { payload: string; fillBits: number } {
  const fillBits = (6 - (bits.length % 6)) % 6;
  const codes: number[] = [];
  for (let i = 0; i < bits.length; i += 6) {
    let v = 0;
    for (let j = 0; j < 6; j++) v = (v << 1) | (i + j < bits.length ? bits[i + j] : 0);
    codes.push(v < 40 ? v + 48 : v + 56);
  }
  return { payload: String.fromCharCode(...codes), fillBits };
}

/** A class A (type 1) or class B (type 18) position report. `null` = not available. */
export interface PositionMessage {
  type: 1 | 18;
  mmsi: number;
  lat: number;
  lon: number;
  speedKnots: number | null;
  courseDeg: number | null;
  headingDeg: number | null;
  /** Type 1 only (0–15); class B has no navigational status. */
  navStatus: number;
  /** UTC second of the report (0–59). */
  second: number;
}

export interface StaticMessage {
  mmsi: number;
  imo: number | null;
  callSign: string;
  name: string;
  shipType: number;
  toBowM: number;
  toSternM: number;
  toPortM: number;
  toStarboardM: number;
  draughtM: number | null;
  destination: string;
  /** ETA as UTC epoch ms, or null. Only month/day/hour/minute are transmitted. */
  etaMs: number | null;
}

function positionValues(m: PositionMessage): Record<string, number> {
  return {
    type: m.type,
    mmsi: m.mmsi,
    navStatus: m.navStatus,
    turn: m.type === 1 ? -128 : 0,
    sog: m.speedKnots === null ? 1023 : Math.min(1022, Math.round(m.speedKnots * 10)),
    accuracy: 0,
    // 1/10000 minute (Table 47); 181° / 91° are "not available".
    lon: Math.round(m.lon * 600000),
    lat: Math.round(m.lat * 600000),
    cog: m.courseDeg === null ? 3600 : Math.round(m.courseDeg * 10) % 3600,
    heading: m.headingDeg === null ? 511 : Math.round(m.headingDeg) % 360,
    second: m.second,
    cs: 1,
    msg22: 1,
    band: 1,
  };
}

/** Payload bits of a position report. */
export function positionBits(m: PositionMessage): Uint8Array {
  return encodeBits(m.type === 1 ? TYPE1 : TYPE18, positionValues(m));
}

/** Payload bits of a type 5 message. */
export function staticVoyageBits(m: StaticMessage): Uint8Array {
  const eta = m.etaMs === null ? null : new Date(m.etaMs);
  return encodeBits(TYPE5, {
    type: 5,
    mmsi: m.mmsi,
    imo: m.imo ?? 0,
    callSign: m.callSign,
    name: m.name,
    shipType: m.shipType,
    toBow: m.toBowM,
    toStern: m.toSternM,
    toPort: m.toPortM,
    toStarboard: m.toStarboardM,
    epfd: 1,
    etaMonth: eta === null ? 0 : eta.getUTCMonth() + 1,
    etaDay: eta === null ? 0 : eta.getUTCDate(),
    etaHour: eta === null ? 24 : eta.getUTCHours(),
    etaMinute: eta === null ? 60 : eta.getUTCMinutes(),
    draught: m.draughtM === null ? 0 : Math.min(255, Math.round(m.draughtM * 10)),
    destination: m.destination,
  });
}

/** Payload bits of type 24 parts A and B (class B static data). */
export function classBStaticBits(m: StaticMessage): [Uint8Array, Uint8Array] {
  const a = encodeBits(TYPE24A, { type: 24, mmsi: m.mmsi, partNumber: 0, name: m.name });
  const b = encodeBits(TYPE24B, {
    type: 24,
    mmsi: m.mmsi,
    partNumber: 1,
    shipType: m.shipType,
    vendorId: 'SIM',
    callSign: m.callSign,
    toBow: m.toBowM,
    toStern: m.toSternM,
    toPort: m.toPortM,
    toStarboard: m.toStarboardM,
  });
  return [a, b];
}
