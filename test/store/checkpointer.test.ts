/**
 * SQLite's background checkpoints: once an ingest-sized commit is in, its pages reach the database
 * file itself (not only the -wal) while the store is still open, and closing leaves a complete
 * file with no WAL beside it.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { generateTraffic } from './fixtures/generate.js';

const dir = mkdtempSync(join(tmpdir(), 'tallyman-checkpoint-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Fixes in the database file alone, read from a copy made without its -wal. */
function fixesInMainFile(path: string): number {
  const copy = join(dir, 'copy.db');
  rmSync(`${copy}-wal`, { force: true });
  copyFileSync(path, copy);
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(copy, { readonly: true });
    // Before the first checkpoint even the schema is only in the WAL.
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'positions'").get() !== undefined;
    return hasTable ? (db.prepare('SELECT count(*) AS n FROM positions').get() as { n: number }).n : 0;
  } catch (err) {
    // A copy taken while the checkpoint thread was writing pages is torn: not yet, look again.
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return 0;
    throw err;
  } finally {
    db?.close();
  }
}

it('checkpoints a large commit into the database file in the background, and closes clean', async () => {
  const path = join(dir, 'store.db');
  const traffic = generateTraffic(30_000, 200);
  const store = await openStore({ path, flushRows: 30_000 });
  const run = await store.beginIngest({
    sourceName: 'gen',
    contentSha256: null,
    format: 'nmea',
    sizeBytes: null,
  });
  for (let i = 0; i < traffic.positions.length; i += 5_000) {
    await store.writeBatch(run.runId, { positions: traffic.positions.slice(i, i + 5_000), statics: [] });
  }
  // A read commits the buffer: one commit of 30,000 fixes, over the threshold that starts the thread.
  assert.equal((await store.listVessels()).length, 200);
  let inFile = 0;
  for (let waitedMs = 0; waitedMs < 10_000 && inFile < 30_000; waitedMs += 50) {
    inFile = fixesInMainFile(path);
    if (inFile < 30_000) await sleep(50);
  }
  assert.equal(inFile, 30_000, 'the committed fixes reached the database file while the store was open');
  await store.finishIngest(run.runId, { contentSha256: 'x'.repeat(64), counts: {} });
  await store.close();
  assert.equal(existsSync(`${path}-wal`), false, 'no WAL left beside the file');
  const db = new BetterSqlite3(path, { readonly: true });
  assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
  db.close();
});
