import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { compileAreas, nearestArea, newHit, signedDistanceM } from '../../src/areas/compile.js';
import { exportAreasGeoJson, importAreasGeoJson } from '../../src/areas/geojson.js';
import { listAreas, prepareArea } from '../../src/areas/registry.js';
import type { Area } from '../../src/areas/types.js';
import { haversineM } from '../../src/geo/distance.js';

/** Why an area is refused, or null when it is usable (after the repairs prepareArea makes). */
function problemOf(a: Area): string | null {
  const r = prepareArea(a);
  return r.ok ? null : r.error;
}

describe('bundled areas', () => {
  it('holds the nine places of the case, each valid and sourced', () => {
    assert.deepEqual(
      listAreas(BUNDLED_AREAS).map((a) => a.id),
      [
        'chongjin',
        'dunai',
        'nakhodka',
        'posyet',
        'rajin',
        'tumangang-khasan',
        'vladivostok',
        'vostochny',
        'zarubino',
      ],
    );
    for (const a of BUNDLED_AREAS) {
      assert.equal(problemOf(a), null, a.id);
      assert.match(a.source, /docs\/sources\.md/);
    }
  });
  it('no two callable areas overlap within their exit margins', () => {
    const circles = BUNDLED_AREAS.map((a) => a.geometry).filter((g) => g.type === 'circle');
    for (let i = 0; i < circles.length; i++)
      for (let j = i + 1; j < circles.length; j++) {
        const a = circles[i];
        const b = circles[j];
        if (a.type !== 'circle' || b.type !== 'circle') continue;
        assert.ok(haversineM(a.lon, a.lat, b.lon, b.lat) > a.radiusM + b.radiusM + 2000);
      }
  });
  it('Dunai lies ~9 km south of Fokino (REFERENCE.md)', () => {
    const d = BUNDLED_AREAS.find((a) => a.id === 'dunai')!.geometry;
    assert.equal(d.type, 'circle');
    if (d.type === 'circle') {
      const km = haversineM(d.lon, d.lat, 132.4, 42.9667) / 1000;
      assert.ok(km > 8 && km < 12, `${km}`);
    }
  });
  it('nearestArea finds Vostochny from a berth 4 km out and nothing at sea', () => {
    const c = compileAreas(BUNDLED_AREAS, 1000);
    const hit = newHit();
    nearestArea(c, 133.0667 + 0.04, 42.7333 + 0.01, 0, true, hit);
    assert.equal(BUNDLED_AREAS[hit.index].id, 'vostochny');
    assert.equal(nearestArea(c, 131.6, 42.3, 0, false), -1);
    assert.ok(signedDistanceM(BUNDLED_AREAS[hit.index], 133.0667, 42.7333) === -5000);
  });
});

describe('area registry', () => {
  const a: Area = {
    id: 'test-anchorage',
    name: 'Test anchorage',
    kind: 'anchorage',
    geometry: { type: 'circle', lon: 131, lat: 42, radiusM: 2000 },
    source: 'test',
  };
  it('rejects bad ids, radii and coordinates with a reason', () => {
    assert.match(problemOf({ ...a, id: 'Bad Id' })!, /lower-case/);
    assert.match(problemOf({ ...a, geometry: { type: 'circle', lon: 200, lat: 0, radiusM: 1 } })!, /WGS84/);
    assert.match(problemOf({ ...a, geometry: { type: 'circle', lon: 1, lat: 0, radiusM: 0 } })!, /radiusM/);
    assert.match(problemOf({ ...a, thresholds: { gapMinMs: -1 } })!, /gapMinMs/);
  });
});

describe('areas GeoJSON', () => {
  it('round-trips the bundled set', () => {
    const doc = JSON.parse(JSON.stringify(exportAreasGeoJson(BUNDLED_AREAS)));
    const back = importAreasGeoJson(doc);
    assert.deepEqual(back.errors, []);
    assert.deepEqual(back.areas, BUNDLED_AREAS);
  });
  it('names the feature index and reason of each bad feature and keeps the good ones', () => {
    const good = exportAreasGeoJson(BUNDLED_AREAS).features[0];
    const doc = {
      type: 'FeatureCollection',
      features: [
        good,
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [131, 42] },
          properties: { id: 'x', name: 'X', kind: 'harbour', radiusM: 100, source: 's' },
        },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [131, 42] },
          properties: { id: 'y', name: 'Y', kind: 'port', source: 's' },
        },
        {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [131, 42],
                [131.1, 42],
                [131.1, 42.1],
                [131, 42],
              ],
            ],
          },
          properties: {
            id: 'poly',
            name: 'P',
            kind: 'anchorage',
            source: 's',
            thresholds: { gapMinMs: 3_600_000 },
          },
        },
        good,
        'not a feature',
      ],
    };
    const r = importAreasGeoJson(doc);
    assert.deepEqual(
      r.areas.map((x) => x.id),
      ['rajin', 'poly'],
    );
    assert.deepEqual(
      r.errors.map((e) => e.featureIndex),
      [1, 2, 4, 5],
    );
    assert.match(r.errors[0].reason, /properties\.kind/);
    assert.match(r.errors[1].reason, /radiusM/);
    assert.match(r.errors[2].reason, /duplicate id rajin/);
    assert.equal(r.areas[1].geometry.type, 'polygon');
    assert.deepEqual(importAreasGeoJson({ type: 'Feature' }).errors[0].featureIndex, null);
  });
});
