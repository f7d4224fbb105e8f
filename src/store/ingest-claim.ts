/**
 * Who is ingesting what: a lock per content hash, held for the whole ingest of that content and
 * let go by the operating system or the server when its process dies, however it dies.
 *
 * Why: an ingest run left `running` is resumed by the next ingest of the same content (that is
 * how a crash is recovered), and the database cannot tell a crashed run from one another process
 * is writing right now. Two processes ingesting one file at once both "resumed" the same run, and
 * the one that came second to the end found its run finished under it and exited 1. With the
 * claim, the second sees the first is alive and leaves that content alone; a run whose owner
 * died holds no claim, so it is resumed as before.
 *
 * - SQLite: an exclusive lock (`BEGIN EXCLUSIVE`, never waited for) on an empty SQLite file beside
 *   the database, `<db>-ingest-<first 16 hex of the hash>.lock`. SQLite's file locks are the OS's
 *   and go with the process. The file is removed once its content is ingested; one left by a
 *   killed process is simply locked again by the re-run. A process that opened the file just
 *   before it was removed can still lock the old one, but by then the run is complete, so all it
 *   does is report "already ingested".
 * - PostgreSQL: a session advisory lock on its own connection, keyed by 32 bits of a hash of the
 *   store (database and schema) and the content (the two-number key space, apart from the ledger's
 *   and the writer's locks); it goes with the connection. Two different contents sharing 32 bits, ingested at the same moment, would make
 *   the second wait its turn by reporting "in progress": harmless and about 1 in 4 billion.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

export interface IngestClaim {
  /** Lets the content go; `completed`: its run finished, so the SQLite lock file is not needed again. */
  release(completed: boolean): Promise<void>;
}

/** First number of the PostgreSQL two-number advisory key: "ingest claims" (any fixed number). */
const PG_CLAIM_NAMESPACE = 82_559_002;

const NO_CLAIM_NEEDED: IngestClaim = { release: async () => {} };

export function lockPathFor(dbPath: string, contentSha256: string): string {
  return `${dbPath}-ingest-${contentSha256.slice(0, 16)}.lock`;
}

/** The claim, or null when another live process holds it. */
export function claimSqlite(dbPath: string, contentSha256: string): IngestClaim | null {
  // An in-memory database is this process's alone: nobody else can ingest into it.
  if (dbPath === '' || dbPath === ':memory:') return NO_CLAIM_NEEDED;
  const path = lockPathFor(dbPath, contentSha256);
  const conn = new BetterSqlite3(path, { timeout: 0 });
  try {
    conn.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    conn.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw err;
  }
  return {
    release: async (completed) => {
      // Removed while still locked, so no process can lock it between its end and its removal.
      if (completed) rmSync(path, { force: true });
      conn.exec('ROLLBACK');
      conn.close();
    },
  };
}

/**
 * The claim key as PostgreSQL's signed int4: the first 32 bits of SHA-256 over the store (database
 * and schema: advisory locks are per server, and one server holds many stores) and the content.
 */
export const pgClaimKey = (store: string, contentSha256: string): number =>
  Number.parseInt(createHash('sha256').update(`${store}\n${contentSha256}`).digest('hex').slice(0, 8), 16) |
  0;

export async function claimPostgres(pool: pg.Pool, contentSha256: string): Promise<IngestClaim | null> {
  const client = await pool.connect();
  let key = 0;
  try {
    const where = await client.query<{ store: string }>(
      "select current_database() || '.' || current_schema() as store",
    );
    key = pgClaimKey(where.rows[0]?.store ?? '', contentSha256);
    const r = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [
      PG_CLAIM_NAMESPACE,
      key,
    ]);
    if (r.rows[0]?.ok !== true) {
      client.release();
      return null;
    }
  } catch (err) {
    client.release(true);
    throw err;
  }
  return {
    release: async () => {
      try {
        await client.query('select pg_advisory_unlock($1, $2)', [PG_CLAIM_NAMESPACE, key]);
        client.release();
      } catch {
        // A connection that cannot unlock is closed instead, which lets the lock go as well.
        client.release(true);
      }
    },
  };
}
