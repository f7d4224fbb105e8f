/**
 * openStore: the one place an engine is chosen and configured. A postgres:// URL selects
 * PostgreSQL, anything else SQLite; either way the schema is migrated to the latest version
 * before the store is handed out.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { flagFromMmsi } from '../tracks/mid.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrationProvider } from './migrations/index.js';
import * as q from './queries.js';
import type { FlagOf } from './rows.js';
import type { Database } from './schema.js';
import type { BatchResult, Store, StoreOptions, WriteBatch } from './types.js';
import { postgresWriter } from './write-postgres.js';
import { sqliteWriter } from './write-sqlite.js';

export const DEFAULT_SQLITE_PATH = './tallyman.db';

export interface OpenOptions extends StoreOptions {
  /** Flag of an MMSI; defaults to the ITU MID table (src/tracks/mid.ts). */
  flagOf?: FlagOf;
  /** Clock for run start/finish times; injectable for tests. */
  nowMs?: () => number;
}

const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

// PostgreSQL sends BIGINT (oid 20) as text so as not to lose digits; every BIGINT here (epoch ms,
// MMSI, IMO, counts) is far below 2^53, so it is read as a number.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`store migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
}

/** Serialises the store's writes so no write starts inside another's transaction. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(f: () => Promise<T> | T): Promise<T> => {
    const next = tail.then(f, f);
    tail = next.catch(() => {});
    return next;
  };
}

export async function openStore(opts: OpenOptions = {}): Promise<Store> {
  const flagOf = opts.flagOf ?? flagFromMmsi;
  const nowMs = opts.nowMs ?? Date.now;
  let db: Kysely<Database>;
  let makeWriter: () => (runId: number, batch: WriteBatch) => Promise<BatchResult> | BatchResult;
  let engine: Store['engine'];
  if (opts.url !== undefined && isPostgresUrl(opts.url)) {
    const pool = new pg.Pool({ connectionString: opts.url, types: pgTypes, max: 4 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    makeWriter = () => postgresWriter(pool, flagOf);
    engine = 'postgres';
  } else {
    if (opts.url !== undefined) throw new Error(`store URL must start with postgres:// (got "${opts.url.slice(0, 40)}")`);
    const sqlite = new BetterSqlite3(opts.path ?? DEFAULT_SQLITE_PATH);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power cut may lose the last commits but never corrupts the file, and a
    // lost batch is replayed by re-running the ingest.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('cache_size = -131072');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    makeWriter = () => sqliteWriter(sqlite, flagOf);
    engine = 'sqlite';
  }
  try {
    await migrate(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  // Prepared after the migration: the statements need the tables.
  const write = makeWriter();
  const writes = serial();
  let closed = false;
  return {
    engine,
    beginIngest: (run) => writes(() => q.beginIngest(db, run, nowMs())),
    writeBatch: (runId, batch) => writes(() => write(runId, batch)),
    finishIngest: (runId, finish) => writes(() => q.finishIngest(db, runId, finish, nowMs())),
    listVessels: () => q.listVessels(db),
    getVessel: (mmsi) => q.getVessel(db, mmsi),
    identityHistory: (mmsi) => q.identityHistory(db, mmsi),
    track: (mmsi, range) => q.track(db, mmsi, range),
    inBox: (box, range) => q.inBox(db, box, range),
    voyageReports: (mmsi) => q.voyageReports(db, mmsi),
    ingestRuns: () => q.ingestRuns(db),
    close: async () => {
      if (closed) return;
      closed = true;
      await writes(() => undefined);
      await db.destroy();
    },
  };
}
