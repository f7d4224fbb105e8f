/**
 * Coverage (src/events/coverage.ts) and the gap verdict it feeds (gaps.ts): a silence is dark only
 * where the sources that heard the ship were hearing others near its ends throughout it; a hole
 * between two captures, a receiver that went quiet, or a silence past gapDarkMaxMs is no coverage,
 * and only a dark gap yields dark port calls.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import {
  buildCoverage,
  CoverageBuilder,
  type CoverageCells,
  coverageCells,
  heardShares,
  interiorHours,
} from '../../src/events/coverage.js';
import { DEFAULT_PARAMS, withParams } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import { silencesOf } from '../../src/events/reception.js';
import type { EventOf, VesselEvent } from '../../src/events/types.js';
import { destinationPoint } from '../../src/geo/index.js';
import { type Track, TrackBuilder } from '../../src/tracks/columns.js';
import type { PositionRecord } from '../../src/tracks/records.js';

const H = 3_600_000;
const MIN = 60_000;
const T0 = Date.UTC(2024, 2, 1);
/** Open sea south-east of Vostochny: far from every bundled area. */
const SEA: [number, number] = [134.0, 41.0];

function fix(mmsi: number, tsMs: number, at: [number, number], source: string): PositionRecord {
  return {
    mmsi,
    tsMs,
    lon: at[0],
    lat: at[1],
    speedKnots: 0,
    courseDeg: null,
    headingDeg: null,
    navStatus: 1,
    msgType: 1,
    source,
  };
}

/** A ship anchored at `at`, heard by `source` every `everyMs` over [fromMs, toMs]. */
function anchored(
  mmsi: number,
  at: [number, number],
  fromMs: number,
  toMs: number,
  everyMs: number,
  source: string,
) {
  const out: PositionRecord[] = [];
  for (let t = fromMs; t <= toMs; t += everyMs) out.push(fix(mmsi, t, at, source));
  return out;
}

function detect(records: PositionRecord[], params = DEFAULT_PARAMS) {
  const b = new TrackBuilder();
  b.addPositions(records);
  return detectAll(b.finish(null), BUNDLED_AREAS, params, undefined, { sourceNames: b.sourceNames });
}

const gapsOf = (ev: VesselEvent[], mmsi: number) =>
  ev.filter((e): e is EventOf<'gap'> & VesselEvent => e.type === 'gap' && e.mmsi === mmsi);

const SHIP = 273_200_001;
const OTHER = 273_200_002;
const near = destinationPoint(SEA[0], SEA[1], 90, 5_000) as [number, number];

describe('interior hours and heard shares', () => {
  it('whole clock hours strictly inside the silence', () => {
    assert.deepEqual(interiorHours(T0 + 30 * MIN, T0 + 6 * H + 30 * MIN), [T0 / H + 1, T0 / H + 5]);
    assert.deepEqual(interiorHours(T0, T0 + 6 * H), [T0 / H + 1, T0 / H + 4]);
  });
  it('slices of the first half are judged near the start, of the second near the end', () => {
    // 12 hours, 4 slices of 3 h: start heard only in hour 0, end heard only in hour 11
    assert.deepEqual(heardShares([0], [11], 0, 11, 3), { startShare: 0.5, endShare: 0.5, share: 0.5 });
    // heard near the start late in the silence says nothing: that slice belongs to the end
    assert.deepEqual(heardShares([9, 10, 11], [], 0, 11, 3), { startShare: 0, endShare: 0, share: 0 });
    assert.deepEqual(heardShares([0, 4], [7, 10], 0, 11, 3), { startShare: 1, endShare: 1, share: 1 });
  });
  it('share is in [0, 1] and never falls when more hours are heard', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 6 }),
        fc.uniqueArray(fc.nat(199)),
        fc.uniqueArray(fc.nat(199)),
        fc.nat(199),
        (hours, bin, a, b, extra) => {
          const sa = a.filter((h) => h < hours).sort((x, y) => x - y);
          const sb = b.filter((h) => h < hours).sort((x, y) => x - y);
          const s = heardShares(sa, sb, 0, hours - 1, bin);
          for (const v of [s.startShare, s.endShare, s.share]) assert.ok(v >= 0 && v <= 1);
          const more = heardShares(
            [...new Set([...sa, extra % hours])].sort((x, y) => x - y),
            sb,
            0,
            hours - 1,
            bin,
          );
          assert.ok(more.share >= s.share);
        },
      ),
    );
  });
});

