/**
 * The ledger and its evidence as FollowTheMoney (FtM) entities, one JSON object per line, so they
 * open in Aleph and other FtM tools. Pure: the caller reads the store and passes the lists in.
 *
 * FtM model (followthemoney `schema/*.yaml`, https://followthemoney.tech/explorer/; checked in
 * the tests with `@alephdata/followthemoney`): every entity is `{ id, schema, properties }` and
 * every property value is a list of strings.
 * - A shipment is a `Trip` (extends Event): `vehicle` → the `Vessel`, `startLocation` and
 *   `endLocation` → an `Address` per area (both required), `proof` → the `Document`s, and from
 *   Interval `startDate`, `endDate`, `recordId`. (`Event.involved` takes a LegalEntity, which a
 *   Vessel is not.)
 * - An evidence version is a `Document`. Its `contentHash` is FtM's `checksum` type: SHA-1, at
 *   most 40 hex digits, and Aleph finds the file by it. So it is the SHA-1 of the stored file when
 *   the caller could read it (`sha1BySha256`), else left out; tallyman's SHA-256 address goes in
 *   `notes`. Its language is ISO 639-3 (`ftm-values.ts`); the Admiralty grade is in `summary`.
 * - A claim is a `Note` (Thing and Analyzable only, so no `recordId`: its ledger id is in
 *   `notes`): statement in `description`, quantity in `summary`, evidence in `proof`.
 * - A store with simulated inputs gets a dataset `Note` that says SIMULATED and names every
 *   entity (`entity`), and each entity says SIMULATED in `notes` and `keywords` (a Trip also in
 *   its name), as everything built from simulated data must where a person sees it.
 * - Ids are `tallyman-` + the first 40 hex digits of SHA-256 over a stable key (a vessel's MMSI,
 *   a document's file hash and version, an area id, a shipment's or claim's ledger id): the same
 *   store exports the same ids every time.
 */
import { createHash } from 'node:crypto';
import type { Area } from '../areas/types.js';
import type { Claim } from '../evidence/claims.js';
import { describeGrade, type Grade, gradeText } from '../evidence/grade.js';
import type { SanctionMatch } from '../evidence/sanctions.js';
import type { EvidenceItem } from '../evidence/store.js';
import { clip, FTM_MAX_LENGTH, ftmCountry, ftmDateTime, ftmDay, ftmLanguage, ftmUrl } from './ftm-values.js';
import type { Shipment } from './ledger.js';

export const FTM_SCHEMATA = ['Vessel', 'Address', 'Document', 'Trip', 'Note'] as const;
export type FtmSchema = (typeof FTM_SCHEMATA)[number];

export interface FtmEntity {
  id: string;
  schema: FtmSchema;
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
  /** The areas shipments start and end at; an id with no area is exported by its id alone. */
  areas?: readonly Pick<Area, 'id' | 'name' | 'kind' | 'geometry'>[];
  /** File SHA-256 → SHA-1 of the same bytes, for the files the caller read and found intact. */
  sha1BySha256?: ReadonlyMap<string, string>;
  /** MMSI → OpenSanctions matches (sanctions and port-state detentions kept apart). */
  sanctions?: ReadonlyMap<number, { sanctions: SanctionMatch[]; detentions: SanctionMatch[] }>;
  /** Names of the simulated inputs in the store; any (or a simulated evidence item) marks the export. */
  simulatedSources?: readonly string[];
}

export const ftmId = (kind: string, key: string | number): string =>
  `tallyman-${createHash('sha256').update(`${kind}:${key}`).digest('hex').slice(0, 40)}`;

export const vesselFtmId = (mmsi: number) => ftmId('vessel', mmsi);
export const documentFtmId = (e: Pick<EvidenceItem, 'sha256' | 'version'>) =>
  ftmId('document', `${e.sha256}:${e.version}`);
export const shipmentFtmId = (id: number) => ftmId('shipment', id);
export const claimFtmId = (id: number) => ftmId('claim', id);
export const areaFtmId = (id: string) => ftmId('area', id);
export const SIMULATED_NOTE_ID = ftmId('dataset', 'simulated');

/** Drops empty values and repeats; every value a string. */
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

const name = (s: string) => clip(s, FTM_MAX_LENGTH.name);
const str = (s: string | null) => (s === null ? null : clip(s, FTM_MAX_LENGTH.string));

function vesselEntity(
  v: FtmVessel,
  flags: { sanctions: SanctionMatch[]; detentions: SanctionMatch[] } | undefined,
): FtmEntity {
  const match = (kind: string) => (m: SanctionMatch) =>
    `${kind}: OpenSanctions ${m.record.sourceId}${m.record.datasets.length > 0 ? ` (${m.record.datasets.join(', ')})` : ''}, matched by ${m.by === 'imo' ? 'IMO number' : 'MMSI'}`;
  return {
    id: vesselFtmId(v.mmsi),
    schema: 'Vessel',
    properties: props({
      // FtM requires a name; an unnamed ship is named by its MMSI.
      name: [name(v.name ?? `MMSI ${v.mmsi}`)],
      mmsi: [v.mmsi],
      imoNumber: [v.imo === null ? null : `IMO${v.imo}`],
      callSign: [v.callSign],
      flag: [ftmCountry(v.flag)],
      // Only `sanction` is an FtM topic; a detention is said in the notes.
      topics: [flags && flags.sanctions.length > 0 ? 'sanction' : null],
      notes: [
        ...(flags?.sanctions ?? []).map(match('sanctioned')),
        ...(flags?.detentions ?? []).map(match('port-state detention')),
      ],
    }),
  };
}

