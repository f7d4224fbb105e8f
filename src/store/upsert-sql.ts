/**
 * Upsert SQL text both engines accept (SQLite ≥ 3.24 and PostgreSQL share `ON CONFLICT … DO
 * UPDATE` and `excluded`). Times merge as min/max and counts add, so the result does not depend
 * on the order batches arrive in.
 */

/** The smaller of two nullable values, a NULL never winning (SQLite's min() would return NULL). */
export function nullMin(a: string, b: string): string {
  return `CASE WHEN ${a} IS NULL THEN ${b} WHEN ${b} IS NULL THEN ${a} WHEN ${b} < ${a} THEN ${b} ELSE ${a} END`;
}

export function nullMax(a: string, b: string): string {
  return `CASE WHEN ${a} IS NULL THEN ${b} WHEN ${b} IS NULL THEN ${a} WHEN ${b} > ${a} THEN ${b} ELSE ${a} END`;
}

export const VESSEL_COLUMNS = ['mmsi', 'flag', 'first_seen_ms', 'last_seen_ms', 'position_count'] as const;

export const VESSEL_ON_CONFLICT = `ON CONFLICT (mmsi) DO UPDATE SET
  first_seen_ms = ${nullMin('vessels.first_seen_ms', 'excluded.first_seen_ms')},
  last_seen_ms = ${nullMax('vessels.last_seen_ms', 'excluded.last_seen_ms')},
  position_count = vessels.position_count + excluded.position_count`;

/** A new identity's row; its times and report count come from IDENTITY_ADD_SET. */
export const IDENTITY_COLUMNS = [
  'mmsi',
  'identity_no',
  'identity_key',
  'imo',
  'name',
  'call_sign',
  'ship_type',
  'length_m',
  'beam_m',
  'flag',
  'first_seen_ms',
  'last_seen_ms',
  'report_count',
] as const;

/** What new reports add to an identity: `first`, `last` and `count` are SQL expressions. */
export const identityAddSet = (first: string, last: string, count: string) => `
  first_seen_ms = ${nullMin('first_seen_ms', first)},
  last_seen_ms = ${nullMax('last_seen_ms', last)},
  report_count = report_count + ${count}`;

export const REPORT_COLUMNS = [
  'mmsi',
  'ts_key',
  'identity_no',
  'ts_ms',
  'msg_type',
  'source',
  'ingest_run_id',
] as const;

export const VOYAGE_STATE_COLUMNS = [
  'mmsi',
  'voyage_no',
  'voyage_key',
  'draught_m',
  'destination',
  'eta',
] as const;

export const VOYAGE_COLUMNS = ['mmsi', 'ts_key', 'voyage_no', 'ts_ms', 'source', 'ingest_run_id'] as const;

export const LATEST_IDENTITY_SET =
  'imo = ?, name = ?, call_sign = ?, ship_type = ?, length_m = ?, beam_m = ?';

export const ADD_TO_RUN = `UPDATE ingest_runs SET
  positions_added = positions_added + ?,
  identity_reports_added = identity_reports_added + ?,
  voyage_reports_added = voyage_reports_added + ?
  WHERE id = ? AND status = 'running'`;
