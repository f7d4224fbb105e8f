/**
 * One threshold flow: readers of events (shipments propose) use what `detect` stored, with the
 * parameters of that run, and detect again only when the events are stale, saying why.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { currentEvents, detectInStore } from '../../src/events/detect-store.js';
import { eventsFreshness, paramsOfRun } from '../../src/events/freshness.js';
import { DEFAULT_PARAMS, PARAM_SETS } from '../../src/events/params.js';
import { areasHash, type DetectionRun } from '../../src/events/store.js';
import { emptyCounts } from '../../src/sources/types.js';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../cli/run-cli.js';
import { ingestSmall } from '../shipments/scenario.js';

const run = (over: Partial<DetectionRun> = {}): DetectionRun => ({
  id: 4,
  startedMs: 1_000,
  finishedMs: 2_000,
  params: { ...PARAM_SETS.gfw },
  areasHash: 'h',
  areaFilter: null,
  sinceMs: null,
  untilMs: null,
  vessels: 1,
  positions: 1,
  events: 0,
  countsByType: {},
  ...over,
});

describe('eventsFreshness (pure)', () => {
  it('fresh: the last run, its own parameters', () => {
    const f = eventsFreshness([run({ id: 3 }), run()], [{ sourceName: 'a.nmea', finishedMs: 900 }], 'h');
    assert.equal(f.fresh, true);
    assert.equal(f.run?.id, 4);
    assert.equal(f.params.name, 'gfw');
    assert.equal(f.params.gapMinMs, PARAM_SETS.gfw.gapMinMs);
  });
  it('stale: no run, data after the run, areas changed, parameters this version lacks', () => {
    const none = eventsFreshness([], [], 'h');
    assert.equal(none.fresh, false);
    assert.match(!none.fresh ? none.reason : '', /no detection run/);
    assert.equal(none.params.name, DEFAULT_PARAMS.name);
    const later = eventsFreshness([run()], [{ sourceName: 'b.nmea', finishedMs: 5_000 }], 'h');
    assert.match(!later.fresh ? later.reason : '', /1 input ingested after detection run 4 \(b\.nmea\)/);
    // finished in the very millisecond the run started: the run read it (one process, in turn)
    assert.equal(eventsFreshness([run()], [{ sourceName: 'c.nmea', finishedMs: 1_000 }], 'h').fresh, true);
    const running = eventsFreshness([run()], [{ sourceName: 'tcp://x', finishedMs: null }], 'h');
    assert.equal(running.fresh, false);
    const moved = eventsFreshness([run()], [], 'other');
    assert.match(!moved.fresh ? moved.reason : '', /the areas changed after detection run 4/);
    const { gapDarkMaxMs: _dropped, ...old } = PARAM_SETS.gfw;
    const older = eventsFreshness([run({ params: old as typeof PARAM_SETS.gfw })], [], 'h');
    assert.match(!older.fresh ? older.reason : '', /predates parameters gapDarkMaxMs/);
    // completed from the run's named set, its own recorded values kept
    assert.equal(older.params.gapDarkMaxMs, PARAM_SETS.gfw.gapDarkMaxMs);
    assert.deepEqual(paramsOfRun(run({ params: { ...PARAM_SETS.gfw, gapMinMs: 1 } })).gapMinMs, 1);
  });
});

describe('currentEvents on a store', () => {
  it('detects once, then reads what detect stored; detects again after new data, saying so', async () => {
    const store = await openStore({ path: join(tempDir('tallyman-fresh-'), 't.db') });
    try {
      await ingestSmall(store);
      const first = await currentEvents(store, { areas: BUNDLED_AREAS });
      assert.match(first.redetected ?? '', /no detection run yet/);
      const again = await currentEvents(store, { areas: BUNDLED_AREAS });
      assert.equal(again.redetected, null);
      assert.equal(again.run.id, first.run.id);
      assert.deepEqual(again.events.map((e) => e.id).sort(), first.events.map((e) => e.id).sort());
      // a detect with another set is what propose then follows
      await detectInStore(store, {
        sinceMs: null,
        untilMs: null,
        areas: BUNDLED_AREAS,
        areaFilter: null,
        params: PARAM_SETS.gfw,
      });
      const gfw = await currentEvents(store, { areas: BUNDLED_AREAS });
      assert.equal(gfw.redetected, null);
      assert.equal(gfw.params.name, 'gfw');
      assert.ok(gfw.events.every((e) => e.params.paramSet === 'gfw'));
      // new data: detected again with the last run's parameters
      const b = await store.beginIngest({
        sourceName: 'later.nmea',
        contentSha256: 'later',
        format: 'nmea',
        sizeBytes: null,
      });
      await store.writeBatch(b.runId, {
        positions: [
          {
            mmsi: 273_999_001,
            tsMs: Date.UTC(2023, 8, 5),
            lon: 131,
            lat: 42,
            speedKnots: 5,
            courseDeg: null,
            headingDeg: null,
            navStatus: 0,
            msgType: 1,
            source: null,
          },
        ],
        statics: [],
      });
      await store.finishIngest(b.runId, { contentSha256: 'later', counts: emptyCounts() });
      const stale = await currentEvents(store, { areas: BUNDLED_AREAS });
      assert.match(stale.redetected ?? '', /1 input ingested after detection run \d+ \(later\.nmea\)/);
      assert.equal(stale.params.name, 'gfw');
      assert.ok(stale.run.id > gfw.run.id);
      // the areas are part of it: another set of areas is stale too
      assert.match(
        (await currentEvents(store, { areas: BUNDLED_AREAS.slice(1) })).redetected ?? '',
        /areas changed/,
      );
      assert.notEqual(areasHash(BUNDLED_AREAS), areasHash(BUNDLED_AREAS.slice(1)));
    } finally {
      await store.close();
    }
  });
});
