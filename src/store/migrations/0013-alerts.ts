/**
 * Live watch and alerts (src/store/schema-alerts.ts): alert rules, the alerts they raised (one per
 * dedup key), the revision each event has reached in live watch, and each vessel's latest fix for
 * the moving map. Ids auto-numbered per engine as in 0004.
 */
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import { isPostgres } from '../engine.js';
import type { Kysely } from '../kysely.js';

export const alerts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);
    const idCol = (c: ColumnDefinitionBuilder) =>
      pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
    const idType = pg ? 'bigint' : 'integer';
    const nn = (c: ColumnDefinitionBuilder) => c.notNull();

    await db.schema
      .createTable('alert_rules')
      .addColumn('id', idType, idCol)
      .addColumn('name', 'text', nn)
      .addColumn('kind', 'text', nn)
      .addColumn('spec_json', 'text', nn)
      .addColumn('enabled', 'integer', nn)
      .addColumn('created_by', 'text', nn)
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('updated_ms', 'bigint', nn)
      .execute();
    await db.schema
      .createTable('alerts')
      .addColumn('id', idType, idCol)
      .addColumn('dedup_key', 'text', (c) => c.notNull().unique())
      .addColumn('rule_id', 'bigint', nn)
      .addColumn('rule_kind', 'text', nn)
      .addColumn('mmsi', 'bigint', nn)
      .addColumn('ts_ms', 'bigint', nn)
      .addColumn('raised_ms', 'bigint', nn)
      .addColumn('title', 'text', nn)
      .addColumn('evidence_json', 'text', nn)
      .addColumn('simulated', 'integer', nn)
      .execute();
    await db.schema.createIndex('alerts_rule').on('alerts').columns(['rule_id', 'id']).execute();
    await db.schema
      .createTable('event_revisions')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('revision', 'integer', nn)
      .addColumn('hash', 'text', nn)
      .addColumn('state', 'text', nn)
      .addColumn('updated_ms', 'bigint', nn)
      .execute();
    await db.schema
      .createTable('live_positions')
      .addColumn('mmsi', 'bigint', (c) => c.primaryKey())
      .addColumn('ts_ms', 'bigint', nn)
      .addColumn('lon', 'double precision', nn)
      .addColumn('lat', 'double precision', nn)
      .addColumn('speed_knots', 'double precision')
      .addColumn('course_deg', 'double precision')
      .addColumn('updated_ms', 'bigint', nn)
      .execute();
    await db.schema.createIndex('live_positions_updated').on('live_positions').column('updated_ms').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('live_positions').execute();
    await db.schema.dropTable('event_revisions').execute();
    await db.schema.dropTable('alerts').execute();
    await db.schema.dropTable('alert_rules').execute();
  },
};
