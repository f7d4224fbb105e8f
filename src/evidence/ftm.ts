/**
 * The evidence graph as FollowTheMoney (FtM) entities, one JSON object per line, so it opens in
 * Aleph and other FtM tools. Pure: the caller reads the store and passes the lists in.
 *
 * FtM schema (followthemoney, `followthemoney/schema/*.yaml`, https://followthemoney.tech/explorer/):
 * - every entity is `{ id, schema, properties }` and every property value is a list of strings;
 * - `Vessel` (extends Vehicle → Asset → Thing): `name`, `imoNumber`, `mmsi`, `flag` (country code),
 *   `callSign`;
 * - `Document` (extends Thing): `title`, `fileName`, `fileSize`, `contentHash`, `language`, and from
 *   Thing `sourceUrl`, `publisher`, `retrievedAt`, `summary`, `notes`;
 * - `Event` (extends Interval, Thing): `name`, `startDate`, `endDate`, `location`, `summary`,
 *   `involved` (entity), and from Thing/Interval `proof` (entity, range Document);
 * - `Note` (extends Thing): `description`, `entity` (range Thing), and Thing's `proof`.
 *
 * Choices made here, and where they bend the schema:
 * - `contentHash` is the SHA-256 of the file (the store's address); FtM documents it as a SHA-1
 *   checksum, but the `checksum` type holds any hex digest.
 * - A shipment's vessel is linked by `Event.involved`. FtM gives `involved` the range LegalEntity,
 *   which a Vessel is not; there is no Event → Vessel property in the model, so a strict FtM
 *   validator may warn about that one property. The link is also written as `Note.entity`
 *   (range Thing, valid) on the shipment's note, so a strict importer keeps it.
 * - The Admiralty grade goes in `summary` ("Admiralty grade B2") and its meaning in `notes`.
 * - A claim is a `Note`: its statement in `description`, its quantity in `summary`, its evidence
 *   in `proof`.
 * - Ids are `tallyman-` + the first 40 hex digits of SHA-256 over a stable key: a vessel's MMSI,
 *   a document's file hash and version, a shipment's or claim's ledger id. The same store exports
 *   the same ids every time.
 */
import { createHash } from 'node:crypto';
import type { Shipment } from '../shipments/ledger.js';
import type { Claim } from './claims.js';
import { describeGrade, type Grade, gradeText } from './grade.js';
import type { EvidenceItem } from './store.js';

export interface FtmEntity {
  id: string;
  schema: 'Vessel' | 'Document' | 'Event' | 'Note';
  properties: Record<string, string[]>;
}

/** What is known of a fleet vessel from the store (`vessels` table). */
export interface FtmVessel {
  mmsi: number;
  imo: number | null;
  name: string | null;
  callSign: string | null;
  /** ISO 3166-1 alpha-2 (as the store keeps it); written lower-case as FtM's country type. */
  flag: string | null;
}

export interface EvidenceGraph {
  vessels: readonly FtmVessel[];
  shipments: readonly Shipment[];
  evidence: readonly EvidenceItem[];
  claims: readonly Claim[];
  /** Area id → display name (for Event names and locations); the id is used when missing. */
  areaNames?: ReadonlyMap<string, string>;
}

export const ftmId = (kind: string, key: string | number): string =>
  `tallyman-${createHash('sha256').update(`${kind}:${key}`).digest('hex').slice(0, 40)}`;

export const vesselFtmId = (mmsi: number) => ftmId('vessel', mmsi);
export const documentFtmId = (e: Pick<EvidenceItem, 'sha256' | 'version'>) =>
  ftmId('document', `${e.sha256}:${e.version}`);
