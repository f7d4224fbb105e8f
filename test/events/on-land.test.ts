// @needs-shared-data: reads real AIS captures from ../shared/data/ais, which cannot ship (their licences: that folder's README)
/**
 * Positions on land against the land and water `tallyman detect` uses (src/geodata/surface.ts:
 * Natural Earth 1:10m land with OpenStreetMap water over it, from node_modules): real fixes in
 * harbours, rivers and lakes are water; a fix spoofed into the middle of a continent is on land,
 * with its distance to water; areas of interest, whatever their kind, count as water.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import type { Area } from '../../src/areas/types.js';
import { buildWaterMask } from '../../src/events/land.js';
import { distanceToWaterM, type LandCheck } from '../../src/events/on-land.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import type { EventOf } from '../../src/events/types.js';
import { loadSurface } from '../../src/geodata/surface.js';
import { buildTracks } from '../../src/tracks/columns.js';
import { H, hold, leg, MIN, place, T0 } from './scenario.js';

const land = loadSurface();
const TOL = DEFAULT_PARAMS.landToleranceM;
const YANJI: [number, number] = [129.51, 42.89];
const SEA: [number, number] = [131.5, 41.5];
/** Central Sahara (Algeria): ~60 km from the nearest water the source knows (an OSM lake), ~1,000 km from the sea. */
const SAHARA: [number, number] = [5, 23];

/**
 * Real fixes (../shared/data/ais/tracks and the NMEA captures, as ingested) where the ship was on
 * water that Natural Earth 1:50m land covered or smoothed over.
 */
const REAL_WATER: Array<[string, number, number]> = [
  ['Boston, berth in the Mystic River (trajectools 2014)', -71.055967, 42.386112],
  ['New Orleans, Mississippi (MarineCadastre 2023)', -90.07618, 29.88721],
  ['Antwerp, Scheldt (DMA stream example)', 4.25873, 51.28646],
  ['Chicago, Calumet Harbor on Lake Michigan (MarineCadastre 2023)', -87.55217, 41.68498],
  ['Columbia River below Portland (MarineCadastre 2023)', -122.93215, 46.09069],
  ['Baltimore harbour (MarineCadastre 2023)', -76.58116, 39.22664],
];

function checkAround(
  points: ReadonlyArray<readonly [number, number]>,
  areas: readonly Area[] = [],
): LandCheck {
  const mask = buildWaterMask(
    land,
    [points.map((p) => p[0])],
    [points.map((p) => p[1])],
    DEFAULT_PARAMS.landCellDeg,
    TOL,
  );
  return { mask, source: land, areas, polygonMemo: new Map(), ringBounds: new Map() };
}

function onLandEvents(positions: Parameters<typeof buildTracks>[0], areas: readonly Area[]) {
  const events = detectAll(buildTracks(positions), areas, DEFAULT_PARAMS, undefined, { land });
  return events.filter((e): e is EventOf<'on-land'> => e.type === 'on-land');
}

