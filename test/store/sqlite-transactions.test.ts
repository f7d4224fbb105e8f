/**
 * A SQLite store's transactions hold the write lock from their first statement (BEGIN IMMEDIATE,
 * src/store/sqlite-dialect.ts). With Kysely's plain BEGIN a transaction read on a snapshot and
 * asked for the lock at its first write; another process committing in between made that write
 * fail at once with "database is locked", busy_timeout or not. Here a second connection (another
 * process would be the same to SQLite) tries to write while a transaction of the store has only
 * read so far, and again after it ended. (test/cli/ingest-concurrent.test.ts races two real
 * `tallyman ingest` processes on a new store.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tallyman-sqlite-tx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function otherWriter(path: string): BetterSqlite3.Database {
  const other = new BetterSqlite3(path);
  other.pragma('busy_timeout = 0'); // fail at once rather than wait: the lock is what is asserted
  return other;
}

it('a transaction that has only read already holds the write lock', async () => {
  const path = join(dir, 'read-then-write.db');
  const store = await openStore({ path });
  const other = otherWriter(path);
  try {
    const db = await store.db();
    const lockedDuring = await db.transaction().execute(async (trx) => {
      await trx.selectFrom('ingest_runs').select('id').execute();
      try {
        other.exec('BEGIN IMMEDIATE');
        other.exec('ROLLBACK');
        return false;
      } catch (err) {
        assert.equal((err as { code?: string }).code, 'SQLITE_BUSY');
        return true;
      }
    });
    assert.equal(lockedDuring, true, 'another connection could take the write lock inside the transaction');
    other.exec('BEGIN IMMEDIATE'); // and it is free again once the transaction has ended
    other.exec('ROLLBACK');
  } finally {
    other.close();
    await store.close();
  }
});
