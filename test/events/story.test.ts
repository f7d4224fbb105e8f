/**
 * The detectors on one synthetic week of the Rajin shuttle (see scenario.ts): every event asserted
 * with its times, places and parameters.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import type { Area } from '../../src/areas/types.js';
import { DEFAULT_PARAMS, PARAM_SETS, withParams } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import type { EventOf, EventType, VesselEvent } from '../../src/events/types.js';
import { haversineM, MPS_PER_KNOT } from '../../src/geo/distance.js';
import { buildTracks } from '../../src/tracks/columns.js';
import {
  ANGARA_IMO,
  H,
  MEET_A,
  MEET_B,
  MIN,
  place,
  RENAMED,
  SECOND_MMSI,
  SHUTTLE,
  SPOOFED,
  story,
  T0,
  TWIN,
} from './scenario.js';

const s = story();
const tracks = buildTracks(s.positions, s.statics);
const events = detectAll(tracks, BUNDLED_AREAS);

function of<T extends EventType>(type: T, mmsi?: number): EventOf<T>[] {
  return events.filter(
    (e): e is EventOf<T> & VesselEvent => e.type === type && (mmsi === undefined || e.mmsi === mmsi),
  );
}

describe('the shuttle: Rajin → Vostochny → dark → Rajin', () => {
  const calls = of('port-call', SHUTTLE);
  it('three port calls: Rajin (starts moored), Vostochny (all four signals), Rajin again (ends moored)', () => {
    assert.deepEqual(
      calls.map((c) => [
        c.details.areaId,
        c.confidence,
        c.details.entrySeen,
        c.details.stopSeen,
        c.details.exitSeen,
      ]),
      [
        ['rajin', 3, false, true, true],
        ['vostochny', 4, true, true, true],
        ['rajin', 3, true, true, false],
      ],
    );
    assert.equal(calls[0].startMs, T0);
  });
  it('Vostochny: entered at 5 km, 8 h alongside, exit beyond 6 km; parameters recorded', () => {
    const v = calls[1];
    // the 11 kn leg reaches the 5 km boundary 5000 m / (11 kn) before the quay
    const toBoundaryMs = (5000 / (11 * MPS_PER_KNOT)) * 1000;
    assert.ok(Math.abs(v.startMs - (s.t.arriveVost - toBoundaryMs)) <= MIN);
    assert.ok(Math.abs(v.endMs - (s.t.leaveVost + (6000 / (11 * MPS_PER_KNOT)) * 1000)) <= MIN);
    assert.ok(Math.abs(v.details.stoppedMs - 8 * H) <= 6 * MIN, `${v.details.stoppedMs / H} h`);
    assert.deepEqual(v.params, {
      paramSet: 'shuttle',
      entryRadiusM: 5000,
      portExitMarginM: 1000,
      portStopStartKnots: 0.2,
      portStopEndKnots: 0.5,
      portGapMinMs: 4 * H,
      portCallMinConfidence: 2,
    });
    assert.equal(v.support[0].count, v.support[0].toPositionId - v.support[0].fromPositionId + 1);
  });
  it('one 14 h gap, ending 6 km outside Rajin, dark: others heard near its ends throughout', () => {
    const gaps = of('gap', SHUTTLE);
    assert.equal(gaps.length, 1);
    const g = gaps[0];
    assert.equal(g.startMs, s.t.gapStart);
    assert.equal(g.endMs, s.t.gapEnd);
    assert.equal(g.details.durationMs, 14 * H);
    const dist = haversineM(s.at.gapStart[0], s.at.gapStart[1], s.at.gapEnd[0], s.at.gapEnd[1]);
    assert.ok(Math.abs(g.details.distanceM - dist) < 1e-6);
    assert.ok(Math.abs(g.details.impliedSpeedKnots - dist / 1852 / 14) < 1e-9);
    assert.equal(g.details.reachable.majorAxisM, 15 * 1852 * 14);
    assert.equal(g.details.startNear, null);
    assert.equal(g.details.endNear?.areaId, 'rajin');
    assert.ok(Math.abs(g.details.endNear!.distanceM - 6000) < 1);
    assert.equal(g.details.othersHeardNearStart, 1);
    assert.equal(g.details.othersHeardNearEnd, 1);
    // 13 whole hours in five 3 h slices. The story names no receiver, so all its fixes are one
    // source whose reach (90 % of its fixes within it of their mean) spans the Sea of Japan corner
    // the story plays in, capped at gapCoverageMaxRadiusM: the moored ship is near both ends
    const c = g.details.coverage;
    assert.equal(c.hours, 13);
    assert.equal(c.cause, 'others-heard-throughout');
    assert.equal(c.sources.length, 1);
    assert.match(c.sources[0].name, /^unnamed source/);
    assert.ok(c.sources[0].nearM > 37_040 && c.sources[0].nearM <= 300_000, `${c.sources[0].nearM}`);
    assert.deepEqual([c.startHeardShare, c.endHeardShare, c.heardShare], [1, 1, 1]);
    assert.equal(g.details.likelyCause, 'transponder-off');
    assert.equal(g.confidence, 3);
    assert.deepEqual(g.params, {
      paramSet: 'shuttle',
      gapMinMs: 6 * H,
      gapMaxSpeedKnots: 15,
      gapNearAreaM: 10_000,
      gapReceptionRadiusM: 37_040,
      gapCoverageMinShare: 0.5,
      gapDarkMaxMs: 7 * 24 * H,
    });
  });
  it('no dark port call: a 14 h transit leaves no area time for 12 h of cargo work', () => {
    assert.deepEqual(of('dark-port-call', SHUTTLE), []);
    assert.deepEqual(of('gap', SHUTTLE)[0].details.darkPortCallAreaIds, []);
  });
  it('with a 2 h minimum dwell, exactly the callable areas such a visit fits into at 15 kn', () => {
    const short = detectAll(
      tracks,
      BUNDLED_AREAS,
      withParams(DEFAULT_PARAMS, { darkCallMinDwellMs: 2 * H, darkAnchorageMinDwellMs: 2 * H }),
    );
    const g = short.find((e): e is EventOf<'gap'> & VesselEvent => e.type === 'gap' && e.mmsi === SHUTTLE)!;
    const v = 15 * MPS_PER_KNOT;
    const expected = BUNDLED_AREAS.filter((a) => a.kind !== 'border-crossing' && a.geometry.type === 'circle')
      .filter((a) => {
        if (a.geometry.type !== 'circle') return false;
        const dA =
          haversineM(s.at.gapStart[0], s.at.gapStart[1], a.geometry.lon, a.geometry.lat) - a.geometry.radiusM;
        const dB =
          haversineM(s.at.gapEnd[0], s.at.gapEnd[1], a.geometry.lon, a.geometry.lat) - a.geometry.radiusM;
        return dA > 1000 && dB > 1000 && 14 * H - ((dA + dB) / v) * 1000 >= 2 * H;
      })
      .map((a) => a.id)
      .sort();
    const dark = short.filter(
      (e): e is EventOf<'dark-port-call'> & VesselEvent => e.type === 'dark-port-call' && e.mmsi === SHUTTLE,
    );
    assert.deepEqual(dark.map((d) => d.details.areaId).sort(), expected);
    assert.ok(expected.includes('dunai') && expected.includes('vostochny') && !expected.includes('chongjin'));
    assert.deepEqual([...g.details.darkPortCallAreaIds].sort(), expected);
    const dunai = dark.find((d) => d.details.areaId === 'dunai')!;
    const [dx, dy] = place('dunai');
    const dA = haversineM(s.at.gapStart[0], s.at.gapStart[1], dx, dy) - 3000;
    assert.ok(Math.abs(dunai.details.earliestArrivalMs - (s.t.gapStart + (dA / v) * 1000)) <= 1);
    assert.equal(dunai.details.gapEventId, g.id);
    assert.equal(dunai.details.competingAreas, expected.length - 1);
    assert.equal(dunai.details.minDwellMs, 2 * H);
  });
  it('two voyages, the second one dark', () => {
    const legs = of('voyage', SHUTTLE);
    assert.deepEqual(
      legs.map((l) => [l.details.fromAreaId, l.details.toAreaId, l.details.dark]),
      [
        ['rajin', 'vostochny', false],
        ['vostochny', 'rajin', true],
      ],
    );
    assert.deepEqual(legs[1].details.gapEventIds, [of('gap', SHUTTLE)[0].id]);
    assert.equal(legs[0].startMs, calls[0].endMs);
    assert.equal(legs[0].endMs, calls[1].startMs);
  });
  it('draught 4.2 → 6.5 m while moored at Rajin, with the cargo mass range Cb·L·B·Δd·ρ', () => {
    const d = of('draught-change', SHUTTLE);
    assert.equal(d.length, 1);
    assert.equal(d[0].startMs, T0);
    assert.equal(d[0].endMs, T0 + 5 * H);
    assert.equal(d[0].details.context, 'port');
    assert.equal(d[0].details.areaId, 'rajin');
    assert.ok(Math.abs(d[0].details.deltaM - 2.3) < 1e-9);
    assert.ok(Math.abs(d[0].details.cargoMassMinT! - 0.65 * 115 * 18 * 2.3 * 1.025) < 1e-6);
    assert.ok(Math.abs(d[0].details.cargoMassMaxT! - 0.8 * 115 * 18 * 2.3 * 1.025) < 1e-6);
    assert.equal(calls[0].details.draughtInM, 4.2);
    assert.equal(calls[0].details.draughtOutM, 6.5);
  });
  it('no stops, loitering, encounters or anomalies for the shuttle', () => {
    for (const type of ['stop', 'loitering', 'speed-anomaly', 'two-places', 'identity-change'] as const)
      assert.equal(of(type, SHUTTLE).length, 0, type);
  });
});

describe('at sea', () => {
  it('two ships 300 m apart at 1 kn for 3 h: one encounter of exactly 3 h', () => {
    const e = of('encounter');
    assert.equal(e.length, 1);
    assert.equal(e[0].mmsi, MEET_A);
    assert.equal(e[0].mmsi2, MEET_B);
    assert.equal(e[0].startMs, s.t.meet);
    assert.equal(e[0].endMs, s.t.meet + 3 * H);
    assert.equal(e[0].details.slices, 19);
    assert.ok(Math.abs(e[0].details.medianDistanceM - 300) < 0.5);
    assert.equal(e[0].params.encounterMaxDistanceM, 500);
    assert.deepEqual(
      e[0].support.map((r) => r.mmsi),
      [MEET_A, MEET_B],
    );
  });
  it("Skylight's 250 m misses it; widened to 350 m it is found", () => {
    const sky = detectAll(tracks, BUNDLED_AREAS, PARAM_SETS.skylight).filter((x) => x.type === 'encounter');
    assert.equal(sky.length, 0, '300 m apart is beyond Skylight 250 m');
    const wide = withParams(PARAM_SETS.skylight, { encounterMaxDistanceM: 350 });
    const e = detectAll(tracks, BUNDLED_AREAS, wide).filter((x) => x.type === 'encounter');
    assert.equal(e.length, 1);
    assert.equal(e[0].startMs, s.t.meet);
    assert.equal(e[0].params.paramSet, 'skylight');
  });
  it('a spoofed fix 60 km off: one dropped speed anomaly at that fix', () => {
    const a = of('speed-anomaly', SPOOFED);
    assert.equal(a.length, 1);
    assert.equal(a[0].startMs, s.t.spoof);
    assert.equal(a[0].details.handling, 'dropped');
    assert.ok(a[0].details.impliedSpeedKnots > 1000);
    assert.equal(a[0].params.spoofMaxSpeedKnots, 50, 'tracks were cleaned with the default 50 kn');
  });
  it('two transmitters on one MMSI: one two-places event over the twenty switches to and from the ten foreign fixes', () => {
    // the ten foreign fixes continue each other: a segment of their own (src/tracks/segments.ts),
    // kept, so each excursion is two too-fast switches, from the fix before to the fix after
    const tp = of('two-places', TWIN);
    assert.equal(tp.length, 1);
    assert.equal(tp[0].details.anomalies, 20);
    assert.equal(tp[0].startMs, s.t.twin);
    assert.equal(tp[0].endMs, s.t.twin + 19 * MIN);
    assert.ok(tp[0].details.separationM > 95_000);
    assert.equal(of('speed-anomaly', TWIN).length, 0);
  });
});

describe('identity', () => {
  it('a rename: name and call sign change, padding and case and 1 m of length do not', () => {
    const c = of('identity-change', RENAMED);
    assert.deepEqual(
      c.map((x) => [x.details.field, x.details.from, x.details.to, x.startMs, x.endMs]).sort(),
      [
        ['callSign', 'UAXX4', 'UAXX9', s.t.rename, s.t.rename + 2 * H],
        ['name', 'SPARTA IV', 'OMEGA', s.t.rename, s.t.rename + 2 * H],
      ],
    );
  });
  it("the shuttle's IMO under a second MMSI", () => {
    const i = of('imo-shared');
    assert.equal(i.length, 1);
    assert.equal(i[0].mmsi, SHUTTLE);
    assert.equal(i[0].mmsi2, SECOND_MMSI);
    assert.equal(i[0].details.imo, ANGARA_IMO);
    assert.equal(i[0].details.overlapping, false);
  });
});

describe('parameters', () => {
  it('GFW: the 14 h gap still counts at 12 h; a per-area gapMinMs near Rajin silences it', () => {
    assert.equal(detectAll(tracks, BUNDLED_AREAS, PARAM_SETS.gfw).filter((e) => e.type === 'gap').length, 1);
    const areas: Area[] = BUNDLED_AREAS.map((a) =>
      a.id === 'rajin' ? { ...a, thresholds: { gapMinMs: 20 * H } } : a,
    );
    const ev = detectAll(tracks, areas, DEFAULT_PARAMS);
    assert.equal(ev.filter((e) => e.type === 'gap').length, 0);
    const short = BUNDLED_AREAS.map((a) =>
      a.id === 'rajin' ? { ...a, thresholds: { gapMinMs: 13 * H } } : a,
    );
    const g = detectAll(tracks, short, PARAM_SETS.gfw).filter((e) => e.type === 'gap');
    assert.equal(g[0].params.gapMinMs, 13 * H, 'the area value is recorded on the event');
  });
  it('every event has a deterministic id, a known type and times in order', () => {
    const again = detectAll(buildTracks(s.positions, s.statics), BUNDLED_AREAS);
    assert.deepEqual(again, events);
    assert.equal(new Set(events.map((e) => e.id)).size, events.length);
    for (const e of events) assert.ok(e.endMs >= e.startMs, e.type);
  });
});
