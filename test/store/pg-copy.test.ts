/**
 * The COPY write path (src/store/pg-copy.ts, write-postgres.ts): text with every character COPY's
 * text format would have to escape round-trips; keys that may be stored already are counted
 * exactly, whichever route a row takes (straight COPY, or the temporary table and ON CONFLICT);
 * and a writer that meets a key another writer stored after its probe recovers. The round-trip and
 * overlap tests run on both engines (the same answers), the rest on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.js';
import { CopyRows } from '../../src/store/pg-copy.js';
import { type PositionRecord, type StaticRecord, staticRecord } from '../../src/tracks/records.js';
import { ENGINES, type TestDb } from './engines.js';

const T0 = Date.UTC(2024, 2, 1);

function pos(mmsi: number, minute: number, extra: Partial<PositionRecord> = {}): PositionRecord {
  return {
    mmsi,
    tsMs: T0 + minute * 60_000,
    lon: 131 + minute / 1000,
    lat: 42 + minute / 2000,
    speedKnots: 10.5,
    courseDeg: 90.25,
    headingDeg: null,
    navStatus: 0,
    msgType: 1,
    source: 'rx',
    ...extra,
  };
}

const stat = (mmsi: number, minute: number | null, fields: Partial<StaticRecord>): StaticRecord =>
  staticRecord(mmsi, minute === null ? null : T0 + minute * 60_000, { msgType: 5, ...fields });

/** Source texts a text-format COPY would have to escape, and some it would not. */
const AWKWARD = [
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\.',
  `"double" and 'single' quotes`,
  'comma, semicolon; pipe|',
  'ünïcödé 北京 ⚓ 🚢',
  '',
  ' ',
  'x'.repeat(2_000),
];

async function ingest(
  store: Store,
  sha: string,
  batches: { positions: PositionRecord[]; statics: StaticRecord[] }[],
): Promise<number> {
  const run = await store.beginIngest({ sourceName: sha, contentSha256: sha, format: 'nmea', sizeBytes: 1 });
  for (const b of batches) await store.writeBatch(run.runId, b);
  await store.finishIngest(run.runId, { contentSha256: sha, counts: {} });
  return run.runId;
}

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [i, engine] of ENGINES.entries()) {
  describe(`COPY write path (${engine.name})`, { skip: skips[i] }, () => {
    let db: TestDb;
    let store: Store;
    before(async () => {
      db = await engine.fresh();
      // Small commits: a run spans many, and a vessel's fixes are split between commits.
      store = await openStore({ ...db.location, flushRows: 7 });
    });
    after(async () => {
      await store?.close();
      await db?.drop();
    });

    it('round-trips sources with tabs, newlines, backslashes, quotes and non-ASCII', async () => {
      const mmsi = 273_555_001;
      const fixes = AWKWARD.map((source, k) => pos(mmsi, k, { source }));
      // Other columns at their edges: times before 1970 (a negative bigint) and far ahead, nulls.
      fixes.push(
        pos(mmsi, -60 * 24 * 365 * 60, {
          lon: 179.999999,
          lat: 89.5,
          source: null,
          speedKnots: null,
          courseDeg: null,
          navStatus: null,
        }),
        pos(mmsi, 60 * 24 * 365 * 200, { msgType: null, lon: -179.999999, lat: -89.5 }),
      );
      const statics = AWKWARD.map((source, k) =>
        stat(mmsi, k, { name: 'AWKWARD', destination: `PORT ${k}`, source }),
      );
      // A report without a time: its key time is NO_TIME_KEY, a large negative bigint.
      statics.push(stat(mmsi, null, { name: 'AWKWARD', destination: 'NOWHERE', source: 'tab\tnull-time' }));
      const runId = await ingest(store, 'awkward', [{ positions: fixes, statics }]);

      const byTime = (a: PositionRecord, b: PositionRecord) => a.tsMs - b.tsMs;
      assert.deepEqual(await store.track(mmsi), [...fixes].sort(byTime));
      const voyages = await store.voyageReports(mmsi);
      assert.deepEqual(
        voyages.map((v) => [v.tsMs, v.destination, v.source]).sort(),
        statics.map((s) => [s.tsMs, s.destination, s.source]).sort(),
      );
      const run = (await store.ingestRuns()).find((r) => r.id === runId);
      assert.deepEqual(
        [run?.positionsAdded, run?.identityReportsAdded, run?.voyageReportsAdded],
        [fixes.length, statics.length, statics.length],
      );
      assert.equal((await store.identityHistory(mmsi))[0].reportCount, statics.length);
    });

    it('re-ingesting overlapping data counts only the new rows, whichever route they take', async () => {
      const a = 273_555_010;
      const b = 273_555_011;
      const identity = { name: 'OVERLAP', callSign: 'UOVL', shipType: 70 };
      const fixes = (mmsi: number, from: number, to: number, source: string) =>
        Array.from({ length: to - from }, (_, k) => pos(mmsi, from + k, { source }));
      const reports = (mmsi: number, from: number, to: number) =>
        Array.from({ length: to - from }, (_, k) =>
          stat(mmsi, from + k, { ...identity, destination: `D${(from + k) % 4}` }),
        );
      // First capture: minutes 0–59 of both vessels.
      await ingest(store, 'overlap-1', [
        { positions: [...fixes(a, 0, 60, 'one'), ...fixes(b, 0, 60, 'one')], statics: reports(a, 0, 60) },
      ]);
      // Second capture: minutes 40–99 of `a` (20 stored, 40 new, the new ones after the stored ones
      // in the same commits), every fix of `b` again plus 10 that fill gaps before its latest stored
      // time (late fixes: new, yet not later than what is stored), and duplicates within a batch.
      const late = Array.from({ length: 10 }, (_, k) => pos(b, k + 0.5, { source: 'late' }));
      const second = [
        { positions: [...fixes(a, 40, 70, 'two'), ...fixes(b, 0, 60, 'two')], statics: reports(a, 40, 70) },
        {
          positions: [...fixes(a, 70, 100, 'two'), ...late, ...late, pos(a, 99, { source: 'dup' })],
          statics: [...reports(a, 70, 100), ...reports(a, 90, 100)],
        },
      ];
      const runId = await ingest(store, 'overlap-2', second);
      const run = (await store.ingestRuns()).find((r) => r.id === runId);
      assert.deepEqual(
        [run?.positionsAdded, run?.identityReportsAdded, run?.voyageReportsAdded],
        [40 + 10, 40, 40],
      );
      const va = await store.getVessel(a);
      const vb = await store.getVessel(b);
      assert.deepEqual([va?.positionCount, va?.firstSeenMs, va?.lastSeenMs], [100, T0, T0 + 99 * 60_000]);
      assert.deepEqual([vb?.positionCount, vb?.firstSeenMs, vb?.lastSeenMs], [70, T0, T0 + 59 * 60_000]);
      // The first arrival of each key stays.
      const track = await store.track(a);
      assert.equal(track.length, 100);
      assert.deepEqual([track[39].source, track[40].source, track[99].source], ['one', 'one', 'two']);
      assert.equal((await store.track(b)).filter((p) => p.source === 'late').length, 10);
      const [history] = await store.identityHistory(a);
      assert.deepEqual(
        [history.reportCount, history.firstSeenMs, history.lastSeenMs],
        [100, T0, T0 + 99 * 60_000],
      );
      assert.equal((await store.voyageReports(a)).length, 100);
    });
  });
}

