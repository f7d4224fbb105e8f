/**
 * The ledger's pure rules: a stored shipment's shape, how a new detection is reconciled with what
 * is stored (proposed ones follow the detection; confirmed and rejected ones never change — a
 * difference is flagged for review), and numbering of confirmed shipments: a number is given once,
 * on first confirmation, and never changes; date order is computed apart.
 */
import type { ShipmentParams } from './params.js';
import type { CallKind, Proposal, Range } from './types.js';

export const SHIPMENT_STATUSES = ['proposed', 'confirmed', 'rejected'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export interface ReviewDifference {
  field: string;
  stored: string | number | null;
  detected: string | number | null;
}

/** Why a stored shipment needs an analyst's look after re-detection. */
export interface ReviewFlag {
  reason: 'changed' | 'not-detected';
  detectedMs: number;
  differences: ReviewDifference[];
}

/** A ledger row: what detection proposed (the calls flattened into columns) plus the analyst's side. */
export interface Shipment extends Omit<Proposal, 'origin' | 'destination'> {
  id: number;
  status: ShipmentStatus;
  /**
   * Given on first confirmation (one more than any number given before) and never changed or
   * reused, so a published number stays true; kept when the shipment is later rejected.
   */
  number: number | null;
  /** Confirmed shipments: 1, 2, … in departure order (moves when an earlier one is confirmed). */
  dateOrder?: number | null;
  vesselName: string | null;
  originAreaId: string;
  originKind: CallKind;
  originStartMs: number;
  originEndMs: number;
  originEventId: string | null;
  destinationAreaId: string;
  destinationKind: CallKind;
  destinationStartMs: number;
  destinationEndMs: number;
  destinationEventId: string | null;
  decidedBy: string | null;
  decidedMs: number | null;
  decisionReason: string | null;
  /** Four-eyes: who approved the confirmation (never its confirmer), and when; else null. */
  approvedBy: string | null;
  approvedMs: number | null;
  review: ReviewFlag | null;
  note: string | null;
  detectedMs: number;
}

/** The fields a detection sets (everything but id, status, number, decision, approval, review, note). */
export type DetectedFields = Omit<
  Shipment,
  | 'id'
  | 'status'
  | 'number'
  | 'dateOrder'
  | 'decidedBy'
  | 'decidedMs'
  | 'decisionReason'
  | 'approvedBy'
  | 'approvedMs'
  | 'review'
  | 'note'
  | 'vesselName'
>;

export function detectedFields(p: Proposal, detectedMs: number): DetectedFields {
  return {
    mmsi: p.mmsi,
    originAreaId: p.origin.areaId,
    originKind: p.origin.kind,
    originStartMs: p.origin.startMs,
    originEndMs: p.origin.endMs,
    originEventId: p.origin.eventId,
    destinationAreaId: p.destination.areaId,
    destinationKind: p.destination.kind,
    destinationStartMs: p.destination.startMs,
    destinationEndMs: p.destination.endMs,
    destinationEventId: p.destination.eventId,
    departMs: p.departMs,
    arriveMs: p.arriveMs,
    transitMs: p.transitMs,
    dark: p.dark,
    gapEventIds: p.gapEventIds,
    alternativeDestinationIds: p.alternativeDestinationIds,
    supports: p.supports,
    confidence: p.confidence,
    draughtFromM: p.draughtFromM,
    draughtToM: p.draughtToM,
    cargoMassT: p.cargoMassT,
    containersLoaded: p.containersLoaded,
    containersDischarged: p.containersDischarged,
    path: p.path,
    legs: p.legs,
    detectedMs,
  };
}

const rangeText = (r: Range | null) =>
  r === null ? null : r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`;

/** The differences an analyst should see between a stored shipment and a new detection of it. */
export function differences(s: Shipment, d: DetectedFields, p: Readonly<ShipmentParams>): ReviewDifference[] {
  const out: ReviewDifference[] = [];
  const same = (field: string, a: string | number | null, b: string | number | null) => {
    if (a !== b) out.push({ field, stored: a, detected: b });
  };
  const time = (field: string, a: number, b: number) => {
    if (Math.abs(a - b) > p.reviewTimeToleranceMs) out.push({ field, stored: iso(a), detected: iso(b) });
  };
  same('originAreaId', s.originAreaId, d.originAreaId);
  same('originKind', s.originKind, d.originKind);
  same('destinationAreaId', s.destinationAreaId, d.destinationAreaId);
  same('destinationKind', s.destinationKind, d.destinationKind);
  time('departMs', s.departMs, d.departMs);
  time('arriveMs', s.arriveMs, d.arriveMs);
  same('containersLoaded', rangeText(s.containersLoaded), rangeText(d.containersLoaded));
  same('containersDischarged', rangeText(s.containersDischarged), rangeText(d.containersDischarged));
  same('confidence', s.confidence, d.confidence);
  return out;
}

export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export interface Reconciliation {
  insert: DetectedFields[];
  /** Proposed shipments the detection moved or re-supported: their detected fields are replaced. */
  update: Array<{ id: number; fields: DetectedFields }>;
  /** Confirmed/rejected shipments (or proposed ones no longer found) to flag; never changed. */
  flag: Array<{ id: number; review: ReviewFlag }>;
  /** Stored shipments detected again as they are: a stale flag is cleared. */
  clear: number[];
}

/**
 * Matches each new detection to at most one stored shipment of the same vessel and route whose
 * departure lies within `matchToleranceMs` (closest first), then decides what happens to each.
 */
export function reconcile(
  stored: readonly Shipment[],
  proposals: readonly Proposal[],
  detectedMs: number,
  p: Readonly<ShipmentParams>,
): Reconciliation {
  const out: Reconciliation = { insert: [], update: [], flag: [], clear: [] };
  const free = new Set(stored.map((s) => s.id));
  const byId = new Map(stored.map((s) => [s.id, s]));
  const pairs: Array<{ s: Shipment; d: DetectedFields; dt: number }> = [];
  const fields = proposals.map((x) => detectedFields(x, detectedMs));
  for (const d of fields)
    for (const s of stored) {
      if (s.mmsi !== d.mmsi || s.originAreaId !== d.originAreaId) continue;
      const dt = Math.abs(s.departMs - d.departMs);
      if (dt <= p.matchToleranceMs) pairs.push({ s, d, dt });
    }
  // Same destination first, then the closest departure.
  pairs.sort(
    (a, b) =>
      Number(a.s.destinationAreaId !== a.d.destinationAreaId) -
        Number(b.s.destinationAreaId !== b.d.destinationAreaId) || a.dt - b.dt,
  );
  const matched = new Set<DetectedFields>();
  for (const { s, d } of pairs) {
    if (!free.has(s.id) || matched.has(d)) continue;
    free.delete(s.id);
    matched.add(d);
    const diffs = differences(s, d, p);
    if (s.status === 'proposed') {
      const moved =
        diffs.length > 0 ||
        JSON.stringify(s.supports) !== JSON.stringify(d.supports) ||
        JSON.stringify(s.legs) !== JSON.stringify(d.legs);
      if (moved) out.update.push({ id: s.id, fields: d });
      else if (s.review !== null) out.clear.push(s.id);
    } else if (diffs.length > 0) {
      out.flag.push({ id: s.id, review: { reason: 'changed', detectedMs, differences: diffs } });
    } else if (s.review !== null) out.clear.push(s.id);
  }
  for (const d of fields) if (!matched.has(d)) out.insert.push(d);
  for (const id of free) {
    const s = byId.get(id);
    if (s && s.review?.reason !== 'not-detected')
      out.flag.push({ id, review: { reason: 'not-detected', detectedMs, differences: [] } });
  }
  return out;
}

/**
 * The number the next confirmed shipment gets: one more than any number ever given. A number is
 * kept by its shipment for good (also when it is later rejected, so a published "shipment 5"
 * still finds it and is never given to another one).
 */
export function nextShipmentNumber(shipments: readonly Pick<Shipment, 'number'>[]): number {
  let max = 0;
  for (const s of shipments) if (s.number !== null && s.number > max) max = s.number;
  return max + 1;
}

/**
 * Date order of confirmed shipments: 1, 2, … by departure, then id (ties). Shown beside the
 * number, never instead of it: it moves when an earlier shipment is confirmed, the number does not.
 */
export function dateOrderOfConfirmed(
  shipments: readonly Pick<Shipment, 'id' | 'status' | 'departMs'>[],
): Map<number, number> {
  const confirmed = shipments
    .filter((s) => s.status === 'confirmed')
    .sort((a, b) => a.departMs - b.departMs || a.id - b.id);
  return new Map(confirmed.map((s, i) => [s.id, i + 1]));
}
