/**
 * gpsd JSON reports written straight into a byte buffer: the fast twin of GpsdFormatter
 * (format-gpsd.ts), byte-identical to it (asserted on every real capture by
 * test/ais/write-fast.test.ts). One function per key order in format-gpsd.ts is generated once with
 * `new Function`, so a report is a run of constant-byte stores and integer prints; no strings are
 * built. Type 24 halves are merged exactly as GpsdFormatter does.
 *
 * Each key order is also compiled a second way, reading its fields straight from the payload bits
 * (`writePayload`): the decoder then builds no message object, and raw values are printed as read
 * instead of being scaled into the message and multiplied back.
 */

import { bitsHex, sbits, ubits } from './bits.js';
import { inlineUnsigned, rawFieldExpr } from './compile.js';
import type { FieldSpec } from './fields.js';
import {
  type Entry,
  type GpsdFormatOptions,
  GpsdFormatter,
  jsonString,
  ORDER,
  ORDER21_SCALED,
  ORDER22ADDR,
  ORDER22AREA,
  ORDER24A,
  ORDER24B,
  ORDER24BAUX,
  scaledOfRaw,
  scaledValue,
} from './format-gpsd.js';
import { label } from './labels.js';
import { type AisMessage, T4, T5 } from './messages.js';
import { Type24Pairing } from './pair-24.js';
import { DATA_START, type21Name } from './payload.js';
import {
  constSource,
  dataView,
  smallIntSource,
  wAscii,
  wBytes,
  wInt,
  wSixbitStr,
  wStr,
} from './write-bytes.js';

/** Writes one report body (from `"type":` to the trailing comma of the last field). */
type BodyWriter = (
  o: Buffer,
  d: DataView,
  p: number,
  m: unknown,
  prefix: Uint8Array | null,
  merged: string | null,
) => number;

/** Writes one report body straight from the payload bytes `b` of `n` bits. */
type PayloadWriter = (o: Buffer, d: DataView, p: number, b: Uint8Array, n: number) => number;

/**
 * Where compileBody takes the values from: the decoded message `m`, or the payload bits `b` of `n`
 * bits (then `type` says which type the key order is compiled for).
 */
type Source = { from: 'message' } | { from: 'bits'; type: number };

const ascii = (s: string): Uint8Array => Buffer.from(s, 'latin1');

/** `"key_text":"label",` for every raw value a field of `bits` bits can hold. */
function labelTable(kind: NonNullable<FieldSpec['label']>, gpsd: string, bits: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let v = 0; v < 2 ** bits; v++) out.push(ascii(`"${gpsd}_text":${jsonString(label(kind, v))},`));
  return out;
}

/** Zero-padded integer as `${v}`.padStart(width, '0') (values are non-negative). */
function wPad(o: Buffer, p: number, v: number, width: number): number {
  let digits = 1;
  for (let x = v; x >= 10; x = (x / 10) | 0) digits++;
  for (let i = digits; i < width; i++) o[p++] = 48;
  return wInt(o, p, v);
}

const fieldNamed = (table: readonly FieldSpec[], name: string): FieldSpec => {
  const f = table.find((x) => x.name === name);
  if (f === undefined) throw new Error(`internal: no field ${name}`);
  return f;
};

/**
 * JS for the raw integer of `f` read from the bits: what rawOf() gets back from the decoded message
 * (a field the payload is too short for reads as its "not available" value, or 0, as its null does).
 */
function bitsRaw(f: FieldSpec): string {
  const e = rawFieldExpr(f);
  return f.minBits === undefined ? e : `(n<${f.minBits}?${f.na ?? 0}:${e})`;
}

/** A timestamp or ETA part (a T4 or T5 field), raw; in the message, "not available" is null. */
function partSource(src: Source, table: readonly FieldSpec[], name: string): string {
  const f = fieldNamed(table, name);
  return src.from === 'bits' ? bitsRaw(f) : `(v=m.${name})===null?${f.na}:v`;
}