describe('source spans and reach', () => {
  it('one span per source with its first and last fix; a station hears tens of km, a satellite hundreds', () => {
    const b = new TrackBuilder();
    const recs: PositionRecord[] = [];
    // a coast station hears three ships within ~20 km; a satellite hears ships 600 km apart
    for (let k = 0; k < 3; k++)
      recs.push(
        ...anchored(
          OTHER + k,
          destinationPoint(SEA[0], SEA[1], k * 120, 20_000) as [number, number],
          T0,
          T0 + 2 * H,
          10 * MIN,
          'station-a',
        ),
      );
    for (let k = 0; k < 3; k++)
      recs.push(
        ...anchored(
          OTHER + 10 + k,
          destinationPoint(SEA[0], SEA[1], k * 120, 600_000) as [number, number],
          T0,
          T0 + 2 * H,
          10 * MIN,
          'sat',
        ),
      );
    b.addPositions(recs);
    const cov = buildCoverage(b.finish(null), b.sourceNames);
    const [station, sat] = cov.spans;
    assert.deepEqual(
      [station.name, station.firstMs, station.lastMs, station.fixes],
      ['station-a', T0, T0 + 2 * H, 39],
    );
    assert.equal(sat.name, 'sat');
    assert.ok(
      station.reachM !== null && station.reachM >= 19_000 && station.reachM <= 22_000,
      `${station.reachM}`,
    );
    assert.ok(sat.reachM !== null && sat.reachM >= 590_000 && sat.reachM <= 630_000, `${sat.reachM}`);
  });
});

describe('dark gap or coverage gap', () => {
  const silence = (from: number, to: number, src = 'station-a') => [
    ...anchored(SHIP, SEA, from - 2 * H, from, 10 * MIN, src),
    ...anchored(SHIP, near, to, to + 2 * H, 10 * MIN, src),
  ];

  it('others heard near both ends by the same receiver throughout a 30 h silence: dark', () => {
    const ev = detect([
      ...silence(T0 + 10 * H, T0 + 40 * H),
      ...anchored(OTHER, near, T0, T0 + 50 * H, 10 * MIN, 'station-a'),
    ]);
    const [g] = gapsOf(ev, SHIP);
    assert.equal(g.details.likelyCause, 'transponder-off');
    assert.equal(g.details.coverage.cause, 'others-heard-throughout');
    assert.equal(g.details.coverage.heardShare, 1);
    assert.deepEqual(
      g.details.coverage.sources.map((s) => [s.name, s.firstMs, s.lastMs]),
      [['station-a', T0, T0 + 50 * H]],
    );
    assert.ok(g.confidence >= 2);
  });

  it('the receiver heard others only at the start of the silence: no coverage, confidence 1', () => {
    const ev = detect([
      ...silence(T0 + 10 * H, T0 + 40 * H),
      ...anchored(OTHER, near, T0, T0 + 14 * H, 10 * MIN, 'station-a'),
    ]);
    const [g] = gapsOf(ev, SHIP);
    assert.equal(g.details.likelyCause, 'no-coverage');
    assert.equal(g.details.coverage.cause, 'sources-not-hearing');
    assert.ok(g.details.coverage.heardShare < 0.5);
    // "anyone heard at some moment" would have said otherwise
    assert.equal(g.details.othersHeardNearStart, 1);
    assert.equal(g.confidence, 1);
  });

  it('another receiver hearing others there says nothing of the one that heard the ship', () => {
    const ev = detect([
      ...silence(T0 + 10 * H, T0 + 40 * H, 'station-a'),
      ...anchored(OTHER, near, T0, T0 + 50 * H, 10 * MIN, 'station-b'),
    ]);
    assert.equal(gapsOf(ev, SHIP)[0].details.likelyCause, 'no-coverage');
  });

  it('two captures eight years apart, both hearing ships near one place: no coverage', () => {
    const later = T0 + 8 * 365 * 24 * H;
    const ev = detect([
      ...anchored(SHIP, SEA, T0, T0 + 2 * H, 10 * MIN, 'capture-2016'),
      ...anchored(OTHER, near, T0, T0 + 2 * H, 10 * MIN, 'capture-2016'),
      ...anchored(SHIP, near, later, later + 2 * H, 10 * MIN, 'capture-2024'),
      ...anchored(OTHER, near, later, later + 2 * H, 10 * MIN, 'capture-2024'),
    ]);
    const [g] = gapsOf(ev, SHIP);
    assert.equal(g.details.likelyCause, 'no-coverage');
    assert.equal(g.details.coverage.cause, 'longer-than-max');
    assert.equal(g.details.coverage.sources.length, 2);
    assert.equal(ev.filter((e) => e.type === 'dark-port-call').length, 0);
  });

  it('a silence longer than gapDarkMaxMs is no coverage even when heard around throughout', () => {
    const ev = detect([
      ...silence(T0 + 10 * H, T0 + 9 * 24 * H),
      ...anchored(OTHER, near, T0, T0 + 10 * 24 * H, 30 * MIN, 'station-a'),
    ]);
    const [g] = gapsOf(ev, SHIP);
    assert.equal(g.details.coverage.cause, 'longer-than-max');
    assert.equal(g.details.coverage.darkMaxMs, DEFAULT_PARAMS.gapDarkMaxMs);
    const longer = detect(
      [
        ...silence(T0 + 10 * H, T0 + 9 * 24 * H),
        ...anchored(OTHER, near, T0, T0 + 10 * 24 * H, 30 * MIN, 'station-a'),
      ],
      withParams(DEFAULT_PARAMS, { gapDarkMaxMs: 10 * 24 * H }),
    );
    assert.equal(gapsOf(longer, SHIP)[0].details.likelyCause, 'transponder-off');
  });
});

