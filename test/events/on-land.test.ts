/**
 * Positions on land against Natural Earth 1:50m (world-atlas, from node_modules): berths at Rajin
 * and Vostochny are not flagged (with the bundled areas and without any), a ship "in" Yanji,
 * 100 km inland in Jilin, is; ships at sea never are.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { isInland, rasterizeLand } from '../../src/events/land.js';
import { naturalEarthLand } from '../../src/events/land-data.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import type { EventOf } from '../../src/events/types.js';
import { buildTracks } from '../../src/tracks/columns.js';
import { H, hold, leg, MIN, place, T0 } from './scenario.js';

const land = naturalEarthLand();
const YANJI: [number, number] = [129.51, 42.89];
const SEA: [number, number] = [131.5, 41.5];

describe('on-land', () => {
  it('the land mask knows sea from land, and the tolerance spares the coast', () => {
    const m = rasterizeLand(land, [128, 40, 135, 45], 0.01);
    assert.equal(isInland(m, ...YANJI, DEFAULT_PARAMS.landToleranceM), true);
    assert.equal(isInland(m, ...SEA, 0), false);
    // Natural Earth 1:50m puts Rajin's reference point ~4 km inland: on land without a tolerance, spared with it
    assert.equal(isInland(m, ...place('rajin'), 0), true);
    assert.equal(isInland(m, ...place('rajin'), DEFAULT_PARAMS.landToleranceM), false);
    assert.equal(isInland(m, ...place('vostochny'), DEFAULT_PARAMS.landToleranceM), false);
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
      const events = detectAll(buildTracks(positions), areas, DEFAULT_PARAMS, undefined, { land });
      const onLand = events.filter((e): e is EventOf<'on-land'> => e.type === 'on-land');
      assert.deepEqual(
        onLand.map((e) => [e.mmsi, e.startMs, e.endMs, e.details.fixes]),
        [[spoof, T0 + 60 * MIN, T0 + 80 * MIN, 3]],
      );
    });
  }
});
