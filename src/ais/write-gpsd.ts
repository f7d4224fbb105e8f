/**
 * gpsd JSON reports written straight into a byte buffer: the fast twin of GpsdFormatter
 * (format-gpsd.ts), byte-identical to it (asserted on every real capture by
 * test/ais/write-fast.test.ts). One function per key order in format-gpsd.ts is generated once with
 * `new Function`, so a report is a run of constant-byte stores and integer prints; no strings are
 * built. Type 24 halves are merged exactly as GpsdFormatter does.
 */

import type { FieldSpec } from './fields.js';
import {
  type Entry,
  type GpsdFormatOptions,
  jsonString,
  ORDER,
  ORDER21_SCALED,
  ORDER22ADDR,
  ORDER22AREA,
  ORDER24A,
  ORDER24B,
  ORDER24BAUX,
  scaledValue,
} from './format-gpsd.js';
import { label } from './labels.js';
import type { AisMessage } from './messages.js';
import { Type24Pairing } from './pair-24.js';
import { constSource, dataView, smallIntSource, wAscii, wBytes, wInt, wStr } from './write-bytes.js';

/** Writes one report body (from `"type":` to the trailing comma of the last field). */
type BodyWriter = (
  o: Buffer,
  d: DataView,
  p: number,
  m: unknown,
  prefix: Uint8Array | null,
  merged: string | null,
) => number;

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

function compileBody(order: readonly Entry[], type27: boolean, scaled: boolean, head: string): BodyWriter {
  const consts: unknown[] = [];
  const ref = (x: unknown): string => {
    consts.push(x);
    return `K[${consts.length - 1}]`;
  };
  const prop = (name: string) => `m[${JSON.stringify(name)}]`;
  let src = `${constSource(`${head}"type":`)}p=I(o,p,m.type);${constSource(',"repeat":')}${smallIntSource('m.repeat', 3)}`;
  src += `${constSource(',"mmsi":')}p=I(o,p,m.mmsi);${constSource(`,"scaled":${scaled},`)}`;
  src += 'if(x!==null)p=B(o,p,x);';
  src += `if(mn!==null){${constSource('"shipname":')}p=S(o,p,mn);o[p++]=44;}`;
  for (const e of order) {
    if ('special' in e) {
      switch (e.special) {
        case 'timestamp':
          src += `${constSource('"timestamp":"')}p=P(o,p,(v=m.year)===null?0:v,4);o[p++]=45;`;
          src += 'p=P(o,p,(v=m.month)===null?0:v,2);o[p++]=45;p=P(o,p,(v=m.day)===null?0:v,2);o[p++]=84;';
          src += 'p=P(o,p,(v=m.hour)===null?24:v,2);o[p++]=58;p=P(o,p,(v=m.minute)===null?60:v,2);o[p++]=58;';
          src += `p=P(o,p,(v=m.second)===null?60:v,2);${constSource('Z",')}`;
          break;
        case 'eta':
          src += `${constSource('"eta":"')}p=P(o,p,(v=m.etaMonth)===null?0:v,2);o[p++]=45;`;
          src += 'p=P(o,p,(v=m.etaDay)===null?0:v,2);o[p++]=84;';
          src += 'p=P(o,p,(v=m.etaHour)===null?24:v,2);o[p++]=58;';
          src += `p=P(o,p,(v=m.etaMinute)===null?60:v,2);${constSource('Z",')}`;
          break;
        case 'data':
          src += `${constSource('"data":"')}p=I(o,p,m.dataBits);o[p++]=58;p=A(o,p,m.data);${constSource('",')}`;
          break;
        case 'name':
          src += `${constSource('"name":')}p=S(o,p,m.name);o[p++]=44;`;
          break;
        case 'destMmsi':
          src += `${constSource('"dest_mmsi":')}p=I(o,p,(v=m.destMmsi)===null||v===undefined?0:v);o[p++]=44;`;
          break;
        case 'appId':
          src += `${constSource('"app_id":')}p=I(o,p,(v=m.appId)===null||v===undefined?0:v);o[p++]=44;`;
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
    let raw: string | null = null;
    if (e.kind === 'b') {
      src += `if(${v}){${constSource('true,')}}else{${constSource('false,')}}`;
    } else if (e.kind === 't' || e.kind === 'trest') {
      src += `p=S(o,p,${v});o[p++]=44;`;
    } else if (scaled && e.scaled !== undefined) {
      src += `p=A(o,p,SV(${ref(e)},${v}));o[p++]=44;`;
    } else {
      // rawOf(): "not available" back to its raw value, scaled values back to integers.
      const na = e.na ?? 0;
      raw = e.divisor
        ? `(v===null||v===undefined?${na}:Math.round(v*${e.divisor}))`
        : `(v===null||v===undefined?${na}:v)`;
      const max = e.kind === 'u' && e.bits <= 6 ? 2 ** e.bits - 1 : Number.POSITIVE_INFINITY;
      src += `v=${v};r=${raw};${smallIntSource('r', max)}o[p++]=44;`;
    }
    // gpsd's unscaled type 27 has no status label.
    if (e.label !== undefined && !(type27 && !scaled)) {
      if (raw === null) {
        const na = e.na ?? 0;
        raw = e.divisor
          ? `(v===null||v===undefined?${na}:Math.round(v*${e.divisor}))`
          : `(v===null||v===undefined?${na}:v)`;
        src += `v=${v};r=${raw};`;
      }
      const table = ref(labelTable(e.label, e.gpsd ?? '', e.bits));
      const fallback = ref((r: number) =>
        ascii(`"${e.gpsd}_text":${jsonString(label(e.label as never, r))},`),
      );
      src += `p=B(o,p,(t=${table}[r])!==undefined?t:${fallback}(r));`;
    }
  }
  src += 'return p;';
  const body = `return function body(o,d,p,m,x,mn){let v=null,r=0,t;${src}};`;
  // The source is generated from the static key orders and field tables, never from input.
  const factory = new Function('K', 'I', 'S', 'A', 'B', 'P', 'SV', body) as (...a: unknown[]) => BodyWriter;
  return factory(consts, wInt, wStr, wAscii, wBytes, wPad, scaledValue);
}

interface Bodies {
  byType: (BodyWriter | undefined)[];
  t21scaled: BodyWriter;
  t22area: BodyWriter;
  t22addr: BodyWriter;
  t24a: BodyWriter;
  t24b: BodyWriter;
  t24baux: BodyWriter;
}

const cache = new Map<string, Bodies>();

/** The writers for one option set; `head` is the constant start of every line. */
function bodies(scaled: boolean, head: string): Bodies {
  const key = `${scaled}|${head}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const byType: (BodyWriter | undefined)[] = [];
  for (const [k, order] of Object.entries(ORDER)) byType[+k] = compileBody(order, +k === 27, scaled, head);
  const b: Bodies = {
    byType,
    t21scaled: compileBody(ORDER21_SCALED, false, scaled, head),
    t22area: compileBody(ORDER22AREA, false, scaled, head),
    t22addr: compileBody(ORDER22ADDR, false, scaled, head),
    t24a: compileBody(ORDER24A, false, scaled, head),
    t24b: compileBody(ORDER24B, false, scaled, head),
    t24baux: compileBody(ORDER24BAUX, false, scaled, head),
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

  constructor(opts: GpsdFormatOptions = {}) {
    this.scaled = opts.scaled ?? false;
    this.split24 = opts.split24 ?? false;
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
}
