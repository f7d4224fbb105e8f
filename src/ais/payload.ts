/**
 * Payload bits → AisMessage: checks each type's length rule, picks the table variant (type 22 area or
 * addressed, type 24 part A/B) and runs the compiled decoder. Pure: no state between messages.
 */
import { decodeApp } from './app-decode.js';
import { appSpecOf } from './applications.js';
import { type BitBuffer, sixbitText, sixbitTextUntrimmed, ubits } from './bits.js';
import { type CompiledDecoder, compileDecoder } from './compile.js';
import type { FieldSpec } from './fields.js';
import {
  type AisMessage,
  LENGTHS,
  T1,
  T4,
  T5,
  T6,
  T7,
  T8,
  T9,
  T10,
  T12,
  T14,
  T15,
  T16,
  T17,
  T18,
  T19,
  T20,
  T21,
  T22ADDR,
  T22AREA,
  T23,
  T24A,
  T24B,
  T24BAUX,
  T27,
} from './messages.js';
import type { RejectReason } from './types.js';

/** Where the application data that gpsd prints as `data` begins, for the types whose data runs to the end. */
export const DATA_START: Readonly<Record<number, number>> = { 6: 88, 8: 56, 17: 80 };

const data = (start: number, endExpr = 'n') => [
  { name: 'dataBits', expr: `(${endExpr}) > ${start} ? (${endExpr}) - ${start} : 0` },
  { name: 'data', expr: `H(b, ${start}, ${endExpr})` },
];

const D1 = compileDecoder(null, T1);
const D4 = compileDecoder(null, T4);
const D5 = compileDecoder(5, T5);
// `app` is filled after the table by decodeApp (null where gpsd keeps the payload as hex).
const APP = { name: 'app', expr: 'null' };
const D6 = compileDecoder(6, T6, [...data(DATA_START[6]), APP]);
const D7 = compileDecoder(null, T7);
const D8 = compileDecoder(8, T8, [...data(DATA_START[8]), APP]);
const D9 = compileDecoder(9, T9);
const D10 = compileDecoder(10, T10);
const D12 = compileDecoder(12, T12);
const D14 = compileDecoder(14, T14);
const D15 = compileDecoder(15, T15);
const D16 = compileDecoder(16, T16);
const D17 = compileDecoder(17, T17, data(DATA_START[17]));
const D18 = compileDecoder(18, T18);
const D19 = compileDecoder(19, T19);
const D20 = compileDecoder(20, T20);
const D22AREA = compileDecoder(22, T22AREA);
const D22ADDR = compileDecoder(22, T22ADDR);
const D23 = compileDecoder(23, T23);
const D24A = compileDecoder(24, T24A);
const D24B = compileDecoder(24, T24B);
const D24BAUX = compileDecoder(24, T24BAUX);
const D27 = compileDecoder(27, T27);
const DUNDEF = compileDecoder(null, [], [{ name: 'undefinedType', expr: 'true' }, ...data(38)]);

/** Type 21's name with its extension. */
export const type21Name = (b: Uint8Array, n: number): string => {
  // 20 characters, then the name extension (bits 272…) when all 20 are used (A8 §3.19 note).
  let name = sixbitTextUntrimmed(b, 43, 20);
  if (name.length === 20 && n > 272) name += sixbitText(b, 272, ((n - 272) / 6) | 0);
  let end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) === 32) end--;
  return end === name.length ? name : name.slice(0, end);
};
const D21 = compileDecoder(21, T21, [{ name: 'name', expr: 'N21(b, n)' }], { N21: type21Name });

/**
 * Types 25 and 26: the destination and application id are present only when the flags say so, and
 * gpsd's `data` starts after them (A8 §3.23, §3.24). Type 26 ends with a 20-bit radio status.
 */
