/**
 * Events and detection runs in the store (`events`, `detection_runs`, migration 0003), and the
 * read of tracks and statics a detection needs. One query text for SQLite and PostgreSQL.
 *
 * A detection covers a range of event start times; storing it deletes the range's events (of the
 * vessels it covered) and inserts the new ones in one transaction, so a re-run replaces and never
 * duplicates, and a crash leaves the old events or the new, never half of either.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from '../store/kysely.js';
import { canonicalJson } from '../store/rows.js';
import type { Database } from '../store/schema.js';
import type { EventsTable } from '../store/schema-events.js';
import { type StaticRecord, staticRecord } from '../tracks/records.js';
import type { EventParams } from './params.js';
import { EVENT_TYPES, type EventType, type VesselEvent } from './types.js';

/** Rows per INSERT / values per IN list: under SQLite's and PostgreSQL's bind-parameter limits. */
const CHUNK = 500;

export interface EventRange {
  /** Inclusive bounds on the event's start, epoch ms; null is open. */
  sinceMs: number | null;
  untilMs: number | null;
}

export interface DetectionRunInput extends EventRange {
  startedMs: number;
  finishedMs: number;
  params: Readonly<EventParams>;
  areasHash: string;
  /** The --area ids the vessels were chosen by, or null for all vessels. */
  areaFilter: string[] | null;
  vessels: number;
  positions: number;
  /**
   * Whether the events describe the whole store as of `startedMs` afterwards (migration 0011):
   * by default when the run covered every vessel and all time; an incremental run says so itself.
   */
  complete?: boolean;
}

export interface DetectionRun extends DetectionRunInput {
  id: number;
  events: number;
  countsByType: Record<string, number>;
}

export interface StoredEvent {
  detectionRunId: number;
  event: VesselEvent;
}

export function areasHash(areas: unknown): string {
  return createHash('sha256').update(canonicalJson(areas)).digest('hex');
}

export function countByType(events: readonly VesselEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of EVENT_TYPES) out[t] = 0;
  for (const e of events) out[e.type]++;
  return out;
}

async function deleteRange(
  trx: Transaction<Database>,
  range: EventRange,
  mmsis: readonly number[] | null,
): Promise<number> {
  const base = () => {
    let q = trx.deleteFrom('events');
    if (range.sinceMs !== null) q = q.where('start_ms', '>=', range.sinceMs);
    if (range.untilMs !== null) q = q.where('start_ms', '<=', range.untilMs);
    return q;
  };
  if (mmsis === null) return Number((await base().executeTakeFirst()).numDeletedRows);
  // A vessel subset replaces the events that lie wholly within it; an event with a partner outside
  // the subset was not re-detected (the partner's track was not read), so it is kept.
  const all = [...mmsis];
  let n = 0;
  for (let i = 0; i < all.length; i += CHUNK) {
    const part = all.slice(i, i + CHUNK);
    const r = await base()
      .where('mmsi', 'in', part)
      .where((eb) => eb.or([eb('mmsi2', 'is', null), eb('mmsi2', 'in', all)]))
      .executeTakeFirst();
    n += Number(r.numDeletedRows);
  }
  return n;
}

/**
 * Stores one detection: the run row, then the range's old events out and `events` in, in one
 * transaction. Events starting outside the range are not stored (they belong to another range).
 * Returns the run with its id and counts, and how many old events were replaced.
 */
export async function replaceEvents(
  db: Kysely<Database>,
  run: DetectionRunInput,
  events: readonly VesselEvent[],
  mmsis: readonly number[] | null,
): Promise<{ run: DetectionRun; replaced: number }> {
  const kept = events.filter(
    (e) =>
      (run.sinceMs === null || e.startMs >= run.sinceMs) &&
      (run.untilMs === null || e.startMs <= run.untilMs),
  );
  const counts = countByType(kept);
  const complete = run.complete ?? (run.sinceMs === null && run.untilMs === null && run.areaFilter === null);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('detection_runs')
      .values({
        started_ms: run.startedMs,
        finished_ms: run.finishedMs,
        param_set: run.params.name,
        params_json: canonicalJson(run.params),
        areas_hash: run.areasHash,
        area_filter_json: run.areaFilter === null ? null : JSON.stringify(run.areaFilter),
        since_ms: run.sinceMs,
        until_ms: run.untilMs,
        vessels: run.vessels,
        positions: run.positions,
        events: kept.length,
        counts_json: canonicalJson(counts),
        complete: complete ? 1 : 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const runId = Number(inserted.id);
    const replaced = await deleteRange(trx, run, mmsis);
    for (let i = 0; i < kept.length; i += CHUNK) {
      const rows = kept.slice(i, i + CHUNK).map((e) => ({
        id: e.id,
        type: e.type,
        mmsi: e.mmsi,
        mmsi2: e.mmsi2,
        start_ms: e.startMs,
        end_ms: e.endMs,
        lon: e.lon,
        lat: e.lat,
        confidence: e.confidence,
        params_json: canonicalJson(e.params),
        support_json: JSON.stringify(e.support),
        details_json: JSON.stringify(e.details),
        detection_run_id: runId,
      }));
      // An id kept from outside a vessel subset (see deleteRange) is replaced, never doubled.
      await trx
        .insertInto('events')
        .values(rows)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            type: eb.ref('excluded.type'),
            mmsi: eb.ref('excluded.mmsi'),
            mmsi2: eb.ref('excluded.mmsi2'),
            start_ms: eb.ref('excluded.start_ms'),
            end_ms: eb.ref('excluded.end_ms'),
            lon: eb.ref('excluded.lon'),
            lat: eb.ref('excluded.lat'),
            confidence: eb.ref('excluded.confidence'),
            params_json: eb.ref('excluded.params_json'),
            support_json: eb.ref('excluded.support_json'),
            details_json: eb.ref('excluded.details_json'),
            detection_run_id: eb.ref('excluded.detection_run_id'),
          })),
        )
        .execute();
    }
    return {
      run: { ...run, complete, id: runId, events: kept.length, countsByType: counts },
      replaced,
    };
  });
}

