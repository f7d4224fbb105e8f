/**
 * Events and user areas in the store, on SQLite and PostgreSQL: `detect` over a store filled from
 * the simulated test scenario stores events; a re-run (whole or a range) replaces them without a
 * duplicate; a failure part-way through storing leaves the previous events as they were.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { messageToRecords } from '../../src/ais/records.js';
import { BUNDLED_AREAS, mergeAreas } from '../../src/areas/index.js';
import { deleteUserArea, loadUserAreas, saveUserAreas } from '../../src/areas/store.js';
import type { Area } from '../../src/areas/types.js';
import { detectInStore, incrementalRange } from '../../src/events/detect-store.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import { detectionRuns, queryEvents, replaceEvents } from '../../src/events/store.js';
import type { VesselEvent } from '../../src/events/types.js';
import { nmeaLines, simulateScenario } from '../../src/scenario/index.js';
import { openStore } from '../../src/store/index.js';
import { buildTracks } from '../../src/tracks/columns.js';
import type { PositionRecord, StaticRecord } from '../../src/tracks/records.js';
import { decodeLines, loadScenario } from '../scenario/helpers.js';
import { ENGINES, type TestDb } from '../store/engines.js';

const result = simulateScenario(loadScenario('test-small'));
const positions: PositionRecord[] = [];
const statics: StaticRecord[] = [];
for (const { msg, meta } of decodeLines(nmeaLines(result)).messages) {
  const r = messageToRecords(msg, meta);
  if (r.position) positions.push(r.position);
  if (r.static) statics.push(r.static);
}
const DAY = 86_400_000;
const T0 = result.truth.periodStartTsMs;

// asked before any test runs: a busy event loop would time the port probe out
const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [i, engine] of ENGINES.entries()) {
  describe(`events store on ${engine.name}`, () => {
    const skip = skips[i];
    const dbs: TestDb[] = [];
    after(async () => {
      for (const d of dbs) await d.drop();
    });
    const filled = async () => {
      const t = await engine.fresh();
      dbs.push(t);
      const store = await openStore(t.location);
      const { runId } = await store.beginIngest({
        sourceName: 'test-small.simulated.nmea',
        contentSha256: 'a'.repeat(64),
        format: 'nmea',
        sizeBytes: null,
      });
      await store.writeBatch(runId, { positions, statics });
      await store.finishIngest(runId, { contentSha256: 'a'.repeat(64), counts: {} });
      return store;
    };
    const run = (
      store: Awaited<ReturnType<typeof openStore>>,
      o: Partial<Parameters<typeof detectInStore>[1]> = {},
    ) =>
      detectInStore(store, {
        sinceMs: null,
        untilMs: null,
        areas: BUNDLED_AREAS,
        areaFilter: null,
        params: DEFAULT_PARAMS,
        ...o,
      });

    it('detects, stores, and a re-run replaces: same events, no duplicates', { skip }, async () => {
      const store = await filled();
      try {
        const first = await run(store);
        const db = await store.db();
        const stored1 = (await queryEvents(db)).map((r) => r.event);
        assert.ok(stored1.length > 50, `${stored1.length} events`);
        assert.equal(stored1.length, first.run.events);
        assert.ok(stored1.some((e) => e.type === 'encounter') && stored1.some((e) => e.type === 'gap'));
        // what comes back is what the detectors produced, field for field
        assert.deepEqual(stored1.map((e) => e.id).sort(), first.events.map((e) => e.id).sort());
        const gap = first.events.find((e) => e.type === 'gap');
        assert.deepEqual(
          stored1.find((e) => e.id === gap?.id),
          JSON.parse(JSON.stringify(gap)),
        );
        // what was read back from the store is what was ingested: the same events as detectAll over
        // the decoded records (support ids are fix times in both)
        const direct = detectAll(
          buildTracks(
            positions,
            statics,
            null,
            positions.map((p) => p.tsMs),
          ),
          BUNDLED_AREAS,
          DEFAULT_PARAMS,
        );
        const key = (e: VesselEvent) =>
          `${e.type} ${e.mmsi} ${e.mmsi2} ${e.startMs} ${e.endMs} ${e.confidence}`;
        assert.deepEqual(first.events.map(key), direct.map(key));
        const again = await run(store);
        assert.equal(again.replaced, stored1.length);
        const stored2 = (await queryEvents(db)).map((r) => r.event);
        assert.deepEqual(
          stored2.map((e) => e.id),
          stored1.map((e) => e.id),
        );
        const runs = await detectionRuns(db);
        assert.equal(runs.length, 2);
        assert.equal(runs[1].params.name, 'shuttle');
        assert.equal(runs[1].countsByType.encounter, 1);
      } finally {
        await store.close();
      }
    });

    it('read in batches of a few vessels, the store gives the events of one batch', { skip }, async () => {
      const store = await filled();
      try {
        const whole = await run(store);
        const batched = await run(store, { batchPositions: 2_000 });
        const spilled = await run(store, { batchPositions: 2_000, memoryPositions: 0 });
        assert.equal(whole.batches, 1);
        assert.ok(batched.batches >= 5, `${batched.batches} batches`);
        assert.equal(batched.spilledBatches, 0, 'a store this small waits in memory between rounds');
        assert.equal(spilled.spilledBatches, spilled.batches - 1, 'all but the first batch in the file');
        assert.ok(
          whole.events.some((e) => e.type === 'encounter') && whole.events.some((e) => e.type === 'gap'),
        );
        // field for field: evidence, coverage verdicts and reception counts cross the batches whole
        assert.deepEqual(batched.events, whole.events);
        assert.deepEqual(spilled.events, whole.events);
      } finally {
        await store.close();
      }
    });

    it('after new input, an incremental run leaves the events a full run gives', { skip }, async () => {
      const t = await engine.fresh();
      dbs.push(t);
      const store = await openStore(t.location);
      const fullT = await engine.fresh();
      dbs.push(fullT);
      const full = await openStore(fullT.location);
      try {
        const ingest = async (s: typeof store, name: string, ps: PositionRecord[], ss: StaticRecord[]) => {
          const { runId } = await s.beginIngest({
            sourceName: name,
            contentSha256: null,
            format: 'nmea',
            sizeBytes: null,
          });
          await s.writeBatch(runId, { positions: ps, statics: ss });
          await s.finishIngest(runId, { contentSha256: name.padEnd(64, '0').slice(0, 64), counts: {} });
        };
        // the last fifth of the scenario arrives later, as a live feed's next file would; a
        // context of two days (the scenario spans eleven) lets the run skip the early days
        const times = positions.map((p) => p.tsMs).sort((a, b) => a - b);
        const cutMs = times[Math.floor(times.length * 0.8)];
        const contextMs = 2 * DAY;
        const early = positions.filter((p) => p.tsMs < cutMs);
        const late = positions.filter((p) => p.tsMs >= cutMs);
        assert.ok(early.length > 1000 && late.length > 1000, `${early.length} / ${late.length}`);
        await ingest(store, 'a.nmea', early, statics);
        const first = await detectInStore(store, {
          sinceMs: null,
          untilMs: null,
          areas: BUNDLED_AREAS,
          areaFilter: null,
          params: DEFAULT_PARAMS,
          contextMs,
        });
        assert.equal(first.run.complete, true);
        assert.deepEqual(await incrementalRange(store, BUNDLED_AREAS, DEFAULT_PARAMS, contextMs), {
          upToDate: true,
          sinceMs: null,
          untilMs: null,
          reason: `no input ingested since detection run ${first.run.id}`,
        });
        await ingest(store, 'b.nmea', late, []);
        const range = await incrementalRange(store, BUNDLED_AREAS, DEFAULT_PARAMS, contextMs);
        assert.ok(range !== null && !range.upToDate && range.sinceMs !== null, JSON.stringify(range));
        // only the last day and its context is detected again, not the whole scenario
        assert.ok(range.sinceMs > Math.min(...positions.map((p) => p.tsMs)), range.reason);
        assert.equal(range.untilMs, Math.max(...late.map((p) => p.tsMs)));
        const second = await detectInStore(store, {
          sinceMs: range.sinceMs,
          untilMs: range.untilMs,
          areas: BUNDLED_AREAS,
          areaFilter: null,
          params: DEFAULT_PARAMS,
          complete: true,
          contextMs,
        });
        assert.ok(
          second.run.positions < positions.length,
          `${second.run.positions} of ${positions.length} read`,
        );
        // The same inputs, detected whole and then over the incremental run's range with the same
        // context: the events of the range are those, field for field. (Not those of a run over
        // the whole store: a source's reach and span are measured on the fixes a run reads,
        // coverage.ts.) Events before the range stay as the first run found them.
        await ingest(full, 'a.nmea', early, statics);
        await ingest(full, 'b.nmea', late, []);
        await detectInStore(full, {
          sinceMs: null,
          untilMs: null,
          areas: BUNDLED_AREAS,
          areaFilter: null,
          params: DEFAULT_PARAMS,
        });
        const ranged = await detectInStore(full, {
          sinceMs: range.sinceMs,
          untilMs: range.untilMs,
          areas: BUNDLED_AREAS,
          areaFilter: null,
          params: DEFAULT_PARAMS,
          contextMs,
        });
        const sinceMs = range.sinceMs;
        const stored = async (s: typeof store) =>
          (await queryEvents(await s.db())).map((r) => r.event).sort((a, b) => (a.id < b.id ? -1 : 1));
        const got = await stored(store);
        const inRange = (e: VesselEvent) => e.startMs >= sinceMs;
        assert.ok(got.filter(inRange).length > 20, `${got.filter(inRange).length} events in the range`);
        assert.deepEqual(got.filter(inRange), (await stored(full)).filter(inRange));
        assert.equal(second.run.positions, ranged.run.positions);
        assert.deepEqual(
          got.filter((e) => !inRange(e)),
          first.events.filter((e) => !inRange(e)).sort((a, b) => (a.id < b.id ? -1 : 1)),
        );
        // a hand-picked range leaves the events partial: the next run is a full one
        await run(store, { sinceMs: cutMs, untilMs: cutMs + DAY });
        assert.equal(await incrementalRange(store, BUNDLED_AREAS, DEFAULT_PARAMS), null);
      } finally {
        await store.close();
        await full.close();
      }
    });

    it('a range re-run replaces only events starting in the range', { skip }, async () => {
      const store = await filled();
      try {
        await run(store);
        const db = await store.db();
        const before = (await queryEvents(db)).map((r) => r.event);
        const since = T0 + 3 * DAY;
        const until = T0 + 6 * DAY;
        const r = await run(store, { sinceMs: since, untilMs: until });
        const inRange = before.filter((e) => e.startMs >= since && e.startMs <= until);
        assert.ok(inRange.length > 5);
        assert.equal(r.replaced, inRange.length);
        const after = (await queryEvents(db)).map((x) => x.event);
        assert.equal(new Set(after.map((e) => e.id)).size, after.length);
        // events outside the range are untouched; inside, the range run found the same events
        assert.deepEqual(after.map((e) => e.id).sort(), before.map((e) => e.id).sort());
        const rows = await queryEvents(db);
        const runIds = new Set(
          rows
            .filter((x) => x.event.startMs >= since && x.event.startMs <= until)
            .map((x) => x.detectionRunId),
        );
        assert.deepEqual([...runIds], [r.run.id]);
      } finally {
        await store.close();
      }
    });

    it('a failure while storing leaves the previous events and runs as they were', { skip }, async () => {
      const store = await filled();
      try {
        const first = await run(store);
        const db = await store.db();
        const before = await queryEvents(db);
        // 600 events (more than one INSERT) with a bad one at the end: a NOT NULL column gets null
        const many: VesselEvent[] = [];
        for (let i = 0; i < 600; i++) many.push({ ...first.events[0], id: `x${i}` } as VesselEvent);
        many.push({ ...first.events[0], id: 'bad', lon: null } as unknown as VesselEvent);
        await assert.rejects(
          replaceEvents(
            db,
            {
              startedMs: 0,
              finishedMs: 0,
              params: DEFAULT_PARAMS,
              areasHash: '',
              areaFilter: null,
              sinceMs: null,
              untilMs: null,
              vessels: 0,
              positions: 0,
            },
            many,
            null,
          ),
        );
        assert.deepEqual(await queryEvents(db), before);
        assert.equal((await detectionRuns(db)).length, 1);
      } finally {
        await store.close();
      }
    });

    it('--area: only vessels near the area, and only their events are replaced', { skip }, async () => {
      const store = await filled();
      try {
        await run(store);
        const db = await store.db();
        const before = (await queryEvents(db)).map((r) => r.event);
        const r = await run(store, { areaFilter: ['dunai'] });
        assert.ok(r.run.vessels >= 1 && r.run.vessels < 10, `${r.run.vessels} vessels`);
        const after = (await queryEvents(db)).map((x) => x.event);
        assert.equal(new Set(after.map((e) => e.id)).size, after.length);
        assert.deepEqual(after.map((e) => e.id).sort(), before.map((e) => e.id).sort());
      } finally {
        await store.close();
      }
    });

    it('user areas: saved, replaced by id, merged over the bundled set, removed', { skip }, async () => {
      const t = await engine.fresh();
      dbs.push(t);
      const store = await openStore(t.location);
      try {
        const db = await store.db();
        const mine: Area = {
          id: 'vostochny',
          name: 'Vostochny container terminal',
          kind: 'port',
          geometry: {
            type: 'polygon',
            rings: [
              [
                [133.05, 42.72],
                [133.08, 42.72],
                [133.08, 42.75],
                [133.05, 42.72],
              ],
            ],
          },
          thresholds: { gapMinMs: 21_600_000 },
          source: 'test',
        };
        const extra: Area = {
          id: 'test-anchorage',
          name: 'Test anchorage',
          kind: 'anchorage',
          geometry: { type: 'circle', lon: 131.5, lat: 42.5, radiusM: 2000 },
          source: 'test',
          note: 'n',
        };
        await saveUserAreas(db, [mine, extra], 1);
        await saveUserAreas(db, [{ ...extra, name: 'Renamed' }], 2);
        const user = await loadUserAreas(db);
        assert.deepEqual(user, [{ ...extra, name: 'Renamed' }, mine]);
        const merged = mergeAreas(BUNDLED_AREAS, user);
        assert.equal(merged.length, BUNDLED_AREAS.length + 1);
        assert.deepEqual(
          merged.find((a) => a.id === 'vostochny'),
          mine,
        );
        assert.equal(await deleteUserArea(db, 'vostochny'), true);
        assert.equal(await deleteUserArea(db, 'vostochny'), false);
        assert.deepEqual(await loadUserAreas(db), [{ ...extra, name: 'Renamed' }]);
      } finally {
        await store.close();
      }
    });
  });
}
