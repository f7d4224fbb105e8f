/**
 * Nothing lost under faults during a migration: an old store (schema 0002 with SIMULATED data, so
 * that every later migration runs and 0007 carries its reports over) is migrated by a real child
 * process that is SIGKILLed at a random point of its migration; the store is then opened with the
 * normal code (`openStore`), which must finish the migration, and every table, the schema and the
 * migration history must equal a clean migration of the same store. On both engines. On SQLite
 * also a full disk (`PRAGMA max_page_count`) at every point of the migration where a page is added.
 *
 * The kill points are random (seeded; the seed is printed, TALLYMAN_KILL_SEED replays it) and
 * spread over the clean run's migration time; the outcome, never a time, is asserted.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import { Kysely, PostgresDialect, SqliteDialect, sql } from '../../src/store/kysely.js';
import { MIGRATION_NAMES, migrate } from '../../src/store/migrate.js';
import { MIGRATION_TABLE } from '../../src/store/migrations/index.js';
import '../helpers/dist.js'; // the child runs the built store: rebuilt first when stale
import { ENGINES, type Engine, type TestDb } from './engines.js';
import { prng } from './fixtures/generate.js';
import { buildOldStore, OLD_STORE_MIGRATION } from './fixtures/old-store.js';

const CHILD = fileURLToPath(new URL('./fixtures/migrate-child.mjs', import.meta.url));
/** Trials per engine; PostgreSQL rebuilds its old store for each, so it runs fewer. */
const TRIALS = { sqlite: Number(process.env.TALLYMAN_KILL_TRIALS ?? 30), postgres: 8 };
/** Size of the old store: vessels × rows of each kind per vessel (~20k reports of each kind on SQLite). */
const SCALE = { sqlite: [1_000, 20], postgres: [300, 20] } as const;
const SEED = Number(process.env.TALLYMAN_KILL_SEED ?? Date.now() % 1_000_000);

const schemaOfUrl = (url: string) => /search_path%3D(\w+)/.exec(url)?.[1];

function kyselyFor(db: TestDb, sqliteConn?: BetterSqlite3.Database): Kysely<unknown> {
  if (db.location.url !== undefined)
    return new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: db.location.url, max: 1 }) }),
    });
  const conn = sqliteConn ?? new BetterSqlite3(db.location.path!);
  return new Kysely({ dialect: new SqliteDialect({ database: conn }) });
}

/** The schema as text, one line per table, column or index, sorted: what a clean migration made. */
async function schemaOf(db: TestDb): Promise<string[]> {
  const k = kyselyFor(db);
  try {
    if (db.location.url === undefined) {
      const rows = await sql<{ line: string }>`select type || ' ' || name || ': ' || coalesce(sql, '') as line
          from sqlite_master where name not like 'sqlite_%'`.execute(k);
      return rows.rows.map((r) => r.line).sort();
    }
    const schema = schemaOfUrl(db.location.url);
    const cols = await sql<{
      line: string;
    }>`select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as line
        from information_schema.columns where table_schema = ${schema}`.execute(k);
    const idx = await sql<{
      line: string;
    }>`select replace(indexdef, ${`${schema}.`}, '') as line from pg_indexes where schemaname = ${schema}`.execute(
      k,
    );
    return [...cols.rows, ...idx.rows].map((r) => r.line).sort();
  } finally {
    await k.destroy();
  }
}

async function historyOf(db: TestDb): Promise<string[]> {
  const k = kyselyFor(db);
  try {
    const exists =
      db.location.url === undefined
        ? (await sql`select 1 from sqlite_master where name = ${MIGRATION_TABLE}`.execute(k)).rows.length > 0
        : (
            await sql`select 1 from information_schema.tables where table_schema = ${schemaOfUrl(db.location.url)} and table_name = ${MIGRATION_TABLE}`.execute(
              k,
            )
          ).rows.length > 0;
    if (!exists) return [];
    return (await sql<{ name: string }>`select name from ${sql.id(MIGRATION_TABLE)}`.execute(k)).rows
      .map((r) => r.name)
      .sort();
  } finally {
    await k.destroy();
  }
}

/** A fresh old store; on SQLite a copy of one built once, laid out as openStore lays out a file. */
async function oldStore(engine: Engine, template: string | null): Promise<TestDb> {
  const db = await engine.fresh();
  if (template !== null) {
    copyFileSync(template, db.location.path!);
    return db;
  }
  let conn: BetterSqlite3.Database | undefined;
  if (db.location.path !== undefined) {
    conn = new BetterSqlite3(db.location.path);
    conn.pragma('page_size = 65536');
    conn.pragma('journal_mode = WAL');
  }
  const k = kyselyFor(db, conn);
  const [vessels, perVessel] = SCALE[engine.name];
  await buildOldStore(k, engine.name, vessels, perVessel);
  // Closing the last connection checkpoints the WAL into the file: the file alone is the store.
  await k.destroy();
  return db;
}