function decodeBinarySlot(bytes: Uint8Array, n: number, type: 25 | 26): AisMessage | RejectReason {
  const addressed = ubits(bytes, 38, 1) === 1;
  const structured = ubits(bytes, 39, 1) === 1;
  const radioBits = type === 26 ? 20 : 0;
  if (n < 40 + (structured ? 16 : 0) + (addressed ? 30 : 0) + radioBits) return 'too-short';
  const start = 40 + (structured ? 16 : 0) + (addressed ? 30 : 0);
  const end = n - radioBits;
  // gpsd copies whole bytes here without masking, so the last byte carries the bits that follow.
  let hex = '';
  for (let p = start; p < end; p += 8) hex += ubits(bytes, p, 8).toString(16).padStart(2, '0');
  return {
    type,
    repeat: ubits(bytes, 6, 2),
    mmsi: ubits(bytes, 8, 30),
    addressed,
    structured,
    destMmsi: addressed ? ubits(bytes, 40, 30) : null,
    appId: structured ? ubits(bytes, addressed ? 70 : 40, 16) : null,
    dataBits: end > start ? end - start : 0,
    data: hex,
  };
}

function lengthReject(type: number, n: number): RejectReason | null {
  // Type 27 is 96 bits, or 168 where a transmitter fills a whole slot (gpsd accepts both): no range.
  if (type === 27) return n === 96 || n === 168 ? null : n < 96 ? 'too-short' : 'bad-length';
  const rule = LENGTHS[type];
  if (rule === undefined) return null;
  if (n < rule.min) return 'too-short';
  if (n > rule.max) return 'bad-length';
  return null;
}

/**
 * The payload's type when decodePayload would return a message for it by the rules of its length
 * alone, so that the message can be printed from the bits without being built; -1 otherwise and
 * for types 24, 25 and 26, whose checks look further.
 */
export function plainType(buf: BitBuffer): number {
  const n = buf.bitLength;
  if (n < 38) return -1;
  const type = buf.bytes[0] >>> 2;
  if (type === 24 || type === 25 || type === 26) return -1;
  if (type === 6 || type === 8) {
    // An application payload with a table is printed from its decoded record, not from the bits.
    const at = type === 6 ? 72 : 40;
    if (n >= at + 16 && appSpecOf(type, ubits(buf.bytes, at, 10), ubits(buf.bytes, at + 10, 6)) !== undefined)
      return -1;
  }
  return lengthReject(type, n) === null ? type : -1;
}

/** The plain table and decoder of each type a short payload can be decoded by (lenient mode). */
const SHORT_TABLES: Readonly<Record<number, readonly [CompiledDecoder, readonly FieldSpec[]]>> = {
  1: [D1, T1],
  2: [D1, T1],
  3: [D1, T1],
  4: [D4, T4],
  11: [D4, T4],
  5: [D5, T5],
  7: [D7, T7],
  13: [D7, T7],
  9: [D9, T9],
  10: [D10, T10],
  12: [D12, T12],
  14: [D14, T14],
  15: [D15, T15],
  16: [D16, T16],
  17: [D17, T17],
  18: [D18, T18],
  19: [D19, T19],
  20: [D20, T20],
  21: [D21, T21],
  23: [D23, T23],
  27: [D27, T27],
};

/**
 * A payload shorter than its type's rule, decoded as far as it goes (lenient mode): the fields it
 * carries whole keep their values, a text cut by the end keeps its whole characters, every other
 * field is null, and the message says `short: true`. Null where the type has no plain table.
 */
function decodeShort(type: number, b: Uint8Array, n: number): AisMessage | null {
  let entry = SHORT_TABLES[type];
  if (type === 22 && n > 139) entry = ubits(b, 139, 1) === 1 ? [D22ADDR, T22ADDR] : [D22AREA, T22AREA];
  if (entry === undefined) return null;
  const [d, table] = entry;
  // The bits past n are zero (BitBuffer), so every field reads; those not whole are then cleared.
  const m = d(b, n);
  for (const f of table) {
    if (f.kind === 'trest' || f.start + f.bits <= n || (f.cutShort && n > f.start)) continue;
    m[f.name] = f.kind === 't' && n > f.start ? sixbitText(b, f.start, ((n - f.start) / 6) | 0) : null;
  }
  m.short = true;
  return m as unknown as AisMessage;
}

/**
 * Decodes the payload in `buf`; returns the message or why it was rejected. `lenient`: a payload
 * shorter than its type's rule (gpsd rejects it) is decoded as far as it goes (decodeShort).
 */
