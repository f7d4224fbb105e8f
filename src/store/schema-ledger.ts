/**
 * Tables of the shipment ledger, observations and evidence (migration 0004). Times are epoch ms
 * UTC; booleans are 0/1 integers and lists JSON text, so both engines return the same values and
 * a row hashes the same on either (the audit log and `verify` depend on that).
 */
import type { Generated } from 'kysely';

export interface EvidenceItemsTable {
  id: Generated<number>;
  /** 1 for an original, n+1 for a correction of version n. */
  version: number;
  /** The item this one corrects (never changed itself). */
  replaces_id: number | null;
  sha256: string;
  size_bytes: number;
  file_name: string;
  kind: string;
  title: string;
  source: string | null;
  url: string | null;
  publisher: string | null;
  obtained_ms: number | null;
  collector: string | null;
  language: string | null;
  /** NATO Admiralty code: source reliability A–F, information credibility 1–6. */
  reliability: string;
  credibility: number;
  simulated: number;
  created_ms: number;
  created_by: string;
}

export interface ClaimsTable {
  id: Generated<number>;
  version: number;
  replaces_id: number | null;
  statement: string;
  /** What is quantified, normalised (e.g. `containers-total`): claims on one measure are compared. */
  measure: string | null;
  quantity_min: number | null;
  quantity_max: number | null;
  unit: string | null;
  period_from_ms: number | null;
  period_to_ms: number | null;
  place: string | null;
  created_ms: number;
  created_by: string;
}

export interface ClaimEvidenceTable {
  claim_id: number;
  evidence_id: number;
}

export interface EvidenceLinksTable {
  evidence_id: number;
  /** `shipment`, `sighting`, `container-observation`, `rail-observation`. */
  target_kind: string;
  target_id: number;
  created_ms: number;
  created_by: string;
}

export interface AuditLogTable {
  /** 1, 2, …: set by the writer inside the write's transaction, so a fork cannot be committed. */
  seq: number;
  ts_ms: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before_sha256: string | null;
  after_sha256: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

/** The audit chain's head: one row (id 1), the last entry's seq and hash (migration 0008). */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface ShipmentsTable {
  id: Generated<number>;
  status: string;
  number: number | null;
  mmsi: number;
  vessel_name: string | null;
  origin_area_id: string;
  origin_kind: string;
  origin_start_ms: number;
  origin_end_ms: number;
  origin_event_id: string | null;
  destination_area_id: string;
  destination_kind: string;
  destination_start_ms: number;
  destination_end_ms: number;
  destination_event_id: string | null;
  depart_ms: number;
  arrive_ms: number;
  transit_ms: number;
  dark: number;
  gap_event_ids_json: string;
  alternative_destinations_json: string;
  supports_json: string;
  confidence: number;
  draught_from_m: number | null;
  draught_to_m: number | null;
  cargo_mass_min_t: number | null;
  cargo_mass_max_t: number | null;
  containers_loaded_min: number | null;
  containers_loaded_max: number | null;
  containers_discharged_min: number | null;
  containers_discharged_max: number | null;
  path_json: string;
  /** The route as heard / dark stretches (src/shipments/legs.ts). */
  legs_json: string;
  decided_by: string | null;
  decided_ms: number | null;
  decision_reason: string | null;
  review_json: string | null;
  note: string | null;
  detected_ms: number;
  /**
   * The four-eyes approval (migration 0010): who approved the confirmation (never the confirmer)
   * and when; NULL until then, and again after an edit or a new decision.
   */
  approved_by: string | null;
  approved_ms: number | null;
}

/** Every state a shipment was in, appended on each write (the row itself is the latest). */
export interface ShipmentRevisionsTable {
  shipment_id: number;
  revision: number;
  ts_ms: number;
  actor: string;
  action: string;
  reason: string | null;
  snapshot_json: string;
}

export interface SightingsTable {
  id: Generated<number>;
  provider: string;
  image_id: string;
  acquired_ms: number;
  gsd_m: number | null;
  footprint_json: string | null;
  lon: number;
  lat: number;
  mmsi: number | null;
  vessel_name: string | null;
  identified_by_json: string;
  id_confidence: number;
  evidence_id: number | null;
  simulated: number;
  note: string | null;
  created_ms: number;
  created_by: string;
}

export interface ContainerObservationsTable {
  id: Generated<number>;
  observed_ms: number;
  place: string;
  lon: number | null;
  lat: number | null;
  count_min: number;
  count_max: number;
  size_ft: number | null;
  method: string;
  image_evidence_id: number | null;
  sighting_id: number | null;
  simulated: number;
  note: string | null;
  created_ms: number;
  created_by: string;
}

export interface RailObservationsTable {
  id: Generated<number>;
  place: string;
  lon: number | null;
  lat: number | null;
  observed_ms: number;
  unit: string;
  count_min: number;
  count_max: number;
  evidence_id: number | null;
  simulated: number;
  note: string | null;
  created_ms: number;
  created_by: string;
}

export interface RailShipmentLinksTable {
  rail_observation_id: number;
  shipment_id: number;
}

export interface LedgerTables {
  evidence_items: EvidenceItemsTable;
  claims: ClaimsTable;
  claim_evidence: ClaimEvidenceTable;
  evidence_links: EvidenceLinksTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  shipments: ShipmentsTable;
  shipment_revisions: ShipmentRevisionsTable;
  sightings: SightingsTable;
  container_observations: ContainerObservationsTable;
  rail_observations: RailObservationsTable;
  rail_shipment_links: RailShipmentLinksTable;
}

export const LEDGER_TABLES = [
  'evidence_items',
  'claims',
  'claim_evidence',
  'evidence_links',
  'audit_log',
  'audit_head',
  'shipments',
  'shipment_revisions',
  'sightings',
  'container_observations',
  'rail_observations',
  'rail_shipment_links',
] as const;
