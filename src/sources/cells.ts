/**
 * Pure cell parsers shared by the CSV readers. A cell that is empty or only spaces is "not
 * available" (null). A cell that is present but cannot be read throws a RowError, which the
 * reader turns into a counted reject of that row.
 */
import type { SourceRejectReason } from './types.js';

export class RowError extends Error {
  constructor(
    readonly reason: SourceRejectReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** DMA writes some n/a cells as a single space; every vendor writes others as empty. */
export function isBlank(cell: string | undefined): boolean {
  return cell === undefined || cell.trim() === '';
}

export function text(cell: string | undefined): string | null {
  if (cell === undefined) return null;
  const t = cell.trim();
  return t === '' ? null : t;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number, or null when blank; `column` names it in the reject. */
export function num(cell: string | undefined, column: string): number | null {
  if (isBlank(cell)) return null;
  const t = (cell as string).trim();
  if (!NUMBER.test(t)) throw new RowError('bad-number', `${column}="${t}"`);
  return Number(t);
}

/** An integer written as "52" or as a float "52.0" (MarineCadastre writes Status and Cargo so). */
export function int(cell: string | undefined, column: string): number | null {
  const n = num(cell, column);
  if (n === null) return null;
  if (!Number.isInteger(n)) throw new RowError('bad-number', `${column}="${(cell as string).trim()}"`);
  return n;
}

/** MMSI: 1..999999999 (nine digits at most; a vendor may drop leading zeros). */
export function mmsi(cell: string | undefined): number {
  if (isBlank(cell)) throw new RowError('bad-mmsi', 'MMSI is empty');
  const t = (cell as string).trim();
  if (!/^\d+(\.0*)?$/.test(t)) throw new RowError('bad-mmsi', `MMSI="${t}"`);
  const n = Number.parseInt(t, 10);
  if (n < 1 || n > 999_999_999) throw new RowError('mmsi-out-of-range', `MMSI=${t}`);
  return n;
}

/** Latitude/longitude pair. Either both present and in range, or null (n/a). */
export function latLon(
  latCell: string | undefined,
  lonCell: string | undefined,
  names: [string, string],
): { lat: number; lon: number } | null {
  const lat = num(latCell, names[0]);
  const lon = num(lonCell, names[1]);
  // AIS "not available" is lat 91, lon 181 (ITU-R M.1371); vendors copy it through.
  if (lat === null || lon === null || lat === 91 || lon === 181) return null;
  if (lat < -90 || lat > 90) throw new RowError('lat-out-of-range', `${names[0]}=${lat}`);
  if (lon < -180 || lon > 180) throw new RowError('lon-out-of-range', `${names[1]}=${lon}`);
  return { lat, lon };
}

/** SOG in knots; 102.3 is the AIS "not available" value (raw 1023). */
export function speedKnots(cell: string | undefined, column: string): number | null {
  const n = num(cell, column);
  if (n === null || n >= 102.3 || n < 0) return null;
  return n;
}

/** COG in degrees; 360 is "not available" (raw 3600). */
export function courseDeg(cell: string | undefined, column: string): number | null {
  const n = num(cell, column);
  if (n === null || n >= 360 || n < 0) return null;
  return n;
}

/** True heading in degrees; 511 is "not available". */
export function headingDeg(cell: string | undefined, column: string): number | null {
  const n = num(cell, column);
  if (n === null || n >= 360 || n < 0) return null;
  return n;
}

/** A length in metres; 0 is the AIS "not available" for dimensions and draught. */
export function metres(cell: string | undefined, column: string): number | null {
  const n = num(cell, column);
  if (n === null || n <= 0) return null;
  return n;
}

/**
 * IMO number. Real IMO numbers are seven digits with a leading non-zero digit; vendors write
 * placeholders such as MarineCadastre's `IMO0000000`/`IMO0000001` or AIS's 0, and DMA writes
 * `Unknown`. Anything below 1000000 (or the text Unknown) is therefore "not available". A
 * seven-digit number whose check digit fails is kept: a bogus IMO is itself evidence.
 */
export function imo(cell: string | undefined, column: string): number | null {
  if (isBlank(cell)) return null;
  const t = (cell as string).trim();
  if (/^unknown$/i.test(t)) return null;
  const m = /^(?:IMO\s*)?(\d{1,10})(?:\.0*)?$/i.exec(t);
  if (m === null) throw new RowError('bad-number', `${column}="${t}"`);
  const n = Number.parseInt(m[1], 10);
  return n >= 1_000_000 && n <= 9_999_999 ? n : null;
}

/** ITU ship and cargo type 0–99; 0 is "not available". Out-of-range codes are kept out (null). */
export function shipTypeCode(cell: string | undefined, column: string): number | null {
  const n = int(cell, column);
  if (n === null || n <= 0 || n > 99) return null;
  return n;
}

/** Navigational status 0–15; anything else is not a status. */
export function navStatusCode(cell: string | undefined, column: string): number | null {
  const n = int(cell, column);
  if (n === null || n < 0 || n > 15) return null;
  return n;
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?\s*(Z|[+-]\d\d:?\d\d)?$/i;

/** ISO 8601 date-time; no zone means UTC (MarineCadastre writes it so). */
export function isoTime(cell: string | undefined, column: string): number {
  const t = (cell ?? '').trim();
  const m = ISO.exec(t);
  if (m === null) throw new RowError('bad-time', `${column}="${t}"`);
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
  let ms = utc(+y, +mo, +d, +h, +mi, +s, frac === '' ? 0 : Math.round(Number(frac) * 1000), column, t);
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

const DMY = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)$/;

/** Day-first `dd/mm/yyyy HH:MM:SS`, UTC (DMA). */
export function dmyTime(cell: string | undefined, column: string): number {
  const t = (cell ?? '').trim();
  const m = DMY.exec(t);
  if (m === null) throw new RowError('bad-time', `${column}="${t}"`);
  return utc(+m[3], +m[2], +m[1], +m[4], +m[5], +m[6], 0, column, t);
}

/** Epoch seconds (may have a fraction) or milliseconds. */
export function epochTime(cell: string | undefined, column: string, unit: 's' | 'ms'): number {
  const t = (cell ?? '').trim();
  if (!NUMBER.test(t)) throw new RowError('bad-time', `${column}="${t}"`);
  const ms = unit === 's' ? Math.round(Number(t) * 1000) : Math.round(Number(t));
  if (!Number.isFinite(ms)) throw new RowError('bad-time', `${column}="${t}"`);
  return ms;
}

function utc(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  column: string,
  t: string,
) {
  const v = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(v);
  // Date.UTC rolls 31/02 into March; a vendor time that does not round-trip is not a time.
  if (
    Number.isNaN(v) ||
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 60
  ) {
    throw new RowError('bad-time', `${column}="${t}"`);
  }
  return v;
}

/** DMA ETA `31/05/2019 04:00:00` → our "MM-DDTHH:MMZ" (the AIS form; the year is not transmitted). */
export function dmyEta(cell: string | undefined, column: string): string | null {
  if (isBlank(cell)) return null;
  const t = (cell as string).trim();
  dmyTime(t, column);
  const m = DMY.exec(t) as RegExpExecArray;
  return `${m[2]}-${m[1]}T${m[4]}:${m[5]}Z`;
}

/** Generic ETA: "MM-DDTHH:MMZ" kept, or an ISO time reduced to that form. */
export function etaText(cell: string | undefined, column: string): string | null {
  if (isBlank(cell)) return null;
  const t = (cell as string).trim();
  if (/^\d\d-\d\dT\d\d:\d\dZ$/.test(t)) return t;
  const ms = isoTime(t, column);
  return new Date(ms).toISOString().slice(5, 16).concat('Z');
}
