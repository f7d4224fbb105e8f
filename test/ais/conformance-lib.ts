/** Shared helpers for the conformance tests: decode a file to gpsd reports and compare with expected JSON. */
import { readFileSync } from 'node:fs';
import { AisDecoder } from '../../src/ais/decoder.js';
import { DIFFERENCES } from '../../src/ais/differences.js';
import { GpsdFormatter } from '../../src/ais/format-gpsd.js';

export const DATA = new URL('../../../shared/data/ais/', import.meta.url);

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
  const src = readFileSync(new URL(file, DATA), 'latin1').split('\n');
  const dec = new AisDecoder({
    onMessage: (msg, meta) => {
      const line = fmt.format(msg, meta.channel);
      if (line === null) return;
      const o = JSON.parse(line) as Report;
      Object.defineProperty(o, '__talker', { value: meta.sentence.slice(0, 2), enumerable: false });
      Object.defineProperty(o, '__line', { value: line, enumerable: false });
      Object.defineProperty(o, '__src', { value: src[meta.line - 1] ?? '', enumerable: false });
      out.push(o);
    },
  });
  dec.push(readFileSync(new URL(file, DATA)));
  dec.end();
  return out;
}

/** Expected gpsd JSON reports from a file (optionally only those directly after an AIS sentence line). */
export function readExpected(file: string, daemon: boolean): Report[] {
  const lines = readFileSync(new URL(file, DATA), 'utf8').split('\n');
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
      if (!ok) c.mismatched++;
      else if (
        (e.__line as string).replace(/"device":"stdin",/, '') ===
        (a.__line as string).replace(/"device":"stdin",/, '')
      )
        c.identical++;
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
