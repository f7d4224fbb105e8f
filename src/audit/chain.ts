/**
 * The audit log: every ledger and evidence write appends one entry, in the write's own
 * transaction, chained by hash to the entry before. `ledgerTx` serialises writers across
 * processes (SQLite: BEGIN IMMEDIATE takes the write lock first; PostgreSQL: a transaction-scoped
 * advisory lock), so two CLI processes append one after the other and never fork the chain;
 * `seq` is the primary key, so even a bypassed lock could not commit two entries with one number.
 * `audit_head` holds the last entry's seq and hash, moved in the same transaction, so that removing
 * the last entries is a break `verify` sees (`headBreak`).
 */

import { isPostgres } from '../store/engine.js';
import { type Kysely, sql } from '../store/kysely.js';
import type { Database } from '../store/schema.js';
import type { AuditLogTable } from '../store/schema-ledger.js';
import { type AuditEntry, entryHash, GENESIS_HASH } from './hash.js';

/** The advisory lock key for ledger writes on PostgreSQL (any fixed number; "tally" on a phone pad). */
const LEDGER_LOCK_KEY = 82559;

export async function ledgerTx<T>(
  db: Kysely<Database>,
  fn: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const pg = isPostgres(db as unknown as Kysely<unknown>);
  return db.connection().execute(async (conn) => {
    await sql.raw(pg ? 'begin' : 'begin immediate').execute(conn);
    try {
      if (pg) await sql`select pg_advisory_xact_lock(${LEDGER_LOCK_KEY})`.execute(conn);
      const out = await fn(conn);
      await sql.raw('commit').execute(conn);
      return out;
    } catch (err) {
      await sql
        .raw('rollback')
        .execute(conn)
        .catch(() => {});
      throw err;
    }
  });
}

export interface AuditWrite {
  actor: string;
  action: string;
  entity: string;
  entityId: string | number;
  beforeSha256: string | null;
  afterSha256: string | null;
  detail?: string | null;
}

export async function appendAudit(
  tx: Kysely<Database>,
  w: AuditWrite,
  tsMs: number,
): Promise<AuditEntry & { hash: string }> {
  const last = await tx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const entry: AuditEntry = {
    seq: last ? Number(last.seq) + 1 : 1,
    tsMs,
    actor: w.actor,
    action: w.action,
    entity: w.entity,
    entityId: String(w.entityId),
    beforeSha256: w.beforeSha256,
    afterSha256: w.afterSha256,
    detail: w.detail ?? null,
    prevHash: last ? last.hash : GENESIS_HASH,
  };
  const hash = entryHash(entry);
  await tx
    .insertInto('audit_log')
    .values({
      seq: entry.seq,
      ts_ms: entry.tsMs,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before_sha256: entry.beforeSha256,
      after_sha256: entry.afterSha256,
      detail: entry.detail,
      prev_hash: entry.prevHash,
      hash,
    })
    .execute();
  // The head moves with the entry, in the same transaction: verify compares it with the log's
  // last entry, which is how a cut tail shows (the chain alone stays valid when cut). Never
  // re-created here when missing: a deleted head must stay visible to verify.
  await tx.updateTable('audit_head').set({ seq: entry.seq, hash }).where('id', '=', 1).execute();
  return { ...entry, hash };
}

export type ChainBreak = { seq: number; reason: string };

/** The head record as stored, or null where its row is gone. */
export type AuditHead = { seq: number; hash: string } | null;

/**
 * Compares the head record with the log's actual last entry. Pure. The chain check cannot see a
 * cut tail (entries 1..k of a chain are a valid chain); the head, written with every entry, can.
 */
export function headBreak(head: AuditHead, last: { seq: number; hash: string } | null): ChainBreak | null {
  const lastSeq = last?.seq ?? 0;
  if (head === null)
    return { seq: lastSeq, reason: 'the audit head record is missing (deleted outside tallyman)' };
  const range = (a: number, b: number) => (a === b ? `entry ${a}` : `entries ${a}–${b}`);
  if (head.seq > lastSeq)
    return {
      seq: lastSeq + 1,
      reason: `last audit ${range(lastSeq + 1, head.seq)} removed: the head record says the log ends at ${head.seq}, it ends at ${lastSeq}`,
    };
  if (head.seq < lastSeq)
    return {
      seq: head.seq + 1,
      reason: `audit ${range(head.seq + 1, lastSeq)} added outside tallyman: the head record says the log ends at ${head.seq}`,
    };
  if (last !== null && head.hash !== last.hash)
    return { seq: lastSeq, reason: 'the last audit entry is not the one the head record names (replaced)' };
  return null;
}

/** Recomputes the chain over rows in `seq` order: the first entry whose hash or link is wrong. */
export function firstChainBreak(rows: readonly AuditLogTable[]): ChainBreak | null {
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  for (const r of rows) {
    const seq = Number(r.seq);
    if (seq !== expectSeq)
      return { seq, reason: `sequence jumps from ${expectSeq - 1} to ${seq} (entries removed)` };
    if (r.prev_hash !== prev) return { seq, reason: 'previous-hash link does not match the entry before' };
    const h = entryHash({
      seq,
      tsMs: Number(r.ts_ms),
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      beforeSha256: r.before_sha256,
      afterSha256: r.after_sha256,
      detail: r.detail,
      prevHash: r.prev_hash,
    });
    if (h !== r.hash) return { seq, reason: 'entry hash does not match its contents (entry altered)' };
    prev = r.hash;
    expectSeq++;
  }
  return null;
}
