/**
 * Drops `positions_staging`. It was SQLite's write buffer until the buffer moved into memory
 * (src/store/write-sqlite.ts); since then nothing writes or reads it and it was always empty, on
 * both engines, kept only so that the schema stayed one. `down` makes it again as 0001 did, empty.
 */
import type { Migration } from 'kysely';
import { isPostgres } from '../engine.js';
import type { Kysely } from '../kysely.js';

export const dropPositionsStaging: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('positions_staging').ifExists().execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);
    await db.schema
      .createTable('positions_staging')
      .addColumn('seq', pg ? 'bigint' : 'integer', (c) =>
        pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
      )
      .addColumn('mmsi', 'bigint', (c) => c.notNull())
      .addColumn('ts_ms', 'bigint', (c) => c.notNull())
      .addColumn('lon', 'double precision', (c) => c.notNull())
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('speed_knots', 'double precision')
      .addColumn('course_deg', 'double precision')
      .addColumn('heading_deg', 'double precision')
      .addColumn('nav_status', 'integer')
      .addColumn('msg_type', 'integer')
      .addColumn('source', 'text')
      .addColumn('ingest_run_id', 'bigint', (c) => c.notNull())
      .execute();
  },
};
