/** Columnar tracks and their cleaning (src/tracks/columns.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTracks, cleanTrack, DEFAULT_CLEAN, NAV_STATUS_NA } from '../../src/tracks/columns.js';
import { MIN, pos, steam } from './scenario.js';

const T = Date.UTC(2024, 0, 1);

describe('columnar tracks', () => {
  it('groups per vessel, orders by time, keeps ids, n/a as NaN', () => {
    const recs = [pos(2, T + MIN, 131, 42, null), pos(1, T, 130, 41, 5), pos(2, T, 131.001, 42, 3)];
    recs[0].navStatus = 0;
    const [a, b] = buildTracks(recs);
    assert.equal(a.mmsi, 1);
    assert.deepEqual([...b.positionId], [2, 0]);
    assert.deepEqual([...b.tsMs], [T, T + MIN]);
    assert.ok(Number.isNaN(b.speedKnots[1]));
    assert.deepEqual([...b.navStatus], [NAV_STATUS_NA, 0]);
    assert.deepEqual(b.cleaning, DEFAULT_CLEAN);
  });
  it('drops exact duplicates and invalid positions, with the reason', () => {
    const recs = [pos(1, T, 130, 41, 5), pos(1, T, 130, 41, 5), pos(1, T + MIN, 181, 41, 5)];
    const [t] = buildTracks(recs);
    assert.equal(t.length, 1);
    assert.deepEqual(
      t.dropped.map((d) => [d.positionId, d.reason]),
      [
        [1, 'duplicate'],
        [2, 'invalid-position'],
      ],
    );
  });
  it('drops a one-fix spike but keeps a relocation the track continues from', () => {
    const recs = steam(1, T, 131, 42, 90, 10, 30 * MIN, MIN);
    recs[10] = { ...recs[10], lat: recs[10].lat + 0.5 };
    for (let i = 20; i < recs.length; i++) recs[i] = { ...recs[i], lon: recs[i].lon + 1 };
    const [t] = buildTracks(recs);
    assert.deepEqual(
      t.dropped.map((d) => [d.positionId, d.reason, d.prevPositionId, d.nextPositionId]),
      [[10, 'impossible-jump', 9, 11]],
    );
    assert.equal(t.length, recs.length - 1);
    assert.equal(t.jumps.length, 1);
    assert.equal(t.positionId[t.jumps[0].toIndex], 20);
    assert.ok(t.jumps[0].impliedSpeedKnots > 1000);
  });
  it('GNSS jitter within 500 m is never a jump, whatever speed it implies', () => {
    const recs = [pos(1, T, 131, 42, 0), pos(1, T + 1000, 131.003, 42, 0), pos(1, T + 2000, 131, 42, 0)];
    const [raw] = buildTracks(recs, [], null);
    const t = cleanTrack(raw, { ...DEFAULT_CLEAN, maxSpeedKnots: 30, jitterM: 500 });
    assert.equal(t.length, 3);
    assert.equal(cleanTrack(raw, { ...DEFAULT_CLEAN, maxSpeedKnots: 30, jitterM: 100 }).dropped.length, 1);
  });
});
