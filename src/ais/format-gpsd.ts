/**
 * gpsd JSON reports (gpsd's json_aivdm_dump), byte-for-byte where possible: key order, spacing and
 * number formats as in gpsd's regression files. Unscaled (`"scaled":false`, gpsd -u) prints raw
 * field values; scaled prints gpsd ≥ 3.25's units. The key order comes from the field tables in
 * messages.ts, with the few types whose gpsd order differs listed here.
 *
 * Type 24: like gpsd, part A's are kept (8 most recent per channel) and one merged report is printed
 * when the matching part B arrives on the same channel; a lone part is printed only with `split24` (gpsdecode -s), with "part".
 * Application payloads of types 6 and 8 are printed as gpsd prints them where a table in
 * applications.ts decodes them, and as `data` (hex) otherwise.
 */

import { appGpsdFields } from './app-decode.js';
import type { FieldSpec } from './fields.js';
import { label } from './labels.js';
import type { AisMessage } from './messages.js';
import * as M from './messages.js';
import { Type24Pairing } from './pair-24.js';

export interface GpsdFormatOptions {
  scaled?: boolean;
  /** Print each type 24 half as its own report (gpsdecode -s). */
  split24?: boolean;
  /** The `"device"` value; null leaves the key out (gpsd daemon .chk files). Default "stdin". */
  device?: string | null;
}

export type Entry =
  | FieldSpec
  | { special: 'timestamp' | 'eta' | 'data' | 'name' | 'part' | 'radio0' | 'destMmsi' | 'appId' };

function pick(table: readonly FieldSpec[], keys: string[]): FieldSpec[] {
  return keys.map((k) => {
    const f = table.find((x) => x.gpsd === k);
    if (f === undefined) throw new Error(`no gpsd key ${k}`);
    return f;
  });
}
const inOrder = (table: readonly FieldSpec[]): FieldSpec[] => table.filter((f) => f.gpsd !== null);

/** gpsd prints type 21's `regional` before `off_position` (payload order is the reverse), scaled or not. */
function regionalFirst(entries: Entry[]): Entry[] {
  const gpsdKey = (e: Entry) => ('gpsd' in e ? e.gpsd : undefined);
  const r = entries.findIndex((e) => gpsdKey(e) === 'regional');
  const o = entries.findIndex((e) => gpsdKey(e) === 'off_position');
  if (r < 0 || o < 0 || r < o) return entries;
  const out = entries.filter((_e, i) => i !== r);
  out.splice(o, 0, entries[r]);
  return out;
}

export const ORDER: Record<number, Entry[]> = {
  1: inOrder(M.T1),
  2: inOrder(M.T1),
  3: inOrder(M.T1),
  4: [{ special: 'timestamp' }, ...inOrder(M.T4)],
  11: [{ special: 'timestamp' }, ...inOrder(M.T4)],
  5: [
    ...pick(M.T5, [
      'imo',
      'ais_version',
      'callsign',
      'shipname',
      'shiptype',
      'to_bow',
      'to_stern',
      'to_port',
    ]),
    ...pick(M.T5, ['to_starboard', 'epfd']),
    { special: 'eta' },
    ...pick(M.T5, ['draught', 'destination', 'dte']),
  ],
  6: [...inOrder(M.T6), { special: 'data' }],
  7: inOrder(M.T7),
  13: inOrder(M.T7),
  8: [...inOrder(M.T8), { special: 'data' }],
  9: inOrder(M.T9),
  10: inOrder(M.T10),
  12: inOrder(M.T12),
  14: inOrder(M.T14),
  15: inOrder(M.T15),
  16: inOrder(M.T16),
  17: [...inOrder(M.T17), { special: 'data' }],
  18: inOrder(M.T18),
  19: inOrder(M.T19),
  20: inOrder(M.T20),
  21: regionalFirst([M.T21[0], { special: 'name' }, ...inOrder(M.T21).slice(1)]),
  23: inOrder(M.T23),
  25: [...inOrder(M.T25), { special: 'destMmsi' }, { special: 'appId' }, { special: 'data' }],
  26: [
    ...inOrder(M.T25),
    { special: 'destMmsi' },
    { special: 'appId' },
    { special: 'data' },
    { special: 'radio0' },
  ],
  27: pick(M.T27, ['status', 'accuracy', 'lon', 'lat', 'speed', 'course', 'raim', 'gnss']),
};
// gpsd's scaled type 21 prints accuracy after lat.
export const ORDER21_SCALED: Entry[] = [
  M.T21[0],
  { special: 'name' },
  ...pick(M.T21, ['lon', 'lat', 'accuracy']),
];
ORDER21_SCALED.push(
  ...regionalFirst(
    inOrder(M.T21).filter((f) => !['aid_type', 'lon', 'lat', 'accuracy'].includes(f.gpsd ?? '')),
  ),
);
export const ORDER22AREA = inOrder(M.T22AREA);
export const ORDER22ADDR = inOrder(M.T22ADDR);
export const ORDER24A = inOrder(M.T24A);
export const ORDER24B = inOrder(M.T24B);
export const ORDER24BAUX = inOrder(M.T24BAUX);

