/** SHA-256 of files, rows and audit entries; rows and entries hash as canonical JSON (sorted keys). */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../store/rows.js';

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

/**
 * Columns added to an audited table after rows were audited, left out of the hash while NULL, so a
 * row audited before the column existed still hashes as the log recorded it (and a row written
 * since hashes the same on a store that has the column and on its copy made before it had).
 * Once set, they are hashed like every other column. `shipments.approved_*`: migration 0010.
 */
const OMITTED_WHEN_NULL: readonly string[] = ['approved_by', 'approved_ms'];

/** A stored row's fingerprint: what the audit log records as "before" and "after". */
export function rowHash(row: object): string {
  const r = row as Record<string, unknown>;
  if (!OMITTED_WHEN_NULL.some((k) => k in r && r[k] === null)) return sha256Hex(canonicalJson(row));
  const kept = Object.fromEntries(
    Object.entries(r).filter(([k, v]) => !(v === null && OMITTED_WHEN_NULL.includes(k))),
  );
  return sha256Hex(canonicalJson(kept));
}

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  tsMs: number;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  beforeSha256: string | null;
  afterSha256: string | null;
  detail: string | null;
  prevHash: string;
}

/** An entry's hash covers every field and the previous entry's hash: change one, the chain breaks. */
export const entryHash = (e: AuditEntry): string => sha256Hex(canonicalJson(e));