function areaEntity(
  id: string,
  area: Pick<Area, 'id' | 'name' | 'kind' | 'geometry'> | undefined,
): FtmEntity {
  const g = area?.geometry;
  const ring = g?.type === 'polygon' ? (g.rings[0] ?? []) : [];
  // A polygon's vertex mean is a label point, not a survey position: good enough for a map pin.
  const [lon, lat] =
    g?.type === 'circle'
      ? [g.lon, g.lat]
      : ring.length > 0
        ? [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length]
        : [null, null];
  return {
    id: areaFtmId(id),
    schema: 'Address',
    properties: props({
      full: [clip(area?.name ?? id, FTM_MAX_LENGTH.address)],
      latitude: [lat === null ? null : lat.toFixed(5)],
      longitude: [lon === null ? null : lon.toFixed(5)],
      remarks: [`tallyman area ${id}${area ? ` (${area.kind})` : ''}`],
    }),
  };
}

function documentEntity(
  e: EvidenceItem,
  byId: ReadonlyMap<number, EvidenceItem>,
  sha1: string | undefined,
): FtmEntity {
  const g: Grade = e.grade;
  const replaces = e.replacesId === null ? undefined : byId.get(e.replacesId);
  const replacedBy = e.replacedById === null ? undefined : byId.get(e.replacedById);
  const language = ftmLanguage(e.language);
  const url = ftmUrl(e.url);
  const title = e.simulated ? `${e.title} (SIMULATED)` : e.title;
  return {
    id: documentFtmId(e),
    schema: 'Document',
    properties: props({
      title: [str(title)],
      name: [name(title)],
      fileName: [str(e.fileName)],
      fileSize: [e.sizeBytes],
      contentHash: [sha1],
      sourceUrl: [url],
      publisher: [str(e.publisher)],
      retrievedAt: [e.obtainedMs === null ? null : ftmDay(e.obtainedMs)],
      language: [language],
      summary: [`Admiralty grade ${gradeText(g)}`],
      notes: [
        `Admiralty grade ${describeGrade(g)}`,
        `tallyman evidence ${e.id}, version ${e.version}, kind ${e.kind}`,
        `SHA-256 ${e.sha256}`,
        e.source ? `source: ${e.source}` : null,
        e.collector ? `collected by ${e.collector}` : null,
        e.url !== null && url === null ? `URL as recorded: ${e.url}` : null,
        e.language !== null && language === null ? `language as recorded: ${e.language}` : null,
        e.simulated ? 'SIMULATED: not real evidence' : null,
        replaces ? `corrects evidence ${replaces.id} (${documentFtmId(replaces)})` : null,
        replacedBy ? `corrected by evidence ${replacedBy.id} (${documentFtmId(replacedBy)})` : null,
      ],
      keywords: [e.kind, e.simulated ? 'SIMULATED' : null],
    }),
  };
}

