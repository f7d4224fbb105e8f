/**
 * The four-eyes rule (src/shipments/README.md): a confirmed shipment's approval by a second person,
 * `approved_by` and `approved_ms`, both NULL until a reviewer other than the confirmer approves it,
 * and NULL again when the shipment is edited, rejected or confirmed anew.
 *
 * Shipments are audited rows: `verify` compares each row's hash with the last one the audit log
 * recorded. Existing rows get NULL here, and `rowHash` (src/audit/hash.ts) leaves these two
 * columns out while they are NULL, so every row audited before this migration still hashes as
 * recorded: the migration writes no audit entry and changes no row's fingerprint.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from '../kysely.js';

export const shipmentApproval: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`ALTER TABLE shipments ADD COLUMN approved_by text`.execute(db);
    await sql`ALTER TABLE shipments ADD COLUMN approved_ms bigint`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await sql`ALTER TABLE shipments DROP COLUMN approved_ms`.execute(db);
    await sql`ALTER TABLE shipments DROP COLUMN approved_by`.execute(db);
  },
};
