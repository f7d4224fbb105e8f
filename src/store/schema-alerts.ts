/**
 * Tables of live watch and alerts (migration 0013; read and written by src/live/store.ts). Times
 * are epoch ms UTC; JSON columns hold canonical JSON text.
 */
import type { Generated } from 'kysely';

/** An alert rule (src/live/rules.ts). Writes are audited (entity `alert_rules`). */
export interface AlertRulesTable {
  id: Generated<number>;
  name: string;
  kind: string;
  /** The rule's parameters (area, vessels, …) as canonical JSON. */
  spec_json: string;
  enabled: number;
  created_by: string;
  created_ms: number;
  updated_ms: number;
}

/** An alert raised by a rule; `dedup_key` (rule + vessel + what happened) is unique. */
export interface AlertsTable {
  id: Generated<number>;
  dedup_key: string;
  rule_id: number;
  rule_kind: string;
  mmsi: number;
  /** Feed time of what triggered it (the fix or the event's start/end). */
  ts_ms: number;
  /** Wall-clock time it was raised. */
  raised_ms: number;
  title: string;
  /** `{ positions, events }` behind the alert, as canonical JSON. */
  evidence_json: string;
  /** 1 when the store holds simulated data (store/simulated.ts). */
  simulated: number;
}

/** The revision each event has reached in live watch: 1 when first decided, +1 per change. */
export interface EventRevisionsTable {
  event_id: string;
  revision: number;
  /** SHA-256 of the event's canonical JSON at this revision. */
  hash: string;
  /** `decided`, `revised` or `withdrawn`. */
  state: string;
  updated_ms: number;
}

/** Each vessel's latest fix as live watch last saw it, for the workbench's moving map. */
export interface LivePositionsTable {
  mmsi: number;
  ts_ms: number;
  lon: number;
  lat: number;
  speed_knots: number | null;
  course_deg: number | null;
  updated_ms: number;
}

export const ALERT_TABLES = ['alert_rules', 'alerts', 'event_revisions', 'live_positions'] as const;

export interface AlertTables {
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  event_revisions: EventRevisionsTable;
  live_positions: LivePositionsTable;
}
