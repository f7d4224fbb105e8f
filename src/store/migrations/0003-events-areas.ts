/**
 * Events and areas: user areas of interest (the bundled ones stay in code; a user row with a
 * bundled id overrides it), detection runs, and the events each run stored. One schema for both
 * engines, with the same column types as 0001. An event's id is the detector's deterministic
 * hash, so the primary key itself refuses a duplicate; re-running a range deletes its events and
 * inserts the new ones in one transaction (src/events/store.ts).
 */
import type { Kysely, Migration } from 'kysely';
import { isPostgres } from '../engine.js';

export const eventsAreas: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);

    await db.schema
      .createTable('user_areas')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('geometry_json', 'text', (c) => c.notNull())
      .addColumn('thresholds_json', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('updated_ms', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('detection_runs')
      .addColumn('id', pg ? 'bigint' : 'integer', (c) =>
        pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
      )
      .addColumn('started_ms', 'bigint', (c) => c.notNull())
      .addColumn('finished_ms', 'bigint', (c) => c.notNull())
      .addColumn('param_set', 'text', (c) => c.notNull())
      .addColumn('params_json', 'text', (c) => c.notNull())
      .addColumn('areas_hash', 'text', (c) => c.notNull())
      .addColumn('area_filter_json', 'text')
      .addColumn('since_ms', 'bigint')
      .addColumn('until_ms', 'bigint')
      .addColumn('vessels', 'bigint', (c) => c.notNull())
      .addColumn('positions', 'bigint', (c) => c.notNull())
      .addColumn('events', 'bigint', (c) => c.notNull())
      .addColumn('counts_json', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('mmsi', 'bigint', (c) => c.notNull())
      .addColumn('mmsi2', 'bigint')
      .addColumn('start_ms', 'bigint', (c) => c.notNull())
      .addColumn('end_ms', 'bigint', (c) => c.notNull())
      .addColumn('lon', 'double precision', (c) => c.notNull())
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('confidence', 'integer', (c) => c.notNull())
      .addColumn('params_json', 'text', (c) => c.notNull())
      .addColumn('support_json', 'text', (c) => c.notNull())
      .addColumn('details_json', 'text', (c) => c.notNull())
      .addColumn('detection_run_id', 'bigint', (c) => c.notNull().references('detection_runs.id'))
      .execute();
    // "events of vessel X", "events between t1 and t2" (and the range a re-run replaces), by type
    await db.schema.createIndex('events_mmsi_start').on('events').columns(['mmsi', 'start_ms']).execute();
    await db.schema.createIndex('events_start').on('events').column('start_ms').execute();
    await db.schema.createIndex('events_type_start').on('events').columns(['type', 'start_ms']).execute();
    await db.schema.createIndex('events_run').on('events').column('detection_run_id').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of ['events', 'detection_runs', 'user_areas']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};
