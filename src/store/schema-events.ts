/**
 * Tables of the events feature (migration 0003): user areas of interest, detection runs and the
 * events they found. Times are epoch ms UTC; JSON columns hold canonical JSON text.
 */
import type { Generated } from 'kysely';

/** A user area: adds to the bundled set, or overrides a bundled area with the same id. */
export interface UserAreasTable {
  id: string;
  name: string;
  kind: string;
  /** The area's geometry as stored by src/areas (`{ type: 'circle' | 'polygon', … }`). */
  geometry_json: string;
  thresholds_json: string | null;
  source: string;
  note: string | null;
  updated_ms: number;
}

export interface DetectionRunsTable {
  id: Generated<number>;
  started_ms: number;
  finished_ms: number;
  param_set: string;
  /** Every parameter of the set, as JSON. */
  params_json: string;
  /** SHA-256 of the areas in use (canonical JSON), so a stale run is visible after an areas edit. */
  areas_hash: string;
  /** The --area filter (ids), or null for every vessel. */
  area_filter_json: string | null;
  /** The range whose events this run replaced; null = open. */
  since_ms: number | null;
  until_ms: number | null;
  vessels: number;
  positions: number;
  events: number;
  /** Events by type, as JSON. */
  counts_json: string;
  /** 1: the events described the whole store as of the run's start (migration 0011). */
  complete: Generated<number>;
}

export interface EventsTable {
  /** The detector's deterministic id (src/events/id.ts). */
  id: string;
  type: string;
  mmsi: number;
  mmsi2: number | null;
  start_ms: number;
  end_ms: number;
  lon: number;
  lat: number;
  confidence: number;
  params_json: string;
  support_json: string;
  details_json: string;
  detection_run_id: number;
}
