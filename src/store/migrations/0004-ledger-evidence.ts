/**
 * The shipment ledger, observations and evidence (tables in src/store/schema-ledger.ts). Same
 * column types as 0001 (BIGINT times and ids, DOUBLE PRECISION measures, TEXT the rest); ids
 * auto-numbered per engine as for ingest runs.
 */
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import { isPostgres } from '../engine.js';
import { type Kysely, sql } from '../kysely.js';

export const ledgerEvidence: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);
    const idCol = (c: ColumnDefinitionBuilder) =>
      pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
    const idType = pg ? 'bigint' : 'integer';
    const nn = (c: ColumnDefinitionBuilder) => c.notNull();

    await db.schema
      .createTable('evidence_items')
      .addColumn('id', idType, idCol)
      .addColumn('version', 'integer', nn)
      .addColumn('replaces_id', 'bigint', (c) => c.references('evidence_items.id'))
      .addColumn('sha256', 'text', nn)
      .addColumn('size_bytes', 'bigint', nn)
      .addColumn('file_name', 'text', nn)
      .addColumn('kind', 'text', nn)
      .addColumn('title', 'text', nn)
      .addColumn('source', 'text')
      .addColumn('url', 'text')
      .addColumn('publisher', 'text')
      .addColumn('obtained_ms', 'bigint')
      .addColumn('collector', 'text')
      .addColumn('language', 'text')
      .addColumn('reliability', 'text', nn)
      .addColumn('credibility', 'integer', nn)
      .addColumn('simulated', 'integer', nn)
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('created_by', 'text', nn)
      .execute();
    await db.schema.createIndex('evidence_items_sha256').on('evidence_items').column('sha256').execute();
    // A correction replaces one version once: two corrections of one item would fork its history.
    await db.schema
      .createIndex('evidence_items_replaces')
      .on('evidence_items')
      .column('replaces_id')
      .unique()
      .execute();

    await db.schema
      .createTable('claims')
      .addColumn('id', idType, idCol)
      .addColumn('version', 'integer', nn)
      .addColumn('replaces_id', 'bigint', (c) => c.references('claims.id'))
      .addColumn('statement', 'text', nn)
      .addColumn('measure', 'text')
      .addColumn('quantity_min', 'double precision')
      .addColumn('quantity_max', 'double precision')
      .addColumn('unit', 'text')
      .addColumn('period_from_ms', 'bigint')
      .addColumn('period_to_ms', 'bigint')
      .addColumn('place', 'text')
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('created_by', 'text', nn)
      .execute();
    await db.schema.createIndex('claims_replaces').on('claims').column('replaces_id').unique().execute();
    await db.schema.createIndex('claims_measure').on('claims').column('measure').execute();

    await db.schema
      .createTable('claim_evidence')
      .addColumn('claim_id', 'bigint', (c) => c.notNull().references('claims.id'))
      .addColumn('evidence_id', 'bigint', (c) => c.notNull().references('evidence_items.id'))
      .addPrimaryKeyConstraint('claim_evidence_pk', ['claim_id', 'evidence_id'])
      .execute();

    await db.schema
      .createTable('evidence_links')
      .addColumn('evidence_id', 'bigint', (c) => c.notNull().references('evidence_items.id'))
      .addColumn('target_kind', 'text', nn)
      .addColumn('target_id', 'bigint', nn)
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('created_by', 'text', nn)
      .addPrimaryKeyConstraint('evidence_links_pk', ['evidence_id', 'target_kind', 'target_id'])
      .execute();
    await db.schema
      .createIndex('evidence_links_target')
      .on('evidence_links')
      .columns(['target_kind', 'target_id'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('ts_ms', 'bigint', nn)
      .addColumn('actor', 'text', nn)
      .addColumn('action', 'text', nn)
      .addColumn('entity', 'text', nn)
      .addColumn('entity_id', 'text', nn)
      .addColumn('before_sha256', 'text')
      .addColumn('after_sha256', 'text')
      .addColumn('detail', 'text')
      .addColumn('prev_hash', 'text', nn)
      .addColumn('hash', 'text', nn)
      .execute();
    await db.schema
      .createIndex('audit_log_entity')
      .on('audit_log')
      .columns(['entity', 'entity_id', 'seq'])
      .execute();

    await db.schema
      .createTable('shipments')
      .addColumn('id', idType, idCol)
      .addColumn('status', 'text', nn)
      .addColumn('number', 'integer')
      .addColumn('mmsi', 'bigint', nn)
      .addColumn('vessel_name', 'text')
      .addColumn('origin_area_id', 'text', nn)
      .addColumn('origin_kind', 'text', nn)
      .addColumn('origin_start_ms', 'bigint', nn)
      .addColumn('origin_end_ms', 'bigint', nn)
      .addColumn('origin_event_id', 'text')
      .addColumn('destination_area_id', 'text', nn)
      .addColumn('destination_kind', 'text', nn)
      .addColumn('destination_start_ms', 'bigint', nn)
      .addColumn('destination_end_ms', 'bigint', nn)
      .addColumn('destination_event_id', 'text')
      .addColumn('depart_ms', 'bigint', nn)
      .addColumn('arrive_ms', 'bigint', nn)
      .addColumn('transit_ms', 'bigint', nn)
      .addColumn('dark', 'integer', nn)
      .addColumn('gap_event_ids_json', 'text', nn)
      .addColumn('alternative_destinations_json', 'text', nn)
      .addColumn('supports_json', 'text', nn)
      .addColumn('confidence', 'integer', nn)
      .addColumn('draught_from_m', 'double precision')
      .addColumn('draught_to_m', 'double precision')
      .addColumn('cargo_mass_min_t', 'double precision')
      .addColumn('cargo_mass_max_t', 'double precision')
      .addColumn('containers_loaded_min', 'double precision')
      .addColumn('containers_loaded_max', 'double precision')
      .addColumn('containers_discharged_min', 'double precision')
      .addColumn('containers_discharged_max', 'double precision')
      .addColumn('path_json', 'text', nn)
      .addColumn('legs_json', 'text', nn)
      .addColumn('decided_by', 'text')
      .addColumn('decided_ms', 'bigint')
      .addColumn('decision_reason', 'text')
      .addColumn('review_json', 'text')
      .addColumn('note', 'text')
      .addColumn('detected_ms', 'bigint', nn)
      .execute();
    await db.schema
      .createIndex('shipments_mmsi_depart')
      .on('shipments')
      .columns(['mmsi', 'depart_ms'])
      .execute();
    await db.schema
      .createIndex('shipments_number')
      .on('shipments')
      .column('number')
      .unique()
      .where(sql.ref('number'), 'is not', null)
      .execute();

    await db.schema
      .createTable('shipment_revisions')
      .addColumn('shipment_id', 'bigint', (c) => c.notNull().references('shipments.id'))
      .addColumn('revision', 'integer', nn)
      .addColumn('ts_ms', 'bigint', nn)
      .addColumn('actor', 'text', nn)
      .addColumn('action', 'text', nn)
      .addColumn('reason', 'text')
      .addColumn('snapshot_json', 'text', nn)
      .addPrimaryKeyConstraint('shipment_revisions_pk', ['shipment_id', 'revision'])
      .execute();

    await db.schema
      .createTable('sightings')
      .addColumn('id', idType, idCol)
      .addColumn('provider', 'text', nn)
      .addColumn('image_id', 'text', nn)
      .addColumn('acquired_ms', 'bigint', nn)
      .addColumn('gsd_m', 'double precision')
      .addColumn('footprint_json', 'text')
      .addColumn('lon', 'double precision', nn)
      .addColumn('lat', 'double precision', nn)
      .addColumn('mmsi', 'bigint')
      .addColumn('vessel_name', 'text')
      .addColumn('identified_by_json', 'text', nn)
      .addColumn('id_confidence', 'double precision', nn)
      .addColumn('evidence_id', 'bigint', (c) => c.references('evidence_items.id'))
      .addColumn('simulated', 'integer', nn)
      .addColumn('note', 'text')
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('created_by', 'text', nn)
      .execute();
    await db.schema
      .createIndex('sightings_mmsi_time')
      .on('sightings')
      .columns(['mmsi', 'acquired_ms'])
      .execute();

    await db.schema
      .createTable('container_observations')
      .addColumn('id', idType, idCol)
      .addColumn('observed_ms', 'bigint', nn)
      .addColumn('place', 'text', nn)
      .addColumn('lon', 'double precision')
      .addColumn('lat', 'double precision')
      .addColumn('count_min', 'double precision', nn)
      .addColumn('count_max', 'double precision', nn)
      .addColumn('size_ft', 'integer')
      .addColumn('method', 'text', nn)
      .addColumn('image_evidence_id', 'bigint', (c) => c.references('evidence_items.id'))
      .addColumn('sighting_id', 'bigint', (c) => c.references('sightings.id'))
      .addColumn('simulated', 'integer', nn)
      .addColumn('note', 'text')
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('created_by', 'text', nn)
      .execute();

    await db.schema
      .createTable('rail_observations')
      .addColumn('id', idType, idCol)
      .addColumn('place', 'text', nn)
      .addColumn('lon', 'double precision')
      .addColumn('lat', 'double precision')
      .addColumn('observed_ms', 'bigint', nn)
      .addColumn('unit', 'text', nn)
      .addColumn('count_min', 'double precision', nn)
      .addColumn('count_max', 'double precision', nn)
      .addColumn('evidence_id', 'bigint', (c) => c.references('evidence_items.id'))
      .addColumn('simulated', 'integer', nn)
      .addColumn('note', 'text')
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('created_by', 'text', nn)
      .execute();

    await db.schema
      .createTable('rail_shipment_links')
      .addColumn('rail_observation_id', 'bigint', (c) => c.notNull().references('rail_observations.id'))
      .addColumn('shipment_id', 'bigint', (c) => c.notNull().references('shipments.id'))
      .addPrimaryKeyConstraint('rail_shipment_links_pk', ['rail_observation_id', 'shipment_id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of [
      'rail_shipment_links',
      'rail_observations',
      'container_observations',
      'sightings',
      'shipment_revisions',
      'shipments',
      'audit_log',
      'evidence_links',
      'claim_evidence',
      'claims',
      'evidence_items',
    ]) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};
