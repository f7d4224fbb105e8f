/**
 * The peer for gap detection: the same gaps (consecutive fixes of one vessel ≥ gapMinMs apart)
 * found by one SQL window query over the store's `positions` (LAG over each MMSI's fixes in time
 * order), on SQLite and, when reachable, PostgreSQL, against tallyman's single pass over the
 * in-memory columns — and that pass again with the tracks read from the same store first. The
 * three must find the same gaps; the run stops if they do not.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../src/store/index.js';
import { type Kysely, sql } from '../src/store/kysely.js';
import type { Database } from '../src/store/schema.js';
import type { Store } from '../src/store/types.js';
import { buildTracks, type Track } from '../src/tracks/columns.js';
import type { PositionRecord } from '../src/tracks/records.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** tallyman's gap pass: one loop over each track's time column. */
function gapsInColumns(tracks: readonly Track[], gapMinMs: number): number {
  let n = 0;
  for (const t of tracks) {
    const ts = t.tsMs;
    for (let i = 1; i < t.length; i++) if (ts[i] - ts[i - 1] >= gapMinMs) n++;
  }
  return n;
}

/** The peer: one window query, counted where it runs. */
async function gapsInSql(db: Kysely<Database>, gapMinMs: number): Promise<number> {
  const r = await sql<{ n: number | string }>`
    SELECT count(*) AS n FROM (
      SELECT ts_ms - LAG(ts_ms) OVER (PARTITION BY mmsi ORDER BY ts_ms) AS dt FROM positions
    ) w WHERE dt >= ${gapMinMs}`.execute(db);
  return Number(r.rows[0].n);
}

function records(tracks: readonly Track[]): PositionRecord[] {
  const out: PositionRecord[] = [];
  for (const t of tracks)
    for (let i = 0; i < t.length; i++)
      out.push({
        mmsi: t.mmsi,
        tsMs: t.tsMs[i],
        lon: t.lon[i],
        lat: t.lat[i],
        speedKnots: t.speedKnots[i],
        courseDeg: t.courseDeg[i],
        headingDeg: null,
        navStatus: t.navStatus[i],
        msgType: 1,
        source: 'bench',
      });
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function timeMedian<T>(runs: number, f: () => Promise<T> | T): Promise<{ s: number; value: T }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    value = await f();
    times.push((performance.now() - t) / 1000);
  }
  return { s: median(times), value: value as T };
}

async function fill(store: Store, recs: readonly PositionRecord[]): Promise<number> {
  const t = performance.now();
  const { runId } = await store.beginIngest({
    sourceName: 'bench',
    contentSha256: null,
    format: 'bench',
    sizeBytes: null,
  });
  for (let i = 0; i < recs.length; i += 50_000)
    await store.writeBatch(runId, { positions: recs.slice(i, i + 50_000), statics: [] });
  await store.finishIngest(runId, { contentSha256: randomBytes(32).toString('hex'), counts: {} });
  return (performance.now() - t) / 1000;
}

async function postgresUrl(): Promise<string | null> {
  const base = process.env.TALLYMAN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const u = new URL(base);
  const open = await new Promise<boolean>((resolve) => {
    const s = new Socket();
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1500);
    s.once('connect', () => done(true));
    s.once('timeout', () => done(false));
    s.once('error', () => done(false));
    s.connect(Number(u.port || 5432), u.hostname);
  });
  return open ? base : null;
}

async function engineRun(
  label: string,
  store: Store,
  recs: readonly PositionRecord[],
  gapMinMs: number,
  expected: number,
  inMemoryS: number,
): Promise<void> {
  const loadS = await fill(store, recs);
  const db = await store.db();
  const q = await timeMedian(3, () => gapsInSql(db, gapMinMs));
  if (q.value !== expected) throw new Error(`${label}: SQL found ${q.value} gaps, the columns ${expected}`);
  // tallyman reading the same store: every vessel's track, into columns, then the pass
  const fromStore = await timeMedian(1, async () => {
    const vessels = await store.listVessels();
    const all: PositionRecord[] = [];
    for (const v of vessels) for (const p of await store.track(v.mmsi)) all.push(p);
    return gapsInColumns(buildTracks(all, [], null), gapMinMs);
  });
  if (fromStore.value !== expected)
    throw new Error(`${label}: read back ${fromStore.value} gaps, expected ${expected}`);
  const n = recs.length;
  console.log(
    `gaps peer, ${label} (${fmt(n)} positions loaded in ${loadS.toFixed(1)} s): SQL window query ${q.s.toFixed(3)} s = ` +
      `${fmt(n / q.s)} pos/s | tallyman reading the store + pass ${fromStore.s.toFixed(2)} s = ${fmt(n / fromStore.s)} pos/s | ` +
      `tallyman on in-memory columns ${(inMemoryS * 1000).toFixed(1)} ms = ${fmt(n / inMemoryS)} pos/s | ` +
      `the SQL query takes ${(q.s / inMemoryS).toFixed(0)}× the in-memory pass; ${fmt(expected)} gaps each`,
  );
}

/** Runs the peer over `tracks` (uncleaned, as generated). */
export async function gapSqlPeer(
  tracks: readonly Track[],
  gapMinMs: number,
  withPostgres = true,
): Promise<void> {
  const recs = records(tracks);
  const mem = await timeMedian(5, () => gapsInColumns(tracks, gapMinMs));
  const dir = mkdtempSync(join(tmpdir(), 'tallyman-bench-gaps-'));
  try {
    const store = await openStore({ path: join(dir, 'gaps.db') });
    try {
      await engineRun('SQLite', store, recs, gapMinMs, mem.value, mem.s);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = withPostgres ? await postgresUrl() : null;
  if (url === null) {
    console.log('gaps peer, PostgreSQL: not reachable (set TALLYMAN_TEST_DATABASE_URL), skipped');
    return;
  }
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const store = await openStore({
      url: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    });
    try {
      await engineRun('PostgreSQL', store, recs, gapMinMs, mem.value, mem.s);
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}
