/**
 * The one parser for times a person types: CLI options, API query parameters and the JSON/CSV
 * files analysts hand in. Written out rather than left to `Date.parse`, whose reading of partial
 * and zone-less forms differs between forms (a date alone is UTC, a date-time local) and which
 * rolls 2024-02-31 over into March instead of refusing it.
 *
 * Accepted, always in UTC unless a zone is given:
 *   2024                         the year's first instant (2024-01-01T00:00Z)
 *   2024-03                      the month's first instant
 *   2024-03-12                   midnight
 *   2024-03-12T06:00[:SS[.fff]]  with `T` or one space; no zone means UTC
 *   …Z, …+03:00, …+0300, …+03    with a zone
 *   1710223200000                epoch milliseconds: 12 to 16 digits (from 1973-03-03)
 * Anything else is refused with a reason; in particular 5 to 11 digits (epoch seconds is the
 * usual mistake) and dates that do not exist.
 */

/** The range of a JavaScript Date (±100,000,000 days): beyond it no time can be written or stored. */
export const TIME_LIMIT_MS = 8.64e15;

/** What the accepted forms are, for help texts and error messages. */
export const TIME_FORMS =
  'ISO 8601 (2024, 2024-03, 2024-03-12, 2024-03-12T06:00, …Z or …+03:00; UTC when no zone) or epoch milliseconds (12–16 digits)';

export type TimeParse = { ok: true; tsMs: number } | { ok: false; reason: string };

const ISO_RE =
  /^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?(Z|[+-]\d\d(?::?\d\d)?)?)?)?)?$/i;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (year: number, month: number): number =>
  month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] as number);
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function bad(reason: string): TimeParse {
  return { ok: false, reason };
}

/** Parses one time; never throws. The text is trimmed first. */
export function parseTime(text: string): TimeParse {
  const s = text.trim();
  if (s === '') return bad('empty: give a time');
  if (/^\d+$/.test(s)) {
    if (s.length === 4) return fromParts(Number(s), 1, 1, 0, 0, 0, 0, 0);
    if (s.length >= 12 && s.length <= 16) {
      const ms = Number(s);
      return ms <= TIME_LIMIT_MS ? { ok: true, tsMs: ms } : bad(`epoch milliseconds beyond ${TIME_LIMIT_MS}`);
    }
    return bad(
      `${s.length} digits is neither a year (4 digits) nor epoch milliseconds (12–16 digits)${s.length === 10 ? '; epoch seconds? multiply by 1000' : ''}`,
    );
  }
  const m = ISO_RE.exec(s);
  if (m === null) return bad(`not a time: use ${TIME_FORMS}`);
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Digits past the millisecond are dropped, not rounded: a time never moves into the next unit.
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offsetMin = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return bad(`zone ${zone} is not an offset from UTC`);
    offsetMin = sign * (oh * 60 + om);
  }
  if (month < 1 || month > 12) return bad(`month ${m[2]} is not 01–12`);
  if (day < 1 || day > daysIn(year, month)) return bad(`${m[1]}-${m[2]} has no day ${m[3]}`);
  if (hour > 23) return bad(`hour ${m[4]} is not 00–23`);
  if (minute > 59) return bad(`minute ${m[5]} is not 00–59`);
  if (second > 59) return bad(`second ${m[6]} is not 00–59`);
  return fromParts(year, month, day, hour, minute, second, ms, offsetMin);
}

function fromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMin: number,
): TimeParse {
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return { ok: true, tsMs: d.getTime() - offsetMin * 60_000 };
}
