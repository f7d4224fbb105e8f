/**
 * Turns a field table into one straight-line decoder function (built once at load time with
 * `new Function`), so each message is decoded by a single object literal of integer reads: one
 * allocation, a monomorphic shape per type, no per-field closures or loops over the table.
 */
import { bitsHex, sbits, sixbitText, ubits } from './bits.js';
import type { FieldSpec } from './fields.js';

/**
 * A compiled decoder: payload bytes and bit length → the message object. `keys` lists the object's
 * properties in order (the generated JSON writers print them in this order, as JSON.stringify would).
 */
export type CompiledDecoder = ((bytes: Uint8Array, bitLength: number) => Record<string, unknown>) & {
  readonly keys: readonly string[];
};

/** Extra properties appended after the table's fields (already-written JS expressions). */
export interface Extra {
  name: string;
  /** JS expression over `b` (bytes), `n` (bit length) and the helpers U, S, T, H. */
  expr: string;
}

/**
 * Inline JS for the unsigned `len`-bit field at bit `start` when it spans at most 5 bytes and 31 bits
 * (every table field): the bytes are OR-ed into one int32, shifted and masked, so no helper call.
 * Same value as ubits(); wider fields use the helper.
 */
export function inlineUnsigned(start: number, len: number): string | null {
  const first = start >>> 3;
  const last = (start + len - 1) >>> 3;
  const n = last - first + 1;
  if (len > 31 || n > 5) return null;
  if (n === 5) {
    // Five bytes (a 28-bit longitude at bit 61): the first byte's bits above the four after it.
    const rest = len - (8 - (start & 7));
    const word = `((b[${first + 1}] << 24) | (b[${first + 2}] << 16) | (b[${first + 3}] << 8) | b[${last}])`;
    return `(((b[${first}] & ${0xff >>> (start & 7)}) << ${rest}) | (${word} >>> ${32 - rest}))`;
  }
  const parts: string[] = [];
  for (let i = first; i <= last; i++) {
    const sh = (last - i) * 8;
    parts.push(sh === 0 ? `b[${i}]` : `(b[${i}] << ${sh})`);
  }
  const shift = (last + 1) * 8 - (start + len);
  const word = parts.length === 1 ? parts[0] : `(${parts.join(' | ')})`;
  const mask = 2 ** len - 1;
  return `((${word} >>> ${shift}) & ${mask})`;
}

/**
 * JS for the raw value of a number or flag field over `b` (bytes) of `n` bits, with the helpers U and
 * S for the fields inlineUnsigned does not take: an integer for 'u' and 's', a boolean for 'b'.
 */
export function rawFieldExpr(f: FieldSpec): string {
  const inl = inlineUnsigned(f.start, f.bits);
  switch (f.kind) {
    case 'u': {
      const whole = inl ?? `U(b, ${f.start}, ${f.bits})`;
      const end = f.start + f.bits;
      return f.cutShort ? `(n < ${end} ? U(b, ${f.start}, n - ${f.start}) : ${whole})` : whole;
    }
    case 's':
      // Two's complement by shifting the sign bit to bit 31 and back.
      return inl === null ? `S(b, ${f.start}, ${f.bits})` : `((${inl} << ${32 - f.bits}) >> ${32 - f.bits})`;
    case 'b':
      return `((b[${f.start >>> 3}] & ${0x80 >>> (f.start & 7)}) !== 0)`;
    default:
      throw new Error(`internal: ${f.name} is text`);
  }
}

function fieldExpr(f: FieldSpec): string {
  if (f.kind === 't') return `T(b, ${f.start}, ${f.bits / 6})`;
  if (f.kind === 'trest') return `(n > ${f.start} ? T(b, ${f.start}, ((n - ${f.start}) / 6) | 0) : '')`;
  const raw = rawFieldExpr(f);
  let e = raw;
  if (f.na !== undefined) {
    e = f.divisor
      ? `((r = ${raw}) === ${f.na} ? null : r / ${f.divisor})`
      : `((r = ${raw}) === ${f.na} ? null : r)`;
  } else if (f.divisor) {
    e = `${raw} / ${f.divisor}`;
  }
  if (f.minBits !== undefined) e = `(n < ${f.minBits} ? null : ${e})`;
  return e;
}

export function compileDecoder(
  type: number | null,
  fields: readonly FieldSpec[],
  extras: Extra[] = [],
  helpers: Record<string, (b: Uint8Array, n: number) => unknown> = {},
): CompiledDecoder {
  const props = [
    `type: ${type === null ? inlineUnsigned(0, 6) : type}`,
    `repeat: ${inlineUnsigned(6, 2)}`,
    `mmsi: ${inlineUnsigned(8, 30)}`,
    ...fields.map((f) => `${f.name}: ${fieldExpr(f)}`),
    ...extras.map((x) => `${x.name}: ${x.expr}`),
  ];
  const src = `return function decode(b, n) { let r = 0; return { ${props.join(', ')} }; };`;
  // The source is generated from the static field tables, never from input.
  const names = Object.keys(helpers);
  const factory = new Function('U', 'S', 'T', 'H', ...names, src) as (
    ...args: unknown[]
  ) => (bytes: Uint8Array, bitLength: number) => Record<string, unknown>;
  const decode = factory(ubits, sbits, sixbitText, bitsHex, ...names.map((k) => helpers[k]));
  const keys = ['type', 'repeat', 'mmsi', ...fields.map((f) => f.name), ...extras.map((x) => x.name)];
  return Object.assign(decode, { keys });
}
