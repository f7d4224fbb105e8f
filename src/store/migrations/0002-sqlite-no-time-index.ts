/**
 * SQLite drops the (ts_ms, lon, lat) index on `positions`. Each fix inserted into it landed at a
 * random place (the write path inserts in (mmsi, time) order), which halved the ingest rate, and
 * the box query does as well without it: it walks the primary key of each vessel whose first/last
 * seen overlaps the window (see `inBox` in queries.ts). PostgreSQL keeps its index.
 */
import type { Migration } from 'kysely';
import { isPostgres } from '../engine.js';
import { type Kysely, sql } from '../kysely.js';

export const sqliteNoTimeIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (isPostgres(db)) return;
    await sql`DROP INDEX IF EXISTS positions_time_box`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    if (isPostgres(db)) return;
    await sql`CREATE INDEX IF NOT EXISTS positions_time_box ON positions (ts_ms, lon, lat)`.execute(db);
  },
};
