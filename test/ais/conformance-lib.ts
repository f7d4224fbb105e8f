/** Shared helpers for the conformance tests: decode a file to gpsd reports and compare with expected JSON. */
import { readFileSync } from 'node:fs';
import { AisDecoder } from '../../src/ais/decoder.js';
import type { FieldSpec } from '../../src/ais/fields.js';
import { GpsdFormatter } from '../../src/ais/format-gpsd.js';
import { label } from '../../src/ais/labels.js';
import type { AisMessage } from '../../src/ais/messages.js';
import * as M from '../../src/ais/messages.js';
import type { MessageMeta } from '../../src/ais/types.js';
import { captureUrl, REPO_AIS } from '../helpers/captures.js';
import { DIFFERENCES, LIBAIS_DIFFERENCES } from './differences.js';

export const DATA = REPO_AIS;

export type Report = Record<string, unknown>;

export function decodeToGpsd(
  file: string,
  opts: { scaled?: boolean; device?: string | null } = {},
): Report[] {
  const fmt = new GpsdFormatter({
    scaled: opts.scaled ?? false,
    device: opts.device === undefined ? 'stdin' : opts.device,
  });
  const out: Report[] = [];
  const src = readFileSync(captureUrl(file), 'latin1').split('\n');
  const dec = new AisDecoder({
    onMessage: (msg, meta) => {
      const line = fmt.format(msg, meta.channel);
      if (line === null) return;
      const o = JSON.parse(line) as Report;
      Object.defineProperty(o, '__talker', { value: meta.sentence.slice(0, 2), enumerable: false });
      Object.defineProperty(o, '__line', { value: line, enumerable: false });
      Object.defineProperty(o, '__src', { value: src[meta.line - 1] ?? '', enumerable: false });
      Object.defineProperty(o, '__msg', { value: msg, enumerable: false });
      out.push(o);
    },
  });
  dec.push(readFileSync(captureUrl(file)));
  dec.end();
  return out;
}

/** Expected gpsd JSON reports from a file (optionally only those directly after an AIS sentence line). */
export function readExpected(file: string, daemon: boolean): Report[] {
  const lines = readFileSync(captureUrl(file), 'utf8').split('\n');
  const out: Report[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l.startsWith('{')) continue;
    if (daemon && !/^!..VD[MO]/.test(lines[i - 1] ?? '')) continue;
    const o = JSON.parse(l) as Report;
    if (o.class !== 'AIS') continue;
    Object.defineProperty(o, '__line', { value: l, enumerable: false });
    out.push(o);
  }
  return out;
}

export interface Comparison {
  expected: number;
  matched: number;
  /** Expected type 6/8 reports whose application payload gpsd decoded (no `data` key), and how many of them tallyman printed byte-identical. */
  apps: number;
  appsIdentical: number;
  identical: number;
  mismatched: number;
  listed: Map<string, number>;
  unexplained: string[];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a));
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Aligns actual with expected reports by (type, mmsi) in order and compares every key. */
export function compare(expected: Report[], actual: Report[]): Comparison {
  const c: Comparison = {
    expected: expected.length,
    matched: 0,
    apps: 0,
    appsIdentical: 0,
    identical: 0,
    mismatched: 0,
    listed: new Map(),
    unexplained: [],
  };
  const explain = (key: string, e: Report | null, a: Report | null, what: string) => {
    const d = DIFFERENCES.find((x) => x.applies(key, e, a));
    if (d) c.listed.set(d.id, (c.listed.get(d.id) ?? 0) + 1);
    else c.unexplained.push(what);
    return d !== undefined;
  };
  let i = 0;
  let j = 0;
  const same = (e: Report, a: Report) => e.type === a.type && e.mmsi === a.mmsi;
  while (j < expected.length || i < actual.length) {
    const e = expected[j];
    const a = actual[i];
    if (e !== undefined && a !== undefined && same(e, a)) {
      let ok = true;
      for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) {
        if (k === 'device') continue;
        if (!sameValue(e[k], a[k])) {
          ok = false;
          explain(
            k,
            e,
            a,
            `${k}: expected ${JSON.stringify(e[k])} got ${JSON.stringify(a[k])} in ${e.__line}`,
          );
        }
      }
      c.matched++;
      const app = (e.type === 6 || e.type === 8) && !('data' in e);
      if (app) c.apps++;
      if (!ok) c.mismatched++;
      else if (
        (e.__line as string).replace(/"device":"stdin",/, '') ===
        (a.__line as string).replace(/"device":"stdin",/, '')
      ) {
        c.identical++;
        if (app) c.appsIdentical++;
      }
      i++;
      j++;
      continue;
    }
    // Resynchronise: an extra actual report, or a missing one.
    const aheadA = e === undefined ? -1 : actual.slice(i, i + 4).findIndex((x) => same(e, x));
    if (a !== undefined && (e === undefined || aheadA > 0)) {
      explain('*report*', null, a, `extra report ${a.__line}`);
      i++;
    } else {
      explain('*report*', e, null, `missing report ${e.__line}`);
      j++;
    }
  }
  return c;
}

