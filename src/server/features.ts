/**
 * The modules other parts of tallyman add (stored events and areas, the shipment ledger, evidence,
 * estimates, imagery). The workbench asks each whether it is there; one that is not answers
 * "not available yet" with the reason, never stand-in data.
 */

import { BUNDLED_AREAS, mergeAreas } from '../areas/index.js';
import { loadUserAreas } from '../areas/store.js';
import type { Area } from '../areas/types.js';
import { eventHeadOf, queryEvents } from '../events/store.js';
import { EVENT_TYPES, type EventType, type VesselEvent } from '../events/types.js';
import { sql } from '../store/kysely.js';
import type { ServerContext } from './context.js';
import type { Route } from './route.js';

export interface EventQuery {
  types?: string[];
  mmsi?: number;
  fromMs?: number;
  toMs?: number;
  limit: number;
}

export interface ApiEvent {
  id: string;
  type: string;
  mmsi: number;
  mmsi2: number | null;
  startMs: number;
  endMs: number;
  lon: number | null;
  lat: number | null;
  confidence: number | null;
  details: unknown;
}

export interface EventPage {
  events: ApiEvent[];
  /** Events matching the query on every page together. */
  total: number;
  /** The cursor of the next page (`<startMs>.<id>`), null on the last. */
  next: string | null;
}

export interface ModuleStatus {
  available: boolean;
  reason: string | null;
}

export interface FeatureSet {
  statuses(): Promise<Record<string, ModuleStatus>>;
  /** The areas in use: the bundled set merged with the user's stored areas, and whether any are stored. */
  areas(): Promise<{ areas: Area[]; userAreas: number }>;
  /** Changes when the modules' stored data changes (detection runs, ledger decisions …). */
  version(): Promise<string>;
  eventCount(): Promise<number | null>;
  /** Stored events matching the query, or null when event detection has not been stored. */
  listEvents(q: EventQuery): Promise<ApiEvent[] | null>;
  /** The stored events whole (the events CSV), or null while detection has not run. */
  storedEvents(q: EventQuery): Promise<VesselEvent[] | null>;
  /**
   * One page of them by (start time, id), the database doing the LIMIT: `cursor` is the previous
   * page's `next`. Null when event detection has not been stored.
   */
  eventPage(q: EventQuery & { cursor?: string }): Promise<EventPage | null>;
  shipmentCount(): Promise<number | null>;
  /** The routes the available modules add. */
  routes(): Route[];
}

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

export async function loadFeatures(ctx: ServerContext): Promise<FeatureSet> {
  // In the build, with their tables migrated: an empty ledger or image list is shown as empty.
  const present: Record<string, ModuleStatus> = {
    ledger: { available: true, reason: null },
    evidence: { available: true, reason: null },
    estimate: { available: true, reason: null },
    imagery: { available: true, reason: null },
  };
  const detectionRuns = async (): Promise<{ runs: number; maxId: number }> => {
    const db = await ctx.db();
    const r = await db
      .selectFrom('detection_runs')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('id').as('max_id')])
      .executeTakeFirst();
    return { runs: Number(r?.n ?? 0), maxId: Number(r?.max_id ?? 0) };
  };
  const eventsStatus = async (): Promise<ModuleStatus> =>
    (await detectionRuns()).runs > 0
      ? { available: true, reason: null }
      : { available: false, reason: 'no events detected in this store yet: run `tallyman detect`' };
  const storedEvents = async (q: EventQuery): Promise<VesselEvent[] | null> => {
    if (!(await eventsStatus()).available) return null;
    const types = q.types?.filter((t): t is EventType => EVENT_TYPE_SET.has(t));
    if (q.types !== undefined && q.types.length > 0 && (types?.length ?? 0) === 0) return [];
    const stored = await queryEvents(await ctx.db(), {
      mmsi: q.mmsi,
      types,
      sinceMs: q.fromMs,
      untilMs: q.toMs,
    });
    return stored.slice(0, q.limit).map((r) => r.event);
  };
  return {
    statuses: async () => ({ events: await eventsStatus(), ...present }),
    async version() {
      const d = await detectionRuns();
      return `${d.runs}:${d.maxId}:${ctx.writes()}`;
    },
    async areas() {
      const user = await loadUserAreas(await ctx.db());
      return { areas: mergeAreas(BUNDLED_AREAS, user), userAreas: user.length };
    },
    async eventCount() {
      if (!(await eventsStatus()).available) return null;
      const db = await ctx.db();
      const r = await db.selectFrom('events').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    storedEvents,
    async listEvents(q) {
      const stored = await storedEvents(q);
      if (stored === null) return null;
      return stored.map((e: VesselEvent) => ({
        id: e.id,
        type: e.type,
        mmsi: e.mmsi,
        mmsi2: e.mmsi2,
        startMs: e.startMs,
        endMs: e.endMs,
        lon: e.lon,
        lat: e.lat,
        confidence: e.confidence,
        details: e.details,
      }));
    },
    async eventPage(q) {
      if (!(await eventsStatus()).available) return null;
      const types = q.types?.filter((t): t is EventType => EVENT_TYPE_SET.has(t));
      if (q.types !== undefined && q.types.length > 0 && (types?.length ?? 0) === 0)
        return { events: [], total: 0, next: null };
      const db = await ctx.db();
      let base = db.selectFrom('events');
      if (q.mmsi !== undefined) {
        const m = q.mmsi;
        base = base.where((eb) => eb.or([eb('mmsi', '=', m), eb('mmsi2', '=', m)]));
      }
      if (types !== undefined && types.length > 0) base = base.where('type', 'in', types);
      if (q.fromMs !== undefined) base = base.where('end_ms', '>=', q.fromMs);
      if (q.toMs !== undefined) base = base.where('start_ms', '<=', q.toMs);
      const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
      let page = base.selectAll();
      if (q.cursor !== undefined) {
        const dot = q.cursor.indexOf('.');
        const startMs = Number(q.cursor.slice(0, dot));
        const id = q.cursor.slice(dot + 1);
        page = page.where((eb) =>
          eb.or([eb('start_ms', '>', startMs), eb.and([eb('start_ms', '=', startMs), eb('id', '>', id)])]),
        );
      }
      const rows = await page
        .orderBy('start_ms')
        .orderBy('id')
        .limit(q.limit + 1)
        .execute();
      const more = rows.length > q.limit;
      if (more) rows.length = q.limit;
      const last = rows[rows.length - 1];
      return {
        events: rows.map((r) => ({ ...eventHeadOf(r), details: JSON.parse(r.details_json) as unknown })),
        total,
        next: more && last !== undefined ? `${Number(last.start_ms)}.${last.id}` : null,
      };
    },
    async shipmentCount() {
      const db = await ctx.db();
      const r = await db.selectFrom('shipments').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    routes: () => [],
  };
}