describe('COPY rows', () => {
  it('writes bigints exactly, negative ones included, and refuses what a bigint cannot hold', () => {
    const rows = new CopyRows(8);
    const values = [0, 1, -1, 2 ** 32, -(2 ** 32) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    rows.row(values.length, values.length * 12);
    for (const v of values) rows.int8(v);
    const b = rows.bytes();
    assert.equal(b.readInt16BE(0), values.length);
    for (const [k, v] of values.entries()) {
      assert.equal(b.readInt32BE(2 + k * 12), 8);
      assert.equal(b.readBigInt64BE(2 + k * 12 + 4), BigInt(v));
    }
    for (const bad of [0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      const r = new CopyRows();
      r.row(1, 12);
      assert.throws(() => r.int8(bad), RangeError);
    }
    const r = new CopyRows();
    r.row(1, 8);
    assert.throws(() => r.int4(2 ** 31), RangeError);
  });
});

const pgSkip = skips[ENGINES.findIndex((e) => e.name === 'postgres')];

describe('COPY write path, a key stored by another writer after the probe (postgres)', {
  skip: pgSkip,
}, () => {
  it('the COPY fails on the key, and the commit is redone through ON CONFLICT, counts exact', async () => {
    const engine = ENGINES.find((e) => e.name === 'postgres')!;
    const db = await engine.fresh();
    // Named, so that the wait below is this store's COPY and no other test's.
    const app = `tallyman-race-${process.pid}`;
    const store = await openStore({ url: `${db.location.url}&application_name=${app}` });
    const other = new pg.Client({ connectionString: db.location.url });
    await other.connect();
    try {
      const mmsi = 273_555_020;
      const fixes = Array.from({ length: 50 }, (_, k) => pos(mmsi, k));
      // Migrated, with one vessel that is not this one: the probe will find nothing stored.
      await ingest(store, 'warm-up', [{ positions: [pos(273_555_021, 0)], statics: [] }]);
      // Another writer holds one of the keys, not committed yet: the COPY will wait for it.
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO positions (mmsi, ts_ms, lon, lat, source, ingest_run_id) VALUES ($1, $2, $3, $4, 'other', 1)`,
        [mmsi, fixes[20].tsMs, fixes[20].lon, fixes[20].lat],
      );
      const run = await store.beginIngest({
        sourceName: 'race',
        contentSha256: 'race',
        format: 'nmea',
        sizeBytes: 1,
      });
      await store.writeBatch(run.runId, { positions: fixes, statics: [] });
      const finished = store.finishIngest(run.runId, { contentSha256: 'race', counts: {} });
      finished.catch(() => {});
      // Wait until the store's COPY waits on that key, then let the other writer commit.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const waiting = await other.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [app],
        );
        if (waiting.rows[0].n > 0) break;
        assert.ok(Date.now() < deadline, 'the COPY never waited on the other writer');
        await new Promise((r) => setTimeout(r, 20));
      }
      await other.query('COMMIT');
      await finished;
      const stored = (await store.ingestRuns()).find((r) => r.id === run.runId);
      assert.equal(stored?.positionsAdded, 49);
      assert.equal((await store.getVessel(mmsi))?.positionCount, 49);
      const track = await store.track(mmsi);
      assert.equal(track.length, 50);
      assert.equal(track[20].source, 'other');
    } finally {
      await other.end();
      await store.close();
      await db.drop();
    }
  });
});
