/** The migrations, in code, by name; Kysely runs them in name order and records them. */
import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { sqliteNoTimeIndex } from './0002-sqlite-no-time-index.js';
import { eventsAreas } from './0003-events-areas.js';
import { ledgerEvidence } from './0004-ledger-evidence.js';
import { imagery } from './0005-imagery.js';
import { sanctions } from './0006-sanctions.js';
import { reportNumbers } from './0007-report-numbers.js';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-sqlite-no-time-index': sqliteNoTimeIndex,
  '0003-events-areas': eventsAreas,
  '0004-ledger-evidence': ledgerEvidence,
  '0005-imagery': imagery,
  '0006-sanctions': sanctions,
  '0007-report-numbers': reportNumbers,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

/** Kysely's bookkeeping tables, named for what they hold. */
export const MIGRATION_TABLE = 'schema_migrations';
export const MIGRATION_LOCK_TABLE = 'schema_migrations_lock';
