/**
 * Polygons a person hands in that planar tests would misread: across the antimeridian (read as
 * its complement, Rajin inside), crossing itself, unclosed, round a pole. Each is repaired with a
 * warning or refused with a reason, through the registry, GeoJSON import and the `areas` CLI.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { areaCentre, compileAreas, nearestArea, newHit, signedDistanceM } from '../../src/areas/compile.js';
import { exportAreasGeoJson, importAreasGeoJson } from '../../src/areas/geojson.js';
import { prepareArea } from '../../src/areas/registry.js';
import type { Area } from '../../src/areas/types.js';
import { pointInPolygon } from '../../src/geo/polygon.js';
import { checkPolygon, RING_MAX_VERTICES } from '../../src/geo/ring-check.js';
import { cli, tempDir } from '../cli/run-cli.js';

/** REFERENCE.md: Rajin port, 42.24 N 130.28 E. */
const RAJIN: [number, number] = [130.28, 42.24];
const DATELINE: Array<[number, number]> = [
  [179, 40],
  [-179, 40],
  [-179, 45],
  [179, 45],
  [179, 40],
];
const area = (rings: Array<Array<[number, number]>>, id = 'dateline'): Area => ({
  id,
  name: id,
  kind: 'anchorage',
  geometry: { type: 'polygon', rings },
  source: 'test',
});

function prepared(a: Area): { area: Area; warnings: string[] } {
  const r = prepareArea(a);
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('a polygon across the antimeridian', () => {
  it('as drawn, a planar test takes its complement: Rajin is "inside"', () => {
    // The finding this guards against: the raw ring spans -179 … 179 the long way.
    assert.equal(pointInPolygon(RAJIN[0], RAJIN[1], [DATELINE]), true);
  });
  it('is unwrapped with a warning: 179.5 and -179.5 are inside, Rajin and 0° are not', () => {
    const { area: a, warnings } = prepared(area([DATELINE]));
    assert.match(warnings.join('\n'), /crosses the antimeridian/);
    const g = a.geometry;
    assert.equal(g.type, 'polygon');
    if (g.type !== 'polygon') return;
    for (const [lon, lat] of [
      [179.5, 42],
      [-179.5, 42],
      [180, 42],
    ] as const)
      assert.equal(pointInPolygon(lon, lat, g.rings), true, `${lon}`);
    for (const [lon, lat] of [RAJIN, [0, 42], [178.5, 42], [-178.5, 42], [179.5, 46]] as const)
      assert.equal(pointInPolygon(lon, lat, g.rings), false, `${lon}, ${lat}`);
    // the centre is a WGS84 longitude again
    assert.deepEqual(
      areaCentre(a).map((v) => Math.round(v * 10) / 10),
      [180, 42.5],
    );
  });
  it('the detectors find it from both sides, and Rajin still only in the Rajin area', () => {
    const a = prepared(area([DATELINE])).area;
    const c = compileAreas([...BUNDLED_AREAS, a], 5000);
    const hit = newHit();
    const k = [...BUNDLED_AREAS, a].indexOf(a);
    assert.equal(nearestArea(c, -179.5, 42, 0, false, hit), k);
    assert.equal(nearestArea(c, 179.5, 42, 0, false, hit), k);
    // just east of the east edge (181.01 = -178.99): outside, at the right distance (~830 m)
    const d = signedDistanceM(a, -178.99, 42);
    assert.ok(d > 700 && d < 900, `${d}`);
    const atRajin = nearestArea(c, RAJIN[0], RAJIN[1], 0, false, hit);
    assert.notEqual(atRajin, k);
    assert.equal(atRajin >= 0 ? c.areas[atRajin]?.id : null, 'rajin');
  });
  it('a ring given already unwrapped (179 … 181) or shifted by 360 reads the same', () => {
    const east = DATELINE.map(([x, y]) => [x < 0 ? x + 360 : x, y] as [number, number]);
    const west = DATELINE.map(([x, y]) => [x - 360, y] as [number, number]);
    const base = checkPolygon([DATELINE]);
    assert.ok(base.ok);
    for (const r of [east, west]) {
      const c = checkPolygon([r]);
      assert.ok(c.ok && base.ok);
      if (c.ok && base.ok) assert.deepEqual(c.rings, base.rings);
    }
  });
  it('survives export and re-import (GeoJSON) as the same area', () => {
    const a = prepared(area([DATELINE])).area;
    const back = importAreasGeoJson(JSON.parse(JSON.stringify(exportAreasGeoJson([a]))));
    assert.deepEqual(back.errors, []);
    assert.deepEqual(back.areas[0]?.geometry, a.geometry);
  });
  it('a ring round a pole is refused', () => {
    const r = checkPolygon([
      [
        [0, 80],
        [120, 80],
        [-120, 80],
        [0, 80],
      ],
    ]);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /round a pole/);
  });
});

