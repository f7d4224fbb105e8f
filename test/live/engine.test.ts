/**
 * The alert engine, rules and event revisions (pure): each rule kind raises what it should on a
 * realistic track (a ship sailing into Vostochny at 10 kn, reporting every 2 min, going silent
 * near Rajin), once per happening, with its evidence; and nothing for vessels it does not cover.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_AREAS, mergeAreas } from '../../src/areas/index.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import type { VesselEvent } from '../../src/events/types.js';
import { type Alert, AlertEngine, type LiveFix } from '../../src/live/engine.js';
import { diffEvents } from '../../src/live/revisions.js';
import { type AlertRule, parseRuleSpec, watchlistMatches } from '../../src/live/rules.js';
import { staticRecord } from '../../src/tracks/records.js';

const AREAS = mergeAreas(BUNDLED_AREAS, []);
const vostochny = AREAS.find((a) => a.id === 'vostochny');
const rajin = AREAS.find((a) => a.id === 'rajin');
if (vostochny?.geometry.type !== 'circle' || rajin?.geometry.type !== 'circle')
  throw new Error('bundled areas changed');
const T0 = Date.UTC(2024, 0, 10);
const MIN = 60_000;
const M_PER_DEG_LAT = 111_320;

/** A ship heading north at 10 kn towards `lat`, a fix every 2 min, from `fromM` south of it. */
function approach(
  mmsi: number,
  lon: number,
  lat: number,
  fromM: number,
  toM: number,
  startMs: number,
): LiveFix[] {
  const out: LiveFix[] = [];
  const stepM = 10 * 1852 * (2 / 60); // 10 kn for 2 min
  for (let d = fromM, t = startMs; d >= toM; d -= stepM, t += 2 * MIN)
    out.push({ mmsi, tsMs: t, lon, lat: lat - d / M_PER_DEG_LAT, speedKnots: 10, courseDeg: 0 });
  return out;
}

const rule = (id: number, spec: unknown, name = `rule ${id}`): AlertRule => ({
  id,
  name,
  spec: parseRuleSpec(spec),
  enabled: true,
});
const engineWith = (...rules: AlertRule[]) =>
  new AlertEngine({ rules, areas: AREAS, params: DEFAULT_PARAMS });
const ship = { mmsis: [273219870], imos: [], names: [], sanctioned: false };

describe('alert rules', () => {
  it('are checked: kinds that need an area or vessels say so', () => {
    assert.throws(() => parseRuleSpec({ kind: 'area-enter' }), /needs an area/);
    assert.throws(() => parseRuleSpec({ kind: 'encounter' }), /needs vessels/);
    assert.throws(() => parseRuleSpec({ kind: 'watchlist', vessels: { mmsis: [] } }), /needs vessels/);
    assert.throws(() => parseRuleSpec({ kind: 'dark-port-call', nearM: 5 }), /dark rules only/);
    assert.throws(() => parseRuleSpec({ kind: 'nonsense' }), /kind/);
    assert.deepEqual(parseRuleSpec({ kind: 'dark', area: 'rajin', silenceMs: 3_600_000 }), {
      kind: 'dark',
      area: 'rajin',
      silenceMs: 3_600_000,
    });
  });

  it('watchlists match by MMSI, IMO, name (case and punctuation ignored) and sanctions', () => {
    const w = { mmsis: [1], imos: [9127576], names: ['Lady R'], sanctioned: true };
    const sanctioned = { mmsis: new Set([5]), imos: new Set([9400000]) };
    const m = (mmsi: number, imo: number | null, name: string | null) =>
      watchlistMatches(w, { mmsi, imo, name }, sanctioned);
    assert.equal(m(1, null, null), true);
    assert.equal(m(2, 9127576, null), true);
    assert.equal(m(3, null, 'LADY-R'), true);
    assert.equal(m(4, null, 'LADY ROSE'), false);
    assert.equal(m(5, null, null), true);
    assert.equal(m(6, 9400000, null), true);
    assert.equal(m(7, 1234567, 'ANGARA'), false);
  });
});

