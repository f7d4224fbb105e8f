/**
 * The engines every store test runs on: SQLite in a fresh temporary file, and PostgreSQL (when
 * reachable, see requirePostgres) in a fresh schema of its own that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { TABLES } from '../../src/store/schema.js';
import { POSTGRES_URL, requirePostgres } from '../helpers/services.js';

export interface TestDb {
  /** What openStore and the child process take: a file path or a postgres:// URL. */
  location: { path?: string; url?: string };
  /** The same as one string, for a command line. */
  arg: string;
  /** Every table, rows in a fixed order, minus the columns named in DUMP_EXCLUDED. */
  dump(): Promise<Record<string, unknown[][]>>;
  drop(): Promise<void>;
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** A skip reason, or false when the engine is there. */
  skip(): Promise<string | false>;
  fresh(): Promise<TestDb>;
}

/**
 * Columns left out of a dump comparison, and why: the wall-clock times a run started and
 * finished. Everything else — run ids, counts, the rows' run ids and sources — must be identical.
 */
export const DUMP_EXCLUDED: Record<string, string[]> = { ingest_runs: ['started_ms', 'finished_ms'] };

function orderedColumns(names: string[], table: string): string[] {
  return names.filter((c) => !(DUMP_EXCLUDED[table] ?? []).includes(c));
}

const sqlite: Engine = {
  name: 'sqlite',
  skip: async () => false,
  fresh: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tallyman-store-'));
    const path = join(dir, 'test.db');
    return {
      location: { path },
      arg: path,
      async dump() {
        // A process killed before it created the file left no database: every table is empty.
        if (!existsSync(path)) return Object.fromEntries(TABLES.map((t) => [t, []]));
        const db = new BetterSqlite3(path, { readonly: true });
        try {
          const out: Record<string, unknown[][]> = {};
          for (const t of TABLES) {
            const names = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map(
              (c) => c.name,
            );
            // Killed before the migration made this table.
            if (names.length === 0) {
              out[t] = [];
              continue;
            }
            const cols = orderedColumns(names, t);
            const order = cols.map((_, i) => i + 1).join(', ');
            out[t] = db
              .prepare(`SELECT ${cols.join(', ')} FROM ${t} ORDER BY ${order}`)
              .raw(true)
              .all() as unknown[][];
          }
          return out;
        } finally {
          db.close();
        }
      },
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Engine = {
  name: 'postgres',
  skip: () => requirePostgres(),
  fresh: async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    // encodeURIComponent, not URLSearchParams: pg reads a '+' literally, not as a space.
    const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    return {
      location: { url },
      arg: url,
      async dump() {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          const out: Record<string, unknown[][]> = {};
          for (const t of TABLES) {
            const info = await c.query(
              `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2
               ORDER BY ordinal_position`,
              [schema, t],
            );
            const cols = orderedColumns(
              info.rows.map((r: { column_name: string }) => r.column_name),
              t,
            );
            const order = cols.map((_, i) => i + 1).join(', ');
            const res = await c.query({
              text: `SELECT ${cols.join(', ')} FROM ${t} ORDER BY ${order}`,
              rowMode: 'array',
            });
            out[t] = res.rows;
          }
          return out;
        } finally {
          await c.end();
        }
      },
      async drop() {
        const c = new pg.Client({ connectionString: POSTGRES_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      },
    };
  },
};

export const ENGINES: Engine[] = [sqlite, postgres];
