/**
 * Ship types that name one kind of ship do not make an identity change: a type 5's 80 (tanker)
 * and an inland AIS report's 89 (tanker, no additional information) — the case of MMSI 211464830
 * in DMA's stream_example capture — while tanker → cargo, or fishing → towing, still does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { shipKindOf } from '../../src/events/identity.js';
import { detectAll } from '../../src/events/pipeline.js';
import { buildTracks } from '../../src/tracks/columns.js';
import { H, pos, stat, T0 } from './scenario.js';

const M = 211_464_830;
const changes = (types: number[]) =>
  detectAll(
    buildTracks(
      [pos(M, T0, 4.3, 51.2, 0)],
      types.map((shipType, i) => stat(M, T0 + i * H, { shipType })),
    ),
    BUNDLED_AREAS,
  ).filter((e) => e.type === 'identity-change');

describe('identity changes of ship type', () => {
  it('the hazard digit and "no additional information" are one kind (ITU-R M.1371 Table 53)', () => {
    for (const [a, b] of [
      [80, 89],
      [70, 71],
      [60, 69],
      [20, 24],
      [40, 49],
      [90, 99],
    ])
      assert.equal(shipKindOf(a), shipKindOf(b), `${a} and ${b}`);
    for (const [a, b] of [
      [30, 31],
      [52, 53],
      [70, 80],
      [36, 37],
    ])
      assert.notEqual(shipKindOf(a), shipKindOf(b), `${a} and ${b}`);
  });

  it('80 then 89 is no change; 80 then 70 is, with the raw types in its details', () => {
    assert.deepEqual(changes([80, 89, 84]), []);
    const ev = changes([80, 89, 70]);
    assert.equal(ev.length, 1);
    assert.deepEqual(ev[0].details, { field: 'shipType', from: 89, to: 70 });
  });

  it('0 means "not available": no change to or from it', () => {
    assert.deepEqual(changes([30, 0, 30]), []);
  });
});
