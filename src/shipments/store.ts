/**
 * The ledger in the store: detections reconciled into `shipments`, analyst decisions, edits and
 * observations. Each write is one `ledgerTx` (serialised across processes) that also appends a
 * revision snapshot (shipments) and an audit entry with the row's hash before and after.
 */
import type { Kysely } from 'kysely';
import { appendAudit, ledgerTx } from '../audit/chain.js';
import { rowHash } from '../audit/hash.js';
import { LedgerError } from '../audit/ledger-error.js';
import type { Database } from '../store/schema.js';
import type { ShipmentsTable } from '../store/schema-ledger.js';
import { confidenceOf } from './confidence.js';
import {
  type DetectedFields,
  dateOrderOfConfirmed,
  nextShipmentNumber,
  type ReviewFlag,
  reconcile,
  type Shipment,
  type ShipmentStatus,
} from './ledger.js';
import type { ShipmentParams } from './params.js';
import type {
  CallKind,
  ContainerObservation,
  IdentifiedBy,
  Proposal,
  RailObservation,
  Range,
  Sighting,
  Support,
} from './types.js';

type Row = Omit<ShipmentsTable, 'id'> & { id: number };

const range = (min: number | null, max: number | null): Range | null =>
  min === null || max === null ? null : { min, max };

export function rowToShipment(r: Row): Shipment {
  return {
    id: Number(r.id),
    status: r.status as ShipmentStatus,
    number: r.number,
    mmsi: Number(r.mmsi),
    vesselName: r.vessel_name,
    originAreaId: r.origin_area_id,
    originKind: r.origin_kind as CallKind,
    originStartMs: Number(r.origin_start_ms),
    originEndMs: Number(r.origin_end_ms),
    originEventId: r.origin_event_id,
    destinationAreaId: r.destination_area_id,
    destinationKind: r.destination_kind as CallKind,
    destinationStartMs: Number(r.destination_start_ms),
    destinationEndMs: Number(r.destination_end_ms),
    destinationEventId: r.destination_event_id,
    departMs: Number(r.depart_ms),
    arriveMs: Number(r.arrive_ms),
    transitMs: Number(r.transit_ms),
    dark: r.dark === 1,
    gapEventIds: JSON.parse(r.gap_event_ids_json),
    alternativeDestinationIds: JSON.parse(r.alternative_destinations_json),
    supports: JSON.parse(r.supports_json),
    confidence: r.confidence as 1 | 2 | 3 | 4,
    draughtFromM: r.draught_from_m,
    draughtToM: r.draught_to_m,
    cargoMassT: range(r.cargo_mass_min_t, r.cargo_mass_max_t),
    containersLoaded: range(r.containers_loaded_min, r.containers_loaded_max),
    containersDischarged: range(r.containers_discharged_min, r.containers_discharged_max),
    path: JSON.parse(r.path_json),
    legs: JSON.parse(r.legs_json),
    decidedBy: r.decided_by,
    decidedMs: r.decided_ms === null ? null : Number(r.decided_ms),
    decisionReason: r.decision_reason,
    approvedBy: r.approved_by ?? null,
    approvedMs: r.approved_ms === null || r.approved_ms === undefined ? null : Number(r.approved_ms),
    review: r.review_json === null ? null : JSON.parse(r.review_json),
    note: r.note,
    detectedMs: Number(r.detected_ms),
  };
}