export interface EventQuery {
  mmsi?: number;
  types?: readonly EventType[];
  /** Events that overlap [sinceMs, untilMs]. */
  sinceMs?: number;
  untilMs?: number;
}

/** Stored events in the detectors' order (start, type, MMSI, second MMSI, id). */
export async function queryEvents(db: Kysely<Database>, q: EventQuery = {}): Promise<StoredEvent[]> {
  let s = db.selectFrom('events').selectAll();
  if (q.mmsi !== undefined) {
    const m = q.mmsi;
    s = s.where((eb) => eb.or([eb('mmsi', '=', m), eb('mmsi2', '=', m)]));
  }
  if (q.types && q.types.length > 0) s = s.where('type', 'in', [...q.types]);
  if (q.sinceMs !== undefined) s = s.where('end_ms', '>=', q.sinceMs);
  if (q.untilMs !== undefined) s = s.where('start_ms', '<=', q.untilMs);
  const rows = await s
    .orderBy('start_ms')
    .orderBy('type')
    .orderBy('mmsi')
    .orderBy('mmsi2')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    detectionRunId: Number(r.detection_run_id),
    event: {
      ...eventHeadOf(r),
      params: JSON.parse(r.params_json),
      support: JSON.parse(r.support_json),
      details: JSON.parse(r.details_json),
    } as VesselEvent,
  }));
}

/** An events row's plain columns as the event's fields (all but params, support and details). */
export function eventHeadOf(r: Selectable<EventsTable>) {
  return {
    id: r.id,
    type: r.type,
    mmsi: Number(r.mmsi),
    mmsi2: r.mmsi2 === null ? null : Number(r.mmsi2),
    startMs: Number(r.start_ms),
    endMs: Number(r.end_ms),
    lon: r.lon,
    lat: r.lat,
    confidence: r.confidence,
  };
}

export async function detectionRuns(db: Kysely<Database>): Promise<DetectionRun[]> {
  const rows = await db.selectFrom('detection_runs').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    startedMs: Number(r.started_ms),
    finishedMs: Number(r.finished_ms),
    params: JSON.parse(r.params_json) as EventParams,
    areasHash: r.areas_hash,
    areaFilter: r.area_filter_json === null ? null : (JSON.parse(r.area_filter_json) as string[]),
    sinceMs: r.since_ms === null ? null : Number(r.since_ms),
    untilMs: r.until_ms === null ? null : Number(r.until_ms),
    vessels: Number(r.vessels),
    positions: Number(r.positions),
    events: Number(r.events),
    countsByType: JSON.parse(r.counts_json) as Record<string, number>,
    complete: Number(r.complete) === 1,
  }));
}

/** Up to this many vessels, `readStatics` names them in its query. */
const FEW_VESSELS = 500;

/**
 * Static reports in the store as the detectors take them: one record per identity report (its
 * identity's fields) and one per voyage report (draught, destination, ETA), of the given vessels
 * (all when null; only MMSIs in `mmsiRange` are read at all) with a time in [fromMs, toMs] or no
 * time; of each run of identical reports only the first and last — what the identity and draught detectors read (a change is the last
 * report of the old value and the first of the new). The runs are found
 * in SQL (a window over each vessel's reports in key order: time-less first, then by time, then by
 * statement number), so the thousands of repeats a ship broadcasts never leave the database.
 */
