/**
 * PostgreSQL finds the rows of recent ingest runs without reading the whole table. Incremental
 * detection (`incrementalRange`, src/events/detect-store.ts) and a worker's kept window
 * (src/live/fleet-cache.ts) ask which vessels the runs since the last detection touched
 * (`WHERE ingest_run_id IN (…)` on `positions` and the two report tables); without an index that
 * was a sequential scan of every fix, under the lock that holds the workers' commits back: 182 ms
 * on a 2.1M-fix store (2-core VM), growing with the store, every detection run.
 *
 * A BRIN index keeps each range of 32 pages' least and greatest run id. Rows are appended in
 * ingest order, so a run's rows lie in a few ranges: the same query reads 48 pages, 0.8 ms. Its
 * upkeep is a comparison per page, not an insertion per row as a B-tree would cost the bulk write;
 * ranges filled since the last summary are always read (they hold the newest runs), and
 * `autosummarize` has autovacuum summarise them. SQLite is left as it is: its tables are ordered
 * by key, not by insertion, and only `tallyman detect` asks, once per run.
 */
import type { Migration } from 'kysely';
import { isPostgres } from '../engine.js';
import { type Kysely, sql } from '../kysely.js';

const TABLES = ['positions', 'identity_reports', 'voyage_reports'] as const;

export const pgRunBrin: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (!isPostgres(db)) return;
    for (const table of TABLES)
      await sql`CREATE INDEX IF NOT EXISTS ${sql.ref(`${table}_ingest_run_brin`)} ON ${sql.table(table)}
        USING brin (ingest_run_id) WITH (pages_per_range = 32, autosummarize = on)`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    if (!isPostgres(db)) return;
    for (const table of TABLES)
      await sql`DROP INDEX IF EXISTS ${sql.ref(`${table}_ingest_run_brin`)}`.execute(db);
  },
};
