/**
 * Alert rules, alerts, event revisions and live positions in the store (migration 0013). Rule
 * writes go through the ledger's transaction and audit log (src/audit/chain.ts): who created,
 * changed or deleted which rule, when, with the row's hash before and after.
 */

import type { Selectable } from 'kysely';
import { appendAudit, ledgerTx } from '../audit/chain.js';
import { rowHash } from '../audit/hash.js';
import type { VesselEvent } from '../events/types.js';
import type { Kysely } from '../store/kysely.js';
import { canonicalJson } from '../store/rows.js';
import type { Database } from '../store/schema.js';
import type { Alert, AlertEngine, AlertEvidence, LiveFix } from './engine.js';
import type { EventChange } from './revisions.js';
import { type AlertRule, parseRuleSpec, type RuleSpec, type SanctionedSet } from './rules.js';

export interface StoredRule extends AlertRule {
  createdBy: string;
  createdMs: number;
  updatedMs: number;
}

type RuleRow = {
  id: number | string;
  name: string;
  kind: string;
  spec_json: string;
  enabled: number | string;
  created_by: string;
  created_ms: number | string;
  updated_ms: number | string;
};

function ruleOfRow(r: RuleRow): StoredRule {
  return {
    id: Number(r.id),
    name: r.name,
    spec: parseRuleSpec(JSON.parse(r.spec_json)),
    enabled: Number(r.enabled) === 1,
    createdBy: r.created_by,
    createdMs: Number(r.created_ms),
    updatedMs: Number(r.updated_ms),
  };
}

/** The row as the audit log hashes it (numbers as numbers on both engines). */
function auditedRow(r: RuleRow) {
  return {
    id: Number(r.id),
    name: r.name,
    kind: r.kind,
    spec_json: r.spec_json,
    enabled: Number(r.enabled),
    created_by: r.created_by,
    created_ms: Number(r.created_ms),
    updated_ms: Number(r.updated_ms),
  };
}

export async function listRules(db: Kysely<Database>): Promise<StoredRule[]> {
  const rows = await db.selectFrom('alert_rules').selectAll().orderBy('id').execute();
  return rows.map(ruleOfRow);
}

export async function getRule(db: Kysely<Database>, id: number): Promise<StoredRule | null> {
  const r = await db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return r === undefined ? null : ruleOfRow(r);
}

export interface RuleWrite {
  actor: string;
  nowMs: number;
  /** Why (kept in the audit entry). */
  reason?: string | null;
}

export async function addRule(
  db: Kysely<Database>,
  name: string,
  spec: RuleSpec,
  w: RuleWrite,
): Promise<StoredRule> {
  const checked = parseRuleSpec(spec);
  if (name.trim() === '') throw new Error('a rule needs a name');
  return ledgerTx(db, async (tx) => {
    const ins = await tx
      .insertInto('alert_rules')
      .values({
        name: name.trim(),
        kind: checked.kind,
        spec_json: canonicalJson(checked),
        enabled: 1,
        created_by: w.actor,
        created_ms: w.nowMs,
        updated_ms: w.nowMs,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await tx
      .selectFrom('alert_rules')
      .selectAll()
      .where('id', '=', Number(ins.id))
      .executeTakeFirstOrThrow();
    await appendAudit(
      tx,
      {
        actor: w.actor,
        action: 'alert-rule-create',
        entity: 'alert_rules',
        entityId: Number(row.id),
        beforeSha256: null,
        afterSha256: rowHash(auditedRow(row)),
        detail: w.reason ?? `${row.name}: ${row.spec_json}`,
      },
      w.nowMs,
    );
    return ruleOfRow(row);
  });
}

/** Changes a rule's name, spec or enabled flag; null when there is no such rule. */
export async function updateRule(
  db: Kysely<Database>,
  id: number,
  change: { name?: string; spec?: RuleSpec; enabled?: boolean },
  w: RuleWrite,
): Promise<StoredRule | null> {
  const spec = change.spec === undefined ? undefined : parseRuleSpec(change.spec);
  return ledgerTx(db, async (tx) => {
    const before = await tx.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
    if (before === undefined) return null;
    await tx
      .updateTable('alert_rules')
      .set({
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        ...(spec !== undefined ? { kind: spec.kind, spec_json: canonicalJson(spec) } : {}),
        ...(change.enabled !== undefined ? { enabled: change.enabled ? 1 : 0 } : {}),
        updated_ms: w.nowMs,
      })
      .where('id', '=', id)
      .execute();
    const after = await tx
      .selectFrom('alert_rules')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await appendAudit(
      tx,
      {
        actor: w.actor,
        action: 'alert-rule-change',
        entity: 'alert_rules',
        entityId: id,
        beforeSha256: rowHash(auditedRow(before)),
        afterSha256: rowHash(auditedRow(after)),
        detail: w.reason ?? `${after.name}: ${after.spec_json}${Number(after.enabled) ? '' : ' (disabled)'}`,
      },
      w.nowMs,
    );
    return ruleOfRow(after);
  });
}

/** Deletes a rule (its alerts stay); false when there is no such rule. */
export async function deleteRule(db: Kysely<Database>, id: number, w: RuleWrite): Promise<boolean> {
  return ledgerTx(db, async (tx) => {
    const before = await tx.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
    if (before === undefined) return false;
    await tx.deleteFrom('alert_rules').where('id', '=', id).execute();
    await appendAudit(
      tx,
      {
        actor: w.actor,
        action: 'alert-rule-delete',
        entity: 'alert_rules',
        entityId: id,
        beforeSha256: rowHash(auditedRow(before)),
        afterSha256: null,
        detail: w.reason ?? `${before.name}: ${before.spec_json}`,
      },
      w.nowMs,
    );
    return true;
  });
}

/** The audit entries of alert rules, oldest first. */
export async function ruleAudit(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('audit_log')
    .select(['seq', 'ts_ms', 'actor', 'action', 'entity_id', 'detail'])
    .where('entity', '=', 'alert_rules')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    tsMs: Number(r.ts_ms),
    actor: r.actor,
    action: r.action,
    ruleId: Number(r.entity_id),
    detail: r.detail,
  }));
}

