/**
 * The migrations, in code, by name; `../migrate.ts` runs them in name order, each in its own
 * transaction with its row in `schema_migrations`.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { sqliteNoTimeIndex } from './0002-sqlite-no-time-index.js';
import { eventsAreas } from './0003-events-areas.js';
import { ledgerEvidence } from './0004-ledger-evidence.js';
import { imagery } from './0005-imagery.js';
import { sanctions } from './0006-sanctions.js';
import { reportNumbers } from './0007-report-numbers.js';
import { auditHead } from './0008-audit-head.js';
import { accounts } from './0009-accounts.js';
import { shipmentApproval } from './0010-shipment-approval.js';
import { detectionComplete } from './0011-detection-complete.js';
import { trackOverviews } from './0012-track-overviews.js';
import { alerts } from './0013-alerts.js';
import { ingestOptions } from './0014-ingest-options.js';
import { dropPositionsStaging } from './0015-drop-positions-staging.js';
import { pgBulkPositions } from './0016-pg-bulk-positions.js';
import { pgRunBrin } from './0017-pg-run-brin.js';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-sqlite-no-time-index': sqliteNoTimeIndex,
  '0003-events-areas': eventsAreas,
  '0004-ledger-evidence': ledgerEvidence,
  '0005-imagery': imagery,
  '0006-sanctions': sanctions,
  '0007-report-numbers': reportNumbers,
  '0008-audit-head': auditHead,
  '0009-accounts': accounts,
  '0010-shipment-approval': shipmentApproval,
  '0011-detection-complete': detectionComplete,
  '0012-track-overviews': trackOverviews,
  '0013-alerts': alerts,
  '0014-ingest-options': ingestOptions,
  '0015-drop-positions-staging': dropPositionsStaging,
  '0016-pg-bulk-positions': pgBulkPositions,
  '0017-pg-run-brin': pgRunBrin,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

/**
 * The history table (Kysely's layout: name, timestamp) and the lock table Kysely's own Migrator
 * keeps (tests build older stores with it; the runner locks with transactions instead).
 */
export const MIGRATION_TABLE = 'schema_migrations';
export const MIGRATION_LOCK_TABLE = 'schema_migrations_lock';
