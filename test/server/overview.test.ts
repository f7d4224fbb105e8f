/**
 * The map's overview served from the store (`track_overviews`, src/server/overview-store.ts) and
 * the paged lists, on SQLite and PostgreSQL, in-process (`buildApp`, schemas checked):
 * - `tallyman ingest` then `detect` leave a current row for every vessel, and the default `/api/tracks` is byte
 *   for byte what the path that reads every track gives;
 * - a missing, stale (more fixes since) or garbled-but-stamped-stale row is made again on the
 *   request, and stored; rows made from a part of a track are never taken as current;
 * - the stored station kinds give the same `listVessels` as the scan of the positions;
 * - `/api/vessels` and `/api/events` pages, followed by `next`, give the whole list once, in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { OVERVIEW_PARAMS_KEY, overviewOfTrack, overviewRowsOf } from '../../src/server/overview.js';
import { readOverviews, refreshOverviews, writeOverviews } from '../../src/server/overview-store.js';
import { trackColumns } from '../../src/server/queries.js';
import { openStore } from '../../src/store/index.js';
import { withOverviews } from '../../src/store/schema-overviews.js';
import type { Store } from '../../src/store/types.js';
import { isVesselStation } from '../../src/tracks/station.js';
import { ENGINES, type TestDb } from '../store/engines.js';
import { fillStore } from './fixture.js';

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

/** The path that reads every fix (a `from` makes the query other than the overview's). */
const COMPUTED = '/api/tracks?from=1970';

