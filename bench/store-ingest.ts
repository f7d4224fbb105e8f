/**
 * Store ingest benchmark: 1,000,000 generated positions (2,000 vessels moving along plausible
 * lines, each reporting every ~10 s, interleaved in receive order, with their type 5 reports)
 * written through the Store API in batches of 5,000, as `tallyman ingest` does, into a fresh
 * SQLite file and — when reachable — a fresh PostgreSQL schema (whose writer stores by binary
 * COPY, src/store/write-postgres.ts). Prints positions/s per engine, PostgreSQL's also as a share
 * of SQLite's, and a last JSON line for scripts/bench.mjs.
 *
 *   node --import tsx bench/store-ingest.ts [N]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type StoreOptions } from '../src/store/index.js';
import { POSTGRES_URL, requirePostgres } from '../test/helpers/services.js';
import { generateTraffic } from '../test/store/fixtures/generate.js';

const N = Number(process.argv[2] ?? 1_000_000);
if (!Number.isInteger(N) || N < 1) {
  console.error(
    `usage: node --import tsx bench/store-ingest.ts [N]  (N: positions, a whole number; got "${process.argv[2]}")`,
  );
  process.exit(2);
}
const BATCH = 5_000;
const traffic = generateTraffic(N, 2_000);

async function measure(location: StoreOptions): Promise<number> {
  const store = await openStore(location);
  try {
    const t0 = performance.now();
    const run = await store.beginIngest({
      sourceName: 'bench',
      contentSha256: null,
      format: 'nmea',
      sizeBytes: null,
    });
    let si = 0;
    for (let i = 0; i < traffic.positions.length; i += BATCH) {
      const positions = traffic.positions.slice(i, i + BATCH);
      const lastMs = positions[positions.length - 1].tsMs;
      const statics = [];
      while (si < traffic.statics.length && (traffic.statics[si].tsMs ?? 0) <= lastMs)
        statics.push(traffic.statics[si++]);
      await store.writeBatch(run.runId, { positions, statics });
    }
    await store.finishIngest(run.runId, { contentSha256: randomBytes(32).toString('hex'), counts: {} });
    const seconds = (performance.now() - t0) / 1000;
    const stored = (await store.ingestRuns())[0].positionsAdded;
    if (stored !== N) throw new Error(`stored ${stored} of ${N} positions`);
    return Math.round(N / seconds);
  } finally {
    await store.close();
  }
}

const results: Record<string, number | string> = {};
const dir = mkdtempSync(join(tmpdir(), 'tallyman-bench-'));
try {
  results.sqlite = await measure({ path: join(dir, 'bench.db') });
  console.log(
    `SQLite      ${results.sqlite.toLocaleString('en-US')} positions/s (${N.toLocaleString('en-US')} positions)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const skip = await requirePostgres().catch((e: Error) => e.message);
if (skip) {
  results.postgres = `skipped: ${skip}`;
} else {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    results.postgres = await measure({ url });
    const share =
      typeof results.sqlite === 'number'
        ? ` (${(results.postgres / results.sqlite).toFixed(2)}× SQLite's)`
        : '';
    console.log(`PostgreSQL  ${results.postgres.toLocaleString('en-US')} positions/s, binary COPY${share}`);
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}
console.log(JSON.stringify({ positions: N, positionsPerSecond: results }));
