/**
 * The detectors' bulk read on SQLite's reading threads: reads asked for together go to different
 * threads and come back as the same columns a read on the caller's own connection gives.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { type PositionScan, scanSqlite, sqliteScanThread } from '../../src/store/scan.js';
import type { PositionRecord } from '../../src/tracks/records.js';
import { ENGINES, type TestDb } from './engines.js';

const sqlite = ENGINES.find((e) => e.name === 'sqlite') as (typeof ENGINES)[number];

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

const columns = (s: PositionScan) => ({
  length: s.length,
  mmsi: [...s.mmsi.subarray(0, s.length)],
  tsMs: [...s.tsMs.subarray(0, s.length)],
  lon: [...s.lon.subarray(0, s.length)],
  lat: [...s.lat.subarray(0, s.length)],
  speedKnots: [...s.speedKnots.subarray(0, s.length)].map(String),
  navStatus: [...s.navStatus.subarray(0, s.length)],
  sources: [...s.sourceIndex.subarray(0, s.length)].map((i) => s.sources[i]),
});

describe('SQLite reading threads', () => {
  const dbs: TestDb[] = [];
  after(async () => {
    for (const d of dbs) await d.drop();
  });

  it('four reads at once on two threads give what one connection reads', async () => {
    const t = await sqlite.fresh();
    dbs.push(t);
    const path = t.location.path as string;
    const store = await openStore(t.location);
    const { runId } = await store.beginIngest({
      sourceName: 'four-ships.csv',
      contentSha256: 'b'.repeat(64),
      format: 'csv',
      sizeBytes: null,
    });
    await store.writeBatch(runId, { positions: fixes(), statics: [] });
    await store.finishIngest(runId, { contentSha256: 'b'.repeat(64), counts: {} });
    await store.close();

    const queries = [
      { fromMmsi: 273000001, toMmsi: 273000001, fromMs: null, toMs: null },
      { fromMmsi: 273000002, toMmsi: 636000003, fromMs: null, toMs: null },
      { fromMmsi: 0, toMmsi: 999999999, fromMs: Date.UTC(2024, 7, 1, 6), toMs: Date.UTC(2024, 7, 1, 12) },
      { fromMmsi: 636000004, toMmsi: 636000004, fromMs: null, toMs: Date.UTC(2024, 7, 1, 3) },
    ];
    const direct = new BetterSqlite3(path, { readonly: true });
    const expected = queries.map((q) => columns(scanSqlite(direct, q)));
    direct.close();
    assert.deepEqual(
      expected.map((e) => e.length),
      [400, 800, expected[2].length, expected[3].length],
    );
    assert.ok(expected[2].length > 300 && expected[3].length > 30, 'the time bounds cut the reads');

    const threads = sqliteScanThread(path, 2);
    try {
      const got = await Promise.all(queries.map((q) => threads.scan(q)));
      assert.deepEqual(got.map(columns), expected);
    } finally {
      await threads.close();
    }
  });
});
