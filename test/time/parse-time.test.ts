/** The one time parser: fixed cases from the issue, then properties against Date's own ISO output. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTimeOption } from '../../src/cli/time-option.js';
import { rangeQuery } from '../../src/server/schemas.js';
import { parseTime, TIME_LIMIT_MS } from '../../src/time/parse-time.js';

const ms = (s: string): number => {
  const r = parseTime(s);
  if (!r.ok) throw new Error(`${s}: ${r.reason}`);
  return r.tsMs;
};
const refused = (s: string): string => {
  const r = parseTime(s);
  assert.equal(r.ok, false, `${s} was accepted as ${r.ok ? new Date(r.tsMs).toISOString() : ''}`);
  return r.ok ? '' : r.reason;
};

describe('parseTime', () => {
  it('a year alone is its first instant, in the CLI and the API alike', () => {
    assert.equal(ms('2024'), Date.UTC(2024, 0, 1));
    assert.equal(parseTimeOption('--since', '2024'), Date.UTC(2024, 0, 1));
    const q = rangeQuery.parse({ from: '2024', to: '2024-03' });
    assert.deepEqual(q, { from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 2, 1) });
  });
  it('dates and date-times without a zone are UTC; zones are honoured', () => {
    assert.equal(ms('2024-03-12'), Date.UTC(2024, 2, 12));
    assert.equal(ms('2024-03-12T06:00'), Date.UTC(2024, 2, 12, 6));
    assert.equal(ms('2024-03-12 06:00:30.5'), Date.UTC(2024, 2, 12, 6, 0, 30, 500));
    assert.equal(ms('2024-03-12T06:00+03:00'), Date.UTC(2024, 2, 12, 3));
    assert.equal(ms('2024-03-12T06:00-0130'), Date.UTC(2024, 2, 12, 7, 30));
    assert.equal(ms('2024-03-12T06:00+03'), Date.UTC(2024, 2, 12, 3));
    assert.equal(ms('2024-03-12T06:00:00.123456Z'), Date.UTC(2024, 2, 12, 6, 0, 0, 123));
  });
  it('epoch milliseconds only as 12–16 digits; epoch seconds are refused with a hint', () => {
    assert.equal(ms('1710223200000'), 1_710_223_200_000);
    assert.match(refused('1710223200'), /epoch seconds/);
    for (const s of ['0', '20240', '12345678901', '99999999999999999']) refused(s);
  });
  it('refuses dates that do not exist and forms that are not ISO 8601', () => {
    for (const s of [
      '2023-02-29',
      '2024-02-30',
      '2024-13',
      '2024-00-10',
      '2024-03-12T24:00',
      '2024-03-12T06:60',
      '2024-03-12T06:00:60',
      '2024-03-12T06:00+24:00',
      '12/03/2024',
      'yesterday',
      '',
      '2024-3-12',
    ])
      refused(s);
    assert.equal(ms('2024-02-29'), Date.UTC(2024, 1, 29));
  });
  it('the CLI and the API refuse the same value with the same reason', () => {
    assert.throws(() => parseTimeOption('--since', '2024-02-30'), /has no day 30/);
    const q = rangeQuery.safeParse({ from: '2024-02-30' });
    assert.equal(q.success, false);
    assert.match(JSON.stringify(q.error?.issues), /has no day 30/);
  });

  it('property: every instant Date writes as ISO 8601 parses back to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (t) => {
        assert.equal(ms(new Date(t).toISOString()), t);
      }),
    );
  });
  it('property: a zone offset moves the instant by exactly that offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (t, offMin) => {
          const local = new Date(t - (t % 1000)).toISOString().slice(0, 19);
          const a = Math.abs(offMin);
          const zone = `${offMin < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
          assert.equal(ms(`${local}${zone}`), ms(local) - offMin * 60_000);
          assert.equal(ms(`${local}${zone.replace(':', '')}`), ms(local) - offMin * 60_000);
        },
      ),
    );
  });
  it('property: a prefix (year, month, day) is the first instant of that period', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (t) => {
        const iso = new Date(t).toISOString();
        const d = new Date(t);
        assert.equal(ms(iso.slice(0, 4)), Date.UTC(d.getUTCFullYear(), 0, 1));
        assert.equal(ms(iso.slice(0, 7)), Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
        assert.equal(ms(iso.slice(0, 10)), Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      }),
    );
  });
  it('property: any string gives a time within the Date range or a reason, never a throw or NaN', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9T:+\-. Z]{1,30}$/)), (s) => {
        const r = parseTime(s);
        if (r.ok) assert.ok(Number.isFinite(r.tsMs) && Math.abs(r.tsMs) <= TIME_LIMIT_MS, s);
        else assert.ok(r.reason.length > 0);
      }),
      { numRuns: 2000 },
    );
  });
});