describe('dark port calls only where cargo work fits', () => {
  // Rajin, and a point 40 nm off it; the ship is heard there before and after a silence
  const rajin = BUNDLED_AREAS.find((a) => a.id === 'rajin')!.geometry as { lon: number; lat: number };
  const off = destinationPoint(rajin.lon, rajin.lat, 100, 40 * 1852) as [number, number];
  const heard = (from: number, to: number) => [
    ...anchored(SHIP, off, from - 2 * H, from, 10 * MIN, 'sat'),
    ...anchored(SHIP, off, to, to + 2 * H, 10 * MIN, 'sat'),
    ...anchored(
      OTHER,
      destinationPoint(off[0], off[1], 0, 10_000) as [number, number],
      from - 3 * H,
      to + 3 * H,
      20 * MIN,
      'sat',
    ),
  ];
  const darkAt = (ev: VesselEvent[], id: string) =>
    ev.filter(
      (e): e is EventOf<'dark-port-call'> & VesselEvent =>
        e.type === 'dark-port-call' && e.details.areaId === id,
    );

  it('a 10 h dark silence leaves no port 12 h of cargo work: no candidate', () => {
    const ev = detect(heard(T0 + 10 * H, T0 + 20 * H));
    assert.equal(gapsOf(ev, SHIP)[0].details.likelyCause, 'transponder-off');
    assert.equal(ev.filter((e) => e.type === 'dark-port-call').length, 0);
  });

  it('a 30 h dark silence 40 nm off Rajin: Rajin is a candidate with its window, dwell and competitors', () => {
    const ev = detect(heard(T0 + 10 * H, T0 + 40 * H));
    const [d] = darkAt(ev, 'rajin');
    assert.ok(d, 'a dark call at Rajin');
    assert.equal(d.details.minDwellMs, DEFAULT_PARAMS.darkCallMinDwellMs);
    assert.ok(d.details.maxDwellMs >= d.details.minDwellMs);
    assert.equal(d.details.latestDepartureMs - d.details.earliestArrivalMs, d.details.maxDwellMs);
    const all = ev.filter((e) => e.type === 'dark-port-call');
    assert.equal(d.details.competingAreas, all.length - 1);
    for (const e of all) assert.ok(e.confidence >= 1 && e.confidence <= 4);
  });

  it('the same silence without others heard throughout is a coverage gap: no candidate at all', () => {
    const ev = detect([
      ...anchored(SHIP, off, T0 + 8 * H, T0 + 10 * H, 10 * MIN, 'sat'),
      ...anchored(SHIP, off, T0 + 40 * H, T0 + 42 * H, 10 * MIN, 'sat'),
    ]);
    assert.equal(gapsOf(ev, SHIP)[0].details.likelyCause, 'no-coverage');
    assert.equal(ev.filter((e) => e.type === 'dark-port-call').length, 0);
  });
});