export async function readStatics(
  db: Kysely<Database>,
  mmsis: ReadonlySet<number> | null,
  fromMs: number | null,
  toMs: number | null,
  mmsiRange: { fromMmsi: number; toMmsi: number } | null = null,
): Promise<StaticRecord[]> {
  const where = (r: string) => {
    const parts = [sql`true`];
    if (mmsiRange !== null)
      parts.push(sql`${sql.ref(`${r}.mmsi`)} BETWEEN ${mmsiRange.fromMmsi} AND ${mmsiRange.toMmsi}`);
    // a few vessels (a live pass's changed ones) are read by key, not through their MMSI range
    if (mmsis !== null && mmsis.size <= FEW_VESSELS)
      parts.push(
        mmsis.size === 0
          ? sql`false`
          : sql`${sql.ref(`${r}.mmsi`)} IN (${sql.join([...mmsis].map(Math.round))})`,
      );
    if (fromMs !== null)
      parts.push(sql`(${sql.ref(`${r}.ts_ms`)} IS NULL OR ${sql.ref(`${r}.ts_ms`)} >= ${fromMs})`);
    if (toMs !== null)
      parts.push(sql`(${sql.ref(`${r}.ts_ms`)} IS NULL OR ${sql.ref(`${r}.ts_ms`)} <= ${toMs})`);
    return sql.join(parts, sql` AND `);
  };
  const runEndsOf = (table: string, no: string) => sql`
    SELECT * FROM (
      SELECT r.mmsi, r.ts_ms, r.ts_key, r.${sql.ref(no)} AS no, r.source,
        ${table === 'identity_reports' ? sql`r.msg_type` : sql`NULL`} AS msg_type,
        lag(r.${sql.ref(no)}) OVER (PARTITION BY r.mmsi ORDER BY r.ts_key, r.${sql.ref(no)}) AS prev_no,
        lead(r.${sql.ref(no)}) OVER (PARTITION BY r.mmsi ORDER BY r.ts_key, r.${sql.ref(no)}) AS next_no
      FROM ${sql.table(table)} r WHERE ${where('r')}
    ) q
    WHERE q.prev_no IS NULL OR q.next_no IS NULL OR q.prev_no <> q.no OR q.next_no <> q.no`;
  const keep = (mmsi: number) => mmsis === null || mmsis.has(mmsi);
  const idRows = await sql<{
    mmsi: number;
    ts_ms: number | null;
    msg_type: number | null;
    source: string | null;
    imo: number | null;
    name: string | null;
    call_sign: string | null;
    ship_type: number | null;
    length_m: number | null;
    beam_m: number | null;
  }>`SELECT q.mmsi, q.ts_ms, q.msg_type, q.source, i.imo, i.name, i.call_sign, i.ship_type, i.length_m, i.beam_m
    FROM (${runEndsOf('identity_reports', 'identity_no')}) q
    JOIN vessel_identities i ON i.mmsi = q.mmsi AND i.identity_no = q.no
    ORDER BY q.mmsi, q.ts_key, q.no`.execute(db);
  const out: StaticRecord[] = [];
  for (const r of idRows.rows) {
    const mmsi = Number(r.mmsi);
    if (!keep(mmsi)) continue;
    const s = staticRecord(mmsi, r.ts_ms === null ? null : Number(r.ts_ms), { source: r.source });
    s.imo = r.imo === null ? null : Number(r.imo);
    s.name = r.name;
    s.callSign = r.call_sign;
    s.shipType = r.ship_type === null ? null : Number(r.ship_type);
    s.lengthM = r.length_m;
    s.beamM = r.beam_m;
    s.msgType = r.msg_type === null ? null : Number(r.msg_type);
    out.push(s);
  }
  const vRows = await sql<{
    mmsi: number;
    ts_ms: number | null;
    source: string | null;
    draught_m: number | null;
    destination: string | null;
    eta: string | null;
  }>`SELECT q.mmsi, q.ts_ms, q.source, v.draught_m, v.destination, v.eta
    FROM (${runEndsOf('voyage_reports', 'voyage_no')}) q
    JOIN voyage_states v ON v.mmsi = q.mmsi AND v.voyage_no = q.no
    ORDER BY q.mmsi, q.ts_key, q.no`.execute(db);
  for (const r of vRows.rows) {
    const mmsi = Number(r.mmsi);
    if (!keep(mmsi)) continue;
    const s = staticRecord(mmsi, r.ts_ms === null ? null : Number(r.ts_ms), { source: r.source });
    s.draughtM = r.draught_m;
    s.destination = r.destination;
    s.eta = r.eta;
    out.push(s);
  }
  return out;
}

/**
 * Which stored vessels have fixes that may fall in [fromMs, toMs] (by first/last seen), by MMSI,
 * with each one's stored fix count (all time): what batches are planned by. Read from the vessels
 * table alone.
 */
export async function vesselCountsInWindow(
  db: Kysely<Database>,
  fromMs: number | null,
  toMs: number | null,
): Promise<Array<{ mmsi: number; positions: number }>> {
  let q = db.selectFrom('vessels').select(['mmsi', 'position_count']).where('position_count', '>', 0);
  if (fromMs !== null)
    q = q.where((eb) => eb.or([eb('last_seen_ms', 'is', null), eb('last_seen_ms', '>=', fromMs)]));
  if (toMs !== null)
    q = q.where((eb) => eb.or([eb('first_seen_ms', 'is', null), eb('first_seen_ms', '<=', toMs)]));
  return (await q.orderBy('mmsi').execute()).map((r) => ({
    mmsi: Number(r.mmsi),
    positions: Number(r.position_count),
  }));
}
