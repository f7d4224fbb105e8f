/** Track payloads: delta encoding round-trips, downsampling keeps ends and silences (properties). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { haversineM } from '../../src/geo/distance.js';
import {
  decodeCompact,
  downsampleIndices,
  encodeCompact,
  simplifyIndices,
} from '../../src/server/track-encode.js';

const GAP = 6 * 3_600_000;

const trackArb = fc
  .array(
    fc.record({
      dtMs: fc.oneof(fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: GAP, max: 3 * GAP })),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      lat: fc.double({ min: -80, max: 80, noNaN: true }),
    }),
    { minLength: 0, maxLength: 400 },
  )
  .map((rows) => {
    let t = 1_700_000_000_000;
    const tsMs = rows.map((r) => (t += r.dtMs));
    return { tsMs, lon: rows.map((r) => r.lon), lat: rows.map((r) => r.lat), length: rows.length };
  });

test('compact encoding decodes to the input within 0.5e-5 degrees and exact times', () => {
  fc.assert(
    fc.property(trackArb, (cols) => {
      const keep = cols.tsMs.map((_, i) => i);
      const d = decodeCompact(encodeCompact(1, cols, keep));
      for (let i = 0; i < cols.length; i++) {
        assert.equal(d.tsMs[i], cols.tsMs[i]);
        assert.ok(Math.abs(d.lon[i]! - cols.lon[i]!) <= 0.5e-5 + 1e-9);
        assert.ok(Math.abs(d.lat[i]! - cols.lat[i]!) <= 0.5e-5 + 1e-9);
      }
    }),
  );
});

test('downsampling: sorted, ends kept, silences kept, at most maxPoints plus the silence ends', () => {
  fc.assert(
    fc.property(trackArb, fc.integer({ min: 2, max: 300 }), (cols, maxPoints) => {
      const keep = downsampleIndices(cols.tsMs, maxPoints, GAP);
      const n = cols.length;
      if (n <= maxPoints) return assert.equal(keep.length, n);
      let gapEnds = 0;
      for (let i = 1; i < n; i++) {
        if (cols.tsMs[i]! - cols.tsMs[i - 1]! >= GAP) {
          gapEnds += 2;
          assert.ok(keep.includes(i - 1) && keep.includes(i));
        }
      }
      assert.equal(keep[0], 0);
      assert.equal(keep[keep.length - 1], n - 1);
      for (let k = 1; k < keep.length; k++) assert.ok(keep[k]! > keep[k - 1]!);
      assert.ok(keep.length <= maxPoints + gapEnds, `${keep.length} > ${maxPoints} + ${gapEnds}`);
    }),
  );
});

/** A wandering track near one place (the simplification's distances are local). */
const localTrackArb = fc
  .array(
    fc.record({
      dtMs: fc.oneof(fc.integer({ min: 1000, max: 600_000 }), fc.integer({ min: GAP, max: 2 * GAP })),
      dLon: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
      dLat: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
    }),
    { minLength: 0, maxLength: 300 },
  )
  .map((rows) => {
    let t = 1_700_000_000_000;
    let x = 132;
    let y = 42;
    const tsMs: number[] = [];
    const lon: number[] = [];
    const lat: number[] = [];
    for (const r of rows) {
      t += r.dtMs;
      x += r.dLon;
      y += r.dLat;
      tsMs.push(t);
      lon.push(x);
      lat.push(y);
    }
    return { tsMs, lon, lat, length: rows.length };
  });

test('simplification: ends and silence ends kept; every dropped fix within the tolerance of its kept segment', () => {
  fc.assert(
    fc.property(localTrackArb, fc.integer({ min: 10, max: 2000 }), (cols, toleranceM) => {
      const keep = simplifyIndices(cols, toleranceM, GAP);
      const n = cols.length;
      if (n === 0) return assert.equal(keep.length, 0);
      assert.equal(keep[0], 0);
      assert.equal(keep[keep.length - 1], n - 1);
      const kept = new Set(keep);
      for (let i = 1; i < n; i++) {
        if (cols.tsMs[i]! - cols.tsMs[i - 1]! >= GAP)
          assert.ok(kept.has(i - 1) && kept.has(i), `silence at ${i}`);
      }
      for (let k = 1; k < keep.length; k++) {
        const a = keep[k - 1]!;
        const b = keep[k]!;
        for (let i = a + 1; i < b; i++) {
          // Distance to the segment, sampled about every metre along it (not the planar formula used).
          const lenM = haversineM(cols.lon[a]!, cols.lat[a]!, cols.lon[b]!, cols.lat[b]!);
          const steps = Math.min(20_000, Math.ceil(lenM) + 1);
          let best = Number.POSITIVE_INFINITY;
          for (let s = 0; s <= steps; s++) {
            const f = s / steps;
            const lon = cols.lon[a]! + f * (cols.lon[b]! - cols.lon[a]!);
            const lat = cols.lat[a]! + f * (cols.lat[b]! - cols.lat[a]!);
            best = Math.min(best, haversineM(cols.lon[i]!, cols.lat[i]!, lon, lat));
          }
          assert.ok(
            best <= toleranceM * 1.01 + 1,
            `fix ${i} is ${best.toFixed(1)} m off, tolerance ${toleranceM}`,
          );
        }
      }
    }),
    { numRuns: 60 },
  );
});
