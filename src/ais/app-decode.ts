/**
 * Decodes the application payload of a type 6 or 8 message with its table (applications.ts), and
 * prints gpsd's JSON fields for it. As with the message tables (compile.ts), each table is turned
 * once into a generated decoder (one object literal of inline bit reads) and a generated gpsd
 * printer per mode, so an application message costs about what a position report does.
 */
import {
  type AppField,
  type AppGpsdItem,
  type AppScale,
  type AppSpec,
  appSpecOf,
  type Labels,
} from './applications.js';
import { sbits, sixbitText, ubits } from './bits.js';
import { rawFieldExpr } from './compile.js';

/** A decoded application payload: its table id, then one property per field (arrays as lists). */
export type AppRecord = { readonly app: string } & Record<string, unknown>;

/** gpsd reads past a short payload as zeros: decode from a zero-padded copy. */
const PADDED = new Uint8Array(256);

function padded(bytes: Uint8Array, n: number): Uint8Array {
  PADDED.fill(0);
  const whole = n >>> 3;
  PADDED.set(bytes.subarray(0, Math.min(whole, 200)));
  if ((n & 7) !== 0 && whole < 200) PADDED[whole] = bytes[whole] & (0xff << (8 - (n & 7)));
  return PADDED;
}

/** The raw integer back from a field's value (null → its "not available" raw value). */
export function appRaw(f: AppField, v: unknown): number {
  if (v === null || v === undefined) return f.na ?? 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = v as number;
  return Math.round((n - (f.offset ?? 0)) * (f.divisor ?? 1));
}

const fieldsOf = (spec: AppSpec, n: number): readonly AppField[] =>
  typeof spec.fields === 'function' ? spec.fields(n) : spec.fields;

/**
 * JS for a field's value read at bit `at` + its start (`at` a number: inline reads; a variable
 * name: helper reads), in the units of its name.
 */
function valueExpr(f: AppField, at: number | string): string {
  const start = typeof at === 'number' ? `${at + f.start}` : `${at} + ${f.start}`;
  let raw: string;
  switch (f.kind) {
    case 't':
      return `T(b, ${start}, ${f.bits / 6})`;
    case 'trest':
      return `(n > ${start} ? T(b, ${start}, ((n - (${start})) / 6) | 0) : '')`;
    case 'b':
      return `(U(b, ${start}, 1) === 1)`;
    case 'u':
      raw =
        typeof at === 'number' ? rawFieldExpr({ ...f, start: at + f.start }) : `U(b, ${start}, ${f.bits})`;
      break;
    default:
      raw =
        typeof at === 'number' ? rawFieldExpr({ ...f, start: at + f.start }) : `S(b, ${start}, ${f.bits})`;
  }
  let v = f.divisor ? `r / ${f.divisor}` : 'r';
  if (f.offset) v = `Math.round((${v} + ${f.offset}) * 1e9) / 1e9`;
  return f.na === undefined ? `((r = ${raw}), ${v})` : `((r = ${raw}) === ${f.na} ? null : ${v})`;
}

type Decoder = (b: Uint8Array, n: number) => AppRecord;

function compileDecoder(spec: AppSpec, fields: readonly AppField[]): Decoder {
  const props = [`app: ${JSON.stringify(spec.id)}`, ...fields.map((f) => `${f.name}: ${valueExpr(f, 0)}`)];
  let arr = '';
  const a = spec.array;
  let element: ((b: Uint8Array, n: number, at: number) => unknown) | null = null;
  if (a !== undefined) {
    const el = a.fields.map((f) => `${f.name}: ${valueExpr(f, 'at')}`).join(', ');
    element = new Function('U', 'S', 'T', `return function el(b, n, at) { let r = 0; return { ${el} }; };`)(
      ubits,
      sbits,
      sixbitText,
    ) as (b: Uint8Array, n: number, at: number) => unknown;
    let count: string;
    if (typeof a.count === 'object') {
      const f = fields.find((x) => x.name === (a.count as { field: string }).field) as AppField;
      count = `o.${f.name}`;
    } else {
      const cmp = a.count === 'fitLe' ? '<=' : '<';
      count = `(() => { let k = 0; while (${a.base} + ${a.size} * k ${cmp} n) k++; return k; })()`;
    }
    // At most 64 elements: the payload's 1008 bits hold fewer of every array.
    arr = `const c = Math.min(${count}, 64); const list = []; for (let i = 0; i < c; i++) list.push(E(b, n, ${a.base} + ${a.size} * i)); o.${a.name} = list;`;
  }
  const src = `return function decode(b, n) { let r = 0; const o = { ${props.join(', ')} }; ${arr} return o; };`;
  // The source is generated from the static tables, never from input.
  return new Function('U', 'S', 'T', 'E', src)(ubits, sbits, sixbitText, element) as Decoder;
}

const DECODERS = new WeakMap<readonly AppField[], Decoder>();

/**
 * The application record of a type 6/8 payload (`bytes`, `n` bits), or null where gpsd keeps the
 * payload as hex: no table for its DAC/FID, a length gpsd's rule refuses, or an implausible decode.
 */
export function decodeApp(
  type: number,
  dac: number,
  fid: number,
  bytes: Uint8Array,
  n: number,
): AppRecord | null {
  const spec = appSpecOf(type, dac, fid);
  if (spec === undefined || (spec.fits !== undefined && !spec.fits(n))) return null;
  const fields = fieldsOf(spec, n);
  let d = DECODERS.get(fields);
  if (d === undefined) {
    d = compileDecoder(spec, fields);
    DECODERS.set(fields, d);
  }
  const rec = d(padded(bytes, n), n);
  if (spec.plausible !== undefined) {
    const named = new Map(fields.map((f) => [f.name, f]));
    if (!spec.plausible((k) => appRaw(named.get(k) as AppField, rec[k]))) return null;
  }
  return rec;
}

