/**
 * The detectors' bulk read on the stores' reading threads: reads asked for together (two SQLite
 * threads, one PostgreSQL thread with its own connection) come back as the same columns a read on
 * the caller's own connection gives; and PostgreSQL's read (binary COPY) gives the columns
 * SQLite's gives of the same fixes.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import { pgTypesOf } from '../../src/store/pg-types.js';
import { postgresScanThread, scanPostgres, scanSqlite, sqliteScanThread } from '../../src/store/scan.js';
import type { PositionRecord } from '../../src/tracks/records.js';
import { scanColumns } from '../helpers/scan-columns.js';
import { ENGINES, type TestDb } from './engines.js';

const engine = (name: string) => ENGINES.find((e) => e.name === name) as (typeof ENGINES)[number];
// asked before any test runs: a busy event loop would time the port probe out
const pgSkip = await engine('postgres').skip();

/** Four ships, a day of fixes each at a few-minute cadence, two sources. */
function fixes(): PositionRecord[] {
  const out: PositionRecord[] = [];
  const t0 = Date.UTC(2024, 7, 1);
  for (const [k, mmsi] of [273000001, 273000002, 636000003, 636000004].entries())
    for (let i = 0; i < 400; i++)
      out.push({
        mmsi,
        tsMs: t0 + i * 217_000 + k * 1000,
        lon: 130 + k * 0.1 + i * 0.001,
        lat: 42 + i * 0.0005,
        speedKnots: i % 7 === 0 ? null : 8.5,
        courseDeg: 45,
        headingDeg: null,
        navStatus: i % 5 === 0 ? null : 0,
        msgType: 1,
        source: i % 2 === 0 ? 'station-a' : null,
      } as PositionRecord);
  return out;
}

const columns = scanColumns;

describe('SQLite reading threads', () => {
  const dbs: TestDb[] = [];
  after(async () => {
    for (const d of dbs) await d.drop();
  });

  const QUERIES = [
    { fromMmsi: 273000001, toMmsi: 273000001, fromMs: null, toMs: null },
    { fromMmsi: 273000002, toMmsi: 636000003, fromMs: null, toMs: null },
    { fromMmsi: 0, toMmsi: 999999999, fromMs: Date.UTC(2024, 7, 1, 6), toMs: Date.UTC(2024, 7, 1, 12) },
    { fromMmsi: 636000004, toMmsi: 636000004, fromMs: null, toMs: Date.UTC(2024, 7, 1, 3) },
  ];

  const filled = async (name: string) => {
    const t = await engine(name).fresh();
    dbs.push(t);
    const store = await openStore(t.location);
    const { runId } = await store.beginIngest({
      sourceName: 'four-ships.csv',
      contentSha256: 'b'.repeat(64),
      format: 'csv',
      sizeBytes: null,
    });
    await store.writeBatch(runId, { positions: fixes(), statics: [] });
    await store.finishIngest(runId, { contentSha256: 'b'.repeat(64), counts: {} });
    assert.equal(store.scanReadAhead, name === 'sqlite' ? 2 : 1);
    await store.close();
    return t;
  };

  const checkExpected = (expected: ReturnType<typeof columns>[]) => {
    assert.deepEqual(
      expected.map((e) => e.length),
      [400, 800, expected[2].length, expected[3].length],
    );
    assert.ok(expected[2].length > 300 && expected[3].length > 30, 'the time bounds cut the reads');
  };

  it('SQLite: four reads at once on two threads give what one connection reads', async () => {
    const t = await filled('sqlite');
    const path = t.location.path as string;
    const direct = new BetterSqlite3(path, { readonly: true });
    const expected = QUERIES.map((q) => columns(scanSqlite(direct, q)));
    direct.close();
    checkExpected(expected);
    const threads = sqliteScanThread(path, 2);
    try {
      const got = await Promise.all(QUERIES.map((q) => threads.scan(q)));
      assert.deepEqual(got.map(columns), expected);
    } finally {
      await threads.close();
    }
  });

  it("PostgreSQL: reads on the thread's own connection give what the caller's reads", {
    skip: pgSkip,
  }, async () => {
    const t = await filled('postgres');
    const url = t.location.url as string;
    const direct = new pg.Client({ connectionString: url, types: pgTypesOf(pg) });
    await direct.connect();
    const expected: ReturnType<typeof columns>[] = [];
    try {
      for (const q of QUERIES) expected.push(columns(await scanPostgres(direct, q)));
    } finally {
      await direct.end();
    }
    checkExpected(expected);
    // the binary COPY read gives, value for value, what SQLite's row read gives of the same fixes
    const sqlite = await filled('sqlite');
    const other = new BetterSqlite3(sqlite.location.path as string, { readonly: true });
    try {
      assert.deepEqual(
        expected,
        QUERIES.map((q) => columns(scanSqlite(other, q))),
      );
    } finally {
      other.close();
    }
    const thread = postgresScanThread(url);
    try {
      const got = await Promise.all(QUERIES.map((q) => thread.scan(q)));
      assert.deepEqual(got.map(columns), expected);
      // a read that fails says so, and the thread reads on after it
      await assert.rejects(
        thread.scan({ fromMmsi: 1, toMmsi: Number.NaN, fromMs: null, toMs: null }),
        /reading positions:/,
      );
      assert.deepEqual(columns(await thread.scan(QUERIES[0])), expected[0]);
    } finally {
      await thread.close();
    }
  });
});