const rangeText = (r: { min: number; max: number } | null) =>
  r === null ? null : r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`;

/** A rejected proposal says so in its name: in Aleph the name is what a reader sees first. */
function shipmentName(s: Shipment, areaName: (id: string) => string): string {
  const n =
    s.number !== null
      ? `Shipment ${s.number}`
      : `${s.status === 'rejected' ? 'Rejected shipment proposal' : 'Shipment proposal'} ${s.id}`;
  return `${n}: ${areaName(s.originAreaId)} → ${areaName(s.destinationAreaId)}`;
}

function tripEntity(
  s: Shipment,
  docId: (evidenceId: number) => string | undefined,
  areaName: (id: string) => string,
  simulated: boolean,
): FtmEntity {
  const proof = s.supports
    .filter((x) => x.kind === 'document')
    .map((x) => docId(Number(x.ref)))
    .filter((x): x is string => x !== undefined);
  const loaded = rangeText(s.containersLoaded);
  const discharged = rangeText(s.containersDischarged);
  return {
    id: shipmentFtmId(s.id),
    schema: 'Trip',
    properties: props({
      name: [name(`${shipmentName(s, areaName)}${simulated ? ' (SIMULATED)' : ''}`)],
      startDate: [ftmDateTime(s.departMs)],
      endDate: [ftmDateTime(s.arriveMs)],
      startLocation: [areaFtmId(s.originAreaId)],
      endLocation: [areaFtmId(s.destinationAreaId)],
      vehicle: [vesselFtmId(s.mmsi)],
      location: [
        clip(areaName(s.originAreaId), FTM_MAX_LENGTH.address),
        clip(areaName(s.destinationAreaId), FTM_MAX_LENGTH.address),
      ],
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
      proof,
      recordId: [`tallyman shipment ${s.id}`],
      keywords: [s.status],
    }),
  };
}

function claimEntity(c: Claim, docId: (evidenceId: number) => string | undefined): FtmEntity {
  const q =
    c.quantityMin === null
      ? null
      : `${c.quantityMax !== null && c.quantityMax !== c.quantityMin ? `${c.quantityMin}–${c.quantityMax}` : c.quantityMin}${c.unit ? ` ${c.unit}` : ''}`;
  const period =
    c.periodFromMs === null && c.periodToMs === null
      ? null
      : `${c.periodFromMs === null ? '…' : ftmDay(c.periodFromMs)} – ${c.periodToMs === null ? '…' : ftmDay(c.periodToMs)}`;
  return {
    id: claimFtmId(c.id),
    schema: 'Note',
    properties: props({
      name: [name(`Claim ${c.id}${c.measure ? ` (${c.measure})` : ''}`)],
      description: [c.statement],
      summary: [q === null ? null : `${q}${period ? `, ${period}` : ''}${c.place ? `, ${c.place}` : ''}`],
      notes: [
        `tallyman claim ${c.id}`,
        c.bestGrade ? `best evidence grade ${c.bestGrade}` : 'no evidence linked',
        c.replacesId !== null ? `corrects claim ${c.replacesId} (${claimFtmId(c.replacesId)})` : null,
      ],
      proof: c.evidenceIds.map(docId),
    }),
  };
}

const SIMULATED_TEXT =
  'SIMULATED: built from simulated inputs. Tracks, shipments and evidence not cited to a public source are invented; this is not a finding about any real ship.';

function markSimulated(entities: FtmEntity[], sources: readonly string[]): FtmEntity[] {
  const marked = entities.map((e) => ({
    ...e,
    properties: {
      ...e.properties,
      notes: [...new Set([...(e.properties.notes ?? []), SIMULATED_TEXT])],
      keywords: [...new Set([...(e.properties.keywords ?? []), 'SIMULATED'])],
    },
  }));
  const names = sources.map((s) => s.split('/').pop() ?? s);
  const note: FtmEntity = {
    id: SIMULATED_NOTE_ID,
    schema: 'Note',
    properties: props({
      name: ['SIMULATED dataset'],
      description: [`${SIMULATED_TEXT}${names.length > 0 ? ` Simulated inputs: ${names.join(', ')}.` : ''}`],
      entity: marked.map((e) => e.id),
      keywords: ['SIMULATED'],
    }),
  };
  return [note, ...marked];
}

/**
 * The whole graph: a Vessel per vessel of a shipment, an Address per area a shipment starts or
 * ends at, a Document per evidence item (every version), a Trip per shipment, a Note per claim;
 * ordered by kind, then by ledger order. A simulated store's export starts with its SIMULATED Note.
 */
export function evidenceGraphToFtm(g: EvidenceGraph): FtmEntity[] {
  const areasById = new Map((g.areas ?? []).map((a) => [a.id, a]));
  const areaName = (id: string) => areasById.get(id)?.name ?? id;
  const byEvidenceId = new Map(g.evidence.map((e) => [e.id, e]));
  const docId = (id: number) => {
    const e = byEvidenceId.get(id);
    return e === undefined ? undefined : documentFtmId(e);
  };
  const simulated = (g.simulatedSources ?? []).length > 0 || g.evidence.some((e) => e.simulated);
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
  const areaIds = [...new Set(g.shipments.flatMap((s) => [s.originAreaId, s.destinationAreaId]))].sort();
  const out: FtmEntity[] = vessels.map((v) => vesselEntity(v, g.sanctions?.get(v.mmsi)));
  for (const id of areaIds) out.push(areaEntity(id, areasById.get(id)));
  for (const e of g.evidence) out.push(documentEntity(e, byEvidenceId, g.sha1BySha256?.get(e.sha256)));
  for (const s of g.shipments) out.push(tripEntity(s, docId, areaName, simulated));
  for (const c of g.claims) out.push(claimEntity(c, docId));
  return simulated ? markSimulated(out, g.simulatedSources ?? []) : out;
}

/** One entity per line (FtM's "JSON lines" entity stream). */
export const ftmJsonLines = (entities: readonly FtmEntity[]): string =>
  entities.map((e) => `${JSON.stringify(e)}\n`).join('');

/** Counts by schema, for the line a command prints after writing the file. */
export function ftmCounts(entities: readonly FtmEntity[]): string {
  const bySchema = new Map<string, number>();
  for (const e of entities) bySchema.set(e.schema, (bySchema.get(e.schema) ?? 0) + 1);
  return `${entities.length} FtM entities (${[...bySchema].map(([k, n]) => `${n} ${k}`).join(', ')})`;
}
