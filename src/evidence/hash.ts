/** SHA-256 of files, rows and audit entries; rows and entries hash as canonical JSON (sorted keys). */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../store/rows.js';

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

/** A stored row's fingerprint: what the audit log records as "before" and "after". */
export const rowHash = (row: object): string => sha256Hex(canonicalJson(row));

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
