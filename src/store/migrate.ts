/**
 * The migration runner: brings a store to the latest schema, one migration per transaction.
 *
 * Why not Kysely's `Migrator`: on SQLite it runs every statement of a migration outside any
 * transaction (Kysely's SQLite adapter says SQLite has no transactional DDL, which is not so), and
 * records the migration in `schema_migrations` afterwards, as a statement of its own. A process
 * killed (or a disk that filled) between two of those statements left the tables of half a
 * migration behind, unrecorded; the next run started that migration again, hit "table … already
 * exists", and no command could open the store again (4 of 24 kill trials in the hostile test).
 *
 * Here each migration's statements and its `schema_migrations` row commit together or not at all:
 * SQLite `BEGIN IMMEDIATE` (the write lock first, so that two processes opening an old store at
 * once take turns instead of one failing on a stale snapshot), PostgreSQL `BEGIN` and a
 * transaction-scoped advisory lock. Inside the lock the history is read again, so a migration
 * another process finished meanwhile is not run twice. The history table is Kysely's (same name,
 * same columns), so stores migrated before this runner, and the tests that build an older store
 * with Kysely's `Migrator`, read the same.
 */
import type { Engine } from './engine.js';
import { type Kysely, sql } from './kysely.js';
import { MIGRATION_TABLE, MIGRATIONS } from './migrations/index.js';

/** PostgreSQL advisory lock key for migrations (any fixed number apart from the ledger's and the writer's). */
const MIGRATION_LOCK_KEY = 82_559_001;

/** Every migration, in the order they run (name order, as Kysely's Migrator ran them). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

/**
 * The migrations still to run, given the history: the names after it, up to `to`. Pure. Throws on
 * a history that is not a prefix of the known list (a newer tallyman's store, or a damaged one),
 * since running anything then could not be right.
 */
export function pendingMigrations(applied: readonly string[], to?: string): string[] {
  const known = new Set(MIGRATION_NAMES);
  const unknown = applied.filter((n) => !known.has(n));
  if (unknown.length > 0)
    throw new Error(
      `the store was migrated by a newer tallyman (unknown migration ${unknown.join(', ')}): upgrade tallyman to open it`,
    );
  const sorted = [...applied].sort();
  const prefix = MIGRATION_NAMES.slice(0, sorted.length);
  if (sorted.some((n, i) => n !== prefix[i]))
    throw new Error(
      `the store's migration history (${sorted.join(', ')}) skips a migration; expected ${prefix.join(', ')}`,
    );
  const end = to === undefined ? MIGRATION_NAMES.length : MIGRATION_NAMES.indexOf(to) + 1;
  if (end === 0) throw new Error(`no migration named ${to}`);
  return MIGRATION_NAMES.slice(sorted.length, Math.max(end, sorted.length));
}

async function currentSchema(db: Kysely<unknown>, engine: Engine): Promise<string | undefined> {
  if (engine !== 'postgres') return undefined;
  return (await sql<{ s: string | null }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? undefined;
}

/** The history, or [] where the table is not there yet (a new store). */
async function appliedMigrations(
  db: Kysely<unknown>,
  engine: Engine,
  schema: string | undefined,
): Promise<string[]> {
  const exists =
    engine === 'postgres'
      ? (
          await sql`select 1 from information_schema.tables where table_schema = ${schema ?? 'public'} and table_name = ${MIGRATION_TABLE}`.execute(
            db,
          )
        ).rows.length > 0
      : (
          await sql`select 1 from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(
            db,
          )
        ).rows.length > 0;
  if (!exists) return [];
  const table = schema ? sql.id(schema, MIGRATION_TABLE) : sql.id(MIGRATION_TABLE);
  return (await sql<{ name: string }>`select name from ${table}`.execute(db)).rows.map((r) => r.name);
}

export interface MigrateOptions {
  /** Stop after this migration (tests build an older store with it); default: the latest. */
  to?: string;
}

/**
 * Migrates to the latest schema (or to `opts.to`). A migration that fails (a full disk, a bug)
 * leaves nothing of itself and the history says so; the error names it, and the next open runs it
 * again from the start. Migrations before it stay done.
 */
export async function migrate(db: Kysely<unknown>, engine: Engine, opts: MigrateOptions = {}): Promise<void> {
  // On PostgreSQL every name is qualified with the schema in use: a store in one schema must not
  // read another schema's history found further along the search_path.
  const schema = await currentSchema(db, engine);
  // The common case, an up-to-date store, takes no lock: every command opens the store.
  if (pendingMigrations(await appliedMigrations(db, engine, schema), opts.to).length === 0) return;
  const table = schema ? sql.id(schema, MIGRATION_TABLE) : sql.id(MIGRATION_TABLE);
  await db.connection().execute(async (conn) => {
    for (;;) {
      let name: string | undefined;
      await sql.raw(engine === 'postgres' ? 'begin' : 'begin immediate').execute(conn);
      try {
        if (engine === 'postgres')
          await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
        // Kysely's own definition of the table, so that its Migrator reads stores made here.
        await sql`create table if not exists ${table} (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(
          conn,
        );
        name = pendingMigrations(await appliedMigrations(conn, engine, schema), opts.to)[0];
        if (name !== undefined) {
          await MIGRATIONS[name].up(conn);
          await sql`insert into ${table} (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(
            conn,
          );
        }
        await sql.raw('commit').execute(conn);
      } catch (err) {
        // SQLite may already have rolled back by itself (SQLITE_FULL, SQLITE_IOERR): then there is
        // no transaction to end, and that second error says nothing new.
        await sql
          .raw('rollback')
          .execute(conn)
          .catch(() => {});
        const what = name === undefined ? 'reading the migration history' : `migration ${name}`;
        throw new Error(
          `store ${what} failed, and nothing of it was kept (the next open runs it again): ${(err as Error).message ?? String(err)}`,
          { cause: err },
        );
      }
      if (name === undefined) return;
    }
  });
}
