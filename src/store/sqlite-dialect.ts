/**
 * Kysely's SQLite dialect with transactions that begin IMMEDIATE: they take the write lock first.
 *
 * Why. Kysely begins a SQLite transaction with a plain `BEGIN` (DEFERRED): it reads on a snapshot
 * and asks for the write lock only at its first write. Every transaction of ours reads and then
 * writes (an ingest run looked up and then inserted, an overview read and then replaced). When
 * another process commits between that read and that write, the snapshot is stale and SQLite
 * answers SQLITE_BUSY at once, without waiting for `busy_timeout`, so two `tallyman ingest`s
 * started together on a new store failed now and then with "database is locked". An IMMEDIATE
 * transaction waits for the lock (busy_timeout) before it reads, and then no one can write under it.
 * Readers are not held up: in WAL mode they never wait for the writer.
 */
import type * as K from 'kysely';
import { CompiledQuery, SqliteDialect, SqliteDriver } from './kysely.js';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: K.DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: K.SqliteDialectConfig;

  constructor(config: K.SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): K.Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
