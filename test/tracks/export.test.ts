import assert from 'node:assert/strict';
import { test } from 'node:test';
import { positionsToCsv, trackToGeoJson } from '../../src/tracks/export.js';
import type { PositionRecord } from '../../src/tracks/records.js';

const fix = (tsMs: number, lon: number, lat: number, source: string | null = 'rx'): PositionRecord => ({
  mmsi: 273000001,
  tsMs,
  lon,
  lat,
  speedKnots: 10.5,
  courseDeg: null,
  headingDeg: 90,
  navStatus: 0,
  msgType: 1,
  source,
});

test('GeoJSON track is a LineString in lon,lat order with ISO 8601 times per vertex', () => {
  const fc = trackToGeoJson(
    273000001,
    [fix(1_700_000_000_000, 130.3, 42.25), fix(1_700_000_600_500, 130.5, 42.3)],
    { simulated: true },
  );
  assert.equal(fc.simulated, true);
  const f = fc.features[0]!;
  assert.equal(f.id, 273000001);
  assert.equal(f.geometry.type, 'LineString');
  assert.deepEqual(f.geometry.coordinates, [
    [130.3, 42.25],
    [130.5, 42.3],
  ]);
  assert.equal(f.properties.times, '2023-11-14T22:13:20Z 2023-11-14T22:23:20.500Z');
  assert.deepEqual(
    (f.properties.times as string).split(' ').map((t) => Date.parse(t)),
    [1_700_000_000_000, 1_700_000_600_500],
  );
  assert.equal(f.properties.startTime, '2023-11-14T22:13:20Z');
  assert.equal(f.properties.simulated, true);
});

test('a single fix is a Point and no fix is an empty collection', () => {
  assert.equal(trackToGeoJson(1, [fix(0, 1, 2)], { simulated: false }).features[0]!.geometry.type, 'Point');
  assert.deepEqual(trackToGeoJson(1, [], { simulated: false }).features, []);
});

test('positions CSV: RFC 4180 rows, n/a as empty, a simulated column', () => {
  const csv = positionsToCsv([fix(0, 130.3, 42.25, 'station,1')], { simulated: false }).split('\r\n');
  assert.equal(
    csv[0],
    'mmsi,time,tsMs,lon,lat,speedKnots,courseDeg,headingDeg,navStatus,msgType,source,simulated',
  );
  assert.equal(csv[1], '273000001,1970-01-01T00:00:00Z,0,130.3,42.25,10.5,,90,0,1,"station,1",false');
  assert.equal(csv[2], '');
});
