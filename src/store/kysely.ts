/**
 * Kysely's runtime values, loaded from its CommonJS build. Its ES module build is ~260 files, each
 * an ES module load of its own: ~150 ms of every command's start-up here, against ~70 ms for one
 * synchronous require of the same files. Every module of ours takes Kysely's values from here, so
 * that one copy is loaded; types still come from 'kysely' (`import type`), the same declarations.
 */
import { createRequire } from 'node:module';
import type * as K from 'kysely';

const kysely = createRequire(import.meta.url)('kysely') as typeof K;

export const { CompiledQuery, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, SqliteDriver, sql } =
  kysely;
export const Kysely = kysely.Kysely;
export type Kysely<DB> = K.Kysely<DB>;