/** Every decoded message of a file with its receive context. */
export function decodeMessages(file: string): { msg: AisMessage; meta: MessageMeta }[] {
  const out: { msg: AisMessage; meta: MessageMeta }[] = [];
  const dec = new AisDecoder({ onMessage: (msg, meta) => out.push({ msg, meta }) });
  dec.push(readFileSync(captureUrl(file)));
  dec.end();
  return out;
}

function tableOf(msg: AisMessage): readonly FieldSpec[] {
  const m = msg as unknown as Record<string, unknown>;
  const byType: Record<number, readonly FieldSpec[]> = {
    1: M.T1,
    2: M.T1,
    3: M.T1,
    4: M.T4,
    11: M.T4,
    5: M.T5,
    6: M.T6,
    7: M.T7,
    13: M.T7,
    8: M.T8,
    9: M.T9,
    10: M.T10,
    12: M.T12,
    14: M.T14,
    15: M.T15,
    16: M.T16,
    17: M.T17,
    18: M.T18,
    19: M.T19,
    20: M.T20,
    21: M.T21,
    23: M.T23,
    25: M.T25,
    26: M.T25,
    27: M.T27,
  };
  if (msg.type === 22) return m.addressed ? M.T22ADDR : M.T22AREA;
  if (msg.type === 24) return m.partNumber === 0 ? M.T24A : 'mothershipMmsi' in m ? M.T24BAUX : M.T24B;
  return byType[msg.type] ?? [];
}

/** libais keys for fields gpsd does not print (gpsd key null in the tables). */
const LIBAIS_ONLY_KEY: Record<string, string> = {
  assigned: 'assigned',
  txrx: 'txrx',
  partNumber: 'part_num',
};

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * tallyman's message in libais's scaled JSON vocabulary: libais key → value. "Not available" fields
 * become the scaled raw value libais prints (lon 181, speed 102.3 …); turn becomes deg/min.
 */
