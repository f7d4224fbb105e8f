/**
 * Format detection from the first bytes of an input (pure). Order:
 * 1. NMEA: any line in the sample holding an AIS sentence (`!xxVDM`/`!xxVDO`, also behind a
 *    tag block or an epoch prefix) or a Gatehouse `$PGHP` receive-time line. Comments and other
 *    NMEA may come first (gpsd's logs open with `#` lines).
 * 2. CSV: the first line is the header. With a column map the generic reader takes it (an
 *    explicit map beats detection); else DMA, MarineCadastre (legacy), MarineCadastre 2024, in
 *    that order, each needing all of its columns.
 * 3. Anything else is an error naming, for each known layout, the columns the header lacks.
 */
import { type KnownLayout, LAYOUTS, matchColumns } from './layouts.js';

/** How much of an input detection looks at. */
export const SAMPLE_BYTES = 64 * 1024;

export type Detection =
  | { kind: 'nmea' }
  | { kind: 'csv'; layout: KnownLayout | 'mapped'; header: string[] }
  | { kind: 'unknown'; message: string };

const AIS_SENTENCE = /[!](?:[A-Z]{2}|--)VD[MO],/;
const PGHP = /^\$PGHP,/;

export function looksLikeNmea(sample: string): boolean {
  for (const line of sample.split(/\r?\n/, 2000)) {
    if (AIS_SENTENCE.test(line) || PGHP.test(line)) return true;
  }
  return false;
}

/** Splits a CSV header line (quotes allowed, no embedded newlines). */
export function splitHeader(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function detectFormat(sample: string, name: string, opts: { mapped?: boolean } = {}): Detection {
  if (looksLikeNmea(sample)) return { kind: 'nmea' };
  const firstLine = sample.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const header = splitHeader(firstLine);
  if (header.length < 2) {
    return {
      kind: 'unknown',
      message: `unknown input format in ${name}: neither AIS NMEA sentences nor a CSV header`,
    };
  }
  if (opts.mapped) return { kind: 'csv', layout: 'mapped', header };
  const misses: string[] = [];
  for (const layout of LAYOUTS) {
    const { missing } = matchColumns(header, layout.columns);
    if (missing.length === 0) return { kind: 'csv', layout: layout.id, header };
    misses.push(`not ${layout.label} (missing: ${missing.join(', ')})`);
  }
  return { kind: 'unknown', message: `unknown CSV layout in ${name}: ${misses.join(', ')}; give --map` };
}