function compileBody(
  order: readonly Entry[],
  type27: boolean,
  scaled: boolean,
  head: string,
  source: Source,
): BodyWriter | PayloadWriter {
  const bits = source.from === 'bits';
  const type = bits ? source.type : 0;
  const consts: unknown[] = [];
  const ref = (x: unknown): string => {
    consts.push(x);
    return `K[${consts.length - 1}]`;
  };
  const prop = (name: string) => `m[${JSON.stringify(name)}]`;
  const part = (table: readonly FieldSpec[], name: string) => partSource(source, table, name);
  let src = constSource(`${head}"type":`);
  if (bits) {
    src += `p=I(o,p,b[0]>>>2);${constSource(',"repeat":')}${smallIntSource(inlineUnsigned(6, 2) as string, 3)}`;
    src += `${constSource(',"mmsi":')}p=I(o,p,${inlineUnsigned(8, 30)});${constSource(`,"scaled":${scaled},`)}`;
  } else {
    src += `p=I(o,p,m.type);${constSource(',"repeat":')}${smallIntSource('m.repeat', 3)}`;
    src += `${constSource(',"mmsi":')}p=I(o,p,m.mmsi);${constSource(`,"scaled":${scaled},`)}`;
    src += 'if(x!==null)p=B(o,p,x);';
    src += `if(mn!==null){${constSource('"shipname":')}p=W(o,p,mn);o[p++]=44;}`;
  }
  for (const e of order) {
    if ('special' in e) {
      switch (e.special) {
        case 'timestamp':
          src += `${constSource('"timestamp":"')}p=P(o,p,${part(T4, 'year')},4);o[p++]=45;`;
          src += `p=P(o,p,${part(T4, 'month')},2);o[p++]=45;p=P(o,p,${part(T4, 'day')},2);o[p++]=84;`;
          src += `p=P(o,p,${part(T4, 'hour')},2);o[p++]=58;p=P(o,p,${part(T4, 'minute')},2);o[p++]=58;`;
          src += `p=P(o,p,${part(T4, 'second')},2);${constSource('Z",')}`;
          break;
        case 'eta':
          src += `${constSource('"eta":"')}p=P(o,p,${part(T5, 'etaMonth')},2);o[p++]=45;`;
          src += `p=P(o,p,${part(T5, 'etaDay')},2);o[p++]=84;`;
          src += `p=P(o,p,${part(T5, 'etaHour')},2);o[p++]=58;`;
          src += `p=P(o,p,${part(T5, 'etaMinute')},2);${constSource('Z",')}`;
          break;
        case 'data': {
          src += constSource('"data":"');
          if (bits) {
            const start = DATA_START[type];
            if (start === undefined) throw new Error(`internal: no data start for type ${type}`);
            src += `p=I(o,p,n>${start}?n-${start}:0);o[p++]=58;p=A(o,p,H(b,${start},n));`;
          } else src += 'p=I(o,p,m.dataBits);o[p++]=58;p=A(o,p,m.data);';
          src += constSource('",');
          break;
        }
        case 'name':
          src += `${constSource('"name":')}p=W(o,p,${bits ? 'N21(b,n)' : 'm.name'});o[p++]=44;`;
          break;
        case 'destMmsi':
        case 'appId':
          if (bits) throw new Error('internal: types 25 and 26 are printed from the message');
          src += constSource(e.special === 'destMmsi' ? '"dest_mmsi":' : '"app_id":');
          src += `p=I(o,p,(v=m.${e.special})===null||v===undefined?0:v);o[p++]=44;`;
          break;
        case 'radio0':
          // gpsd never fills the type 26 radio status and always prints 0.
          src += constSource('"radio":0,');
          break;
        default:
          break;
      }
      continue;
    }
    src += constSource(`"${e.gpsd}":`);
    const v = prop(e.name);
    const na = e.na ?? 0;
    // rawOf(): "not available" back to its raw value, scaled values back to integers.
    const raw = bits
      ? e.kind === 't' || e.kind === 'trest'
        ? ''
        : bitsRaw(e)
      : e.divisor
        ? `(v===null||v===undefined?${na}:Math.round(v*${e.divisor}))`
        : `(v===null||v===undefined?${na}:v)`;
    const rawSet = bits ? `r=${raw};` : `v=${v};r=${raw};`;
    let haveRaw = false;
    if (e.kind === 'b') {
      src += `if(${bits ? raw : v}){${constSource('true,')}}else{${constSource('false,')}}`;
    } else if (e.kind === 't' || e.kind === 'trest') {
      if (!bits) src += `p=W(o,p,${v});`;
      else if (e.kind === 't') src += `p=WT(o,p,b,${e.start},${e.bits / 6});`;
      else src += `p=WT(o,p,b,${e.start},n>${e.start}?((n-${e.start})/6)|0:0);`;
      src += 'o[p++]=44;';
    } else if (scaled && e.scaled !== undefined) {
      src += bits ? `${rawSet}p=A(o,p,SR(${ref(e)},r));o[p++]=44;` : `p=A(o,p,SV(${ref(e)},${v}));o[p++]=44;`;
      haveRaw = bits;
    } else {
      const max = e.kind === 'u' && e.bits <= 6 ? 2 ** e.bits - 1 : Number.POSITIVE_INFINITY;
      src += `${rawSet}${smallIntSource('r', max)}o[p++]=44;`;
      haveRaw = true;
    }
    // gpsd's unscaled type 27 has no status label.
    if (e.label !== undefined && !(type27 && !scaled)) {
      if (!haveRaw) src += rawSet;
      const table = ref(labelTable(e.label, e.gpsd ?? '', e.bits));
      const fallback = ref((r: number) =>
        ascii(`"${e.gpsd}_text":${jsonString(label(e.label as never, r))},`),
      );
      src += `p=B(o,p,(t=${table}[r])!==undefined?t:${fallback}(r));`;
    }
  }
  src += 'return p;';
  const params = bits ? 'o,d,p,b,n' : 'o,d,p,m,x,mn';
  const body = `return function body(${params}){let v=null,r=0,t;${src}};`;
  // The source is generated from the static key orders and field tables, never from input.
  const factory = new Function('K', 'I', 'W', 'A', 'B', 'P', 'SV', 'SR', 'U', 'S', 'WT', 'H', 'N21', body);
  return factory(
    consts,
    wInt,
    wStr,
    wAscii,
    wBytes,
    wPad,
    scaledValue,
    scaledOfRaw,
    ubits,
    sbits,
    wSixbitStr,
    bitsHex,
    type21Name,
  ) as BodyWriter | PayloadWriter;
}

