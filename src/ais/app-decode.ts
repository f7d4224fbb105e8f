/**
 * Decodes the application payload of a type 6 or 8 message with its table (applications.ts), and
 * gives back gpsd's JSON fields for it. Application messages are a few in a hundred, so the tables
 * are walked rather than compiled.
 */
import { type AppField, type AppGpsdItem, type AppScale, type AppSpec, appSpecOf } from './applications.js';
import { sbits, sixbitText, ubits } from './bits.js';

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

function rawField(f: AppField, b: Uint8Array, n: number, at: number): number | string | boolean {
  const start = at + f.start;
  switch (f.kind) {
    case 'u':
      return ubits(b, start, f.bits);
    case 's':
      return sbits(b, start, f.bits);
    case 'b':
      return ubits(b, start, 1) === 1;
    case 't':
      return sixbitText(b, start, f.bits / 6);
    case 'trest':
      return n > start ? sixbitText(b, start, ((n - start) / 6) | 0) : '';
  }
}

/** A field's value in the units of its name ("not available" → null). */
function fieldValue(f: AppField, raw: number | string | boolean): unknown {
  if (typeof raw !== 'number') return raw;
  if (f.na !== undefined && raw === f.na) return null;
  const v = f.divisor ? raw / f.divisor : raw;
  return f.offset ? Math.round((v + f.offset) * 1e9) / 1e9 : v;
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

function elementCount(
  spec: AppSpec,
  rec: Record<string, unknown>,
  n: number,
  fields: readonly AppField[],
): number {
  const a = spec.array;
  if (a === undefined) return 0;
  if (typeof a.count === 'object') {
    const f = fields.find((x) => x.name === (a.count as { field: string }).field) as AppField;
    return appRaw(f, rec[f.name]);
  }
  let k = 0;
  if (a.count === 'fitLe') while (a.base + a.size * k <= n) k++;
  else while (a.base + a.size * k < n) k++;
  return k;
}

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
  const b = padded(bytes, n);
  const rec: Record<string, unknown> = { app: spec.id };
  const fields = fieldsOf(spec, n);
  for (const f of fields) rec[f.name] = fieldValue(f, rawField(f, b, n, 0));
  const a = spec.array;
  if (a !== undefined) {
    const count = Math.min(elementCount(spec, rec, n, fields), 64);
    const list: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const at = a.base + a.size * i;
      const el: Record<string, unknown> = {};
      for (const f of a.fields)
        el[f.name] = at + f.start + f.bits > 2048 ? null : fieldValue(f, rawField(f, b, n, at));
      list.push(el);
    }
    rec[a.name] = list;
  }
  if (spec.plausible !== undefined) {
    const raw = (k: string) => appRaw(fields.find((f) => f.name === k) as AppField, rec[k]);
    if (!spec.plausible(raw)) return null;
  }
  return rec as AppRecord;
}

/** gpsd's json_stringify: quotes and backslashes escaped. */
const jsonString = (s: string): string => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

function scaledNumber(raw: number, sc: AppScale): string {
  if (sc.zeroRaw && raw === 0) return '0';
  const v = (raw - (sc.sub ?? 0) + (sc.add ?? 0)) / (sc.div ?? 1);
  return sc.digits === undefined ? `${v}` : v.toFixed(sc.digits);
}

function labelOf(l: { values: readonly string[]; otherwise: string }, raw: number): string {
  return raw >= 0 && raw < l.values.length ? l.values[raw] : l.otherwise;
}

function items(
  out: string[],
  list: readonly AppGpsdItem[],
  fields: readonly AppField[],
  rec: Record<string, unknown>,
  scaled: boolean,
  spec: AppSpec,
): void {
  const field = (name: string): AppField => {
    const f = fields.find((x) => x.name === name);
    if (f === undefined) throw new Error(`internal: ${spec.id} has no field ${name}`);
    return f;
  };
  const raw = (name: string) => appRaw(field(name), rec[name]);
  for (const it of list) {
    if ('key' in it) {
      out.push(`"${it.key}":${jsonString(it.compose(raw))}`);
    } else if ('arr' in it) {
      const a = spec.array;
      if (a === undefined) continue;
      const els = (rec[a.name] as Record<string, unknown>[]).map((el) => {
        const inner: string[] = [];
        items(inner, it.items, a.fields, el, scaled, spec);
        return `{${inner.join(',')}}`;
      });
      out.push(`"${it.arr}":[${els.join(',')}]`);
    } else if ('targetId' in it) {
      // DAC 1 FID 17: the id under the name of its type; gpsd keeps numbers in 32 bits, quoted.
      const type = raw('idType');
      const key = ['mmsi', 'imo', 'callsign', 'other'][type];
      const v = type < 2 ? `${raw('idNumber') % 2 ** 32}` : (rec.idText as string);
      out.push(`"${key}":${jsonString(v)}`);
    } else {
      const f = field(it.f);
      const v = rec[it.f];
      const key = f.gpsd ?? it.f;
      if (f.kind === 'b') out.push(`"${key}":${v ? 'true' : 'false'}`);
      else if (f.kind === 't' || f.kind === 'trest') out.push(`"${key}":${jsonString(v as string)}`);
      else {
        const r = appRaw(f, v);
        if (scaled && it.scaledText !== undefined)
          out.push(`"${key}":${jsonString(labelOf(it.scaledText, r))}`);
        else if (scaled && it.scale !== undefined) out.push(`"${key}":${scaledNumber(r, it.scale)}`);
        else if (it.scale?.always) out.push(`"${key}":${scaledNumber(r, it.scale)}`);
        else out.push(`"${key}":${it.quoted ? `"${r}"` : r}`);
        if (it.text !== undefined) out.push(`"${key}_text":${jsonString(labelOf(it.text, r))}`);
      }
    }
  }
}

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
  const out: string[] = [];
  items(out, spec.gpsd, fieldsOf(spec, n), rec, scaled, spec);
  return out.join(',');
}
