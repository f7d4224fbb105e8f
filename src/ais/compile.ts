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

function fieldExpr(f: FieldSpec): string {
  let raw: string;
  switch (f.kind) {
    case 'u':
      raw = `U(b, ${f.start}, ${f.bits})`;
      break;
    case 's':
      raw = `S(b, ${f.start}, ${f.bits})`;
      break;
    case 'b':
      raw = `(U(b, ${f.start}, 1) === 1)`;
      break;
    case 't':
      return `T(b, ${f.start}, ${f.bits / 6})`;
    case 'trest':
      return `(n > ${f.start} ? T(b, ${f.start}, ((n - ${f.start}) / 6) | 0) : '')`;
  }
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
    `type: ${type === null ? 'U(b, 0, 6)' : type}`,
    'repeat: U(b, 6, 2)',
    'mmsi: U(b, 8, 30)',
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
