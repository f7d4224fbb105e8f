/** Track payloads: both delta encodings round-trip, malformed varints fail clearly, downsampling keeps ends and silences. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { haversineM } from '../../src/geo/distance.js';
import {
  type CompactTrackArrays,
  type CompactTrackB64,
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

/**
 * Tracks at the edges of both encodings: times from 0 to the last valid Date (~2^53 ms), whole
 * seconds or not; positions anywhere, the poles and the antimeridian included, jumping anywhere.
 */
const edgeTrackArb = fc
  .record({
    wholeSeconds: fc.boolean(),
    startMs: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 2 ** 41 }),
      fc.integer({ min: 0, max: 8_640_000_000_000_000 - 10 ** 12 }),
    ),
    rows: fc.array(
      fc.record({
        dtMs: fc.oneof(
          fc.constant(0),
          fc.integer({ min: 0, max: 1000 }),
          fc.integer({ min: 0, max: 10 ** 11 }),
        ),
        lon: fc.oneof(
          fc.constantFrom(-180, 180, 0, -0.000004, 0.000006),
          fc.double({ min: -180, max: 180, noNaN: true }),
        ),
        lat: fc.oneof(fc.constantFrom(-90, 90, 0), fc.double({ min: -90, max: 90, noNaN: true })),
      }),
      { maxLength: 200 },
    ),
  })
  .map(({ wholeSeconds, startMs, rows }) => {
    const round = (ms: number) => (wholeSeconds ? Math.floor(ms / 1000) * 1000 : ms);
    let t = round(startMs);
    const tsMs = rows.map((r) => (t += round(r.dtMs)));
    return { tsMs, lon: rows.map((r) => r.lon), lat: rows.map((r) => r.lat), length: rows.length };
  });

test('both encodings round-trip through JSON: exact times, degrees rounded to 1e-5, same arrays', () => {
  fc.assert(
    fc.property(edgeTrackArb, (cols) => {
      const keep = cols.tsMs.map((_, i) => i);
      const b64 = JSON.parse(JSON.stringify(encodeCompact(7, cols, keep, 'delta-b64'))) as CompactTrackB64;
      const arrays = JSON.parse(
        JSON.stringify(encodeCompact(7, cols, keep, 'delta-e5')),
      ) as CompactTrackArrays;
      assert.equal(b64.encoding, 'delta-b64');
      assert.equal(arrays.encoding, 'delta-e5');
      assert.equal(b64.returned, cols.length);
      assert.equal(b64.tUnitMs, cols.tsMs.every((t) => t % 1000 === 0) ? 1000 : 1);
      for (const col of [b64.t, b64.x, b64.y]) assert.match(col, /^[A-Za-z0-9_-]*$/);
      const d = decodeCompact(b64);
      const e = decodeCompact(arrays);
      for (let i = 0; i < cols.length; i++) {
        assert.equal(d.tsMs[i], cols.tsMs[i], `time ${i}`);
        // `+ 0` turns -0 into 0: a difference of -0 is sent as 0.
        assert.equal(d.lon[i], Math.round(cols.lon[i]! * 1e5) / 1e5 + 0, `lon ${i}`);
        assert.equal(d.lat[i], Math.round(cols.lat[i]! * 1e5) / 1e5 + 0, `lat ${i}`);
        assert.ok(Math.abs(d.lon[i]! - cols.lon[i]!) <= 0.5e-5 + 1e-9);
        assert.equal(d.tsMs[i], e.tsMs[i]);
        // `===`, not Object.is: the arrays may carry -0 where the varints give 0.
        assert.ok(d.lon[i] === e.lon[i] && d.lat[i] === e.lat[i], `fix ${i}: b64 and arrays differ`);
      }
    }),
    { numRuns: 300 },
  );
});

