import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTAINER_LENGTH_M, CONTAINER_WIDTH_M, TIER_HEIGHT_M } from '../../src/imagery/containers.js';
import type { MetricJacobian } from '../../src/imagery/georef.js';
import { matchVessels, measureShip } from '../../src/imagery/measure-ship.js';
import { boxesInSpan, measureStack } from '../../src/imagery/measure-stack.js';
import { polygonToRect, rectCorners } from '../../src/imagery/rect.js';
import { sunPosition } from '../../src/imagery/solar.js';

/** A north-up image with square `gsd` pixels (x east, y south). */
const northUp = (gsd: number): MetricJacobian => ({
  eastPerX: gsd,
  northPerX: 0,
  eastPerY: 0,
  northPerY: -gsd,
});

test('a 90 m × 12.2 m pile at 0.5 m, three tiers from its shadow at Rajin: the truth (14 × 5 × 3 twenty-footers) is inside the range', () => {
  const gsd = 0.5;
  const bays = 14;
  const rows = 5;
  const tiers = 3;
  const gap = 0.3;
  const lengthM = bays * CONTAINER_LENGTH_M[20] + (bays - 1) * gap;
  const widthM = rows * CONTAINER_WIDTH_M + (rows - 1) * 0.1;
  const sun = sunPosition(Date.parse('2023-09-07T02:30:00Z'), 130.3, 42.25);
  const heightM = tiers * TIER_HEIGHT_M.standard;
  const shadowPx = heightM / Math.tan((sun.elevationDeg * Math.PI) / 180) / gsd;
  const m = measureStack({
    rect: { cx: 200, cy: 150, lengthPx: lengthM / gsd, widthPx: widthM / gsd, angleDeg: 30 },
    imageWidthPx: 400,
    imageHeightPx: 300,
    jacobian: northUp(gsd),
    edgePx: 1,
    tiers: { kind: 'shadow', shadowPx, sunElevationDeg: sun.elevationDeg, sunAzimuthDeg: sun.azimuthDeg },
  });
  assert.ok(m.ok, JSON.stringify(m));
  assert.ok(Math.abs(m.lengthM.best - lengthM) < 1e-6);
  assert.ok(Math.abs(m.lengthM.max - m.lengthM.best - 2 * gsd) < 1e-9, 'two edges × 1 px × 0.5 m');
  assert.ok(m.heightM && Math.abs(m.heightM.best - heightM) < 1e-6, `height ${m.heightM?.best}`);
  const c20 = m.counts.find((c) => c.size === 20);
  assert.ok(c20);
  assert.equal(c20.bays.best, bays);
  assert.equal(c20.rows.best, rows);
  assert.equal(c20.tiers.best, tiers);
  assert.ok(c20.containers.min <= 210 && 210 <= c20.containers.max, JSON.stringify(c20.containers));
  assert.equal(c20.containers.best, 210);
  // The same pile read as 40 ft boxes: half the bays.
  const c40 = m.counts.find((c) => c.size === 40);
  assert.equal(c40?.bays.best, 7);
  assert.equal(c40?.teu.best, 2 * (c40?.containers.best ?? 0));
  // Orientation: 30° clockwise from +x (east) on a north-up image is bearing 120°, folded to [0,180).
  assert.ok(Math.abs(m.orientationDeg - 120) < 1e-6);
});

test('coarser pixels and sloppier edges widen the range, never narrow it', () => {
  const base = {
    rect: { cx: 100, cy: 100, lengthPx: 60, widthPx: 10, angleDeg: 0 },
    imageWidthPx: 200,
    imageHeightPx: 200,
    tiers: { kind: 'entered', tiers: 2 } as const,
  };
  const fine = measureStack({ ...base, jacobian: northUp(1.5), edgePx: 0.5 });
  const rough = measureStack({ ...base, jacobian: northUp(1.5), edgePx: 3 });
  assert.ok(fine.ok && rough.ok);
  const f = fine.counts[0]?.containers;
  const r = rough.counts[0]?.containers;
  assert.ok(f && r && r.min <= f.min && r.max >= f.max && r.max - r.min > f.max - f.min);
});