export function jsonString(s: string): string {
  if (s.indexOf('"') < 0 && s.indexOf('\\') < 0) return `"${s}"`;
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

const pad2 = (v: number): string => (v < 10 ? `0${v}` : `${v}`);
const pad4 = (v: number): string => `${v}`.padStart(4, '0');

/** Raw integer of a field back from tallyman's value (null → the "not available" raw value). */
export function rawOf(f: FieldSpec, v: unknown): number {
  if (v === null || v === undefined) return f.na ?? 0;
  const n = v as number;
  return f.divisor ? Math.round(n * f.divisor) : n;
}

export function scaledValue(f: FieldSpec, v: unknown): string {
  return scaledOfRaw(f, rawOf(f, v));
}

/** gpsd's scaled form of a field's raw integer. */
export function scaledOfRaw(f: FieldSpec, raw: number): string {
  switch (f.scaled) {
    case 'd1':
      return (raw / 10).toFixed(1);
    case 'speed13':
      return raw === 1023 ? '"n/a"' : (raw / 10).toFixed(1);
    case 'deg7':
      return (raw / 600000).toFixed(7);
    case 'deg4':
      return (raw / 600).toFixed(4);
    case 'deg1':
      return (raw / 600).toFixed(1);
    case 'degq6':
      return `"${(raw / 600).toFixed(6)}"`;
    case 'turn': {
      if (raw === -128) return '"n/a"';
      if (raw === -127) return '"fastleft"';
      if (raw === 127) return '"fastright"';
      const r = raw / 4.733;
      return `"${((raw < 0 ? -1 : 1) * r * r).toFixed(2)}"`;
    }
    default:
      return `${raw}`;
  }
}

export class GpsdFormatter {
  private readonly scaled: boolean;
  private readonly split24: boolean;
  private readonly head: string;
  private readonly pairing = new Type24Pairing();

  constructor(opts: GpsdFormatOptions = {}) {
    this.scaled = opts.scaled ?? false;
    this.split24 = opts.split24 ?? false;
    const device = opts.device === undefined ? 'stdin' : opts.device;
    this.head = device === null ? '{"class":"AIS",' : `{"class":"AIS","device":${jsonString(device)},`;
  }

  /** The report line (without newline), or null when gpsd prints nothing for this message. */
  format(msg: AisMessage, channel: string | null = null): string | null {
    const m = msg as unknown as Record<string, unknown>;
    if ('undefinedType' in msg) return null;
    let order: Entry[] | undefined;
    let prefix = '';
    let merged: string | null = null;
    if (msg.type === 24) {
      const pairing = this.pairing.take(msg, channel);
      if (pairing.kind === 'part-a') {
        if (!this.split24) return null;
        prefix = '"part":"A",';
        order = ORDER24A;
      } else {
        if (pairing.kind === 'merged') merged = pairing.shipName;
        else if (!this.split24) return null;
        else prefix = '"part":"B",';
        order = 'mothershipMmsi' in msg ? ORDER24BAUX : ORDER24B;
      }
    } else if (msg.type === 22) {
      order = msg.addressed ? ORDER22ADDR : ORDER22AREA;
    } else if (msg.type === 21 && this.scaled) {
      order = ORDER21_SCALED;
    } else {
      order = ORDER[msg.type];
    }
    if (order === undefined) return null;
    let out = `${this.head}"type":${msg.type},"repeat":${msg.repeat},"mmsi":${msg.mmsi},"scaled":${this.scaled},${prefix}`;
    if (merged !== null) out += `"shipname":${jsonString(merged)},`;
    for (const e of order) {
      if ('special' in e) {
        out += this.special(e.special, m);
        continue;
      }
      const v = m[e.name];
      out += `"${e.gpsd}":`;
      if (e.kind === 'b') out += v ? 'true' : 'false';
      else if (e.kind === 't' || e.kind === 'trest') out += jsonString(v as string);
      else if (this.scaled && e.scaled !== undefined) out += scaledValue(e, v);
      else out += rawOf(e, v);
      out += ',';
      if (e.label !== undefined) out += `"${e.gpsd}_text":${jsonString(label(e.label, rawOf(e, v)))},`;
      // gpsd's scaled type 27 adds the status label.
    }
    if (msg.type === 27 && this.scaled) {
      out = out.replace(/("status":\d+,)"status_text":"[^"]*",/, '$1');
      out = out.replace(
        /("status":(\d+),)/,
        (_all, a, n) => `${a}"status_text":${jsonString(label('status', +n))},`,
      );
    } else if (msg.type === 27) {
      out = out.replace(/"status_text":"[^"]*",/, '');
    }
    return `${out.slice(0, -1)}}`;
  }

  private special(kind: string, m: Record<string, unknown>): string {
    switch (kind) {
      case 'timestamp': {
        const r = (k: string, na: number) => (m[k] === null ? na : (m[k] as number));
        return `"timestamp":"${pad4(r('year', 0))}-${pad2(r('month', 0))}-${pad2(r('day', 0))}T${pad2(r('hour', 24))}:${pad2(r('minute', 60))}:${pad2(r('second', 60))}Z",`;
      }
      case 'eta': {
        const r = (k: string, na: number) => (m[k] === null ? na : (m[k] as number));
        return `"eta":"${pad2(r('etaMonth', 0))}-${pad2(r('etaDay', 0))}T${pad2(r('etaHour', 24))}:${pad2(r('etaMinute', 60))}Z",`;
      }
      case 'data': {
        const app = m.app as Parameters<typeof appGpsdFields>[3] | null | undefined;
        if (app) {
          const type = m.type as number;
          const n = (m.dataBits as number) + (type === 6 ? 88 : 56);
          return `${appGpsdFields(type, m.dac as number, m.fid as number, app, n, this.scaled)},`;
        }
        return `"data":"${m.dataBits}:${m.data}",`;
      }
      case 'name':
        return `"name":${jsonString(m.name as string)},`;
      case 'destMmsi':
        return `"dest_mmsi":${m.destMmsi ?? 0},`;
      case 'appId':
        return `"app_id":${m.appId ?? 0},`;
      case 'radio0':
        // gpsd never fills the type 26 radio status and always prints 0.
        return '"radio":0,';
      default:
        return '';
    }
  }
}