for (const [k, engine] of ENGINES.entries()) {
  describe(`map overview and paged lists on ${engine.name}`, () => {
    const skip = skips[k]!;
    let db: TestDb;
    let store: Store;
    let detected = false;

    /** A fresh app: its answer cache is empty, so each first request reads the store. */
    const withApp = async <T>(f: (app: FastifyInstance) => Promise<T>): Promise<T> => {
      const { app } = await buildApp({ store, checkResponses: true });
      try {
        return await f(app);
      } finally {
        await app.close();
      }
    };
    const tracksText = (app: FastifyInstance, url = '/api/tracks') =>
      app.inject({ url }).then((r) => {
        assert.equal(r.statusCode, 200, r.body);
        return r.body;
      });

    before(async () => {
      if (skip) return;
      db = await engine.fresh();
      ({ detected } = fillStore(db.arg));
      store = await openStore(db.location);
    });
    after(async () => {
      if (skip) return;
      await store?.close();
      await db?.drop();
    });

    test('ingest and detect leave a current overview row for every vessel', { skip }, async () => {
      const state = await readOverviews(await store.db());
      assert.ok(state.length > 10, `${state.length} vessels`);
      const stale = state.filter((s) => !s.current).map((s) => s.mmsi);
      assert.deepEqual(stale, [], 'stale or missing rows after detect');
      assert.ok(state.every((s) => s.row?.params === OVERVIEW_PARAMS_KEY));
    });

    test('default /api/tracks is byte for byte the path that reads every track', { skip }, async () => {
      await withApp(async (app) => {
        const stored = await tracksText(app);
        assert.equal(stored, await tracksText(app, COMPUTED));
        assert.equal(stored, await tracksText(app, '/api/tracks?maxPointsPerVessel=2000&toleranceM=250'));
        const parsed = JSON.parse(stored) as { simulated: boolean; tracks: Array<{ mmsi: number }> };
        assert.equal(parsed.simulated, true);
        assert.ok(parsed.tracks.length > 10);
        // another query is computed as before
        const other = JSON.parse(await tracksText(app, '/api/tracks?toleranceM=0&maxPointsPerVessel=100'));
        assert.equal(other.tracks.length, parsed.tracks.length);
      });
    });

    test('a missing, stale or wrongly made row is made again on the request and stored', {
      skip,
    }, async () => {
      const kdb = await store.db();
      const odb = withOverviews(kdb);
      const expected = await withApp((app) => tracksText(app, COMPUTED));
      const rows = await odb.selectFrom('track_overviews').select(['mmsi', 'position_count']).execute();
      const big = rows.filter((r) => Number(r.position_count) > 10);
      const [gone, older, otherParams] = [big[0]!, big[1]!, big[2]!];
      await odb.deleteFrom('track_overviews').where('mmsi', '=', gone.mmsi).execute();
      // a row made when the vessel had a fix fewer, with a body that is not its track
      await odb
        .updateTable('track_overviews')
        .set({ position_count: Number(older.position_count) - 1, body: '{"mmsi":1}' })
        .where('mmsi', '=', older.mmsi)
        .execute();
      await odb
        .updateTable('track_overviews')
        .set({ params: 'v0:other', body: '{"mmsi":2}' })
        .where('mmsi', '=', otherParams.mmsi)
        .execute();
      const before = await readOverviews(kdb);
      assert.deepEqual(
        before.filter((s) => !s.current).map((s) => s.mmsi),
        [gone.mmsi, older.mmsi, otherParams.mmsi].sort((a, b) => a - b),
      );
      assert.equal(await withApp((app) => tracksText(app)), expected);
      assert.deepEqual(
        (await readOverviews(kdb)).filter((s) => !s.current),
        [],
        'the request stored the rows it made',
      );
    });

    test('new fixes make a vessel stale; refreshOverviews makes only the stale ones', { skip }, async () => {
      const kdb = await store.db();
      const state = await readOverviews(kdb);
      const target = state.find(
        (s) => s.positionCount > 10 && s.row !== null && isVesselStation(s.row.kind),
      )!;
      const cols = await trackColumns(kdb, target.mmsi, {});
      const last = cols.length - 1;
      const run = await store.beginIngest({
        sourceName: 'overview-test.simulated.nmea',
        contentSha256: 'f'.repeat(64),
        format: 'nmea',
        sizeBytes: null,
      });
      await store.writeBatch(run.runId, {
        positions: [1, 2, 3].map((i) => ({
          mmsi: target.mmsi,
          tsMs: cols.tsMs[last]! + i * 60_000,
          lon: cols.lon[last]! + i * 0.01,
          lat: cols.lat[last]!,
          speedKnots: 10,
          courseDeg: 90,
          headingDeg: null,
          navStatus: 0,
          msgType: 1,
          source: null,
        })),
        statics: [],
      });
      await store.finishIngest(run.runId, { contentSha256: 'f'.repeat(64), counts: {} });
      const stale = (await readOverviews(await store.db())).filter((s) => !s.current);
      assert.deepEqual(
        stale.map((s) => s.mmsi),
        [target.mmsi],
      );
      // the route serves the new track without any refresh having run
      const served = await withApp(async (app) => {
        const text = await tracksText(app);
        assert.equal(text, await tracksText(app, COMPUTED));
        return JSON.parse(text) as { tracks: Array<{ mmsi: number; count: number }> };
      });
      assert.equal(served.tracks.find((t) => t.mmsi === target.mmsi)?.count, cols.length + 3);
      // stale again (row deleted): refresh makes that one only
      await withOverviews(await store.db())
        .deleteFrom('track_overviews')
        .where('mmsi', '=', target.mmsi)
        .execute();
      const r = await refreshOverviews(store);
      assert.equal(r.refreshed, 1);
      assert.equal(r.positions, cols.length + 3);
      assert.equal((await refreshOverviews(store)).refreshed, 0);
    });

    test('rows from tracks read elsewhere: whole tracks current, a part of one stale', { skip }, async () => {
      const kdb = await store.db();
      const state = await readOverviews(kdb);
      const [a, b] = state.filter((s) => s.positionCount > 10);
      const colsA = await trackColumns(kdb, a!.mmsi, {});
      const colsB = await trackColumns(kdb, b!.mmsi, {});
      const half = {
        tsMs: Array.from(colsB.tsMs).slice(0, colsB.length >> 1),
        lon: Array.from(colsB.lon).slice(0, colsB.length >> 1),
        lat: Array.from(colsB.lat).slice(0, colsB.length >> 1),
        length: colsB.length >> 1,
      };
      const rows = overviewRowsOf([
        { mmsi: a!.mmsi, station: a!.row!.kind, ...colsA },
        { mmsi: b!.mmsi, station: b!.row!.kind, ...half },
      ]);
      assert.equal(rows[0]!.body, overviewOfTrack(a!.mmsi, colsA).body);
      // the half track's row is not written: it would replace a current row with a stale one
      assert.equal(await writeOverviews(kdb, rows), 1);
      let after = new Map((await readOverviews(kdb, { bodies: true })).map((s) => [s.mmsi, s]));
      assert.equal(after.get(a!.mmsi)?.current, true);
      assert.equal(after.get(b!.mmsi)?.current, true);
      assert.notEqual(after.get(b!.mmsi)?.row?.body, rows[1]!.body, 'half a track is not the overview');
      // with the vessel's row gone, a stale row is never made from it either
      await withOverviews(kdb).deleteFrom('track_overviews').where('mmsi', '=', b!.mmsi).execute();
      assert.equal(await writeOverviews(kdb, [rows[1]!]), 0);
      after = new Map((await readOverviews(kdb)).map((s) => [s.mmsi, s]));
      assert.equal(after.get(b!.mmsi)?.row, null);
      const expected = await withApp((app) => tracksText(app, COMPUTED));
      assert.equal(await withApp((app) => tracksText(app)), expected);
      assert.equal((await readOverviews(kdb)).filter((s) => !s.current).length, 0);
    });

    test('rows made on threads (SQLite) are the rows made on this thread', { skip }, async (t) => {
      if (engine.name !== 'sqlite') return t.skip('threads read SQLite files only');
      const odb = withOverviews(await store.db());
      const q = odb
        .selectFrom('track_overviews')
        .select(['mmsi', 'position_count', 'kind', 'body'])
        .orderBy('mmsi');
      const serial = await q.execute();
      await odb.deleteFrom('track_overviews').execute();
      const r = await refreshOverviews(store, { threadMinFixes: 0 });
      assert.equal(r.refreshed, serial.length);
      assert.deepEqual(await q.execute(), serial);
    });

    test('listVessels: stored kinds give what the scan of the positions gives', { skip }, async () => {
      const stored = await store.listVessels();
      await withOverviews(await store.db())
        .deleteFrom('track_overviews')
        .execute();
      const scanned = await store.listVessels();
      assert.deepEqual(stored, scanned);
      assert.ok(scanned.length > 10);
      await refreshOverviews(store);
    });

    test('/api/vessels pages: keyset by MMSI or by fixes, total, from/to, cursor checks', {
      skip,
    }, async () => {
      await withApp(async (app) => {
        const get = async (url: string) => {
          const r = await app.inject({ url });
          assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
          return r.json() as {
            vessels: Array<{
              mmsi: number;
              positionCount: number;
              firstSeenMs: number;
              lastSeenMs: number;
              kind: string;
            }>;
            total: number;
            next: string | null;
          };
        };
        const all = await get('/api/vessels?limit=10000');
        assert.equal(all.next, null);
        assert.equal(all.total, all.vessels.length);
        assert.ok(all.vessels.every((v) => isVesselStation(v.kind as never)));
        const everyStation = await get('/api/vessels?all=true');
        assert.ok(everyStation.total >= all.total);
        for (const sort of ['mmsi', 'positions'] as const) {
          const seen: typeof all.vessels = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const page = await get(
              `/api/vessels?sort=${sort}&limit=7${cursor === null ? '' : `&cursor=${cursor}`}`,
            );
            assert.equal(page.total, all.total);
            assert.ok(page.vessels.length <= 7);
            seen.push(...page.vessels);
            cursor = page.next;
            pages++;
          } while (cursor !== null);
          assert.equal(pages, Math.ceil(all.total / 7));
          const expected =
            sort === 'mmsi'
              ? all.vessels
              : [...all.vessels].sort((x, y) => y.positionCount - x.positionCount || x.mmsi - y.mmsi);
          assert.deepEqual(seen, expected, `sort=${sort}`);
        }
        const mid = all.vessels[Math.floor(all.vessels.length / 2)]!;
        const from = mid.firstSeenMs;
        const to = mid.firstSeenMs + 3_600_000;
        const heard = await get(`/api/vessels?from=${from}&to=${to}&limit=10000`);
        const expected = all.vessels.filter((v) => v.firstSeenMs <= to && v.lastSeenMs >= from);
        assert.deepEqual(heard.vessels, expected);
        assert.equal(heard.total, expected.length);
        const first = await get('/api/vessels?limit=2');
        const wrong = await app.inject({ url: `/api/vessels?sort=positions&cursor=${first.next}` });
        assert.equal(wrong.statusCode, 400);
        assert.equal((await app.inject({ url: '/api/vessels?cursor=junk' })).statusCode, 400);
        assert.equal((await app.inject({ url: `/api/vessels?from=${to}&to=${from}` })).statusCode, 400);
      });
    });

    test('/api/events pages by (start, id): every event once, total', { skip }, async () => {
      await withApp(async (app) => {
        const get = async (url: string) => {
          const r = await app.inject({ url });
          assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
          return r.json() as {
            available: boolean;
            events: Array<{ id: string; startMs: number; type: string }>;
            total: number;
            next: string | null;
          };
        };
        const all = await get('/api/events?limit=100000');
        assert.equal(all.available, detected);
        if (!detected) return;
        assert.equal(all.total, all.events.length);
        assert.equal(all.next, null);
        const sorted = [...all.events].sort(
          (a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        );
        assert.deepEqual(all.events, sorted);
        const seen: typeof all.events = [];
        let cursor: string | null = null;
        do {
          const page = await get(`/api/events?limit=9${cursor === null ? '' : `&cursor=${cursor}`}`);
          assert.equal(page.total, all.total);
          seen.push(...page.events);
          cursor = page.next;
        } while (cursor !== null);
        assert.deepEqual(seen, all.events);
        const type = all.events[0]!.type;
        const byType = await get(`/api/events?type=${type}&limit=3`);
        assert.equal(byType.total, all.events.filter((e) => e.type === type).length);
      });
    });
  });
}
