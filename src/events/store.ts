/**
 * Events and detection runs in the store (`events`, `detection_runs`, migration 0003), and the
 * read of tracks and statics a detection needs. One query text for SQLite and PostgreSQL.
 *
 * A detection covers a range of event start times; storing it deletes the range's events (of the
 * vessels it covered) and inserts the new ones in one transaction, so a re-run replaces and never
 * duplicates, and a crash leaves the old events or the new, never half of either.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { canonicalJson } from '../store/rows.js';
import type { Database } from '../store/schema.js';
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
      run: { ...run, id: runId, events: kept.length, countsByType: counts },
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
      id: r.id,
      type: r.type,
      mmsi: Number(r.mmsi),
      mmsi2: r.mmsi2 === null ? null : Number(r.mmsi2),
      startMs: Number(r.start_ms),
      endMs: Number(r.end_ms),
      lon: r.lon,
      lat: r.lat,
      confidence: r.confidence,
      params: JSON.parse(r.params_json),
      support: JSON.parse(r.support_json),
      details: JSON.parse(r.details_json),
    } as VesselEvent,
  }));
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
  }));
}

/**
 * Of each vessel's reports in time order (time-less first), the first and last of every run of
 * equal `key`: what the identity and draught detectors read (a change is the last report of the
 * old value and the first of the new), without the thousands of repeats a ship broadcasts.
 */
function runEnds<T extends { mmsi: number; tsMs: number | null }>(rows: T[], key: (r: T) => string): T[] {
  rows.sort(
    (a, b) => a.mmsi - b.mmsi || (a.tsMs ?? Number.NEGATIVE_INFINITY) - (b.tsMs ?? Number.NEGATIVE_INFINITY),
  );
  const out: T[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const k = key(r);
    const prev = i > 0 && rows[i - 1].mmsi === r.mmsi ? key(rows[i - 1]) : null;
    const next = i + 1 < rows.length && rows[i + 1].mmsi === r.mmsi ? key(rows[i + 1]) : null;
    if (prev !== k || next !== k) out.push(r);
  }
  return out;
}

/**
 * Static reports in the store as the detectors take them: one record per identity report (its
 * identity's fields) and one per voyage report (draught, destination, ETA), of the given vessels
 * (all when null) with a time in [fromMs, toMs] or no time; of each run of identical reports
 * only the first and last (see runEnds).
 */
export async function readStatics(
  db: Kysely<Database>,
  mmsis: ReadonlySet<number> | null,
  fromMs: number | null,
  toMs: number | null,
): Promise<StaticRecord[]> {
  const keep = (mmsi: number, ts: number | null) =>
    (mmsis === null || mmsis.has(mmsi)) &&
    (ts === null || ((fromMs === null || ts >= fromMs) && (toMs === null || ts <= toMs)));
  const idRows = await db
    .selectFrom('identity_reports as r')
    .innerJoin('vessel_identities as i', (j) =>
      j.onRef('i.mmsi', '=', 'r.mmsi').onRef('i.identity_no', '=', 'r.identity_no'),
    )
    .select([
      'r.mmsi',
      'r.ts_ms',
      'r.msg_type',
      'r.source',
      'i.identity_key',
      'i.imo',
      'i.name',
      'i.call_sign',
      'i.ship_type',
      'i.length_m',
      'i.beam_m',
    ])
    .execute();
  const identities: Array<StaticRecord & { key: string }> = [];
  for (const r of idRows) {
    const mmsi = Number(r.mmsi);
    const ts = r.ts_ms === null ? null : Number(r.ts_ms);
    if (!keep(mmsi, ts)) continue;
    const s = staticRecord(mmsi, ts, { source: r.source }) as StaticRecord & { key: string };
    s.key = r.identity_key;
    s.imo = r.imo === null ? null : Number(r.imo);
    s.name = r.name;
    s.callSign = r.call_sign;
    s.shipType = r.ship_type;
    s.lengthM = r.length_m;
    s.beamM = r.beam_m;
    s.msgType = r.msg_type;
    identities.push(s);
  }
  const vRows = await db
    .selectFrom('voyage_reports as r')
    .innerJoin('voyage_states as v', (j) =>
      j.onRef('v.mmsi', '=', 'r.mmsi').onRef('v.voyage_no', '=', 'r.voyage_no'),
    )
    .select(['r.mmsi', 'r.ts_ms', 'r.source', 'v.draught_m', 'v.destination', 'v.eta'])
    .execute();
  const voyages: StaticRecord[] = [];
  for (const r of vRows) {
    const mmsi = Number(r.mmsi);
    const ts = r.ts_ms === null ? null : Number(r.ts_ms);
    if (!keep(mmsi, ts)) continue;
    const s = staticRecord(mmsi, ts, { source: r.source });
    s.draughtM = r.draught_m;
    s.destination = r.destination;
    s.eta = r.eta;
    voyages.push(s);
  }
  const out: StaticRecord[] = runEnds(identities, (s) => s.key).map(({ key: _key, ...s }) => s);
  for (const s of runEnds(voyages, (v) => `${v.draughtM}|${v.destination}|${v.eta}`)) out.push(s);
  return out;
}

/**
 * Which stored vessels have fixes that may fall in [fromMs, toMs] (by first/last seen), by MMSI.
 * Read from the vessels table alone: what kind of station each is, `detectAll` finds out from
 * the tracks (Store.listVessels would scan the positions for it).
 */
export async function vesselsInWindow(
  db: Kysely<Database>,
  fromMs: number | null,
  toMs: number | null,
): Promise<number[]> {
  let q = db.selectFrom('vessels').select('mmsi').where('position_count', '>', 0);
  if (fromMs !== null)
    q = q.where((eb) => eb.or([eb('last_seen_ms', 'is', null), eb('last_seen_ms', '>=', fromMs)]));
  if (toMs !== null)
    q = q.where((eb) => eb.or([eb('first_seen_ms', 'is', null), eb('first_seen_ms', '<=', toMs)]));
  return (await q.orderBy('mmsi').execute()).map((r) => Number(r.mmsi));
}