describe('alert engine', () => {
  const { lon, lat, radiusM } = vostochny.geometry as { lon: number; lat: number; radiusM: number };

  it('area enter and leave: once each, with hysteresis at the boundary', () => {
    const e = engineWith(
      rule(1, { kind: 'area-enter', area: 'vostochny' }),
      rule(2, { kind: 'area-leave', area: 'vostochny' }),
    );
    // out of the area first, so the entry is seen as one
    const inbound = approach(273219870, lon, lat, radiusM + 20_000, 0, T0);
    const alerts = e.fixes(inbound);
    assert.deepEqual(
      alerts.map((a) => a.ruleKind),
      ['area-enter'],
    );
    const first = alerts[0];
    const firstInside = inbound.find((f) => (lat - f.lat) * M_PER_DEG_LAT <= radiusM);
    assert.equal(first.tsMs, firstInside?.tsMs);
    assert.equal(first.key, `r1:273219870:enter:vostochny:${firstInside?.tsMs}`);
    assert.ok(first.evidence.positions.length > 1 && first.evidence.positions.at(-1)?.tsMs === first.tsMs);
    // jitter just outside the boundary (within portExitMarginM) is no exit
    const t1 = (inbound.at(-1) as LiveFix).tsMs;
    const wobble = [radiusM + 300, radiusM - 100, radiusM + 600].map((d, k) => ({
      ...(inbound.at(-1) as LiveFix),
      tsMs: t1 + (k + 1) * 2 * MIN,
      lat: lat - d / M_PER_DEG_LAT,
    }));
    assert.deepEqual(e.fixes(wobble), []);
    // leaving for good: one leave
    const out = approach(273219870, lon, lat, radiusM + 5_000, radiusM + 4_000, t1 + 20 * MIN);
    assert.deepEqual(
      e.fixes(out).map((a) => a.ruleKind),
      ['area-leave'],
    );
  });

  it('only the vessels of its watchlist', () => {
    const e = engineWith(rule(1, { kind: 'area-enter', area: 'vostochny', vessels: ship }));
    assert.deepEqual(e.fixes(approach(999000111, lon, lat, radiusM + 5000, 0, T0)), []);
    assert.equal(e.fixes(approach(273219870, lon, lat, radiusM + 5000, 0, T0)).length, 1);
  });

  it('dark near an area by the feed clock, then reappeared; a silence far away raises nothing', () => {
    const r = rajin.geometry as { lon: number; lat: number };
    const e = engineWith(rule(1, { kind: 'dark', area: 'rajin' }));
    // ANGARA leaves Rajin northwards and goes silent 5 km out; another ship keeps the feed going
    const angara = approach(273219870, r.lon, r.lat + 0.05, 3000, 0, T0);
    const lastAngara = angara.at(-1) as LiveFix;
    assert.deepEqual(e.fixes(angara), []);
    const other = (tsMs: number): LiveFix => ({
      mmsi: 412000001,
      tsMs,
      lon: 140,
      lat: 40,
      speedKnots: 12,
      courseDeg: 90,
    });
    // 5 h of silence: not yet dark (gapMinMs is 6 h)
    e.fixes([other(lastAngara.tsMs + 5 * 60 * MIN)]);
    assert.deepEqual(e.tick(), []);
    e.fixes([other(lastAngara.tsMs + 6 * 60 * MIN + MIN)]);
    const dark = e.tick();
    assert.equal(dark.length, 1);
    assert.equal(dark[0].key, `r1:273219870:dark:rajin:${lastAngara.tsMs}`);
    assert.match(dark[0].title, /silent for 6\.0 h, last heard .*Rajin/);
    assert.deepEqual(e.tick(), [], 'raised once');
    const back = { ...lastAngara, tsMs: lastAngara.tsMs + 30 * 60 * MIN, lat: lastAngara.lat + 1 };
    const again = e.fixes([back]);
    assert.deepEqual(
      again.map((a) => a.key),
      [`r1:273219870:reappeared:rajin:${lastAngara.tsMs}`],
    );
    assert.deepEqual(
      again[0].evidence.positions.map((p) => p.tsMs),
      [lastAngara.tsMs, back.tsMs],
    );
    // the other ship was never near Rajin: it is never dark there however long it is silent
    e.fixes([{ ...back, tsMs: back.tsMs + 100 * 60 * MIN }]);
    assert.deepEqual(
      e.tick().map((a) => a.mmsi),
      [],
    );
  });

  it('watchlist by name: raised when the static report names the vessel, once per stretch heard', () => {
    const e = engineWith(rule(1, { kind: 'watchlist', vessels: { names: ['maia 1'] } }));
    const fixes = approach(273412690, 131, 42, 2000, 0, T0);
    assert.deepEqual(e.fixes(fixes.slice(0, 2)), [], 'not known by name yet');
    const st = staticRecord(273412690, T0 + MIN, { name: 'MAIA-1', imo: 9127576, msgType: 5 });
    const heard = e.identity(st);
    assert.equal(heard.length, 1);
    assert.match(heard[0].title, /MAIA-1 \(MMSI 273412690\) heard/);
    assert.deepEqual(e.fixes(fixes.slice(2)), [], 'the same stretch: no repeat');
    // heard again after a long silence: a new stretch, a new alert
    const later = fixes.map((f) => ({ ...f, tsMs: f.tsMs + 2 * 86_400_000 }));
    assert.equal(e.fixes(later).length, 1);
  });

  it('events: dark port call (area filter), encounter with a watched vessel, identity change', () => {
    const ev = (type: string, mmsi: number, details: object, mmsi2: number | null = null): VesselEvent =>
      ({
        id: `${type}-${mmsi}`,
        type,
        mmsi,
        mmsi2,
        startMs: T0,
        endMs: T0 + 3_600_000,
        lon: 131,
        lat: 42,
        confidence: 3,
        params: { paramSet: 'shuttle' },
        support: [],
        details,
      }) as unknown as VesselEvent;
    const e = engineWith(
      rule(1, { kind: 'dark-port-call', area: 'dunai' }),
      rule(2, { kind: 'encounter', vessels: ship }),
      rule(3, { kind: 'identity-change' }),
    );
    const changes = [
      ev('dark-port-call', 5, { areaId: 'dunai' }),
      ev('dark-port-call', 6, { areaId: 'rajin' }),
      ev('encounter', 445123456, {}, 273219870),
      ev('encounter', 445123456, {}, 412000001),
      ev('identity-change', 7, { field: 'name', from: 'A', to: 'B' }),
      ev('gap', 8, {}),
    ].map((event) => ({ event, revision: 1, state: 'decided' as const }));
    const alerts: Alert[] = e.events(changes);
    assert.deepEqual(
      alerts.map((a) => a.key),
      [
        'r1:5:dark-port-call:dark-port-call-5',
        'r2:273219870:encounter:encounter-445123456',
        'r3:7:identity-change:identity-change-7',
      ],
    );
    for (const a of alerts) assert.equal(a.evidence.events[0].revision, 1);
    assert.match(alerts[2].title, /changed name from A to B/);
    // withdrawn events raise nothing
    assert.deepEqual(e.events(changes.map((c) => ({ ...c, state: 'withdrawn' as const }))), []);
  });
});

describe('event revisions', () => {
  const base = { mmsi: 1, mmsi2: null, lon: 0, lat: 0, confidence: 2, params: {}, support: [], details: {} };
  const e = (id: string, endMs: number) =>
    ({ ...base, id, type: 'gap', startMs: 0, endMs }) as unknown as VesselEvent;

  it('decided, revised when changed, withdrawn when gone; revisions count up', () => {
    const before = new Map([
      ['a', e('a', 10)],
      ['b', e('b', 10)],
      ['c', e('c', 10)],
    ]);
    const revisions = new Map([
      ['a', 1],
      ['b', 1],
      ['c', 2],
    ]);
    const changes = diffEvents(before, [e('a', 10), e('b', 20), e('d', 5)], revisions);
    assert.deepEqual(
      changes.map((c) => `${c.event.id} ${c.state} ${c.revision}`),
      ['b revised 2', 'c withdrawn 3', 'd decided 1'],
    );
    // an id withdrawn before and found again is a revision of it, not a new event
    assert.deepEqual(
      diffEvents(new Map(), [e('c', 10)], new Map([['c', 3]])).map((c) => `${c.state} ${c.revision}`),
      ['revised 4'],
    );
  });
});