describe('reach from distances kept between detections (live passes)', () => {
  /** One vessel's track, heard by one station, a fix a minute at `points`. */
  const trackOf = (mmsi: number, points: Array<[number, number]>) => {
    const b = new TrackBuilder();
    b.addPositions(points.map((p, i) => fix(mmsi, T0 + i * MIN, p, 'station-a')));
    return b.finish(null)[0];
  };
  const reachOf = (tracks: Track[], kept: Map<Track, CoverageCells> | null) => {
    const b = new CoverageBuilder();
    b.addSums(tracks);
    b.startFixes(silencesOf(tracks, H));
    if (kept === null) b.addFixes(tracks);
    else
      b.addFixes(
        tracks,
        (t) => {
          let c = kept.get(t);
          if (c === undefined) {
            c = coverageCells(t);
            kept.set(t, c);
          }
          return c;
        },
        true,
      );
    return b.finish().spans.map((s) => s.reachM);
  };

  it('a mean that moves 2 m puts fixes 0.5 m past a kilometre into the bin below, as a fresh count does', () => {
    // 88% of the fixes 300 m round the centre; 6% 5,000.5 m east and 6% west of it: the 90% reach
    // is the 6 km bin. A later vessel 300 m east pulls the mean ~2 m east: the eastern fixes fall
    // to 4,998.5 m and the reach to 5 km — only if the distances near a bin edge are measured again.
    const [x, y] = SEA;
    const ring = trackOf(
      1,
      Array.from({ length: 880 }, (_, i) => destinationPoint(x, y, (i * 360) / 880, 300)),
    );
    const east = trackOf(
      2,
      Array.from({ length: 60 }, () => destinationPoint(x, y, 90, 5000.5)),
    );
    const west = trackOf(
      3,
      Array.from({ length: 60 }, () => destinationPoint(x, y, 270, 5000.5)),
    );
    const pull = trackOf(
      4,
      Array.from({ length: 7 }, () => destinationPoint(x, y, 90, 300)),
    );
    const kept = new Map<Track, CoverageCells>();
    const before = [ring, east, west];
    const after = [ring, east, west, pull];
    assert.deepEqual(reachOf(before, null), [6000]);
    assert.deepEqual(reachOf(after, null), [5000], 'the fresh count moves a bin');
    assert.deepEqual(reachOf(before, kept), [6000]);
    assert.equal(kept.size, 3);
    assert.ok(
      [...kept.values()].every((c) => c.reference !== undefined),
      'the distances are kept',
    );
    assert.deepEqual(reachOf(after, kept), [5000], 'from the kept distances');
    assert.deepEqual(reachOf(before, kept), [6000], 'and back');
  });

  it('property: kept distances give the fresh reach as vessels come and go', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.tuple(
              fc.double({ min: 0, max: 360, noNaN: true }),
              fc.double({ min: 0, max: 30_000, noNaN: true }),
            ),
            {
              minLength: 1,
              maxLength: 40,
            },
          ),
          { minLength: 2, maxLength: 8 },
        ),
        fc.array(fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 5 }),
        (vessels, rounds) => {
          const tracks = vessels.map((pts, v) =>
            trackOf(
              100 + v,
              pts.map(([bearing, distM]) => destinationPoint(SEA[0], SEA[1], bearing, distM)),
            ),
          );
          const kept = new Map<Track, CoverageCells>();
          for (const inRound of rounds) {
            const some = tracks.filter((_, v) => inRound[v]);
            if (some.length === 0) continue;
            assert.deepEqual(reachOf(some, kept), reachOf(some, null));
          }
        },
      ),
      { numRuns: 200, seed: 20261208 },
    );
  });
});