function detectedColumns(d: DetectedFields) {
  return {
    mmsi: d.mmsi,
    origin_area_id: d.originAreaId,
    origin_kind: d.originKind,
    origin_start_ms: d.originStartMs,
    origin_end_ms: d.originEndMs,
    origin_event_id: d.originEventId,
    destination_area_id: d.destinationAreaId,
    destination_kind: d.destinationKind,
    destination_start_ms: d.destinationStartMs,
    destination_end_ms: d.destinationEndMs,
    destination_event_id: d.destinationEventId,
    depart_ms: d.departMs,
    arrive_ms: d.arriveMs,
    transit_ms: d.transitMs,
    dark: d.dark ? 1 : 0,
    gap_event_ids_json: JSON.stringify(d.gapEventIds),
    alternative_destinations_json: JSON.stringify(d.alternativeDestinationIds),
    supports_json: JSON.stringify(d.supports),
    confidence: d.confidence,
    draught_from_m: d.draughtFromM,
    draught_to_m: d.draughtToM,
    cargo_mass_min_t: d.cargoMassT?.min ?? null,
    cargo_mass_max_t: d.cargoMassT?.max ?? null,
    containers_loaded_min: d.containersLoaded?.min ?? null,
    containers_loaded_max: d.containersLoaded?.max ?? null,
    containers_discharged_min: d.containersDischarged?.min ?? null,
    containers_discharged_max: d.containersDischarged?.max ?? null,
    path_json: JSON.stringify(d.path),
    legs_json: JSON.stringify(d.legs),
    detected_ms: d.detectedMs,
  };
}

const getRow = (tx: Kysely<Database>, id: number) =>
  tx.selectFrom('shipments').selectAll().where('id', '=', id).executeTakeFirst() as Promise<Row | undefined>;

interface WriteCtx {
  tx: Kysely<Database>;
  actor: string;
  nowMs: number;
}

/** Snapshot + audit for one shipment write (the row is already written). */
async function record(
  c: WriteCtx,
  id: number,
  before: Row | undefined,
  action: string,
  reason: string | null,
) {
  const after = await getRow(c.tx, id);
  if (!after) throw new Error(`shipment ${id} vanished inside its own transaction`);
  const last = await c.tx
    .selectFrom('shipment_revisions')
    .select('revision')
    .where('shipment_id', '=', id)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  await c.tx
    .insertInto('shipment_revisions')
    .values({
      shipment_id: id,
      revision: (last?.revision ?? 0) + 1,
      ts_ms: c.nowMs,
      actor: c.actor,
      action,
      reason,
      snapshot_json: JSON.stringify(after),
    })
    .execute();
  await appendAudit(
    c.tx,
    {
      actor: c.actor,
      action,
      entity: 'shipments',
      entityId: id,
      beforeSha256: before ? rowHash(before) : null,
      afterSha256: rowHash(after),
      detail: reason,
    },
    c.nowMs,
  );
}

async function allShipments(tx: Kysely<Database>): Promise<Shipment[]> {
  const rows = (await tx
    .selectFrom('shipments')
    .selectAll()
    .orderBy('depart_ms')
    .orderBy('id')
    .execute()) as Row[];
  return rows.map(rowToShipment);
}

export interface DetectionSummary {
  inserted: number;
  updated: number;
  flagged: number;
  cleared: number;
  unchanged: number;
}