test('refusals: sun below 5°, rectangle outside the image, image not georeferenced, bad tiers', () => {
  const rect = { cx: 50, cy: 50, lengthPx: 40, widthPx: 10, angleDeg: 0 };
  const low = measureStack({
    rect,
    imageWidthPx: 100,
    imageHeightPx: 100,
    jacobian: northUp(0.5),
    tiers: { kind: 'shadow', shadowPx: 30, sunElevationDeg: 4.2, sunAzimuthDeg: 120 },
  });
  assert.ok(!low.ok && low.code === 'sun-too-low' && /below 5°/.test(low.message));
  const out = measureStack({
    rect: { ...rect, cx: 90, angleDeg: 10 },
    imageWidthPx: 100,
    imageHeightPx: 100,
    jacobian: northUp(0.5),
    tiers: { kind: 'none' },
  });
  assert.ok(!out.ok && out.code === 'outside-image' && /outside the 100×100 image/.test(out.message));
  const noGeo = measureStack({
    rect,
    imageWidthPx: 100,
    imageHeightPx: 100,
    jacobian: null,
    tiers: { kind: 'none' },
  });
  assert.ok(!noGeo.ok && noGeo.code === 'not-georeferenced' && /--gcp/.test(noGeo.message));
  const tiers = measureStack({
    rect,
    imageWidthPx: 100,
    imageHeightPx: 100,
    jacobian: northUp(0.5),
    tiers: { kind: 'entered', tiers: 0 },
  });
  assert.ok(!tiers.ok && tiers.code === 'bad-input');
});

test('boxes in a span: n boxes with n−1 gaps fit; one gap too short does not', () => {
  assert.equal(boxesInSpan(3 * 6.058 + 2 * 0.3, 6.058, 0.3), 3);
  assert.equal(boxesInSpan(6.058 * 0.7, 6.058, 0.3), 0);
  assert.equal(boxesInSpan(0, 6.058, 0.3), 0);
});

test('a polygon becomes its minimum-area rectangle (length the longer side, angle folded to [0, 180))', () => {
  const rect = { cx: 40, cy: 30, lengthPx: 50, widthPx: 12, angleDeg: 160 };
  const corners = rectCorners(rect);
  const r = polygonToRect([...corners, [40, 30]]);
  assert.ok(r);
  assert.ok(Math.abs(r.lengthPx - 50) < 1e-9 && Math.abs(r.widthPx - 12) < 1e-9);
  assert.ok(Math.abs(r.angleDeg - 160) < 1e-9, `angle ${r.angleDeg}`);
  assert.ok(Math.abs(r.cx - 40) < 1e-9 && Math.abs(r.cy - 30) < 1e-9);
  assert.equal(
    polygonToRect([
      [0, 0],
      [1, 1],
      [2, 2],
    ]),
    null,
  );
});

test('a ship 131 m × 18 m matches Maia-1 (131 m) before a 100 m ship; a 60 m line matches none', () => {
  const j = northUp(0.5);
  const m = measureShip({
    line: [
      [100, 100],
      [100 + 262, 100],
    ],
    beamLine: [
      [200, 82],
      [200, 118],
    ],
    imageWidthPx: 500,
    imageHeightPx: 300,
    jacobian: j,
  });
  assert.ok(m.ok);
  assert.ok(Math.abs(m.lengthM.best - 131) < 1e-9);
  assert.ok(m.beamM && Math.abs(m.beamM.best - 18) < 1e-9);
  assert.ok(Math.abs(m.headingDeg - 90) < 1e-9);
  const fleet = [
    { mmsi: 1, imo: null, name: 'SHORT', lengthM: 100, beamM: 16, source: 'fleet' },
    { mmsi: 2, imo: null, name: 'MAIA-1', lengthM: 131, beamM: 18.5, source: 'fleet' },
    { mmsi: 3, imo: null, name: 'CLOSE', lengthM: 127, beamM: 18, source: 'store' },
    { mmsi: 4, imo: null, name: 'NO DIMS', lengthM: null, beamM: null, source: 'store' },
  ];
  const c = matchVessels(m, fleet);
  assert.deepEqual(
    c.map((x) => x.vessel.name),
    ['MAIA-1', 'CLOSE'],
  );
  assert.ok((c[0]?.score ?? 0) > (c[1]?.score ?? 1));
  const small = measureShip({
    line: [
      [10, 10],
      [130, 10],
    ],
    beamLine: null,
    imageWidthPx: 500,
    imageHeightPx: 300,
    jacobian: j,
  });
  assert.ok(small.ok);
  assert.equal(matchVessels(small, fleet).length, 0);
  const outside = measureShip({
    line: [
      [10, 10],
      [600, 10],
    ],
    beamLine: null,
    imageWidthPx: 500,
    imageHeightPx: 300,
    jacobian: j,
  });
  assert.ok(!outside.ok && outside.code === 'outside-image');
});
