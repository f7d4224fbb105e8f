/**
 * Evidence and claims in the store. Every write runs in `ledgerTx` and appends to the audit log;
 * nothing is updated in place: a correction is a new version that names the one it replaces.
 */
import type { Kysely } from 'kysely';
import { appendAudit, ledgerTx } from '../audit/chain.js';
import { rowHash } from '../audit/hash.js';
import { LedgerError } from '../audit/ledger-error.js';
import type { Database } from '../store/schema.js';
import type { EvidenceItemsTable } from '../store/schema-ledger.js';
import type { Claim } from './claims.js';
import type { Grade } from './grade.js';
import type { EvidenceKind } from './kinds.js';

export { EVIDENCE_KINDS, type EvidenceKind } from './kinds.js';

export const LINK_TARGETS = ['shipment', 'sighting', 'container-observation', 'rail-observation'] as const;
export type LinkTarget = (typeof LINK_TARGETS)[number];

export interface EvidenceMeta {
  fileName: string;
  kind: EvidenceKind;
  title: string;
  source: string | null;
  url: string | null;
  publisher: string | null;
  obtainedMs: number | null;
  collector: string | null;
  language: string | null;
  grade: Grade;
  simulated: boolean;
}

export interface EvidenceItem extends EvidenceMeta {
  id: number;
  version: number;
  replacesId: number | null;
  /** Set when a later version corrects this one. */
  replacedById: number | null;
  sha256: string;
  sizeBytes: number;
  createdMs: number;
  createdBy: string;
}