/** The vessels the OpenSanctions import holds as sanctioned (not mere detentions). */
export async function sanctionedSet(db: Kysely<Database>): Promise<SanctionedSet> {
  const rows = await db
    .selectFrom('sanction_records')
    .select(['mmsi', 'imo'])
    .where('kind', '=', 'sanction')
    .execute();
  const mmsis = new Set<number>();
  const imos = new Set<number>();
  for (const r of rows) {
    if (r.mmsi !== null) mmsis.add(Number(r.mmsi));
    if (r.imo !== null) imos.add(Number(r.imo));
  }
  return { mmsis, imos };
}

export interface StoredAlert extends Alert {
  id: number;
  raisedMs: number;
  simulated: boolean;
}

/**
 * Stores the alerts whose keys are new and returns those (with their ids): an alert raised again
 * (a replay, a restart, a revised event) is dropped here, once.
 */
export async function insertAlerts(
  db: Kysely<Database>,
  alerts: readonly Alert[],
  o: { nowMs: number; simulated: boolean },
): Promise<StoredAlert[]> {
  if (alerts.length === 0) return [];
  const unique = [...new Map(alerts.map((a) => [a.key, a])).values()];
  const out: StoredAlert[] = [];
  for (let i = 0; i < unique.length; i += 200) {
    const part = unique.slice(i, i + 200);
    const rows = await db
      .insertInto('alerts')
      .values(
        part.map((a) => ({
          dedup_key: a.key,
          rule_id: a.ruleId,
          rule_kind: a.ruleKind,
          mmsi: a.mmsi,
          ts_ms: a.tsMs,
          raised_ms: o.nowMs,
          title: a.title,
          evidence_json: JSON.stringify(a.evidence),
          simulated: o.simulated ? 1 : 0,
        })),
      )
      .onConflict((oc) => oc.column('dedup_key').doNothing())
      .returning(['id', 'dedup_key'])
      .execute();
    const idOf = new Map(rows.map((r) => [r.dedup_key, Number(r.id)]));
    for (const a of part) {
      const id = idOf.get(a.key);
      if (id !== undefined) out.push({ ...a, id, raisedMs: o.nowMs, simulated: o.simulated });
    }
  }
  return out;
}

export interface AlertQuery {
  /** Only alerts with a larger id (what a live panel has not shown yet). */
  afterId?: number;
  ruleId?: number;
  limit?: number;
}

export async function listAlerts(db: Kysely<Database>, q: AlertQuery = {}): Promise<StoredAlert[]> {
  let s = db.selectFrom('alerts').selectAll();
  if (q.afterId !== undefined) s = s.where('id', '>', q.afterId);
  if (q.ruleId !== undefined) s = s.where('rule_id', '=', q.ruleId);
  // the latest `limit`, returned oldest first
  const rows = await s
    .orderBy('id', q.afterId !== undefined ? 'asc' : 'desc')
    .limit(q.limit ?? 200)
    .execute();
  if (q.afterId === undefined) rows.reverse();
  const names = new Map(
    (await db.selectFrom('alert_rules').select(['id', 'name']).execute()).map((r) => [Number(r.id), r.name]),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    key: r.dedup_key,
    ruleId: Number(r.rule_id),
    ruleName: names.get(Number(r.rule_id)) ?? `rule ${r.rule_id} (deleted)`,
    ruleKind: r.rule_kind as Alert['ruleKind'],
    mmsi: Number(r.mmsi),
    tsMs: Number(r.ts_ms),
    raisedMs: Number(r.raised_ms),
    title: r.title,
    evidence: JSON.parse(r.evidence_json) as AlertEvidence,
    simulated: Number(r.simulated) === 1,
  }));
}