export const shipmentFtmId = (id: number) => ftmId('shipment', id);
export const claimFtmId = (id: number) => ftmId('claim', id);

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** FtM's date type is an ISO 8601 prefix without a zone; tallyman times are UTC, so the `Z` is dropped. */
const isoSec = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** Drops empty values; every value a string. */
function props(p: Record<string, Array<string | number | null | undefined>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, vs] of Object.entries(p)) {
    const clean = [
      ...new Set(vs.filter((v) => v !== null && v !== undefined && v !== '').map((v) => String(v))),
    ];
    if (clean.length > 0) out[k] = clean;
  }
  return out;
}

function vesselEntity(v: FtmVessel): FtmEntity {
  return {
    id: vesselFtmId(v.mmsi),
    schema: 'Vessel',
    properties: props({
      // FtM requires a name; an unnamed ship is named by its MMSI.
      name: [v.name ?? `MMSI ${v.mmsi}`],
      mmsi: [v.mmsi],
      imoNumber: [v.imo === null ? null : `IMO${v.imo}`],
      callSign: [v.callSign],
      flag: [v.flag?.toLowerCase()],
    }),
  };
}

function documentEntity(e: EvidenceItem, byId: ReadonlyMap<number, EvidenceItem>): FtmEntity {
  const g: Grade = e.grade;
  const replaces = e.replacesId === null ? undefined : byId.get(e.replacesId);
  const replacedBy = e.replacedById === null ? undefined : byId.get(e.replacedById);
  return {
    id: documentFtmId(e),
    schema: 'Document',
    properties: props({
      title: [e.title],
      name: [e.title],
      fileName: [e.fileName],
      fileSize: [e.sizeBytes],
      contentHash: [e.sha256],
      sourceUrl: [e.url],
      publisher: [e.publisher],
      retrievedAt: [e.obtainedMs === null ? null : day(e.obtainedMs)],
      language: [e.language],
      summary: [`Admiralty grade ${gradeText(g)}`],
      notes: [
        `Admiralty grade ${describeGrade(g)}`,
        `tallyman evidence ${e.id}, version ${e.version}, kind ${e.kind}`,
        e.source ? `source: ${e.source}` : null,
        e.collector ? `collected by ${e.collector}` : null,
        e.simulated ? 'SIMULATED: not real evidence' : null,
        replaces ? `corrects evidence ${replaces.id} (${documentFtmId(replaces)})` : null,
        replacedBy ? `corrected by evidence ${replacedBy.id} (${documentFtmId(replacedBy)})` : null,
      ],
      keywords: [e.kind, e.simulated ? 'simulated' : null],
    }),
  };
}