export function decodePayload(buf: BitBuffer, lenient = false): AisMessage | RejectReason {
  const b = buf.bytes;
  const n = buf.bitLength;
  if (n < 38) return 'too-short';
  const type = b[0] >>> 2;
  const bad = lengthReject(type, n);
  if (bad === 'too-short' && lenient) return decodeShort(type, b, n) ?? bad;
  if (bad !== null) return bad;
  let d: CompiledDecoder;
  switch (type) {
    case 1:
    case 2:
    case 3:
      d = D1;
      break;
    case 4:
    case 11:
      d = D4;
      break;
    case 5:
      d = D5;
      break;
    case 6:
    case 8: {
      const m = (type === 6 ? D6 : D8)(b, n) as { dac: number; fid: number; app: unknown };
      m.app = decodeApp(type, m.dac, m.fid, b, n);
      return m as unknown as AisMessage;
    }
    case 7:
    case 13:
      d = D7;
      break;
    case 9:
      d = D9;
      break;
    case 10:
      d = D10;
      break;
    case 12:
      d = D12;
      break;
    case 14:
      d = D14;
      break;
    case 15:
      d = D15;
      break;
    case 16:
      d = D16;
      break;
    case 17:
      d = D17;
      break;
    case 18:
      d = D18;
      break;
    case 19:
      d = D19;
      break;
    case 20:
      d = D20;
      break;
    case 21:
      d = D21;
      break;
    case 22:
      d = ubits(b, 139, 1) === 1 ? D22ADDR : D22AREA;
      break;
    case 23:
      d = D23;
      break;
    case 24: {
      const part = ubits(b, 38, 2);
      if (part === 0) {
        if (n < 160) return 'too-short';
        if (n > 168) return 'bad-length';
        d = D24A;
      } else if (part === 1) {
        if (n < 168) return 'too-short';
        // Auxiliary craft (MMSI 98XXXYYYY, M.1371-5 A8 §3.22 Table 75) carry the mother ship's MMSI.
        const mmsi = ubits(b, 8, 30);
        d = mmsi >= 980000000 && mmsi < 990000000 ? D24BAUX : D24B;
      } else {
        return 'bad-subtype';
      }
      break;
    }
    case 25:
    case 26:
      return decodeBinarySlot(b, n, type);
    case 27:
      d = D27;
      break;
    default:
      d = DUNDEF;
  }
  return d(b, n) as unknown as AisMessage;
}

const BINARY_SLOT_KEYS = [
  'type',
  'repeat',
  'mmsi',
  'addressed',
  'structured',
  'destMmsi',
  'appId',
  'dataBits',
  'data',
] as const;

/**
 * Property names, in order, of each object shape decodePayload builds; `shapeOf` says which one a
 * message has. The generated JSON writer (write-jsonl.ts) prints a message from these lists.
 */
export const SHAPE_KEYS: readonly (readonly string[])[] = [
  D1.keys,
  D4.keys,
  D5.keys,
  D6.keys,
  D7.keys,
  D8.keys,
  D9.keys,
  D10.keys,
  D12.keys,
  D14.keys,
  D15.keys,
  D16.keys,
  D17.keys,
  D18.keys,
  D19.keys,
  D20.keys,
  D21.keys,
  D22AREA.keys,
  D22ADDR.keys,
  D23.keys,
  D24A.keys,
  D24B.keys,
  D24BAUX.keys,
  BINARY_SLOT_KEYS,
  D27.keys,
  DUNDEF.keys,
];

/** Index into SHAPE_KEYS of a message from decodePayload (mirrors its type switch). */
export function shapeOf(m: AisMessage): number {
  switch (m.type) {
    case 1:
    case 2:
    case 3:
      return 0;
    case 4:
    case 11:
      return 1;
    case 5:
      return 2;
    case 6:
      return 3;
    case 7:
    case 13:
      return 4;
    case 8:
      return 5;
    case 9:
      return 6;
    case 10:
      return 7;
    case 12:
      return 8;
    case 14:
      return 9;
    case 15:
      return 10;
    case 16:
      return 11;
    case 17:
      return 12;
    case 18:
      return 13;
    case 19:
      return 14;
    case 20:
      return 15;
    case 21:
      return 16;
    case 22:
      return (m as { addressed: boolean }).addressed ? 18 : 17;
    case 23:
      return 19;
    case 24:
      if ((m as { partNumber: number }).partNumber === 0) return 20;
      return 'mothershipMmsi' in m ? 22 : 21;
    case 25:
    case 26:
      return 23;
    case 27:
      return 24;
    default:
      return 25;
  }
}