/** Every event's last revision, by id. */
export async function loadRevisions(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('event_revisions').select(['event_id', 'revision']).execute();
  return new Map(rows.map((r) => [r.event_id, Number(r.revision)]));
}

export async function saveRevisions(
  db: Kysely<Database>,
  changes: readonly EventChange[],
  hashOf: (e: VesselEvent) => string,
  nowMs: number,
): Promise<void> {
  for (let i = 0; i < changes.length; i += 200) {
    await db
      .insertInto('event_revisions')
      .values(
        changes.slice(i, i + 200).map((c) => ({
          event_id: c.event.id,
          revision: c.revision,
          hash: hashOf(c.event),
          state: c.state,
          updated_ms: nowMs,
        })),
      )
      .onConflict((oc) =>
        oc.column('event_id').doUpdateSet((eb) => ({
          revision: eb.ref('excluded.revision'),
          hash: eb.ref('excluded.hash'),
          state: eb.ref('excluded.state'),
          updated_ms: eb.ref('excluded.updated_ms'),
        })),
      )
      .execute();
  }
}

/** Each vessel's latest fix (only moves forward in feed time). */
export async function saveLivePositions(
  db: Kysely<Database>,
  latest: readonly LiveFix[],
  nowMs: number,
): Promise<void> {
  for (let i = 0; i < latest.length; i += 200) {
    await db
      .insertInto('live_positions')
      .values(
        latest.slice(i, i + 200).map((f) => ({
          mmsi: f.mmsi,
          ts_ms: f.tsMs,
          lon: f.lon,
          lat: f.lat,
          speed_knots: f.speedKnots,
          course_deg: f.courseDeg,
          updated_ms: nowMs,
        })),
      )
      .onConflict((oc) =>
        oc
          .column('mmsi')
          .doUpdateSet((eb) => ({
            ts_ms: eb.ref('excluded.ts_ms'),
            lon: eb.ref('excluded.lon'),
            lat: eb.ref('excluded.lat'),
            speed_knots: eb.ref('excluded.speed_knots'),
            course_deg: eb.ref('excluded.course_deg'),
            updated_ms: eb.ref('excluded.updated_ms'),
          }))
          .where('excluded.ts_ms', '>=', (eb) => eb.ref('live_positions.ts_ms')),
      )
      .execute();
  }
}

/** The latest fixes updated after `sinceMs` (wall clock), for the moving map. */
export async function livePositionsSince(
  db: Kysely<Database>,
  sinceMs: number,
  limit = 5000,
): Promise<LiveFix[]> {
  const rows = await db
    .selectFrom('live_positions')
    .selectAll()
    .where('updated_ms', '>', sinceMs)
    .orderBy('updated_ms')
    .limit(limit)
    .execute();
  return rows.map(liveFixOf);
}

type LivePositionRow = Selectable<Database['live_positions']>;

function liveFixOf(r: LivePositionRow): LiveFix {
  return {
    mmsi: Number(r.mmsi),
    tsMs: Number(r.ts_ms),
    lon: Number(r.lon),
    lat: Number(r.lat),
    speedKnots: r.speed_knots === null ? null : Number(r.speed_knots),
    courseDeg: r.course_deg === null ? null : Number(r.course_deg),
  };
}

/**
 * Seeds an alert engine with each vessel's identity and last stored fix, so that after a restart it
 * knows who is inside an area; `keep`: the vessels it is for (a worker's partitions), all if absent.
 */
export async function seedEngine(
  db: Kysely<Database>,
  engine: AlertEngine,
  keep: (mmsi: number) => boolean = () => true,
): Promise<void> {
  const fixes = new Map<number, LiveFix>();
  for (const r of await db.selectFrom('live_positions').selectAll().execute()) {
    const f = liveFixOf(r);
    if (keep(f.mmsi)) fixes.set(f.mmsi, f);
  }
  for (const v of await db.selectFrom('vessels').select(['mmsi', 'imo', 'name']).execute()) {
    const mmsi = Number(v.mmsi);
    engine.seed({ mmsi, imo: v.imo === null ? null : Number(v.imo), name: v.name }, fixes.get(mmsi) ?? null);
  }
}