test('delta-b64: a small track encoded by hand', () => {
  // Times 1 s, 3 s, 3 s: whole seconds, so in seconds: 1, then deltas 2, 0 → B C A.
  // Longitude 0.00001°, -0.00001°, 0.00017° → 1, -1, 17 (1e-5°) → deltas 1, -2, 18 → zigzag 2, 3, 36;
  //   36 = 4 + 1·32: 4 with the continuation bit is 36 → "k", then 1 → "B".
  // Latitude -90, 90, 90 → -9,000,000, deltas 18,000,000 and 0 → zigzag 17,999,999, 36,000,000, 0;
  //   17,999,999 = 31 + 3·32 + 10·32² + 5·32³ + 17·32⁴ → 63 35 42 37 17 → "_jqlR";
  //   36,000,000 = 0 + 8·32 + 20·32² + 10·32³ + 2·32⁴ + 1·32⁵ → 32 40 52 42 34 1 → "go0qiB".
  const cols = { tsMs: [1000, 3000, 3000], lon: [0.00001, -0.00001, 0.00017], lat: [-90, 90, 90], length: 3 };
  const enc = encodeCompact(273000001, cols, [0, 1, 2]);
  assert.deepEqual(enc, {
    mmsi: 273000001,
    encoding: 'delta-b64',
    count: 3,
    returned: 3,
    tUnitMs: 1000,
    t: 'BCA',
    x: 'CDkB',
    y: '_jqlRgo0qiBA',
  });
  // A time off the second: milliseconds, and 1,700,000,000,123 = 27 + 3·32 + 26·32² + 10·32³ +
  // 30·32⁴ + 7·32⁵ + 15·32⁶ + 17·32⁷ + 1·32⁸ → "7j6q-nvxB" (past 2^32: no 32-bit shortcuts).
  const one = encodeCompact(1, { tsMs: [1_700_000_000_123], lon: [180], lat: [0], length: 1 }, [0]);
  assert.ok(one.encoding === 'delta-b64');
  assert.equal(one.tUnitMs, 1);
  assert.equal(one.t, '7j6q-nvxB');
  // 180° = 18,000,000 → zigzag 36,000,000 → "go0qiB", as above.
  assert.equal(one.x, 'go0qiB');
  assert.equal(one.y, 'A');
  const d = decodeCompact(enc);
  assert.deepEqual([...d.tsMs], cols.tsMs);
  assert.deepEqual([...d.lon], cols.lon);
  assert.deepEqual([...d.lat], cols.lat);
  assert.deepEqual([...decodeCompact(one).tsMs], [1_700_000_000_123]);
});

test('delta-b64: a malformed column fails with a message naming the column and the fault', () => {
  const ok = { encoding: 'delta-b64', returned: 3, tUnitMs: 1000, t: 'BCA', x: 'CDkB', y: 'AAA' } as const;
  assert.doesNotThrow(() => decodeCompact(ok));
  assert.throws(
    () => decodeCompact({ ...ok, x: 'CD+B' }),
    /column x has "\+" at 2, outside the base64url alphabet/,
  );
  assert.throws(() => decodeCompact({ ...ok, y: 'AA=' }), /column y has "=" at 2/);
  assert.throws(() => decodeCompact({ ...ok, t: 'BCé' }), /column t has "é" at 2/);
  assert.throws(
    () => decodeCompact({ ...ok, x: 'CDk' }),
    /column x ends inside a value \(dangling continuation\)/,
  );
  assert.throws(() => decodeCompact({ ...ok, t: 'BC' }), /column t holds 2 values, returned says 3/);
  assert.throws(() => decodeCompact({ ...ok, t: 'BCAA' }), /column t holds more than returned \(3\) values/);
});

test('delta-b64: an unsorted or non-integer time is refused, not silently wrapped', () => {
  const cols = (tsMs: number[]) => ({
    tsMs,
    lon: tsMs.map(() => 0),
    lat: tsMs.map(() => 0),
    length: tsMs.length,
  });
  assert.throws(
    () => encodeCompact(1, cols([2000, 1000]), [0, 1]),
    /fix 1: time 1000 ms is before the previous fix/,
  );
  assert.throws(() => encodeCompact(1, cols([-1000]), [0]), /not a non-negative whole number/);
  assert.throws(() => encodeCompact(1, cols([1.5]), [0]), /not a non-negative whole number/);
  assert.throws(
    () => encodeCompact(1, { tsMs: [0], lon: [Number.NaN], lat: [0], length: 1 }, [0]),
    /longitude NaN is not a finite number/,
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