describe('polygons that cross themselves, are unclosed or degenerate', () => {
  const bowTie: Array<[number, number]> = [
    [130, 42],
    [131, 43],
    [131, 42],
    [130, 43],
    [130, 42],
  ];
  it('a bow tie is refused, naming the edges that meet', () => {
    const r = prepareArea(area([bowTie], 'bowtie'));
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /area bowtie: outer ring crosses itself: edge 0 .* meets edge 2/);
  });
  it('a ring touching itself at a vertex is refused; a vertex repeated at once is not a crossing', () => {
    const touch = checkPolygon([
      [
        [0, 0],
        [2, 0],
        [1, 1],
        [2, 2],
        [0, 2],
        [1, 1],
        [0, 0],
      ],
    ]);
    assert.equal(touch.ok, false);
    const repeated = checkPolygon([
      [
        [0, 0],
        [1, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ]);
    assert.ok(repeated.ok, repeated.ok ? '' : repeated.reason);
  });
  it('an unclosed ring is closed with a warning', () => {
    const r = checkPolygon([
      [
        [130, 42],
        [131, 42],
        [131, 43],
      ],
    ]);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.rings[0]?.at(-1), [130, 42]);
    assert.match(r.warnings.join(), /not closed/);
  });
  it('collinear, too few or too many vertices, or not lon/lat: refused with the reason', () => {
    const line: Array<[number, number]> = [
      [0, 0],
      [1, 1],
      [2, 2],
      [0, 0],
    ];
    const many = Array.from({ length: RING_MAX_VERTICES + 1 }, (_, i) => {
      const t = (2 * Math.PI * i) / (RING_MAX_VERTICES + 1);
      return [Math.cos(t), Math.sin(t)] as [number, number];
    });
    const cases: Array<[Array<Array<[number, number]>>, RegExp]> = [
      [[line], /no area/],
      [
        [
          [
            [0, 0],
            [1, 1],
            [0, 0],
          ],
        ],
        /3 distinct/,
      ],
      [[many], /at most 5000/],
      [
        [
          [
            [0, 0],
            [1, 95],
            [1, 0],
          ],
        ],
        /not a WGS84/,
      ],
    ];
    for (const [rings, why] of cases) {
      const r = checkPolygon(rings);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.reason, why);
    }
  });
  it('`areas import`: the good features land (warnings printed), the bad ones are named, exit 3', () => {
    const dir = tempDir();
    const file = join(dir, 'areas.geojson');
    const feature = (id: string, ring: Array<[number, number]>) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: { id, name: id, kind: 'anchorage', source: 'test' },
    });
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          feature('dateline', DATELINE),
          feature('bowtie', bowTie),
          feature('open', bowTie.slice(0, 3)),
        ],
      }),
    );
    const db = join(dir, 't.db');
    const r = cli(['--db', db, 'areas', 'import', file]);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /feature 0: warning: area dateline: outer ring crosses the antimeridian/);
    assert.match(r.stderr, /feature 1: area bowtie: outer ring crosses itself/);
    assert.match(r.stderr, /feature 2: warning: area open: outer ring was not closed/);
    assert.match(r.stdout, /2 areas imported \(dateline, open\), 1 rejected/);
    const listed = JSON.parse(cli(['--db', db, 'areas', 'list', '--json']).stdout) as Area[];
    const stored = listed.find((a) => a.id === 'dateline');
    assert.ok(stored?.geometry.type === 'polygon' && pointInPolygon(-179.5, 42, stored.geometry.rings));
  });
});

describe('property: a polygon across the antimeridian reads as the same polygon drawn at 0°', () => {
  it('for random convex polygons straddling ±180 and random points, inside there ⇔ inside at 0°', async () => {
    const fc = (await import('fast-check')).default;
    const wrap = (x: number) => ((((x + 180) % 360) + 360) % 360) - 180;
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.integer({ min: 3, max: 12 }),
        fc.double({ min: 0.1, max: 4, noNaN: true }),
        fc.array(
          fc.tuple(fc.double({ min: -6, max: 6, noNaN: true }), fc.double({ min: -6, max: 6, noNaN: true })),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (dx, cy, n, r, points) => {
          // a regular n-gon of radius r degrees centred at (180 + dx, cy), written in ±180 longitudes
          const atZero: Array<[number, number]> = [];
          for (let i = 0; i < n; i++) {
            const t = (2 * Math.PI * i) / n;
            atZero.push([dx + r * Math.cos(t), cy + r * Math.sin(t)]);
          }
          atZero.push([atZero[0]![0], atZero[0]![1]]);
          const drawn = atZero.map(([x, y]) => [wrap(x + 180), y] as [number, number]);
          const c = checkPolygon([drawn]);
          assert.ok(c.ok, c.ok ? '' : c.reason);
          if (!c.ok) return;
          for (const [px, py] of points) {
            const p: [number, number] = [px, cy + py];
            assert.equal(
              pointInPolygon(wrap(p[0] + 180), p[1], c.rings),
              pointInPolygon(p[0], p[1], [atZero]),
              `point ${p} polygon dx ${dx} r ${r} n ${n}`,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
