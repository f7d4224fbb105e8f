/** Images and the measurements drawn on them (tables in src/store/schema-imagery.ts). */
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import { isPostgres } from '../engine.js';

export const imagery: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);
    const nn = (c: ColumnDefinitionBuilder) => c.notNull();
    await db.schema
      .createTable('images')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('file_name', 'text', nn)
      .addColumn('format', 'text', nn)
      .addColumn('size_bytes', 'bigint', nn)
      .addColumn('width_px', 'integer', nn)
      .addColumn('height_px', 'integer', nn)
      .addColumn('georef_source', 'text')
      .addColumn('crs_json', 'text')
      .addColumn('affine_json', 'text')
      .addColumn('gcps_json', 'text')
      .addColumn('gcp_rms_m', 'double precision')
      .addColumn('gsd_m', 'double precision')
      .addColumn('gsd_x_m', 'double precision')
      .addColumn('gsd_y_m', 'double precision')
      .addColumn('footprint_json', 'text')
      .addColumn('centre_lon', 'double precision')
      .addColumn('centre_lat', 'double precision')
      .addColumn('acquired_ms', 'bigint')
      .addColumn('acquired_from', 'text')
      .addColumn('sensor', 'text')
      .addColumn('sensor_from', 'text')
      .addColumn('evidence_id', 'bigint')
      .addColumn('warnings_json', 'text', nn)
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('created_by', 'text', nn)
      .execute();
    await db.schema
      .createTable('image_measurements')
      .addColumn('id', pg ? 'bigint' : 'integer', (c) =>
        pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
      )
      .addColumn('image_sha256', 'text', (c) => c.notNull().references('images.sha256'))
      .addColumn('kind', 'text', nn)
      .addColumn('geometry_json', 'text', nn)
      .addColumn('result_json', 'text', nn)
      .addColumn('container_observation_id', 'bigint')
      .addColumn('sighting_id', 'bigint')
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('created_by', 'text', nn)
      .execute();
    await db.schema
      .createIndex('image_measurements_image')
      .on('image_measurements')
      .column('image_sha256')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('image_measurements').execute();
    await db.schema.dropTable('images').execute();
  },
};
