/**
 * openStore: the one place an engine is chosen and configured. A postgres:// URL selects
 * PostgreSQL, anything else SQLite; either way the schema is migrated to the latest version
 * before the store is handed out.
 */
import BetterSqlite3 from 'better-sqlite3';
import { flagFromMmsi } from '../tracks/mid.js';
import { type Checkpointer, startCheckpointer } from './checkpointer.js';
import { claimPostgres, claimSqlite } from './ingest-claim.js';
import { Kysely, PostgresDialect } from './kysely.js';
import { migrate } from './migrate.js';
import { pgTypesOf } from './pg-types.js';
import * as q from './queries.js';
import type { FlagOf } from './rows.js';
import { postgresScanThread, SCAN_THREADS, scanSqlite, sqliteScanThread } from './scan.js';
import type { Database } from './schema.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';
import type {
  BatchResult,
  PositionScan,
  PositionScanQuery,
  Store,
  StoreOptions,
  WriteBatch,
} from './types.js';
import { postgresWriter } from './write-postgres.js';
import { sqliteWriter } from './write-sqlite.js';

export const DEFAULT_SQLITE_PATH = './tallyman.db';

/** A commit of at least this many fixes starts the background checkpoints (checkpointer.ts). */
const CHECKPOINTER_MIN_FIXES = 20_000;

interface Writer {
  write(runId: number, batch: WriteBatch): Promise<BatchResult> | BatchResult;
  /** Commits what the writer buffers; reads and the end of a run wait for it. */
  flush(): Promise<void> | void;
}

export interface OpenOptions extends StoreOptions {
  /** Flag of an MMSI; defaults to the ITU MID table (src/tracks/mid.ts). */
  flagOf?: FlagOf;
  /** Buffered fixes that trigger a commit (defaults FLUSH_ROWS, PG_FLUSH_ROWS); small for tests. */
  flushRows?: number;
  /** Clock for run start/finish times; injectable for tests. */
  nowMs?: () => number;
}

const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

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
  let makeWriter: () => Writer;
  let checkpointer: Checkpointer | null = null;
  let engine: Store['engine'];
  let claim: Store['claimIngest'];
  let scan: (q: PositionScanQuery) => Promise<PositionScan>;
  let closeScan = async (): Promise<void> => {};
  /** One read ahead per reading thread (Store.scanReadAhead). */
  let scanReadAhead = 1;
  if (opts.url !== undefined && isPostgresUrl(opts.url)) {
    // Loaded only here: the driver takes ~70 ms to load, which every SQLite command would pay.
    const { default: driver } = await import('pg');
    const pool = new driver.Pool({ connectionString: opts.url, types: pgTypesOf(driver), max: 4 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    makeWriter = () => postgresWriter(pool, flagOf, opts.flushRows);
    claim = (sha) => claimPostgres(pool, sha);
    // the rows are parsed on a thread of its own: on the caller's thread they took half of a
    // detect's main-thread time, with the garbage they leave
    const thread = postgresScanThread(opts.url);
    scan = (q) => thread.scan(q);
    closeScan = async () => thread.close();
    engine = 'postgres';
  } else {
    if (opts.url !== undefined)
      throw new Error(`store URL must start with postgres:// (got "${opts.url.slice(0, 40)}")`);
    const sqlite = new BetterSqlite3(opts.path ?? DEFAULT_SQLITE_PATH);
    // First, before the pragmas below: switching a new file to WAL and the migrations' write lock
    // wait for another process opening the same store at the same moment, instead of failing.
    sqlite.pragma('busy_timeout = 10000');
    // Takes effect only on a new, empty file (a no-op otherwise). Measured on 1M interleaved fixes:
    // 64 KiB pages ingest ~1.5–2× faster than 4 KiB — fewer splits and a shallower tree for the
    // sorted insert of each commit (src/store/write-sqlite.ts).
    sqlite.pragma('page_size = 65536');
    sqlite.pragma('journal_mode = WAL');
    // Checkpoint every 512 MiB of WAL, not every 64 MiB: a large commit rewrites most of the table,
    // and pages rewritten before a checkpoint are copied into the database once. Measured ~+12%.
    sqlite.pragma('wal_autocheckpoint = 8192');
    sqlite.pragma('journal_size_limit = 67108864');
    // NORMAL in WAL mode: a power cut may lose the last commits but never corrupts the file, and a
    // lost batch is replayed by re-running the ingest.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('cache_size = -131072');
    sqlite.pragma('temp_store = MEMORY');
    db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
    // Background checkpoints start with the first commit large enough to be worth a thread (an
    // ingest, not a server's or a command's few rows); see checkpointer.ts.
    const onDisk = !sqlite.memory && sqlite.name !== '';
    claim = async (sha) => claimSqlite(onDisk ? sqlite.name : ':memory:', sha);
    // a file is read on a thread of its own, so detection reads the next batch while it works
    const thread = onDisk ? sqliteScanThread(sqlite.name, SCAN_THREADS) : null;
    scanReadAhead = onDisk ? SCAN_THREADS : 1;
    scan = thread ? (q) => thread.scan(q) : async (q) => scanSqlite(sqlite, q);
    closeScan = async () => thread?.close();
    makeWriter = () =>
      sqliteWriter(sqlite, flagOf, opts.flushRows, (fixes) => {
        if (onDisk && (checkpointer !== null || fixes >= CHECKPOINTER_MIN_FIXES)) {
          checkpointer ??= startCheckpointer(sqlite.name);
          checkpointer.request();
        }
      });
    engine = 'sqlite';
  }
  try {
    await migrate(db as unknown as Kysely<unknown>, engine);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  // Prepared after the migration: the statements need the tables.
  const writer = makeWriter();
  const writes = serial();
  /** Reads see every batch written before them. */
  const read = <T>(f: () => Promise<T>): Promise<T> => writes(() => writer.flush()).then(f);
  let closed = false;
  return {
    engine,
    db: () => read(async () => db),
    claimIngest: (sha) => claim(sha),
    beginIngest: (run) => writes(() => q.beginIngest(db, run, nowMs())),
    writeBatch: (runId, batch) => writes(() => writer.write(runId, batch)),
    finishIngest: (runId, finish) =>
      writes(async () => {
        await writer.flush();
        return q.finishIngest(db, runId, finish, nowMs());
      }),
    listVessels: () => read(() => q.listVessels(db)),
    getVessel: (mmsi) => read(() => q.getVessel(db, mmsi)),
    identityHistory: (mmsi) => read(() => q.identityHistory(db, mmsi)),
    track: (mmsi, range) => read(() => q.track(db, mmsi, range)),
    inBox: (box, range) => read(() => q.inBox(db, box, range)),
    voyageReports: (mmsi) => read(() => q.voyageReports(db, mmsi)),
    scanPositions: (query) => read(() => scan(query)),
    scanReadAhead,
    ingestRuns: () => read(() => q.ingestRuns(db)),
    close: async () => {
      if (closed) return;
      closed = true;
      await writes(() => writer.flush());
      // Its connection goes first, so that ours is the last and checkpoints what is left.
      await checkpointer?.close();
      await closeScan();
      await db.destroy();
    },
  };
}