describe('on-land', () => {
  it('real fixes in harbours, rivers and lakes are water', () => {
    const check = checkAround(REAL_WATER.map(([, x, y]) => [x, y] as const));
    for (const [name, x, y] of REAL_WATER)
      assert.ok(distanceToWaterM(check, x, y, TOL) < TOL, `${name}: ${distanceToWaterM(check, x, y, TOL)} m`);
    const positions = REAL_WATER.flatMap(([, x, y], k) => hold(367_000_000 + k, T0, [x, y], 2 * H, 10 * MIN));
    assert.deepEqual(onLandEvents(positions, []), []);
  });

  it('the sea is water, the Rajin and Vostochny berths lie within the tolerance, Yanji does not', () => {
    const check = checkAround([SEA, YANJI, place('rajin'), place('vostochny')]);
    assert.equal(distanceToWaterM(check, ...SEA, TOL), 0);
    assert.ok(distanceToWaterM(check, ...place('rajin'), TOL) < TOL);
    assert.ok(distanceToWaterM(check, ...place('vostochny'), TOL) < TOL);
    assert.ok(distanceToWaterM(check, ...YANJI, TOL) > 10_000);
  });

  it('a fix spoofed into the Sahara is on land, with its distance to water', () => {
    const mmsi = 273_000_104;
    // a transmitter whose GPS reports the Sahara for two hours (one jump there would be cleaned as a spike)
    const positions = hold(mmsi, T0, SAHARA, 2 * H, 10 * MIN);
    const events = onLandEvents(positions, []);
    assert.equal(events.length, 1);
    const e = events[0];
    assert.equal(e.details.fixes, positions.length);
    assert.ok(e.details.distanceToWaterM > 50_000, `${e.details.distanceToWaterM} m`);
    assert.match(e.details.landSource, /Natural Earth 1:10m.*OpenStreetMap/);
    assert.equal(e.params.landToleranceM, TOL);
  });

  for (const [label, areas] of [
    ['with the bundled areas', BUNDLED_AREAS],
    ['without any area', []],
  ] as const) {
    it(`berths at Rajin and Vostochny are not flagged, a fix at Yanji is (${label})`, () => {
      const rajin = 273_000_101;
      const vost = 273_000_102;
      const spoof = 273_000_103;
      const positions = [
        ...hold(rajin, T0, place('rajin'), 6 * H, 10 * MIN),
        ...hold(vost, T0, place('vostochny'), 6 * H, 10 * MIN),
        ...leg(spoof, T0, SEA, [131.9, 41.9], 10, 10 * MIN),
      ];
      // a spoofed stream: three fixes in Yanji, then back at sea where it really was
      const k = positions.findIndex((p) => p.mmsi === spoof && p.tsMs === T0 + 60 * MIN);
      for (let j = 0; j < 3; j++) positions[k + j] = { ...positions[k + j], lon: YANJI[0], lat: YANJI[1] };
      const onLand = onLandEvents(positions, areas);
      assert.deepEqual(
        onLand.map((e) => [e.mmsi, e.startMs, e.endMs, e.details.fixes]),
        [[spoof, T0 + 60 * MIN, T0 + 80 * MIN, 3]],
      );
      assert.ok(onLand[0].details.distanceToWaterM > 10_000);
    });
  }

  it('areas of interest of every kind are known water, out to the tolerance', () => {
    const mmsi = 273_000_105;
    // a ship at sea whose positions are spoofed to Yanji for an hour, then back where it was
    const positions = leg(mmsi, T0, SEA, [131.9, 41.9], 10, 10 * MIN);
    const k = positions.findIndex((p) => p.tsMs === T0 + 60 * MIN);
    for (let j = 0; j < 4; j++) positions[k + j] = { ...positions[k + j], lon: YANJI[0], lat: YANJI[1] };
    assert.equal(onLandEvents(positions, []).length, 1);
    // a rail terminal (no ship calls there) centred 2 km from the fixes, 500 m across
    const terminal: Area = {
      id: 'yanji-test',
      name: 'Yanji (test)',
      kind: 'rail-terminal',
      geometry: { type: 'circle', lon: YANJI[0], lat: YANJI[1] + 2000 / 111_195, radiusM: 500 },
      source: 'test',
    };
    assert.deepEqual(onLandEvents(positions, [terminal]), []);
    // out of the tolerance again: the area no longer covers it
    const far = { ...terminal, geometry: { ...terminal.geometry, radiusM: 500, lat: YANJI[1] + 0.1 } };
    assert.equal(onLandEvents(positions, [far as Area]).length, 1);
  });

  it('the map alone convicts only far from water: a ship on a river it lacks is not on land', () => {
    // the Neva above St Petersburg (real MarineCadastre-style fixes of ships there lie ~22 km from
    // the 1 km water): a ship sailing it for two hours, its only segment
    const neva = leg(273_000_106, T0, [30.62, 59.8], [30.79, 59.77], 6, 5 * MIN);
    const check = checkAround(neva.map((p) => [p.lon, p.lat] as const));
    assert.ok(distanceToWaterM(check, neva[0].lon, neva[0].lat, TOL) > 15_000);
    assert.deepEqual(onLandEvents(neva, []), []);
    // Yanji, 2 h moored: ~10 km from water, nothing in the track against it
    assert.deepEqual(onLandEvents(hold(273_000_107, T0, YANJI, 2 * H, 10 * MIN), []), []);
    // the Sahara: ≥ landFarInlandM from any water, convicted by the map alone
    const sahara = onLandEvents(hold(273_000_108, T0, SAHARA, 2 * H, 10 * MIN), []);
    assert.deepEqual(
      sahara.map((e) => e.details.evidence),
      ['far-from-water'],
    );
    assert.ok(sahara[0].details.distanceToWaterM >= DEFAULT_PARAMS.landFarInlandM);
  });
});