type Row = Awaited<ReturnType<typeof selectItem>>;
const selectItem = (db: Kysely<Database>, id: number) =>
  db.selectFrom('evidence_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

function toItem(r: Row, replacedById: number | null): EvidenceItem {
  return {
    id: Number(r.id),
    version: r.version,
    replacesId: r.replaces_id === null ? null : Number(r.replaces_id),
    replacedById,
    sha256: r.sha256,
    sizeBytes: Number(r.size_bytes),
    fileName: r.file_name,
    kind: r.kind as EvidenceKind,
    title: r.title,
    source: r.source,
    url: r.url,
    publisher: r.publisher,
    obtainedMs: r.obtained_ms === null ? null : Number(r.obtained_ms),
    collector: r.collector,
    language: r.language,
    grade: {
      reliability: r.reliability as Grade['reliability'],
      credibility: r.credibility as Grade['credibility'],
    },
    simulated: r.simulated === 1,
    createdMs: Number(r.created_ms),
    createdBy: r.created_by,
  };
}

function metaRow(
  m: EvidenceMeta,
): Omit<
  EvidenceItemsTable,
  'id' | 'version' | 'replaces_id' | 'sha256' | 'size_bytes' | 'created_ms' | 'created_by'
> {
  return {
    file_name: m.fileName,
    kind: m.kind,
    title: m.title,
    source: m.source,
    url: m.url,
    publisher: m.publisher,
    obtained_ms: m.obtainedMs,
    collector: m.collector,
    language: m.language,
    reliability: m.grade.reliability,
    credibility: m.grade.credibility,
    simulated: m.simulated ? 1 : 0,
  };
}

/**
 * Records a file already put in the file store (`putFile`). The same content recorded before (any
 * version) is not recorded again: the existing item comes back with `duplicate: true`.
 */
export async function addEvidence(
  db: Kysely<Database>,
  file: { sha256: string; sizeBytes: number },
  meta: EvidenceMeta,
  actor: string,
  nowMs: number,
): Promise<{ item: EvidenceItem; duplicate: boolean }> {
  return ledgerTx(db, async (tx) => {
    const existing = await tx
      .selectFrom('evidence_items')
      .select('id')
      .where('sha256', '=', file.sha256)
      .orderBy('id')
      .executeTakeFirst();
    if (existing) {
      const items = await listEvidenceIn(tx, true);
      const found = items.find((i) => i.id === Number(existing.id));
      if (found) return { item: found, duplicate: true };
    }
    const { id } = await tx
      .insertInto('evidence_items')
      .values({
        version: 1,
        replaces_id: null,
        sha256: file.sha256,
        size_bytes: file.sizeBytes,
        ...metaRow(meta),
        created_ms: nowMs,
        created_by: actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await selectItem(tx, Number(id));
    await appendAudit(
      tx,
      {
        actor,
        action: 'evidence.add',
        entity: 'evidence_items',
        entityId: Number(id),
        beforeSha256: null,
        afterSha256: rowHash(row),
        detail: `file sha256 ${file.sha256}`,
      },
      nowMs,
    );
    return { item: toItem(row, null), duplicate: false };
  });
}

/** A correction: a new version with the changed metadata (same file), linked to the one it replaces. */
export async function correctEvidence(
  db: Kysely<Database>,
  id: number,
  changes: Partial<EvidenceMeta>,
  reason: string,
  actor: string,
  nowMs: number,
): Promise<EvidenceItem> {
  return ledgerTx(db, async (tx) => {
    const old = await tx.selectFrom('evidence_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!old) throw new LedgerError(`evidence ${id} does not exist`, 'not-found');
    const next = await tx
      .selectFrom('evidence_items')
      .select('id')
      .where('replaces_id', '=', id)
      .executeTakeFirst();
    if (next)
      throw new LedgerError(`evidence ${id} was already corrected by ${next.id}: correct ${next.id} instead`);
    const meta = { ...toItem(old, null), ...changes };
    const { id: newId } = await tx
      .insertInto('evidence_items')
      .values({
        version: old.version + 1,
        replaces_id: id,
        sha256: old.sha256,
        size_bytes: old.size_bytes,
        ...metaRow(meta),
        created_ms: nowMs,
        created_by: actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await selectItem(tx, Number(newId));
    await appendAudit(
      tx,
      {
        actor,
        action: 'evidence.correct',
        entity: 'evidence_items',
        entityId: Number(newId),
        beforeSha256: rowHash(old),
        afterSha256: rowHash(row),
        detail: `corrects ${id}: ${reason}`,
      },
      nowMs,
    );
    return toItem(row, null);
  });
}

async function listEvidenceIn(db: Kysely<Database>, all: boolean): Promise<EvidenceItem[]> {
  const rows = await db.selectFrom('evidence_items').selectAll().orderBy('id').execute();
  const replacedBy = new Map<number, number>();
  for (const r of rows) if (r.replaces_id !== null) replacedBy.set(Number(r.replaces_id), Number(r.id));
  const items = rows.map((r) => toItem(r, replacedBy.get(Number(r.id)) ?? null));
  return all ? items : items.filter((i) => i.replacedById === null);
}

/** Current versions (or every version with `all`). */
export const listEvidence = (db: Kysely<Database>, opts: { all?: boolean } = {}) =>
  listEvidenceIn(db, opts.all ?? false);

export async function requireEvidence(db: Kysely<Database>, ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    const r = await db.selectFrom('evidence_items').select('id').where('id', '=', id).executeTakeFirst();
    if (!r) throw new LedgerError(`evidence ${id} does not exist`, 'not-found');
  }
}

const TARGET_TABLE = {
  shipment: 'shipments',
  sighting: 'sightings',
  'container-observation': 'container_observations',
  'rail-observation': 'rail_observations',
} as const;

/** Links evidence to what it supports (a shipment, a sighting, an observation). Idempotent. */
export async function linkEvidence(
  db: Kysely<Database>,
  evidenceId: number,
  target: LinkTarget,
  targetId: number,
  actor: string,
  nowMs: number,
): Promise<boolean> {
  return ledgerTx(db, async (tx) => {
    await requireEvidence(tx, [evidenceId]);
    const t = await tx
      .selectFrom(TARGET_TABLE[target])
      .select('id')
      .where('id', '=', targetId)
      .executeTakeFirst();
    if (!t) throw new LedgerError(`${target} ${targetId} does not exist`, 'not-found');
    const had = await tx
      .selectFrom('evidence_links')
      .select('evidence_id')
      .where('evidence_id', '=', evidenceId)
      .where('target_kind', '=', target)
      .where('target_id', '=', targetId)
      .executeTakeFirst();
    if (had) return false;
    const row = {
      evidence_id: evidenceId,
      target_kind: target,
      target_id: targetId,
      created_ms: nowMs,
      created_by: actor,
    };
    await tx.insertInto('evidence_links').values(row).execute();
    await appendAudit(
      tx,
      {
        actor,
        action: 'evidence.link',
        entity: 'evidence_links',
        entityId: `${evidenceId}:${target}:${targetId}`,
        beforeSha256: null,
        afterSha256: rowHash(row),
      },
      nowMs,
    );
    return true;
  });
}

export async function evidenceFor(
  db: Kysely<Database>,
  target: LinkTarget,
  targetId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('evidence_links')
    .select('evidence_id')
    .where('target_kind', '=', target)
    .where('target_id', '=', targetId)
    .orderBy('evidence_id')
    .execute();
  return rows.map((r) => Number(r.evidence_id));
}

export type ClaimInput = Pick<
  Claim,
  | 'statement'
  | 'measure'
  | 'quantityMin'
  | 'quantityMax'
  | 'unit'
  | 'periodFromMs'
  | 'periodToMs'
  | 'place'
  | 'evidenceIds'
>;

export async function addClaim(
  db: Kysely<Database>,
  c: ClaimInput,
  actor: string,
  nowMs: number,
  replacesId: number | null = null,
): Promise<number> {
  if (c.statement.trim() === '') throw new LedgerError('a claim needs a statement');
  if (c.quantityMin !== null && c.quantityMax !== null && c.quantityMax < c.quantityMin)
    throw new LedgerError(`quantity range ${c.quantityMin}–${c.quantityMax} runs backwards`);
  if (c.periodFromMs !== null && c.periodToMs !== null && c.periodToMs < c.periodFromMs)
    throw new LedgerError('the period ends before it starts');
  return ledgerTx(db, async (tx) => {
    await requireEvidence(tx, c.evidenceIds);
    let version = 1;
    let before: string | null = null;
    if (replacesId !== null) {
      const old = await tx.selectFrom('claims').selectAll().where('id', '=', replacesId).executeTakeFirst();
      if (!old) throw new LedgerError(`claim ${replacesId} does not exist`, 'not-found');
      const next = await tx
        .selectFrom('claims')
        .select('id')
        .where('replaces_id', '=', replacesId)
        .executeTakeFirst();
      if (next) throw new LedgerError(`claim ${replacesId} was already corrected by ${next.id}`);
      version = old.version + 1;
      before = rowHash(old);
    }
    const { id } = await tx
      .insertInto('claims')
      .values({
        version,
        replaces_id: replacesId,
        statement: c.statement,
        measure: c.measure,
        quantity_min: c.quantityMin,
        quantity_max: c.quantityMax,
        unit: c.unit,
        period_from_ms: c.periodFromMs,
        period_to_ms: c.periodToMs,
        place: c.place,
        created_ms: nowMs,
        created_by: actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const e of [...new Set(c.evidenceIds)])
      await tx
        .insertInto('claim_evidence')
        .values({ claim_id: Number(id), evidence_id: e })
        .execute();
    const row = await tx
      .selectFrom('claims')
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    await appendAudit(
      tx,
      {
        actor,
        action: replacesId === null ? 'claim.add' : 'claim.correct',
        entity: 'claims',
        entityId: Number(id),
        beforeSha256: before,
        afterSha256: rowHash(row),
        detail: `evidence ${[...new Set(c.evidenceIds)].join(',') || 'none'}`,
      },
      nowMs,
    );
    return Number(id);
  });
}

const GRADE_ORDER = (g: string) => g.charCodeAt(0) * 10 + Number(g.slice(1));

export async function listClaims(db: Kysely<Database>): Promise<Claim[]> {
  const rows = await db.selectFrom('claims').selectAll().orderBy('id').execute();
  const links = await db
    .selectFrom('claim_evidence')
    .innerJoin('evidence_items', 'evidence_items.id', 'claim_evidence.evidence_id')
    .select([
      'claim_evidence.claim_id',
      'claim_evidence.evidence_id',
      'evidence_items.reliability',
      'evidence_items.credibility',
    ])
    .execute();
  return rows.map((r) => {
    const mine = links.filter((l) => Number(l.claim_id) === Number(r.id));
    const grades = mine
      .map((l) => `${l.reliability}${l.credibility}`)
      .sort((a, b) => GRADE_ORDER(a) - GRADE_ORDER(b));
    return {
      id: Number(r.id),
      version: r.version,
      replacesId: r.replaces_id === null ? null : Number(r.replaces_id),
      statement: r.statement,
      measure: r.measure,
      quantityMin: r.quantity_min,
      quantityMax: r.quantity_max,
      unit: r.unit,
      periodFromMs: r.period_from_ms === null ? null : Number(r.period_from_ms),
      periodToMs: r.period_to_ms === null ? null : Number(r.period_to_ms),
      place: r.place,
      evidenceIds: mine.map((l) => Number(l.evidence_id)).sort((a, b) => a - b),
      bestGrade: grades[0] ?? null,
      createdMs: Number(r.created_ms),
      createdBy: r.created_by,
    };
  });
}
