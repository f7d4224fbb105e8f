/** The store's behaviour, the same test body on SQLite and on PostgreSQL. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore, type Store } from '../../src/store/index.js';
import { type PositionRecord, type StaticRecord, staticRecord } from '../../src/tracks/records.js';
import { ENGINES, type TestDb } from './engines.js';
import { generateTraffic } from './fixtures/generate.js';

const T0 = Date.UTC(2024, 2, 1);

function pos(
  mmsi: number,
  minute: number,
  lon: number,
  lat: number,
  extra: Partial<PositionRecord> = {},
): PositionRecord {
  return {
    mmsi,
    tsMs: T0 + minute * 60_000,
    lon,
    lat,
    speedKnots: null,
    courseDeg: null,
    headingDeg: null,
    navStatus: null,
    msgType: null,
    source: null,
    ...extra,
  };
}

function stat(mmsi: number, minute: number | null, fields: Partial<StaticRecord>): StaticRecord {
  return staticRecord(mmsi, minute === null ? null : T0 + minute * 60_000, { msgType: 5, ...fields });
}

const RU = 273_123_456; // MID 273: Russia
const KP = 445_000_111; // MID 445: DPRK

async function ingest(
  store: Store,
  sha: string,
  batches: { positions: PositionRecord[]; statics: StaticRecord[] }[],
) {
  const run = await store.beginIngest({ sourceName: sha, contentSha256: sha, format: 'nmea', sizeBytes: 1 });
  if (run.alreadyIngested) return run;
  for (const b of batches) await store.writeBatch(run.runId, b);
  await store.finishIngest(run.runId, { contentSha256: sha, counts: { batches: batches.length } });
  return run;
}

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [i, engine] of ENGINES.entries()) {
  describe(`store (${engine.name})`, { skip: skips[i] }, () => {
    let db: TestDb;
    let store: Store;
    before(async () => {
      db = await engine.fresh();
      store = await openStore({ ...db.location, flushRows: 3 });
    });
    after(async () => {
      await store?.close();
      await db?.drop();
    });

    it('migrates from scratch to empty tables, and reopening migrates nothing twice', async () => {
      assert.deepEqual(await store.listVessels(), []);
      assert.deepEqual(await store.ingestRuns(), []);
      const again = await openStore(db.location);
      assert.deepEqual(await again.listVessels(), []);
      await again.close();
    });

    it('round-trips positions and statics with nulls preserved', async () => {
      const full = pos(RU, 0, 131.9, 42.8, {
        speedKnots: 11.5,
        courseDeg: 200.1,
        headingDeg: 199,
        navStatus: 0,
        msgType: 1,
        source: 'rx-1',
      });
      const bare = pos(RU, 1, 131.91, 42.79);
      const s = stat(RU, 0, {
        imo: 9_123_456,
        name: 'ANGARA',
        callSign: 'UBXY7',
        shipType: 70,
        lengthM: 120,
        beamM: 20,
      });
      const v = stat(RU, 2, { draughtM: 7.2, destination: 'VOSTOCHNY', eta: '03-04T08:00Z', source: 'rx-1' });
      await ingest(store, 'round-trip', [{ positions: [full, bare], statics: [s, v] }]);

      assert.deepEqual(await store.track(RU), [full, bare]);
      const vessel = await store.getVessel(RU);
      assert.deepEqual(vessel, {
        mmsi: RU,
        kind: 'ship',
        imo: 9_123_456,
        name: 'ANGARA',
        callSign: 'UBXY7',
        flag: 'RU',
        shipType: 70,
        lengthM: 120,
        beamM: 20,
        firstSeenMs: T0,
        lastSeenMs: T0 + 2 * 60_000,
        positionCount: 2,
      });
      assert.deepEqual(await store.voyageReports(RU), [
        {
          mmsi: RU,
          tsMs: T0 + 120_000,
          draughtM: 7.2,
          destination: 'VOSTOCHNY',
          eta: '03-04T08:00Z',
          source: 'rx-1',
        },
      ]);
      assert.equal(await store.getVessel(123), null);
    });

    it('keeps an identity history: a rename gives two identities with their own first/last seen', async () => {
      const named = (minute: number, name: string) =>
        stat(KP, minute, { imo: 9_000_001, name, callSign: 'HMXX', shipType: 70, lengthM: 100, beamM: 16 });
      // Out of time order, and the first name heard twice: counts and times must not care.
      await ingest(store, 'rename', [
        { positions: [], statics: [named(30, 'NEW NAME'), named(10, 'OLD NAME')] },
        { positions: [], statics: [named(0, 'OLD NAME'), named(40, 'NEW NAME'), named(0, 'OLD NAME')] },
      ]);
      const history = await store.identityHistory(KP);
      assert.deepEqual(
        history.map((h) => [h.name, h.firstSeenMs, h.lastSeenMs, h.reportCount, h.flag]),
        [
          ['OLD NAME', T0, T0 + 10 * 60_000, 2, 'KP'],
          ['NEW NAME', T0 + 30 * 60_000, T0 + 40 * 60_000, 2, 'KP'],
        ],
      );
      assert.equal((await store.getVessel(KP))?.name, 'NEW NAME');
    });

    it('counts each static report once when two captures overlap by hundreds of reports', async () => {
      // Two receivers' files of one vessel: minutes 0–399 and 200–599 of one identity, then a rename.
      // The overlap spans several 250-row insert chunks, some all new, some all stored, one mixed.
      const mmsi = 273_000_777;
      const report = (minute: number, name: string) =>
        stat(mmsi, minute, { name, callSign: 'UDUP', shipType: 70, source: `rx-${minute % 3}` });
      const range = (from: number, to: number, name: string) =>
        Array.from({ length: to - from }, (_, k) => report(from + k, name));
      await ingest(store, 'overlap-a', [{ positions: [], statics: range(0, 400, 'DUNAI STAR') }]);
      await ingest(store, 'overlap-b', [
        { positions: [], statics: [...range(200, 600, 'DUNAI STAR'), ...range(600, 650, 'NEW STAR')] },
      ]);
      const history = await store.identityHistory(mmsi);
      assert.deepEqual(
        history.map((h) => [h.name, h.firstSeenMs, h.lastSeenMs, h.reportCount]),
        [
          ['DUNAI STAR', T0, T0 + 599 * 60_000, 600],
          ['NEW STAR', T0 + 600 * 60_000, T0 + 649 * 60_000, 50],
        ],
      );
      const runs = (await store.ingestRuns()).filter((r) => r.sourceName.startsWith('overlap-'));
      assert.deepEqual(
        runs.map((r) => [r.sourceName, r.identityReportsAdded]),
        [
          ['overlap-a', 400],
          ['overlap-b', 250],
        ],
      );
    });

    it('ignores duplicate fixes within a batch, across batches and across runs', async () => {
      const mmsi = 273_000_999;
      const a = pos(mmsi, 0, 130, 40, { source: 'first' });
      const b = pos(mmsi, 1, 130.1, 40.1);
      await ingest(store, 'dups-1', [
        { positions: [a, { ...a, source: 'second' }, b], statics: [] },
        { positions: [b, a], statics: [] },
      ]);
      await ingest(store, 'dups-2', [{ positions: [a, b, pos(mmsi, 2, 130.2, 40.2)], statics: [] }]);
      const track = await store.track(mmsi);
      assert.deepEqual(
        track.map((p) => [p.tsMs, p.source]),
        [
          [a.tsMs, 'first'],
          [b.tsMs, null],
          [T0 + 120_000, null],
        ],
      );
      assert.equal((await store.getVessel(mmsi))?.positionCount, 3);
      const runs = await store.ingestRuns();
      assert.deepEqual(
        runs.filter((r) => r.sourceName.startsWith('dups')).map((r) => [r.positionsAdded, r.status]),
        [
          [2, 'completed'],
          [1, 'completed'],
        ],
      );
    });

    it('filters a track by time, bounds inclusive, in time order', async () => {
      const mmsi = 273_000_555;
      const fixes = [5, 1, 3, 2, 4].map((m) => pos(mmsi, m, 140 + m / 100, 45));
      await ingest(store, 'track', [{ positions: fixes, statics: [] }]);
      const mid = await store.track(mmsi, { fromMs: T0 + 2 * 60_000, toMs: T0 + 4 * 60_000 });
      assert.deepEqual(
        mid.map((p) => (p.tsMs - T0) / 60_000),
        [2, 3, 4],
      );
      assert.equal((await store.track(mmsi, { fromMs: T0 + 4 * 60_000 })).length, 2);
      assert.equal((await store.track(mmsi, { toMs: T0 + 60_000 })).length, 1);
    });

    it('finds the vessels inside a box during a time window', async () => {
      const inside = 511_000_001;
      const outside = 511_000_002;
      const late = 511_000_003;
      await ingest(store, 'box', [
        {
          positions: [
            pos(inside, 100, 131.5, 42.5),
            pos(inside, 101, 131.6, 42.6),
            pos(inside, 102, 135, 42.6),
            pos(outside, 100, 135, 42.5),
            pos(late, 500, 131.5, 42.5),
          ],
          statics: [],
        },
      ]);
      const hits = await store.inBox(
        { minLon: 131, minLat: 42, maxLon: 132, maxLat: 43 },
        { fromMs: T0 + 90 * 60_000, toMs: T0 + 200 * 60_000 },
      );
      const mine = hits.filter((h) => [inside, outside, late].includes(h.mmsi));
      assert.deepEqual(mine, [
        { mmsi: inside, positionCount: 2, firstMs: T0 + 100 * 60_000, lastMs: T0 + 101 * 60_000 },
      ]);
      // Across the antimeridian: minLon > maxLon.
      await ingest(store, 'box-180', [
        { positions: [pos(511_000_004, 100, 179.9, 50), pos(511_000_005, 100, -179.9, 50)], statics: [] },
      ]);
      const wrap = await store.inBox(
        { minLon: 179, minLat: 49, maxLon: -179, maxLat: 51 },
        { fromMs: T0, toMs: T0 + 200 * 60_000 },
      );
      assert.deepEqual(
        wrap.map((h) => h.mmsi),
        [511_000_004, 511_000_005],
      );
    });

    it('buffers batches into one commit: reads see them, the first arrival wins, a finished run refuses more', async () => {
      // A store of its own whose buffer outlasts the batches, so they share one commit.
      const own = await engine.fresh();
      const big = await openStore({ ...own.location, flushRows: 1_000_000 });
      try {
        const mmsi = 273_000_777;
        const a = pos(mmsi, 5, 131, 42, { source: 'early' });
        const b = pos(mmsi, 1, 131.1, 42.1);
        const run = await big.beginIngest({
          sourceName: 'buf',
          contentSha256: 'buf',
          format: 'nmea',
          sizeBytes: 1,
        });
        await big.writeBatch(run.runId, { positions: [a], statics: [] });
        await big.writeBatch(run.runId, { positions: [{ ...a, source: 'late' }, b], statics: [] });
        // Not finished yet: the read commits what is buffered first.
        assert.deepEqual(
          (await big.track(mmsi)).map((p) => [p.tsMs, p.source]),
          [
            [b.tsMs, null],
            [a.tsMs, 'early'],
          ],
        );
        await big.finishIngest(run.runId, { contentSha256: 'buf', counts: {} });
        assert.deepEqual(
          await big.getVessel(mmsi).then((v) => [v?.positionCount, v?.firstSeenMs, v?.lastSeenMs]),
          [2, b.tsMs, a.tsMs],
        );
        assert.equal((await big.ingestRuns())[0].positionsAdded, 2);
        await assert.rejects(big.writeBatch(run.runId, { positions: [b], statics: [] }), /is not running/);
      } finally {
        await big.close();
        await own.drop();
      }
    });

    it('re-ingesting the same content adds nothing and says so', async () => {
      const traffic = generateTraffic(3_000, 30);
      const batches = [0, 1000, 2000].map((k) => ({
        positions: traffic.positions.slice(k, k + 1000),
        statics: traffic.statics.filter(
          (s) => (s.tsMs ?? 0) <= traffic.positions[Math.min(k + 999, 2999)].tsMs,
        ),
      }));
      const first = await ingest(store, 'same-file', batches);
      assert.equal(first.alreadyIngested, false);
      const before = await db.dump();
      const second = await ingest(store, 'same-file', batches);
      assert.deepEqual(second, { runId: first.runId, alreadyIngested: true, resumed: false });
      assert.deepEqual(await db.dump(), before);
      // The same content under no hash at the start (stdin): ingested again, recorded as a duplicate,
      // and nothing changes but the new run's row.
      const run = await store.beginIngest({
        sourceName: '-',
        contentSha256: null,
        format: 'nmea',
        sizeBytes: null,
      });
      for (const b of batches) await store.writeBatch(run.runId, b);
      await store.finishIngest(run.runId, { contentSha256: 'same-file', counts: {} });
      const after = await db.dump();
      for (const t of Object.keys(before)) if (t !== 'ingest_runs') assert.deepEqual(after[t], before[t], t);
      const dup = (await store.ingestRuns()).find((r) => r.id === run.runId);
      assert.equal(dup?.status, 'duplicate');
      assert.equal(dup?.positionsAdded, 0);
    });
  });
}
