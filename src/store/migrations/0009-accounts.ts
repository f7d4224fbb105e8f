/**
 * Accounts: users, sessions and API tokens (src/store/schema-accounts.ts). Ids auto-numbered per
 * engine as in 0004. No secret is stored, only hashes (src/accounts/).
 */
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import { isPostgres } from '../engine.js';
import type { Kysely } from '../kysely.js';

export const accounts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);
    const idCol = (c: ColumnDefinitionBuilder) =>
      pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
    const idType = pg ? 'bigint' : 'integer';
    const nn = (c: ColumnDefinitionBuilder) => c.notNull();

    await db.schema
      .createTable('users')
      .addColumn('id', idType, idCol)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', nn)
      .addColumn('password_hash', 'text', nn)
      .addColumn('disabled', 'integer', nn)
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('password_ms', 'bigint', nn)
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('csrf_token', 'text', nn)
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('expires_ms', 'bigint', nn)
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', idType, idCol)
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('label', 'text', nn)
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_ms', 'bigint', nn)
      .addColumn('expires_ms', 'bigint')
      .addColumn('revoked', 'integer', nn)
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('api_tokens').execute();
    await db.schema.dropTable('sessions').execute();
    await db.schema.dropTable('users').execute();
  },
};
