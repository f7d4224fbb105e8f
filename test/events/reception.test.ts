/**
 * The reception index against the definition, counted by brute force: for each silence, the
 * distinct other vessels with a fix within the radius of each end strictly inside the silence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { countReception } from '../../src/events/reception.js';
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