export function libaisView(msg: AisMessage, meta: MessageMeta): Map<string, unknown> {
  const m = msg as unknown as Record<string, unknown>;
  const v = new Map<string, unknown>([
    ['type', msg.type],
    ['repeat', msg.repeat],
    ['mmsi', msg.mmsi],
  ]);
  for (const f of tableOf(msg)) {
    const key = f.gpsd ?? LIBAIS_ONLY_KEY[f.name];
    if (key === undefined) continue;
    let x = m[f.name];
    if (f.name === 'turnRaw') x = x === null ? null : Math.sign(x as number) * ((x as number) / 4.733) ** 2;
    else if (x === null && f.na !== undefined) x = f.na / (f.divisor ?? 1);
    v.set(key, x);
    if (f.label !== undefined)
      v.set(`${key}_text`, label(f.label, (m[f.name] as number | null) ?? f.na ?? 0));
  }
  if (msg.type === 21) v.set('name', m.name);
  if (msg.type === 4 || msg.type === 11) {
    const r = (k: string, na: number) => (m[k] === null ? na : (m[k] as number));
    v.set(
      'timestamp',
      `${pad(r('year', 0), 4)}-${pad(r('month', 0), 2)}-${pad(r('day', 0), 2)}T${pad(r('hour', 24), 2)}:${pad(r('minute', 60), 2)}:${pad(r('second', 60), 2)}Z`,
    );
  }
  if (meta.receivedAtMs !== null)
    v.set('tagblock_timestamp', new Date(meta.receivedAtMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'));
  if (meta.station !== null) v.set('tagblock_station', meta.station);
  return v;
}

export interface LibaisComparison {
  objects: number;
  matched: number;
  fieldsCompared: number;
  fieldsEqual: number;
  /** libais keys tallyman has no field for (spare bits, slot state, decoded DAC/FID payloads…). */
  libaisOnlyKeys: Set<string>;
  listed: Map<string, number>;
  unexplained: string[];
}

/** float32 in libais: ~7 significant digits. */
function libaisEqual(l: unknown, o: unknown): boolean {
  if (typeof l === 'number' && typeof o === 'number')
    return Math.abs(l - o) <= 2e-6 * Math.max(1, Math.abs(o));
  if (typeof l === 'number' && typeof o === 'boolean') return l === (o ? 1 : 0);
  if (typeof l === 'boolean' && typeof o === 'boolean') return l === o;
  return l === o;
}

const LIBAIS_SKIP = new Set(['class', 'device', 'scaled', 'id']);

/** Compares libais's JSON objects (in order, aligned by type and MMSI) with tallyman's decode. */
export function compareLibais(nmea: string, json: string): LibaisComparison {
  const exp = readFileSync(captureUrl(json), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Report);
  const act = decodeMessages(nmea);
  const c: LibaisComparison = {
    objects: exp.length,
    matched: 0,
    fieldsCompared: 0,
    fieldsEqual: 0,
    libaisOnlyKeys: new Set(),
    listed: new Map(),
    unexplained: [],
  };
  let i = 0;
  for (const e of exp) {
    const k = act.slice(i).findIndex((a) => a.msg.type === e.type && a.msg.mmsi === e.mmsi);
    if (k < 0) {
      c.unexplained.push(`no tallyman message for libais type ${e.type} mmsi ${e.mmsi}`);
      continue;
    }
    const { msg, meta } = act[i + k];
    i += k + 1;
    c.matched++;
    const ours = libaisView(msg, meta);
    for (const [key, l] of Object.entries(e)) {
      if (LIBAIS_SKIP.has(key)) continue;
      if (!ours.has(key)) {
        c.libaisOnlyKeys.add(key);
        continue;
      }
      const o = ours.get(key);
      c.fieldsCompared++;
      if (libaisEqual(l, o)) {
        c.fieldsEqual++;
        continue;
      }
      const d = LIBAIS_DIFFERENCES.find((x) => x.applies(key, l, o, msg.type));
      if (d) c.listed.set(d.id, (c.listed.get(d.id) ?? 0) + 1);
      else
        c.unexplained.push(
          `type ${msg.type} mmsi ${msg.mmsi} ${key}: libais ${JSON.stringify(l)} tallyman ${JSON.stringify(o)}`,
        );
    }
  }
  return c;
}

const pipeToken = (s: string): unknown =>
  /^0x[0-9a-f]+$/i.test(s) ? Number.parseInt(s, 16) : /^-?\d+$/.test(s) ? Number(s) : s;

/**
 * gpsd's -c printer has its own layout for a decoded application payload: the values in payload
 * order without labels, or only `bits:xxx…` for the tables it does not print. The header must be
 * equal; then either the placeholder, or the same values as tallyman's report in another order.
 */
function csvAppLayout(gpsd: unknown[], ours: unknown[]): boolean {
  const header = gpsd[0] === 6 ? 8 : 5;
  for (let j = 0; j < header; j++) if (gpsd[j] !== ours[j]) return false;
  const rest = gpsd.slice(header);
  if (rest.length === 1 && /^\d+:x+$/.test(String(rest[0]))) return true;
  // Labels are left out by -c, and so are flags (printed as 0/1 here): gpsd's values must all be
  // in tallyman's report, and what is left over may only be flags.
  const left = new Map<string, number>();
  for (const x of ours.slice(header)) {
    if (typeof x === 'string' && /[a-z]{3}/.test(x) && !/T\d/.test(x)) continue;
    left.set(String(x), (left.get(String(x)) ?? 0) + 1);
  }
  for (const x of rest) {
    const k = String(x);
    const n = left.get(k) ?? 0;
    if (n === 0) return false;
    left.set(k, n - 1);
  }
  return [...left].every(([k, n]) => n === 0 || k === '0' || k === '1');
}

/**
 * `gpsdecode -u -c` output (gpsd-sample.aivdm.chk): one pipe-separated line per report, the unscaled
 * values in gpsd's JSON order without keys or labels, flags as 0/1, radio and maneuver-like fields
 * in hex, MMSIs zero-padded. Compared line by line with tallyman's unscaled gpsd reports. Two
 * layout quirks of -c are undone: type 26 prints `data:radio` as one field, and type 23 prints the
 * `txrx` field its JSON leaves out (checked against tallyman's txrx; see DIFFERENCES type23-txrx).
 */
export function compareChkPipe(file: string, actual: Report[]): Comparison {
  const lines = readFileSync(captureUrl(file), 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '');
  const c: Comparison = {
    expected: lines.length,
    matched: 0,
    apps: 0,
    appsIdentical: 0,
    identical: 0,
    mismatched: 0,
    listed: new Map(),
    unexplained: [],
  };
  for (let i = 0; i < lines.length; i++) {
    const a = actual[i];
    const t = lines[i].split('|').map(pipeToken);
    if (a === undefined || t[0] !== a.type || t[2] !== a.mmsi) {
      c.unexplained.push(`line ${i + 1}: no aligned report for ${lines[i]}`);
      continue;
    }
    c.matched++;
    const msg = (a as { __msg?: Record<string, unknown> }).__msg ?? {};
    if (a.type === 26 && typeof t[t.length - 1] === 'string') {
      const d = String(t.pop()).split(':');
      t.push(`${d[0]}:${d[1]}`, pipeToken(d[2] ?? ''));
    }
    let listedLine = false;
    if (a.type === 23 && t.length === 12) {
      // gpsd reads the 4 bits 144–147 (txrx then half of interval); ITU's field is bits 144–145.
      const gpsdTxrx = ((msg.txrx as number) << 2) | ((msg.interval as number) >> 2);
      if (t[9] !== msg.txrx) {
        if (t[9] === gpsdTxrx) {
          c.listed.set('type23-txrx', (c.listed.get('type23-txrx') ?? 0) + 1);
          listedLine = true;
        } else c.unexplained.push(`line ${i + 1}: txrx ${t[9]} vs ${msg.txrx}`);
      }
      t.splice(9, 1);
    }
    const ours = Object.entries(a)
      .filter(([k]) => !['class', 'device', 'scaled'].includes(k) && !k.endsWith('_text'))
      .map(([, v]) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
    if (t.length === ours.length && t.every((x, j) => x === ours[j])) {
      if (listedLine) c.mismatched++;
      else c.identical++;
      continue;
    }
    c.mismatched++;
    // Only a whole-line rule can apply: -c has no keys to name a field by.
    if ((a.type === 6 || a.type === 8) && !('data' in a) && csvAppLayout(t, ours)) {
      c.listed.set('csv-app-layout', (c.listed.get('csv-app-layout') ?? 0) + 1);
    } else c.unexplained.push(`line ${i + 1}: gpsd ${lines[i]} tallyman ${ours.join('|')}`);
  }
  if (actual.length !== lines.length)
    c.unexplained.push(`${actual.length} reports for ${lines.length} lines`);
  return c;
}
