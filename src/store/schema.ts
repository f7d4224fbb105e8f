/** The tables as Kysely sees them (snake_case, as stored). Times are epoch milliseconds UTC. */
import type { Generated } from 'kysely';
import { ACCOUNT_TABLES, type AccountTables } from './schema-accounts.js';
import { ALERT_TABLES, type AlertTables } from './schema-alerts.js';
import type { DetectionRunsTable, EventsTable, UserAreasTable } from './schema-events.js';
import type { ImageMeasurementsTable, ImagesTable } from './schema-imagery.js';
import { LEDGER_TABLES, type LedgerTables } from './schema-ledger.js';
import type { SanctionRecordsTable } from './schema-sanctions.js';

export interface VesselsTable {
  mmsi: number;
  imo: number | null;
  name: string | null;
  call_sign: string | null;
  flag: string | null;
  ship_type: number | null;
  length_m: number | null;
  beam_m: number | null;
  first_seen_ms: number | null;
  last_seen_ms: number | null;
  position_count: number;
}

export interface VesselIdentitiesTable {
  mmsi: number;
  /** 1, 2, 3 … per MMSI in the order the store first met the identity; what reports refer to. */
  identity_no: number;
  identity_key: string;
  imo: number | null;
  name: string | null;
  call_sign: string | null;
  ship_type: number | null;
  length_m: number | null;
  beam_m: number | null;
  flag: string | null;
  first_seen_ms: number | null;
  last_seen_ms: number | null;
  report_count: number;
}

export interface IdentityReportsTable {
  mmsi: number;
  /** ts_ms, or NO_TIME_KEY (src/store/rows.ts) for a report without a time. */
  ts_key: number;
  identity_no: number;
  ts_ms: number | null;
  msg_type: number | null;
  source: string | null;
  ingest_run_id: number;
}

export interface PositionsTable {
  mmsi: number;
  ts_ms: number;
  lon: number;
  lat: number;
  speed_knots: number | null;
  course_deg: number | null;
  heading_deg: number | null;
  nav_status: number | null;
  msg_type: number | null;
  source: string | null;
  ingest_run_id: number;
}

export interface VoyageReportsTable {
  mmsi: number;
  /** ts_ms, or NO_TIME_KEY (src/store/rows.ts) for a report without a time. */
  ts_key: number;
  voyage_no: number;
  ts_ms: number | null;
  source: string | null;
  ingest_run_id: number;
}

/** A distinct voyage statement (draught, destination, ETA) of a vessel. */
export interface VoyageStatesTable {
  mmsi: number;
  /** 1, 2, 3 … per MMSI in the order the store first met the statement. */
  voyage_no: number;
  /** JSON of [draught_m, destination, eta]: non-null, so the unique key holds with NULL fields. */
  voyage_key: string;
  draught_m: number | null;
  destination: string | null;
  eta: string | null;
}

/**
 * `broken`: the input broke off part way (a corrupt gzip); what came before it is stored.
 * `rejected`: every row was rejected, or the options did not fit the file: nothing stored.
 * Neither counts as ingested: the same content is taken again next time.
 */
export type IngestStatus = 'running' | 'completed' | 'duplicate' | 'broken' | 'rejected';

export interface IngestRunsTable {
  id: Generated<number>;
  source_name: string;
  content_sha256: string | null;
  format: string;
  size_bytes: number | null;
  started_ms: number;
  finished_ms: number | null;
  status: IngestStatus;
  /** The options that change what is stored, canonical JSON ('' for none): part of the run's identity. */
  options_json: Generated<string>;
  /** Rows this run added (a replayed batch adds 0), kept in each batch's own transaction. */
  positions_added: number;
  identity_reports_added: number;
  voyage_reports_added: number;
  /** The source's counts (by type, by reject reason, …) as canonical JSON; null until finished. */
  counts_json: string | null;
}

/** Core AIS tables here; each feature's tables in its own schema-*.ts. */
export interface Database extends LedgerTables, AccountTables, AlertTables {
  vessels: VesselsTable;
  vessel_identities: VesselIdentitiesTable;
  identity_reports: IdentityReportsTable;
  positions: PositionsTable;
  voyage_reports: VoyageReportsTable;
  voyage_states: VoyageStatesTable;
  ingest_runs: IngestRunsTable;
  user_areas: UserAreasTable;
  detection_runs: DetectionRunsTable;
  events: EventsTable;
  images: ImagesTable;
  image_measurements: ImageMeasurementsTable;
  sanction_records: SanctionRecordsTable;
}

/** Every table, in the order a canonical dump lists them. */
export const TABLES = [
  'ingest_runs',
  'vessels',
  'vessel_identities',
  'identity_reports',
  'positions',
  'voyage_reports',
  'voyage_states',
  'user_areas',
  'detection_runs',
  'events',
  ...LEDGER_TABLES,
  'images',
  'image_measurements',
  'sanction_records',
  ...ACCOUNT_TABLES,
  ...ALERT_TABLES,
] as const satisfies readonly (keyof Database)[];
