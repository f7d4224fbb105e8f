/**
 * The encounter grid against the definition done the slow way: every pair of vessels compared at
 * every slice of the common clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { makeContext } from '../../src/events/context.js';
import { detectEncounters } from '../../src/events/encounters.js';
import { DEFAULT_PARAMS, withParams } from '../../src/events/params.js';
import { destinationPoint } from '../../src/geo/bearing.js';
import { haversineM, MPS_PER_KNOT } from '../../src/geo/distance.js';
import { emptyTrack, type Track } from '../../src/tracks/columns.js';

const MIN = 60_000;
const params = withParams(DEFAULT_PARAMS, { encounterMinDurationMs: 30 * MIN });

/** Slow drifters (sometimes faster) packed into ~1 km, so that pairs meet and part. */
const fleet = fc
  .array(
    fc.record({
      lon: fc.double({ min: 131.5, max: 131.51, noNaN: true }),
      lat: fc.double({ min: 41.9, max: 41.907, noNaN: true }),
      t0: fc.integer({ min: 0, max: 60 }),
      steps: fc.array(
        fc.record({
          dtMin: fc.integer({ min: 1, max: 40 }),
          knots: fc.oneof(
            { weight: 5, arbitrary: fc.double({ min: 0, max: 0.6, noNaN: true }) },
            { weight: 1, arbitrary: fc.constant(2.5) },
            { weight: 1, arbitrary: fc.constant(8) },
          ),
          bearing: fc.double({ min: 0, max: 359, noNaN: true }),
        }),
        { minLength: 2, maxLength: 60 },
      ),
    }),
    { minLength: 2, maxLength: 14 },
  )
  .map((vs) =>
    vs.map((v, k): Track => {
      const t = emptyTrack(5000 + k, v.steps.length);
      let [lon, lat] = [v.lon, v.lat];
      let ts = Date.UTC(2024, 0, 1) + v.t0 * MIN;
      v.steps.forEach((s, i) => {
        t.positionId[i] = i;
        t.tsMs[i] = ts;
        t.lon[i] = lon;
        t.lat[i] = lat;
        t.speedKnots[i] = s.knots;
        [lon, lat] = destinationPoint(lon, lat, s.bearing, s.knots * MPS_PER_KNOT * s.dtMin * 60);
        ts += s.dtMin * MIN;
      });
      return t;
    }),
  );

/** Position of t at time T if it is sampled there (both bracketing fixes slow, close in time). */
function sampleAt(t: Track, T: number): [number, number] | null {
  for (let i = 0; i + 1 < t.length; i++) {
    const t0 = t.tsMs[i];
    const t1 = t.tsMs[i + 1];
    if (T < t0 || T > t1) continue;
    if (!(t.speedKnots[i] < 2 && t.speedKnots[i + 1] < 2) || t1 - t0 > params.encounterMaxFixGapMs) continue;
    const f = (T - t0) / (t1 - t0);
    return [t.lon[i] + f * (t.lon[i + 1] - t.lon[i]), t.lat[i] + f * (t.lat[i + 1] - t.lat[i])];
  }
  return null;
}

function slow(tracks: Track[]): string[] {
  const slice = params.encounterSliceMs;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const t of tracks) {
    lo = Math.min(lo, t.tsMs[0]);
    hi = Math.max(hi, t.tsMs[t.length - 1]);
  }
  const out: string[] = [];
  for (let a = 0; a < tracks.length; a++)
    for (let b = a + 1; b < tracks.length; b++) {
      let first = -1;
      let last = -1;
      const close = () => {
        if (first >= 0 && (last - first) * slice >= params.encounterMinDurationMs)
          out.push(`${tracks[a].mmsi}-${tracks[b].mmsi}@${first * slice}-${last * slice}`);
        first = -1;
      };
      for (let k = Math.ceil(lo / slice); k * slice <= hi; k++) {
        const pa = sampleAt(tracks[a], k * slice);
        const pb = sampleAt(tracks[b], k * slice);
        const near = pa && pb && haversineM(pa[0], pa[1], pb[0], pb[1]) <= params.encounterMaxDistanceM;
        if (near) {
          if (first < 0) first = k;
          last = k;
        } else close();
      }
      close();
    }
  return out.sort();
}

describe('encounter grid', () => {
  it('finds exactly the encounters an all-pairs, all-slices comparison finds', () => {
    let found = 0;
    const ctx = makeContext([], params);
    fc.assert(
      fc.property(fleet, (tracks) => {
        const got = detectEncounters(tracks, ctx)
          .map((e) => `${e.mmsi}-${e.mmsi2}@${e.startMs}-${e.endMs}`)
          .sort();
        const want = slow(tracks);
        found += want.length;
        assert.deepEqual(got, want);
      }),
      { numRuns: 80, seed: 20231013 },
    );
    assert.ok(found > 20, `only ${found} encounters generated`);
  });
});
