/**
 * What each evidence item supports, and the evidence behind a shipment: the links an analyst made
 * (`evidence_links`), the claims an item backs, and the sightings and container counts made on
 * an image, followed on to the shipments whose supports name them. Read-only.
 */
import type { Kysely } from 'kysely';
import { gradeText } from '../evidence/grade.js';
import { type EvidenceItem, listEvidence } from '../evidence/store.js';
import type { Database } from '../store/schema.js';
import type { Shipment } from './ledger.js';

/** One thing an evidence item supports. `via` says how, when not linked directly. */
export interface Supported {
  kind: 'shipment' | 'sighting' | 'container-observation' | 'rail-observation' | 'claim';
  id: number;
  /** For shipments: the ledger number (null until confirmed) and status. */
  number?: number | null;
  status?: string;
  label: string;
  via?: string;
}

/** An evidence item as shown beside a decision: title, grade, kind, hash and where its file is. */
export interface EvidenceSummary {
  id: number;
  version: number;
  title: string;
  kind: string;
  grade: string;
  sha256: string;
  fileName: string;
  /** The stored file over the API (`GET /api/evidence/:id/file`). */
  fileUrl: string;
  simulated: boolean;
  /** How it bears on this shipment: linked, or through a sighting or a container count. */
  via: string;
}

export const evidenceFileUrl = (id: number) => `api/evidence/${id}/file`;

/** Shipment rows reduced to what a label needs. */
type ShipmentLabel = Pick<
  Shipment,
  | 'id'
  | 'number'
  | 'status'
  | 'vesselName'
  | 'mmsi'
  | 'originAreaId'
  | 'destinationAreaId'
  | 'departMs'
  | 'supports'
>;

export function shipmentLabel(s: ShipmentLabel): string {
  const no = s.number !== null ? `no. ${s.number}` : `id ${s.id}`;
  const day = new Date(s.departMs).toISOString().slice(0, 10);
  return `shipment ${no} (${s.status}): ${s.vesselName ?? `MMSI ${s.mmsi}`}, ${s.originAreaId} → ${s.destinationAreaId}, ${day}`;
}

interface Observations {
  sightingEvidence: Map<number, number>;
  containerEvidence: Map<number, number>;
}

async function observations(db: Kysely<Database>): Promise<Observations> {
  const s = await db
    .selectFrom('sightings')
    .select(['id', 'evidence_id'])
    .where('evidence_id', 'is not', null)
    .execute();
  const c = await db
    .selectFrom('container_observations')
    .select(['id', 'image_evidence_id'])
    .where('image_evidence_id', 'is not', null)
    .execute();
  return {
    sightingEvidence: new Map(s.map((r) => [Number(r.id), Number(r.evidence_id)])),
    containerEvidence: new Map(c.map((r) => [Number(r.id), Number(r.image_evidence_id)])),
  };
}

/** Evidence ids behind one shipment, each with how: a direct link, a sighting or a count. */
function evidenceOfShipment(
  s: ShipmentLabel,
  links: ReadonlyArray<{ evidence_id: number; target_kind: string; target_id: number }>,
  obs: Observations,
): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of links)
    if (l.target_kind === 'shipment' && Number(l.target_id) === s.id)
      out.set(Number(l.evidence_id), 'linked');
  for (const x of s.supports) {
    const ref = Number(x.ref);
    const ev =
      x.kind === 'sighting'
        ? obs.sightingEvidence.get(ref)
        : x.kind === 'containers'
          ? obs.containerEvidence.get(ref)
          : undefined;
    if (ev !== undefined && !out.has(ev))
      out.set(
        ev,
        x.kind === 'sighting' ? `sighting ${ref} (${x.role})` : `container count ${ref} (${x.role})`,
      );
  }
  return out;
}

const summary = (e: EvidenceItem, via: string): EvidenceSummary => ({
  id: e.id,
  version: e.version,
  title: e.title,
  kind: e.kind,
  grade: gradeText(e.grade),
  sha256: e.sha256,
  fileName: e.fileName,
  fileUrl: evidenceFileUrl(e.id),
  simulated: e.simulated,
  via,
});

/** The evidence behind one shipment (every version that was linked; corrections are their own items). */
export async function shipmentEvidence(db: Kysely<Database>, s: ShipmentLabel): Promise<EvidenceSummary[]> {
  const links = await db
    .selectFrom('evidence_links')
    .select(['evidence_id', 'target_kind', 'target_id'])
    .execute();
  const ids = evidenceOfShipment(s, links, await observations(db));
  if (ids.size === 0) return [];
  const items = await listEvidence(db, { all: true });
  return items.filter((e) => ids.has(e.id)).map((e) => summary(e, ids.get(e.id) as string));
}

/** For every evidence id: what it supports (shipments directly or through observations, and claims). */
export async function evidenceSupports(
  db: Kysely<Database>,
  shipments: readonly ShipmentLabel[],
): Promise<Map<number, Supported[]>> {
  const out = new Map<number, Supported[]>();
  const add = (id: number, x: Supported) => {
    const list = out.get(id) ?? [];
    if (!list.some((y) => y.kind === x.kind && y.id === x.id)) list.push(x);
    out.set(id, list);
  };
  const links = await db
    .selectFrom('evidence_links')
    .select(['evidence_id', 'target_kind', 'target_id'])
    .execute();
  const obs = await observations(db);
  for (const s of shipments)
    for (const [ev, via] of evidenceOfShipment(s, links, obs))
      add(ev, {
        kind: 'shipment',
        id: s.id,
        number: s.number,
        status: s.status,
        label: shipmentLabel(s),
        ...(via === 'linked' ? {} : { via }),
      });
  for (const l of links)
    if (l.target_kind !== 'shipment')
      add(Number(l.evidence_id), {
        kind: l.target_kind as Supported['kind'],
        id: Number(l.target_id),
        label: `${l.target_kind.replace('-', ' ')} ${l.target_id}`,
      });
  for (const [sighting, ev] of obs.sightingEvidence)
    add(ev, { kind: 'sighting', id: sighting, label: `sighting ${sighting}` });
  for (const [count, ev] of obs.containerEvidence)
    add(ev, { kind: 'container-observation', id: count, label: `container count ${count}` });
  const claims = await db
    .selectFrom('claim_evidence')
    .innerJoin('claims', 'claims.id', 'claim_evidence.claim_id')
    .select(['claim_evidence.evidence_id', 'claims.id', 'claims.statement'])
    .execute();
  for (const c of claims)
    add(Number(c.evidence_id), { kind: 'claim', id: Number(c.id), label: `claim ${c.id}: ${c.statement}` });
  return out;
}
