/**
 * The audit chain's head: one row holding the last entry's `seq` and `hash`, written by
 * `appendAudit` in the same transaction as every entry (src/audit/chain.ts). The chain itself
 * proves that no entry was altered or removed from the middle, but not that the last ones were not
 * removed: a log cut after entry k is still a valid chain. `verify` compares this row with the log's
 * actual last entry, so cutting the tail (with or without the rows it audited) is a break.
 *
 * An existing store is anchored at the entry that is last when it migrates: a tail cut before then
 * cannot be seen. The row is there from the start, at seq 0 and the genesis hash for an empty log,
 * so that deleting it is a break too.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from '../kysely.js';

/** The hash a chain starts from (src/audit/hash.ts GENESIS_HASH; repeated so a migration never changes). */
const GENESIS_HASH = '0'.repeat(64);

export const auditHead: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`CREATE TABLE audit_head (
        id integer NOT NULL PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL)`.execute(db);
    const last = (
      await sql<{
        seq: number | string;
        hash: string;
      }>`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`.execute(db)
    ).rows[0];
    await sql`INSERT INTO audit_head (id, seq, hash)
        VALUES (1, ${last ? Number(last.seq) : 0}, ${last ? last.hash : GENESIS_HASH})`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await sql`DROP TABLE audit_head`.execute(db);
  },
};