/** gpsd's json_stringify: quotes and backslashes escaped. */
const jsonString = (s: string): string => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

function scaledNumber(raw: number, sc: AppScale): string {
  if (sc.zeroRaw && raw === 0) return '0';
  const v = (raw - (sc.sub ?? 0) + (sc.add ?? 0)) / (sc.div ?? 1);
  return sc.digits === undefined ? `${v}` : v.toFixed(sc.digits);
}

const labelOf = (l: Labels, raw: number): string =>
  raw >= 0 && raw < l.values.length ? l.values[raw] : l.otherwise;

/** DAC 1 FID 17: a target's id under the name of its type; gpsd keeps numbers in 32 bits, quoted. */
function targetId(m: Record<string, unknown>): string {
  const type = m.idType as number;
  const key = ['mmsi', 'imo', 'callsign', 'other'][type];
  const v = type < 2 ? `${(m.idNumber as number) % 2 ** 32}` : (m.idText as string);
  return `"${key}":${jsonString(v)}`;
}

type Printer = (m: Record<string, unknown>) => string;

/** JS that appends gpsd's fields for `items` of record `m` to `s` (its constants go into K). */
function printerSource(
  items: readonly AppGpsdItem[],
  fields: readonly AppField[],
  scaled: boolean,
  K: unknown[],
  spec: AppSpec,
): string {
  const k = (x: unknown) => {
    K.push(x);
    return `K[${K.length - 1}]`;
  };
  const named = new Map(fields.map((f) => [f.name, f]));
  const parts: string[] = [];
  for (const it of items) {
    if ('key' in it) {
      const raw = (name: string, m: Record<string, unknown>) => appRaw(named.get(name) as AppField, m[name]);
      const compose = it.compose;
      parts.push(
        `s += ${k(`"${it.key}":`)} + J(${k((m: Record<string, unknown>) => compose((name) => raw(name, m)))}(m));`,
      );
    } else if ('arr' in it) {
      const a = spec.array as NonNullable<AppSpec['array']>;
      const el = compilePrinter(it.items, a.fields, scaled, spec, true);
      parts.push(`s += ${k(`"${it.arr}":[`)} + m.${a.name}.map(${k(el)}).join(',') + ']';`);
    } else if ('targetId' in it) {
      parts.push(`s += ${k(targetId)}(m);`);
    } else {
      const f = named.get(it.f);
      if (f === undefined) throw new Error(`internal: ${spec.id} has no field ${it.f}`);
      const key = `"${f.gpsd ?? it.f}":`;
      if (f.kind === 'b') {
        parts.push(`s += m.${f.name} ? ${k(`${key}true`)} : ${k(`${key}false`)};`);
      } else if (f.kind === 't' || f.kind === 'trest') {
        parts.push(`s += ${k(key)} + J(m.${f.name});`);
      } else {
        const scale = f.divisor || f.offset ? `Math.round((v - ${f.offset ?? 0}) * ${f.divisor ?? 1})` : 'v';
        parts.push(`x = (v = m.${f.name}) === null ? ${f.na ?? 0} : ${scale};`);
        let value = it.quoted ? `'"' + x + '"'` : 'x';
        if (scaled && it.scaledText !== undefined) value = `J(L(${k(it.scaledText)}, x))`;
        else if ((scaled || it.scale?.always) && it.scale !== undefined) value = `N(x, ${k(it.scale)})`;
        parts.push(`s += ${k(key)} + ${value};`);
        if (it.text !== undefined)
          parts.push(`s += ${k(`,"${f.gpsd ?? it.f}_text":`)} + J(L(${k(it.text)}, x));`);
      }
    }
    parts.push("s += ',';");
  }
  return parts.join('\n');
}

function compilePrinter(
  items: readonly AppGpsdItem[],
  fields: readonly AppField[],
  scaled: boolean,
  spec: AppSpec,
  /** An array element: printed in braces. */
  element = false,
): Printer {
  const K: unknown[] = [];
  const body = printerSource(items, fields, scaled, K, spec);
  // Every item ends with a comma; the last one is dropped. Generated from the static tables only.
  const src = `return function print(m) { let s = '', v, x; ${body} return s.slice(0, -1); };`;
  const inner = new Function('K', 'J', 'L', 'N', src)(K, jsonString, labelOf, scaledNumber) as Printer;
  return element ? (m) => `{${inner(m)}}` : inner;
}

const PRINTERS = new WeakMap<readonly AppField[], [Printer | null, Printer | null]>();

/** gpsd's JSON fields (without braces, comma-separated) for an application record of a type 6/8 message. */
export function appGpsdFields(
  type: number,
  dac: number,
  fid: number,
  rec: AppRecord,
  n: number,
  scaled: boolean,
): string {
  const spec = appSpecOf(type, dac, fid);
  if (spec === undefined) throw new Error(`internal: no application table for ${type}/${dac}/${fid}`);
  const fields = fieldsOf(spec, n);
  let pair = PRINTERS.get(fields);
  if (pair === undefined) {
    pair = [null, null];
    PRINTERS.set(fields, pair);
  }
  const i = scaled ? 1 : 0;
  let p = pair[i];
  if (p === null) {
    p = compilePrinter(spec.gpsd, fields, scaled, spec);
    pair[i] = p;
  }
  return p(rec);
}
