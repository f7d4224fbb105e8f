/**
 * The reception index against the definition, counted by brute force: for each silence, the
 * distinct other vessels with a fix within the radius of each end strictly inside the silence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { countReception, ReceptionCounter, silencesOf } from '../../src/events/reception.js';
import { destinationPoint } from '../../src/geo/bearing.js';
import { haversineM, MPS_PER_KNOT } from '../../src/geo/distance.js';
import { emptyTrack, type Track } from '../../src/tracks/columns.js';

const H = 3_600_000;
const MAX_KN = 20;

/** Random walks at ≤ MAX_KN in a 1.5° box, fixes 2–20 min apart, now and then a 3–12 h silence. */
const fleet = fc
  .array(
    fc.record({
      lon: fc.double({ min: 131, max: 132.5, noNaN: true }),
      lat: fc.double({ min: 41, max: 42.5, noNaN: true }),
      t0: fc.integer({ min: 0, max: 6 * H }),
      steps: fc.array(
        fc.record({
          dtMin: fc.integer({ min: 2, max: 20 }),
          silent: fc.integer({ min: 0, max: 30 }),
          silenceH: fc.integer({ min: 3, max: 12 }),
          knots: fc.double({ min: 0, max: MAX_KN, noNaN: true }),
          bearing: fc.double({ min: 0, max: 359, noNaN: true }),
        }),
        { minLength: 2, maxLength: 120 },
      ),
    }),
    { minLength: 2, maxLength: 25 },
  )
  .map((vs) =>
    vs.map((v, k): Track => {
      const t = emptyTrack(1000 + k, v.steps.length);
      let lon = v.lon;
      let lat = v.lat;
      let ts = Date.UTC(2024, 0, 1) + v.t0;
      v.steps.forEach((s, i) => {
        t.positionId[i] = i;
        t.tsMs[i] = ts;
        t.lon[i] = lon;
        t.lat[i] = lat;
        const dt = s.silent === 0 ? s.silenceH * H : s.dtMin * 60_000;
        // a silence is spent drifting slowly, so the speed bound holds across it too
        const kn = s.silent === 0 ? Math.min(s.knots, 2) : s.knots;
        [lon, lat] = destinationPoint(lon, lat, s.bearing, kn * MPS_PER_KNOT * (dt / 1000) * 0.999);
        ts += dt;
      });
      return t;
    }),
  );

function brute(
  tracks: Track[],
  v: number,
  lon: number,
  lat: number,
  from: number,
  to: number,
  r: number,
): number {
  let n = 0;
  tracks.forEach((t, w) => {
    if (w === v) return;
    for (let i = 0; i < t.length; i++)
      if (t.tsMs[i] > from && t.tsMs[i] < to && haversineM(lon, lat, t.lon[i], t.lat[i]) <= r) {
        n++;
        return;
      }
  });
  return n;
}

describe('reception counts', () => {
  it('equal the brute-force count for every gap end', () => {
    let ends = 0;
    let heard = 0;
    fc.assert(
      fc.property(fleet, fc.integer({ min: 5_000, max: 60_000 }), (tracks, radiusM) => {
        const rc = countReception(tracks, 3 * H, radiusM, MAX_KN);
        tracks.forEach((t, v) => {
          for (let i = 1; i < t.length; i++) {
            if (t.tsMs[i] - t.tsMs[i - 1] < 3 * H) continue;
            const a = i - 1;
            const expected = [
              brute(tracks, v, t.lon[a], t.lat[a], t.tsMs[a], t.tsMs[i], radiusM),
              brute(tracks, v, t.lon[i], t.lat[i], t.tsMs[a], t.tsMs[i], radiusM),
            ];
            assert.deepEqual(rc.get(v, a), expected, `vessel ${v} gap at fix ${a}`);
            ends += 2;
            heard += (expected[0] > 0 ? 1 : 0) + (expected[1] > 0 ? 1 : 0);
          }
        });
      }),
      { numRuns: 60, seed: 20240312 },
    );
    // the generated fleets must exercise both outcomes, or the comparison proves little
    assert.ok(ends > 100 && heard > ends / 10 && heard < ends, `${heard} of ${ends} ends heard`);
  });
});

describe('reception counts over captures years apart', () => {
  // Real feeds hold the same MMSIs in captures years apart: the silence between them spans ~88,000
  // clock hours, and only the hours someone was heard in can count anyone.
  const day = (mmsi: number, startMs: number, lon: number): Track => {
    const t = emptyTrack(mmsi, 24);
    for (let i = 0; i < 24; i++) {
      t.positionId[i] = i;
      t.tsMs[i] = startMs + i * H;
      t.lon[i] = lon + i * 0.001;
      t.lat[i] = 41.5;
    }
    return t;
  };
  const join = (a: Track, b: Track): Track => {
    const t = emptyTrack(a.mmsi, a.length + b.length);
    for (const k of ['positionId', 'tsMs', 'lon', 'lat'] as const) {
      t[k].set(a[k]);
      t[k].set(b[k], a.length);
    }
    return t;
  };
  const y2014 = Date.UTC(2014, 0, 1);
  const y2024 = Date.UTC(2024, 0, 1);
  // A is heard a day in 2014 and a day in 2024; B a day in 2024 beside it; C the day in between
  const tracks = [
    join(day(1, y2014, 131.5), day(1, y2024, 131.5)),
    day(2, y2024, 131.52),
    day(3, Date.UTC(2019, 5, 1), 131.51),
  ];

  it('files only the hours someone was heard in, and counts as the brute force does', () => {
    const radiusM = 50_000;
    const silences = silencesOf(tracks, 3 * H);
    assert.equal(silences.gaps.length, 1);
    const c = new ReceptionCounter(silences, radiusM, MAX_KN);
    // 24 hours of C, and the end hours of the silence, over the ≤ 25 cells each end reaches
    assert.ok(c.filings <= 2 * 26 * 25, `${c.filings} filings`);
    c.add(tracks, 0);
    const rc = c.finish();
    const a = tracks[0];
    const i = 24;
    assert.deepEqual(rc.get(0, i - 1), [
      brute(tracks, 0, a.lon[i - 1], a.lat[i - 1], a.tsMs[i - 1], a.tsMs[i], radiusM),
      brute(tracks, 0, a.lon[i], a.lat[i], a.tsMs[i - 1], a.tsMs[i], radiusM),
    ]);
    assert.deepEqual(rc.get(0, i - 1), [1, 1], 'C is heard near both ends while A was silent');
  });
});