/** Stores a detection: new proposals added, proposed ones updated, decided ones only flagged. */
export async function saveDetection(
  db: Kysely<Database>,
  proposals: readonly Proposal[],
  vesselNames: ReadonlyMap<number, string | null>,
  params: Readonly<ShipmentParams>,
  actor: string,
  nowMs: number,
): Promise<DetectionSummary> {
  return ledgerTx(db, async (tx) => {
    const c: WriteCtx = { tx, actor, nowMs };
    const stored = await allShipments(tx);
    const plan = reconcile(stored, proposals, nowMs, params);
    for (const d of plan.insert) {
      const { id } = await tx
        .insertInto('shipments')
        .values({
          ...detectedColumns(d),
          status: 'proposed',
          number: null,
          vessel_name: vesselNames.get(d.mmsi) ?? null,
          decided_by: null,
          decided_ms: null,
          decision_reason: null,
          review_json: null,
          note: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await record(c, Number(id), undefined, 'shipment.propose', null);
    }
    for (const u of plan.update) {
      const before = await getRow(tx, u.id);
      await tx
        .updateTable('shipments')
        .set({ ...detectedColumns(u.fields), review_json: null })
        .where('id', '=', u.id)
        .execute();
      await record(c, u.id, before, 'shipment.redetect', 'detection changed');
    }
    for (const f of plan.flag) {
      const before = await getRow(tx, f.id);
      await tx
        .updateTable('shipments')
        .set({ review_json: JSON.stringify(f.review) })
        .where('id', '=', f.id)
        .execute();
      await record(c, f.id, before, 'shipment.flag', f.review.reason);
    }
    for (const id of plan.clear) {
      const before = await getRow(tx, id);
      await tx.updateTable('shipments').set({ review_json: null }).where('id', '=', id).execute();
      await record(c, id, before, 'shipment.unflag', 'detected again as stored');
    }
    const touched = plan.update.length + plan.flag.length + plan.clear.length;
    return {
      inserted: plan.insert.length,
      updated: plan.update.length,
      flagged: plan.flag.length,
      cleared: plan.clear.length,
      unchanged: stored.length - touched,
    };
  });
}

/** Shipments with linked documents added to their supports (and confidence recomputed). */
export async function listShipments(
  db: Kysely<Database>,
  opts: { status?: ShipmentStatus } = {},
): Promise<Shipment[]> {
  let all = await allShipments(db);
  const order = dateOrderOfConfirmed(all);
  for (const s of all) s.dateOrder = order.get(s.id) ?? null;
  if (opts.status) all = all.filter((s) => s.status === opts.status);
  const links = await db
    .selectFrom('evidence_links')
    .select(['evidence_id', 'target_id'])
    .where('target_kind', '=', 'shipment')
    .execute();
  for (const s of all) {
    const docs: Support[] = links
      .filter((l) => Number(l.target_id) === s.id)
      .map((l) => ({ kind: 'document', role: 'leg', ref: String(l.evidence_id) }));
    if (docs.length > 0) {
      s.supports = [...s.supports, ...docs];
      s.confidence = confidenceOf(s.supports);
    }
  }
  return all;
}

export async function getShipment(db: Kysely<Database>, id: number): Promise<Shipment | null> {
  return (await listShipments(db)).find((s) => s.id === id) ?? null;
}

export interface Renumbered {
  id: number;
  from: number | null;
  to: number | null;
}

/**
 * Gives a confirmed shipment without a number the next one, audited. Nothing else is touched: a
 * number, once given, is never changed or reused (so `Renumbered` holds at most this one entry).
 */
async function assignNumber(c: WriteCtx, id: number): Promise<Renumbered[]> {
  const row = await getRow(c.tx, id);
  if (!row || row.status !== 'confirmed' || row.number !== null) return [];
  const numbers = await c.tx
    .selectFrom('shipments')
    .select('number')
    .where('number', 'is not', null)
    .execute();
  const to = nextShipmentNumber(numbers.map((r) => ({ number: Number(r.number) })));
  await c.tx.updateTable('shipments').set({ number: to }).where('id', '=', id).execute();
  await record(c, id, row, 'shipment.number', `number ${to} given (never changes)`);
  return [{ id, from: null, to }];
}

/**
 * Confirm or reject. A first confirmation gives the shipment the next number (returned and
 * audited); no other shipment's number changes, whatever its date. A rejected shipment keeps the
 * number it had, so the number is never given again.
 */
export async function decideShipment(
  db: Kysely<Database>,
  id: number,
  decision: 'confirmed' | 'rejected',
  reason: string,
  actor: string,
  nowMs: number,
): Promise<{ shipment: Shipment; renumbered: Renumbered[] }> {
  if (reason.trim() === '') throw new LedgerError('a decision needs a reason (--reason)');
  return ledgerTx(db, async (tx) => {
    const c: WriteCtx = { tx, actor, nowMs };
    const before = await getRow(tx, id);
    if (!before) throw new LedgerError(`shipment ${id} does not exist`, 'not-found');
    await tx
      .updateTable('shipments')
      .set({
        status: decision,
        decided_by: actor,
        decided_ms: nowMs,
        decision_reason: reason,
        // A new decision (also confirming again) needs a new second pair of eyes.
        approved_by: null,
        approved_ms: null,
        review_json: null,
      })
      .where('id', '=', id)
      .execute();
    await record(c, id, before, decision === 'confirmed' ? 'shipment.confirm' : 'shipment.reject', reason);
    const renumbered = await assignNumber(c, id);
    const after = await getRow(tx, id);
    return { shipment: rowToShipment(after as Row), renumbered };
  });
}

export interface ShipmentEdit {
  departMs?: number;
  arriveMs?: number;
  originAreaId?: string;
  destinationAreaId?: string;
  containersLoaded?: Range | null;
  containersDischarged?: Range | null;
  note?: string | null;
}

/** An analyst's correction; the previous state stays in the revisions and the audit log. */
export async function editShipment(
  db: Kysely<Database>,
  id: number,
  edit: ShipmentEdit,
  reason: string,
  actor: string,
  nowMs: number,
): Promise<{ shipment: Shipment; renumbered: Renumbered[] }> {
  if (reason.trim() === '') throw new LedgerError('an edit needs a reason (--reason)');
  return ledgerTx(db, async (tx) => {
    const c: WriteCtx = { tx, actor, nowMs };
    const before = await getRow(tx, id);
    if (!before) throw new LedgerError(`shipment ${id} does not exist`, 'not-found');
    const departMs = edit.departMs ?? Number(before.depart_ms);
    const arriveMs = edit.arriveMs ?? Number(before.arrive_ms);
    if (arriveMs < departMs) throw new LedgerError('arrival would be before departure');
    const set: Partial<Row> = { depart_ms: departMs, arrive_ms: arriveMs, transit_ms: arriveMs - departMs };
    if (edit.originAreaId !== undefined) set.origin_area_id = edit.originAreaId;
    if (edit.destinationAreaId !== undefined) set.destination_area_id = edit.destinationAreaId;
    if (edit.containersLoaded !== undefined) {
      set.containers_loaded_min = edit.containersLoaded?.min ?? null;
      set.containers_loaded_max = edit.containersLoaded?.max ?? null;
    }
    if (edit.containersDischarged !== undefined) {
      set.containers_discharged_min = edit.containersDischarged?.min ?? null;
      set.containers_discharged_max = edit.containersDischarged?.max ?? null;
    }
    if (edit.note !== undefined) set.note = edit.note;
    // The approval was of the shipment as it stood: an edit needs approving again (four-eyes).
    set.approved_by = null;
    set.approved_ms = null;
    await tx.updateTable('shipments').set(set).where('id', '=', id).execute();
    await record(c, id, before, 'shipment.edit', reason);
    // Editing the dates moves the date order only; the number stays.
    const renumbered: Renumbered[] = [];
    return { shipment: rowToShipment((await getRow(tx, id)) as Row), renumbered };
  });
}

/**
 * Four-eyes approval of a confirmed shipment by someone other than its confirmer (audited as
 * `shipment.approve`, with the reason). Refused (`conflict`) when the shipment is not confirmed,
 * when the approver is the confirmer, or when it is already approved. An edit, a rejection or a
 * new confirmation clears the approval.
 */
export async function approveShipment(
  db: Kysely<Database>,
  id: number,
  reason: string,
  actor: string,
  nowMs: number,
): Promise<{ shipment: Shipment }> {
  if (reason.trim() === '') throw new LedgerError('an approval needs a reason (--reason)');
  return ledgerTx(db, async (tx) => {
    const c: WriteCtx = { tx, actor, nowMs };
    const before = await getRow(tx, id);
    if (!before) throw new LedgerError(`shipment ${id} does not exist`, 'not-found');
    if (before.status !== 'confirmed')
      throw new LedgerError(
        `shipment ${id} is ${before.status}: only a confirmed shipment can be approved`,
        'conflict',
      );
    if (before.decided_by === actor)
      throw new LedgerError(
        `shipment ${id} was confirmed by ${actor}: the four-eyes rule needs a reviewer other than the confirmer to approve it`,
        'conflict',
      );
    if (before.approved_by !== null)
      throw new LedgerError(`shipment ${id} is already approved by ${before.approved_by}`, 'conflict');
    await tx
      .updateTable('shipments')
      .set({ approved_by: actor, approved_ms: nowMs })
      .where('id', '=', id)
      .execute();
    await record(c, id, before, 'shipment.approve', reason);
    return { shipment: rowToShipment((await getRow(tx, id)) as Row) };
  });
}

export async function shipmentRevisions(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('shipment_revisions')
    .selectAll()
    .where('shipment_id', '=', id)
    .orderBy('revision')
    .execute();
}

export type { ReviewFlag };

// ---- observations -------------------------------------------------------------------------

async function audited(
  c: WriteCtx,
  table: 'sightings' | 'container_observations' | 'rail_observations',
  id: number,
  action: string,
) {
  const row = await c.tx.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await appendAudit(
    c.tx,
    { actor: c.actor, action, entity: table, entityId: id, beforeSha256: null, afterSha256: rowHash(row) },
    c.nowMs,
  );
}

async function checkEvidence(tx: Kysely<Database>, id: number | null) {
  if (id === null) return;
  const r = await tx.selectFrom('evidence_items').select('id').where('id', '=', id).executeTakeFirst();
  if (!r) throw new LedgerError(`evidence ${id} does not exist`, 'not-found');
}

export async function insertSighting(c: WriteCtx, s: Omit<Sighting, 'id'>): Promise<number> {
  await checkEvidence(c.tx, s.evidenceId);
  const { id } = await c.tx
    .insertInto('sightings')
    .values({
      provider: s.provider,
      image_id: s.imageId,
      acquired_ms: s.acquiredMs,
      gsd_m: s.gsdM,
      footprint_json: s.footprint === null ? null : JSON.stringify(s.footprint),
      lon: s.lon,
      lat: s.lat,
      mmsi: s.mmsi,
      vessel_name: s.vesselName,
      identified_by_json: JSON.stringify(s.identifiedBy),
      id_confidence: s.idConfidence,
      evidence_id: s.evidenceId,
      simulated: s.simulated ? 1 : 0,
      note: s.note,
      created_ms: c.nowMs,
      created_by: c.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audited(c, 'sightings', Number(id), 'observe.sighting');
  return Number(id);
}

export async function insertContainers(c: WriteCtx, o: Omit<ContainerObservation, 'id'>): Promise<number> {
  await checkEvidence(c.tx, o.imageEvidenceId);
  if (o.sightingId !== null) {
    const s = await c.tx
      .selectFrom('sightings')
      .select('id')
      .where('id', '=', o.sightingId)
      .executeTakeFirst();
    if (!s) throw new LedgerError(`sighting ${o.sightingId} does not exist`, 'not-found');
  }
  const { id } = await c.tx
    .insertInto('container_observations')
    .values({
      observed_ms: o.observedMs,
      place: o.place,
      lon: o.lon,
      lat: o.lat,
      count_min: o.countMin,
      count_max: o.countMax,
      size_ft: o.sizeFt,
      method: o.method,
      image_evidence_id: o.imageEvidenceId,
      sighting_id: o.sightingId,
      simulated: o.simulated ? 1 : 0,
      note: o.note,
      created_ms: c.nowMs,
      created_by: c.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audited(c, 'container_observations', Number(id), 'observe.containers');
  return Number(id);
}

export async function insertRail(c: WriteCtx, o: Omit<RailObservation, 'id'>): Promise<number> {
  await checkEvidence(c.tx, o.evidenceId);
  // Every reference checked before anything is written: a refusal leaves nothing behind.
  for (const sid of new Set(o.shipmentIds)) {
    const s = await c.tx.selectFrom('shipments').select('id').where('id', '=', sid).executeTakeFirst();
    if (!s) throw new LedgerError(`shipment ${sid} does not exist`, 'not-found');
  }
  const { id } = await c.tx
    .insertInto('rail_observations')
    .values({
      place: o.place,
      lon: o.lon,
      lat: o.lat,
      observed_ms: o.observedMs,
      unit: o.unit,
      count_min: o.countMin,
      count_max: o.countMax,
      evidence_id: o.evidenceId,
      simulated: o.simulated ? 1 : 0,
      note: o.note,
      created_ms: c.nowMs,
      created_by: c.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const sid of [...new Set(o.shipmentIds)]) {
    await c.tx
      .insertInto('rail_shipment_links')
      .values({ rail_observation_id: Number(id), shipment_id: sid })
      .execute();
  }
  await audited(c, 'rail_observations', Number(id), 'observe.rail');
  return Number(id);
}

/** Runs observation writes in one transaction (all land or none). */
export function observeTx<T>(
  db: Kysely<Database>,
  actor: string,
  nowMs: number,
  fn: (c: WriteCtx) => Promise<T>,
): Promise<T> {
  return ledgerTx(db, (tx) => fn({ tx, actor, nowMs }));
}

export async function listSightings(db: Kysely<Database>): Promise<Sighting[]> {
  const rows = await db.selectFrom('sightings').selectAll().orderBy('acquired_ms').orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    provider: r.provider,
    imageId: r.image_id,
    acquiredMs: Number(r.acquired_ms),
    gsdM: r.gsd_m,
    footprint: r.footprint_json === null ? null : JSON.parse(r.footprint_json),
    lon: r.lon,
    lat: r.lat,
    mmsi: r.mmsi === null ? null : Number(r.mmsi),
    vesselName: r.vessel_name,
    identifiedBy: JSON.parse(r.identified_by_json) as IdentifiedBy[],
    idConfidence: r.id_confidence,
    evidenceId: r.evidence_id === null ? null : Number(r.evidence_id),
    simulated: r.simulated === 1,
    note: r.note,
  }));
}

export async function listContainerObservations(db: Kysely<Database>): Promise<ContainerObservation[]> {
  const rows = await db
    .selectFrom('container_observations')
    .selectAll()
    .orderBy('observed_ms')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    observedMs: Number(r.observed_ms),
    place: r.place,
    lon: r.lon,
    lat: r.lat,
    countMin: r.count_min,
    countMax: r.count_max,
    sizeFt: r.size_ft as 20 | 40 | null,
    method: r.method as ContainerObservation['method'],
    imageEvidenceId: r.image_evidence_id === null ? null : Number(r.image_evidence_id),
    sightingId: r.sighting_id === null ? null : Number(r.sighting_id),
    simulated: r.simulated === 1,
    note: r.note,
  }));
}

export async function listRailObservations(db: Kysely<Database>): Promise<RailObservation[]> {
  const rows = await db
    .selectFrom('rail_observations')
    .selectAll()
    .orderBy('observed_ms')
    .orderBy('id')
    .execute();
  const links = await db.selectFrom('rail_shipment_links').selectAll().execute();
  return rows.map((r) => ({
    id: Number(r.id),
    place: r.place,
    lon: r.lon,
    lat: r.lat,
    observedMs: Number(r.observed_ms),
    unit: r.unit as RailObservation['unit'],
    countMin: r.count_min,
    countMax: r.count_max,
    shipmentIds: links
      .filter((l) => Number(l.rail_observation_id) === Number(r.id))
      .map((l) => Number(l.shipment_id)),
    evidenceId: r.evidence_id === null ? null : Number(r.evidence_id),
    simulated: r.simulated === 1,
    note: r.note,
  }));
}