const rangeText = (r: { min: number; max: number } | null) =>
  r === null ? null : r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`;

export function shipmentName(s: Shipment, areaName: (id: string) => string): string {
  const n = s.number !== null ? `Shipment ${s.number}` : `Shipment proposal ${s.id}`;
  return `${n}: ${areaName(s.originAreaId)} → ${areaName(s.destinationAreaId)}`;
}

function shipmentEntities(
  s: Shipment,
  docId: (evidenceId: number) => string | undefined,
  areaName: (id: string) => string,
): FtmEntity[] {
  const proof = s.supports
    .filter((x) => x.kind === 'document')
    .map((x) => docId(Number(x.ref)))
    .filter((x): x is string => x !== undefined);
  const loaded = rangeText(s.containersLoaded);
  const discharged = rangeText(s.containersDischarged);
  const event: FtmEntity = {
    id: shipmentFtmId(s.id),
    schema: 'Event',
    properties: props({
      name: [shipmentName(s, areaName)],
      startDate: [isoSec(s.departMs)],
      endDate: [isoSec(s.arriveMs)],
      location: [areaName(s.originAreaId), areaName(s.destinationAreaId)],
      summary: [
        `${s.status}${s.decidedBy ? ` by ${s.decidedBy}` : ''}, confidence ${s.confidence}/4, ` +
          `${s.vesselName ?? `MMSI ${s.mmsi}`}${s.dark ? ', dark leg' : ''}`,
      ],
      description: [
        s.decisionReason ? `decision: ${s.decisionReason}` : null,
        loaded ? `containers loaded: ${loaded}` : null,
        discharged ? `containers discharged: ${discharged}` : null,
        s.note,
      ],
      involved: [vesselFtmId(s.mmsi)],
      proof,
      recordId: [`tallyman shipment ${s.id}`],
      keywords: [s.status],
    }),
  };
  return [event];
}

function claimEntity(c: Claim, docId: (evidenceId: number) => string | undefined): FtmEntity {
  const q =
    c.quantityMin === null
      ? null
      : `${c.quantityMax !== null && c.quantityMax !== c.quantityMin ? `${c.quantityMin}–${c.quantityMax}` : c.quantityMin}${c.unit ? ` ${c.unit}` : ''}`;
  const period =
    c.periodFromMs === null && c.periodToMs === null
      ? null
      : `${c.periodFromMs === null ? '…' : day(c.periodFromMs)} – ${c.periodToMs === null ? '…' : day(c.periodToMs)}`;
  return {
    id: claimFtmId(c.id),
    schema: 'Note',
    properties: props({
      name: [`Claim ${c.id}${c.measure ? ` (${c.measure})` : ''}`],
      description: [c.statement],
      summary: [q === null ? null : `${q}${period ? `, ${period}` : ''}${c.place ? `, ${c.place}` : ''}`],
      notes: [
        c.bestGrade ? `best evidence grade ${c.bestGrade}` : 'no evidence linked',
        c.replacesId !== null ? `corrects claim ${c.replacesId} (${claimFtmId(c.replacesId)})` : null,
      ],
      proof: c.evidenceIds.map(docId),
      recordId: [`tallyman claim ${c.id}`],
    }),
  };
}

/**
 * The whole graph: a Vessel per vessel of a shipment, a Document per evidence item (every
 * version), an Event per shipment (with a Note carrying the vessel link, see the file comment),
 * a Note per claim. Entities are ordered by kind, then by their ledger order.
 */
export function evidenceGraphToFtm(g: EvidenceGraph): FtmEntity[] {
  const areaName = (id: string) => g.areaNames?.get(id) ?? id;
  const byEvidenceId = new Map(g.evidence.map((e) => [e.id, e]));
  const docId = (id: number) => {
    const e = byEvidenceId.get(id);
    return e === undefined ? undefined : documentFtmId(e);
  };
  const known = new Map(g.vessels.map((v) => [v.mmsi, v]));
  const fleet = [...new Set(g.shipments.map((s) => s.mmsi))].sort((a, b) => a - b);
  const vessels = fleet.map(
    (mmsi) =>
      known.get(mmsi) ?? {
        mmsi,
        imo: null,
        name: g.shipments.find((s) => s.mmsi === mmsi && s.vesselName)?.vesselName ?? null,
        callSign: null,
        flag: null,
      },
  );
  const out: FtmEntity[] = vessels.map(vesselEntity);
  for (const e of g.evidence) out.push(documentEntity(e, byEvidenceId));
  for (const s of g.shipments) {
    out.push(...shipmentEntities(s, docId, areaName));
    out.push({
      id: ftmId('shipment-vessel', s.id),
      schema: 'Note',
      properties: props({
        name: [`${shipmentName(s, areaName)}: vessel`],
        description: [`carried by ${s.vesselName ?? `MMSI ${s.mmsi}`} (MMSI ${s.mmsi})`],
        entity: [vesselFtmId(s.mmsi), shipmentFtmId(s.id)],
      }),
    });
  }
  for (const c of g.claims) out.push(claimEntity(c, docId));
  return out;
}

/** One entity per line (FtM's "JSON lines" entity stream). */
export const ftmJsonLines = (entities: readonly FtmEntity[]): string =>
  entities.map((e) => `${JSON.stringify(e)}\n`).join('');

/** Property names that hold entity ids (for checking that every reference resolves). */
export const FTM_ENTITY_PROPERTIES = ['involved', 'proof', 'entity'] as const;