const messageBody = (order: readonly Entry[], type27: boolean, scaled: boolean, head: string) =>
  compileBody(order, type27, scaled, head, { from: 'message' }) as BodyWriter;
const payloadBody = (order: readonly Entry[], type: number, scaled: boolean, head: string) =>
  compileBody(order, type === 27, scaled, head, { from: 'bits', type }) as PayloadWriter;

interface Bodies {
  byType: (BodyWriter | undefined)[];
  t21scaled: BodyWriter;
  t22area: BodyWriter;
  t22addr: BodyWriter;
  t24a: BodyWriter;
  t24b: BodyWriter;
  t24baux: BodyWriter;
  /** From the payload bits: every type with a key order but 24, 25 and 26. */
  payloadByType: (PayloadWriter | undefined)[];
  payload21scaled: PayloadWriter;
  payload22area: PayloadWriter;
  payload22addr: PayloadWriter;
}

/** Types whose reports need more than their own payload (24: the part A before) or read it in another way (25, 26). */
const MESSAGE_ONLY = new Set([24, 25, 26]);

const cache = new Map<string, Bodies>();

/** The writers for one option set; `head` is the constant start of every line. */
function bodies(scaled: boolean, head: string): Bodies {
  const key = `${scaled}|${head}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const byType: (BodyWriter | undefined)[] = [];
  const payloadByType: (PayloadWriter | undefined)[] = [];
  for (const [k, order] of Object.entries(ORDER)) {
    byType[+k] = messageBody(order, +k === 27, scaled, head);
    if (!MESSAGE_ONLY.has(+k)) payloadByType[+k] = payloadBody(order, +k, scaled, head);
  }
  const b: Bodies = {
    byType,
    t21scaled: messageBody(ORDER21_SCALED, false, scaled, head),
    t22area: messageBody(ORDER22AREA, false, scaled, head),
    t22addr: messageBody(ORDER22ADDR, false, scaled, head),
    t24a: messageBody(ORDER24A, false, scaled, head),
    t24b: messageBody(ORDER24B, false, scaled, head),
    t24baux: messageBody(ORDER24BAUX, false, scaled, head),
    payloadByType,
    payload21scaled: payloadBody(ORDER21_SCALED, 21, scaled, head),
    payload22area: payloadBody(ORDER22AREA, 22, scaled, head),
    payload22addr: payloadBody(ORDER22ADDR, 22, scaled, head),
  };
  cache.set(key, b);
  return b;
}

const PART_A = ascii('"part":"A",');
const PART_B = ascii('"part":"B",');

export class GpsdWriter {
  private readonly scaled: boolean;
  private readonly split24: boolean;
  private readonly b: Bodies;
  private readonly pairing = new Type24Pairing();
  /**
   * Prints decoded application payloads (types 6 and 8: a few in a hundred, not worth compiling) and
   * short messages of the lenient decode, whose missing fields are null.
   */
  private readonly apps: GpsdFormatter;

  constructor(opts: GpsdFormatOptions = {}) {
    this.scaled = opts.scaled ?? false;
    this.split24 = opts.split24 ?? false;
    this.apps = new GpsdFormatter(opts);
    const device = opts.device === undefined ? 'stdin' : opts.device;
    const head = device === null ? '{"class":"AIS",' : `{"class":"AIS","device":${jsonString(device)},`;
    this.b = bodies(this.scaled, head);
  }

  /** Writes the report line with its newline at o[p…]; returns the new position (p when gpsd prints nothing). */
  write(o: Buffer, p: number, msg: AisMessage, channel: string | null = null): number {
    let body: BodyWriter | undefined;
    let prefix: Uint8Array | null = null;
    let merged: string | null = null;
    const type = msg.type;
    if (((type === 6 || type === 8) && msg.app !== null) || msg.short) {
      // UTF-8: one of gpsd's labels has an en dash; payload text is ASCII.
      const line = this.apps.format(msg, channel) as string;
      p += o.write(line, p, 'utf8');
      o[p] = 10;
      return p + 1;
    }
    if (type === 24) {
      const pairing = this.pairing.take(msg, channel);
      if (pairing.kind === 'part-a') {
        if (!this.split24) return p;
        prefix = PART_A;
        body = this.b.t24a;
      } else {
        if (pairing.kind === 'merged') merged = pairing.shipName;
        else if (!this.split24) return p;
        else prefix = PART_B;
        body = 'mothershipMmsi' in msg ? this.b.t24baux : this.b.t24b;
      }
    } else if (type === 22) {
      body = msg.addressed ? this.b.t22addr : this.b.t22area;
    } else if (type === 21 && this.scaled) {
      body = this.b.t21scaled;
    } else {
      // Undefined types (0, 28–63) have no key order: gpsd prints nothing for them.
      body = this.b.byType[type];
    }
    if (body === undefined) return p;
    p = body(o, dataView(o), p, msg, prefix, merged);
    // Every entry ends with a comma: the last one becomes the closing brace.
    o[p - 1] = 125;
    o[p] = 10;
    return p + 1;
  }

  /**
   * Writes the report of the payload `bytes` (`n` bits, zeroed past them, as BitBuffer keeps them)
   * straight from its bits, byte-identical to write() of its decoded message. Only for a payload
   * that decodes to a message of `type` (see plainType in payload.ts); returns -1, having written
   * nothing, for the types write() must print (24, 25, 26, undefined types).
   */
  writePayload(o: Buffer, p: number, bytes: Uint8Array, n: number, type: number): number {
    let body: PayloadWriter | undefined;
    if (type === 22) body = ubits(bytes, 139, 1) === 1 ? this.b.payload22addr : this.b.payload22area;
    else if (type === 21 && this.scaled) body = this.b.payload21scaled;
    else body = this.b.payloadByType[type];
    if (body === undefined) return -1;
    p = body(o, dataView(o), p, bytes, n);
    o[p - 1] = 125;
    o[p] = 10;
    return p + 1;
  }
}