interface ChildRun {
  finished: boolean;
  migratedMs: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs the child; `killAfterMs` after it says `migrating`, SIGKILL (null: let it finish). */
function runChild(arg: string, killAfterMs: number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, arg]);
    let out = '';
    let armed = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      out += d;
    });
    child.stdout.on('data', (d: string) => {
      out += d;
      if (!armed && killAfterMs !== null && out.includes('migrating\n')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      const m = /migrated (\d+)/.exec(out);
      resolve({ finished: out.includes('done\n'), migratedMs: m ? Number(m[1]) : null, signal, output: out });
    });
  });
}

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [i, engine] of ENGINES.entries()) {
  describe(`migration killed at random points (${engine.name})`, () => {
    const skip = skips[i];
    it('every killed migration is completed by the next open and equals a clean one', {
      skip,
      timeout: 600_000,
    }, async () => {
      // Seeded (mulberry32), so a failing trial can be replayed.
      const next = prng(SEED + i);
      const template = engine.name === 'sqlite' ? await oldStore(engine, null) : null;
      const templatePath = template?.location.path ?? null;
      const clean = await oldStore(engine, templatePath);
      const dbs: TestDb[] = [clean];
      try {
        const cleanRun = await runChild(clean.arg, null);
        assert.ok(cleanRun.finished && cleanRun.migratedMs !== null, cleanRun.output);
        const want = {
          tables: await clean.dump(),
          schema: await schemaOf(clean),
          history: await historyOf(clean),
        };
        assert.deepEqual(want.history, [...MIGRATION_NAMES].sort());
        assert.ok(want.tables.identity_reports.length > 0 && want.tables.voyage_states.length > 0);

        const committedAtKill = new Map<number, number>();
        let recovered = 0;
        let killedMidway = 0;
        const n = TRIALS[engine.name];
        for (let t = 0; t < n; t++) {
          const db = await oldStore(engine, templatePath);
          dbs.push(db);
          // Anywhere from the start of the migration to a little past the clean run's end.
          const killAfterMs = Math.round(next() * cleanRun.migratedMs! * 1.1);
          const run = await runChild(db.arg, killAfterMs);
          const committed = (await historyOf(db)).length;
          committedAtKill.set(committed, (committedAtKill.get(committed) ?? 0) + 1);
          if (!run.finished) killedMidway++;
          const store = await openStore(db.location);
          await store.close();
          const got = { tables: await db.dump(), schema: await schemaOf(db), history: await historyOf(db) };
          const context = `trial ${t + 1} (seed ${SEED}, killed ${killAfterMs} ms into the migration, ${committed} migrations committed)`;
          assert.deepEqual(got.history, want.history, context);
          assert.deepEqual(got.schema, want.schema, context);
          for (const table of Object.keys(want.tables))
            assert.deepEqual(got.tables[table], want.tables[table], `${context}: table ${table} differs`);
          recovered++;
          await db.drop();
          dbs.pop();
        }
        const spread = [...committedAtKill.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ');
        console.log(
          `# ${engine.name}: ${recovered} of ${n} killed migrations recovered (seed ${SEED}; ${killedMidway} killed before finishing; migrations committed at the kill → trials: ${spread}; clean migration ${cleanRun.migratedMs} ms)`,
        );
        assert.ok(killedMidway > 0, 'at least one kill landed before the migration finished');
      } finally {
        for (const db of dbs) await db.drop();
        await template?.drop();
      }
    });
  });
}

describe('disk full during a migration (sqlite)', () => {
  it('a migration that runs out of space keeps nothing of itself, and the next open completes it', {
    timeout: 600_000,
  }, async () => {
    const sqlite = ENGINES.find((e) => e.name === 'sqlite')!;
    const template = await oldStore(sqlite, null);
    const templatePath = template.location.path!;
    const clean = await oldStore(sqlite, templatePath);
    const dbs: TestDb[] = [clean];
    try {
      await (await openStore(clean.location)).close();
      const want = {
        tables: await clean.dump(),
        schema: await schemaOf(clean),
        history: await historyOf(clean),
      };
      const failedIn = new Map<string, number>();
      let limit = 0;
      let trials = 0;
      for (;;) {
        const db = await oldStore(sqlite, templatePath);
        dbs.push(db);
        const conn = new BetterSqlite3(db.location.path!);
        conn.pragma('journal_mode = WAL');
        const start = Number(conn.pragma('page_count', { simple: true }));
        // The database may not grow past `limit` pages: the write that needs one more fails with
        // SQLITE_FULL, as on a full disk.
        limit = Math.max(limit + 1, start);
        conn.pragma(`max_page_count = ${limit}`);
        const k = kyselyFor(db, conn);
        let error: Error | null = null;
        try {
          await migrate(k, 'sqlite');
        } catch (err) {
          error = err as Error;
        }
        await k.destroy();
        if (error === null) break;
        trials++;
        assert.match(error.message, /database or disk is full/);
        const name = /migration (\S+) failed/.exec(error.message)?.[1] ?? 'history';
        failedIn.set(name, (failedIn.get(name) ?? 0) + 1);
        // What is left is whole migrations only: the history names exactly the ones done.
        assert.ok(!(await historyOf(db)).includes(name));
        await (await openStore(db.location)).close();
        const got = { tables: await db.dump(), schema: await schemaOf(db), history: await historyOf(db) };
        assert.deepEqual(got.history, want.history);
        assert.deepEqual(got.schema, want.schema);
        for (const table of Object.keys(want.tables))
          assert.deepEqual(
            got.tables[table],
            want.tables[table],
            `limit ${limit} pages: table ${table} differs`,
          );
        await db.drop();
        dbs.pop();
      }
      console.log(
        `# sqlite full disk: ${trials} of ${trials} failed migrations recovered, one per page the migration adds (failed in: ${[...failedIn.entries()].map(([k, v]) => `${k} ×${v}`).join(', ')})`,
      );
      assert.ok(
        failedIn.has('0007-report-numbers'),
        'the data-carrying migration ran out of space at least once',
      );
    } finally {
      for (const db of dbs) await db.drop();
      await template.drop();
    }
  });
});

// The old store really is old: the tests above migrate from here.
assert.equal(OLD_STORE_MIGRATION, MIGRATION_NAMES[1]);
