import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { destinationPoint, initialBearingDeg } from '../../src/geo/bearing.js';
import { haversineM, impliedSpeedKnots, METRES_PER_NM, metresToLonDeg } from '../../src/geo/distance.js';
import { reachableEllipse } from '../../src/geo/ellipse.js';
import { distanceToBoundaryM, pointInPolygon, signedDistanceToPolygonM } from '../../src/geo/polygon.js';
import { ellipseContains, ellipseTouchesDisc } from './ellipse-membership.js';

describe('geo distance', () => {
  it('one degree of latitude is 111.195 km on the mean sphere', () => {
    assert.ok(Math.abs(haversineM(0, 0, 0, 1) - 111_194.9) < 1);
  });
  it('Rajin → Vostochny is about 126 nm great-circle (REFERENCE.md)', () => {
    const nm = haversineM(130.3, 42.25, 133.0667, 42.7333) / METRES_PER_NM;
    assert.ok(nm > 122 && nm < 130, `${nm}`);
  });
  it('implied speed: 1 nm in an hour is 1 kn; a jump in no time is infinite', () => {
    assert.ok(Math.abs(impliedSpeedKnots(1852, 3_600_000) - 1) < 1e-12);
    assert.equal(impliedSpeedKnots(10, 0), Number.POSITIVE_INFINITY);
    assert.equal(impliedSpeedKnots(0, 0), 0);
  });
  it('longitude degrees widen toward the poles', () => {
    assert.ok(metresToLonDeg(1000, 60) > 1.99 * metresToLonDeg(1000, 0));
  });
});

describe('geo bearing', () => {
  it('destination then bearing round-trips', () => {
    const [x, y] = destinationPoint(130.3, 42.25, 77, 50_000);
    assert.ok(Math.abs(haversineM(130.3, 42.25, x, y) - 50_000) < 0.01);
    assert.ok(Math.abs(initialBearingDeg(130.3, 42.25, x, y) - 77) < 1e-6);
  });
});

describe('geo polygon', () => {
  const square: Array<[number, number]> = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [0, 0],
  ];
  const hole: Array<[number, number]> = [
    [0.4, 0.4],
    [0.6, 0.4],
    [0.6, 0.6],
    [0.4, 0.6],
    [0.4, 0.4],
  ];
  it('inside, outside, in a hole', () => {
    assert.equal(pointInPolygon(0.2, 0.2, [square, hole]), true);
    assert.equal(pointInPolygon(1.2, 0.2, [square, hole]), false);
    assert.equal(pointInPolygon(0.5, 0.5, [square, hole]), false);
  });
  it('distance to the boundary in metres, signed', () => {
    const d = distanceToBoundaryM(0.5, -0.01, [square]);
    assert.ok(Math.abs(d - 1112) < 2, `${d}`);
    assert.ok(signedDistanceToPolygonM(0.5, 0.01, [square]) < 0);
  });
});

describe('geo reachable ellipse', () => {
  it('contains the foci and excludes points beyond the major axis', () => {
    // 10 h at 10 kn: 185.2 km of travel; the foci 100 km apart
    const [bx, by] = destinationPoint(131, 42, 90, 100_000);
    const e = reachableEllipse(131, 42, bx, by, 10 * 3_600_000, 10);
    assert.equal(e.majorAxisM, 185_200);
    assert.ok(ellipseContains(e, 131, 42));
    assert.ok(ellipseContains(e, bx, by));
    const [fx, fy] = destinationPoint(131, 42, 270, 43_000);
    assert.equal(ellipseContains(e, fx, fy), false, 'behind A: 43 + 143 km > 185.2 km');
    assert.equal(ellipseTouchesDisc(e, fx, fy, 2000), true, 'a 2 km disc there reaches in');
    const semiMinor = Math.sqrt(92_600 ** 2 - 50_000 ** 2);
    assert.ok(Math.abs(e.semiMinorAxisM - semiMinor) < 0.5);
  });
});
