/** OpenSanctions vessel records (table in src/store/schema-sanctions.ts); same column types as 0004. */
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import { isPostgres } from '../engine.js';

export const sanctions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);
    const nn = (c: ColumnDefinitionBuilder) => c.notNull();
    await db.schema
      .createTable('sanction_records')
      .addColumn('id', pg ? 'bigint' : 'integer', (c) =>
        pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
      )
      .addColumn('source_id', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text')
      .addColumn('imo', 'bigint')
      .addColumn('mmsi', 'bigint')
      .addColumn('flag', 'text')
      .addColumn('topics_json', 'text', nn)
      .addColumn('dataset', 'text')
      .addColumn('kind', 'text', nn)
      .addColumn('url', 'text')
      .addColumn('source_file', 'text', nn)
      .addColumn('imported_ms', 'bigint', nn)
      .execute();
    await db.schema.createIndex('sanction_records_imo').on('sanction_records').column('imo').execute();
    await db.schema.createIndex('sanction_records_mmsi').on('sanction_records').column('mmsi').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('sanction_records').execute();
  },
};
