/**
 * The initial schema, one for both engines. Column types are ones both understand: BIGINT for
 * epoch ms and MMSI, DOUBLE PRECISION for coordinates and measures, TEXT for the rest. Two storage
 * details differ by engine and change no column: the run id's auto-numbering, and SQLite storing
 * `positions` WITHOUT ROWID (the primary key is the table, so a fix costs one B-tree, not two).
 */
import type { Migration } from 'kysely';
import { isPostgres } from '../engine.js';
import { type Kysely, sql } from '../kysely.js';

export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);

    await db.schema
      .createTable('ingest_runs')
      .addColumn('id', pg ? 'bigint' : 'integer', (c) =>
        pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
      )
      .addColumn('source_name', 'text', (c) => c.notNull())
      .addColumn('content_sha256', 'text')
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint')
      .addColumn('started_ms', 'bigint', (c) => c.notNull())
      .addColumn('finished_ms', 'bigint')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('positions_added', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('identity_reports_added', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('voyage_reports_added', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('counts_json', 'text')
      .execute();
    // One completed run per content: the test "already ingested?" is this index.
    await db.schema
      .createIndex('ingest_runs_completed_sha256')
      .on('ingest_runs')
      .column('content_sha256')
      .unique()
      .where(sql.ref('status'), '=', 'completed')
      .execute();
    await db.schema
      .createIndex('ingest_runs_sha256')
      .on('ingest_runs')
      .columns(['content_sha256', 'status'])
      .execute();

    await db.schema
      .createTable('vessels')
      .addColumn('mmsi', 'bigint', (c) => c.primaryKey())
      .addColumn('imo', 'bigint')
      .addColumn('name', 'text')
      .addColumn('call_sign', 'text')
      .addColumn('flag', 'text')
      .addColumn('ship_type', 'integer')
      .addColumn('length_m', 'double precision')
      .addColumn('beam_m', 'double precision')
      .addColumn('first_seen_ms', 'bigint')
      .addColumn('last_seen_ms', 'bigint')
      .addColumn('position_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('vessel_identities')
      .addColumn('mmsi', 'bigint', (c) => c.notNull())
      .addColumn('identity_key', 'text', (c) => c.notNull())
      .addColumn('imo', 'bigint')
      .addColumn('name', 'text')
      .addColumn('call_sign', 'text')
      .addColumn('ship_type', 'integer')
      .addColumn('length_m', 'double precision')
      .addColumn('beam_m', 'double precision')
      .addColumn('flag', 'text')
      .addColumn('first_seen_ms', 'bigint')
      .addColumn('last_seen_ms', 'bigint')
      .addColumn('report_count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('vessel_identities_pk', ['mmsi', 'identity_key'])
      .execute();

    await db.schema
      .createTable('identity_reports')
      .addColumn('mmsi', 'bigint', (c) => c.notNull())
      .addColumn('report_key', 'text', (c) => c.notNull())
      .addColumn('identity_key', 'text', (c) => c.notNull())
      .addColumn('ts_ms', 'bigint')
      .addColumn('msg_type', 'integer')
      .addColumn('source', 'text')
      .addColumn('ingest_run_id', 'bigint', (c) => c.notNull().references('ingest_runs.id'))
      .addPrimaryKeyConstraint('identity_reports_pk', ['mmsi', 'report_key'])
      .execute();

    let positions = db.schema
      .createTable('positions')
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
      // Which run first stored the fix. Stable across a crash and re-run because a re-run of the
      // same content resumes the interrupted run instead of starting a new one.
      .addColumn('ingest_run_id', 'bigint', (c) => c.notNull())
      // Serves "track of vessel X between t1 and t2" and makes a repeated fix a no-op.
      .addPrimaryKeyConstraint('positions_pk', ['mmsi', 'ts_ms', 'lon', 'lat']);
    if (!pg) positions = positions.modifyEnd(sql`without rowid`);
    await positions.execute();
    // Serves "who was inside this box between t1 and t2": a time-range scan that reads lon, lat
    // and mmsi from the index alone (SQLite's WITHOUT ROWID index carries the key columns).
    await db.schema
      .createIndex('positions_time_box')
      .on('positions')
      .columns(pg ? ['ts_ms', 'lon', 'lat', 'mmsi'] : ['ts_ms', 'lon', 'lat'])
      .execute();

    // SQLite's write buffer (see src/store/write-sqlite.ts); part of the one schema, unused and
    // empty on PostgreSQL, whose bulk insert goes straight into `positions`.
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

    await db.schema
      .createTable('voyage_reports')
      .addColumn('mmsi', 'bigint', (c) => c.notNull())
      .addColumn('report_key', 'text', (c) => c.notNull())
      .addColumn('ts_ms', 'bigint')
      .addColumn('draught_m', 'double precision')
      .addColumn('destination', 'text')
      .addColumn('eta', 'text')
      .addColumn('source', 'text')
      .addColumn('ingest_run_id', 'bigint', (c) => c.notNull().references('ingest_runs.id'))
      .addPrimaryKeyConstraint('voyage_reports_pk', ['mmsi', 'report_key'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of [
      'voyage_reports',
      'positions_staging',
      'positions',
      'identity_reports',
      'vessel_identities',
      'vessels',
      'ingest_runs',
    ]) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};
