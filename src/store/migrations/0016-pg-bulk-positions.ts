/**
 * PostgreSQL drops what made its bulk write pay per row for nothing it reads:
 *
 * - `positions_time_box` (ts_ms, lon, lat, mmsi). Every query of `positions` names its vessels
 *   (`mmsi =`, `IN`, `BETWEEN`) and walks the primary key (mmsi, ts_ms, …), as SQLite has done
 *   since 0002; the index cost a random insertion per fix. Measured on the 2-core VM, `tallyman
 *   ingest` of the 1M-position SIMULATED benchmark input: 5.10 s with it, 3.76 s without
 *   (both without the foreign keys below).
 * - The foreign keys of `identity_reports` and `voyage_reports` on `ingest_runs`: a trigger per
 *   report row (5.55 s → 5.10 s on the same input). A run row is written before any row naming
 *   it and is never deleted, which the write path guarantees, as it does for `positions`, which
 *   never had the key.
 *
 * SQLite is left as it is: it has no time index, and dropping a foreign key there means rebuilding
 * the tables. `down` puts the index and the keys back.
 */
import type { Migration } from 'kysely';
import { isPostgres } from '../engine.js';
import { type Kysely, sql } from '../kysely.js';

const REPORT_TABLES = ['identity_reports', 'voyage_reports'] as const;

export const pgBulkPositions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (!isPostgres(db)) return;
    await sql`DROP INDEX IF EXISTS positions_time_box`.execute(db);
    for (const table of REPORT_TABLES) {
      // named by PostgreSQL when 0007 rebuilt the tables (…_fkey1 after a rename): found, not assumed
      const keys = (
        await sql<{ conname: string }>`
          SELECT conname FROM pg_constraint
          WHERE contype = 'f' AND conrelid = to_regclass(${table})
            AND confrelid = to_regclass('ingest_runs')`.execute(db)
      ).rows;
      for (const k of keys)
        await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.ref(k.conname)}`.execute(db);
    }
  },

  async down(db: Kysely<unknown>): Promise<void> {
    if (!isPostgres(db)) return;
    await sql`CREATE INDEX IF NOT EXISTS positions_time_box ON positions (ts_ms, lon, lat, mmsi)`.execute(db);
    for (const table of REPORT_TABLES)
      await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.ref(`${table}_ingest_run_id_fkey`)}
        FOREIGN KEY (ingest_run_id) REFERENCES ingest_runs (id)`.execute(db);
  },
};
