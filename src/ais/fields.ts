/**
 * Field-table vocabulary: each AIS message type is declared once, in messages.ts, as a list of these
 * field specs (bit position and width as in ITU-R M.1371-5 Annex 8, signedness, scale, the raw
 * "not available" value). compile.ts turns each table into one straight-line decoder function, and
 * the gpsd formatter walks the same table to print gpsd's keys — so reading a table is reading the
 * standard, and there is one place to fix a field.
 */

export type FieldKind =
  /** unsigned integer */
  | 'u'
  /** two's-complement signed integer */
  | 's'
  /** one-bit flag */
  | 'b'
  /** six-bit text of `bits / 6` characters, cut at '@', trailing spaces trimmed */
  | 't'
  /** six-bit text from `start` to the end of the payload */
  | 'trest';

/** How gpsd's scaled JSON prints a field (gpsd ≥ 3.25, `gpsdecode -j`). */
export type ScaledFormat =
  | 'raw'
  /** value/10 with one decimal */
  | 'd1'
  /** speed of types 1–3: value/10 with one decimal, "n/a" when not available */
  | 'speed13'
  /** degrees from 1/10000 minute, 7 decimals */
  | 'deg7'
  /** degrees from 1/10 minute, 4 decimals (type 27) */
  | 'deg4'
  /** degrees from 1/10 minute, 1 decimal (type 17) */
  | 'deg1'
  /** degrees from 1/10 minute as a quoted string with 6 decimals (types 22, 23) */
  | 'degq6'
  /** rate of turn as "n/a", "fastleft", "fastright" or signed deg/min "%.2f" */
  | 'turn';

export interface FieldSpec {
  /** camelCase key in tallyman's message. */
  readonly name: string;
  /** gpsd JSON key, or null when gpsd does not print the field. */
  readonly gpsd: string | null;
  readonly start: number;
  readonly bits: number;
  readonly kind: FieldKind;
  /** Raw value meaning "not available": decoded as null. */
  readonly na?: number;
  /** Decoded value = raw / divisor (units in the field name). */
  readonly divisor?: number;
  /** Field exists only when the payload has at least this many bits (null otherwise). */
  readonly minBits?: number;
  /** When the payload ends inside the field, the field is the bits that are left. */
  readonly cutShort?: boolean;
  readonly scaled?: ScaledFormat;
  /** gpsd prints a `<gpsd>_text` label after the number, from this label table. */
  readonly label?: 'status' | 'shiptype' | 'epfd' | 'aid_type' | 'stationtype';
  /** Where the field is defined, e.g. "M.1371-5 A8 §3.1 T47". */
  readonly ref?: string;
}

interface Opts {
  na?: number;
  divisor?: number;
  minBits?: number;
  cutShort?: boolean;
  scaled?: ScaledFormat;
  label?: FieldSpec['label'];
  ref?: string;
}

/** Unsigned integer field that is always a number. */
export function u<const N extends string>(
  name: N,
  gpsd: string | null,
  start: number,
  bits: number,
  o: Opts = {},
): FieldSpec & { name: N; nullable: false; kind: 'u' } {
  return { name, gpsd, start, bits, kind: 'u', nullable: false, ...o };
}

/** Unsigned integer field with a "not available" value or an optional presence: number | null. */
export function un<const N extends string>(
  name: N,
  gpsd: string | null,
  start: number,
  bits: number,
  o: Opts = {},
): FieldSpec & { name: N; nullable: true; kind: 'u' } {
  return { name, gpsd, start, bits, kind: 'u', nullable: true, ...o };
}

/** Signed field with a "not available" value: number | null. */
export function sn<const N extends string>(
  name: N,
  gpsd: string | null,
  start: number,
  bits: number,
  o: Opts = {},
): FieldSpec & { name: N; nullable: true; kind: 's' } {
  return { name, gpsd, start, bits, kind: 's', nullable: true, ...o };
}

/** Signed field without a "not available" value. */
export function s<const N extends string>(
  name: N,
  gpsd: string | null,
  start: number,
  bits: number,
  o: Opts = {},
): FieldSpec & { name: N; nullable: false; kind: 's' } {
  return { name, gpsd, start, bits, kind: 's', nullable: false, ...o };
}

export function b<const N extends string>(
  name: N,
  gpsd: string | null,
  start: number,
  o: Opts = {},
): FieldSpec & { name: N; nullable: false; kind: 'b' } {
  return { name, gpsd, start, bits: 1, kind: 'b', nullable: false, ...o };
}

export function t<const N extends string>(
  name: N,
  gpsd: string | null,
  start: number,
  chars: number,
  o: Opts = {},
): FieldSpec & { name: N; nullable: false; kind: 't' } {
  return { name, gpsd, start, bits: chars * 6, kind: 't', nullable: false, ...o };
}

export function trest<const N extends string>(
  name: N,
  gpsd: string | null,
  start: number,
  o: Opts = {},
): FieldSpec & { name: N; nullable: false; kind: 'trest' } {
  return { name, gpsd, start, bits: 0, kind: 'trest', nullable: false, ...o };
}

type AnyField = FieldSpec & { name: string; nullable: boolean; kind: FieldKind };

type ValueOf<F> = F extends { kind: 'b' }
  ? boolean
  : F extends { kind: 't' | 'trest' }
    ? string
    : F extends { nullable: true }
      ? number | null
      : number;

/** The record type a field table decodes to (one property per field). */
export type RecordOf<T extends readonly AnyField[]> = { [F in T[number] as F['name']]: ValueOf<F> };
