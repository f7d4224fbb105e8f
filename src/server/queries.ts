/**
 * The server's own reads, on the Kysely handle: one query text for SQLite and PostgreSQL. The track
 * read selects only the columns the map draws, straight into parallel arrays.
 */

import type { Kysely, Selectable } from 'kysely';
import type { Database, VesselsTable } from '../store/schema.js';
import { simulatedSources } from '../store/simulated.js';
import type { TrackColumns } from './track-encode.js';

/** Changes whenever an ingest adds rows: the key that invalidates cached answers. */
export async function dataVersion(db: Kysely<Database>): Promise<string> {
  const r = await db
    .selectFrom('ingest_runs')
    .select((eb) => [
      eb.fn.countAll().as('runs'),
      eb.fn.max('id').as('max_id'),
      eb.fn.sum('positions_added').as('positions'),
      eb.fn.sum('identity_reports_added').as('identities'),
    ])
    .executeTakeFirst();
  return `${Number(r?.runs ?? 0)}:${Number(r?.max_id ?? 0)}:${Number(r?.positions ?? 0)}:${Number(r?.identities ?? 0)}`;
}

export interface DatasetSummary {
  vessels: number;
  positions: number;
  ingestRuns: number;
  timeRange: { fromMs: number; toMs: number } | null;
  /** Inputs whose names mark them simulated (the scenario writer puts `simulated` in every name). */
  simulatedSources: string[];
}

export async function datasetSummary(db: Kysely<Database>): Promise<DatasetSummary> {
  const v = await db
    .selectFrom('vessels')
    .select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn.sum('position_count').as('positions'),
      eb.fn.min('first_seen_ms').as('from_ms'),
      eb.fn.max('last_seen_ms').as('to_ms'),
    ])
    .executeTakeFirst();
  const runs = await db.selectFrom('ingest_runs').select(['source_name', 'status']).execute();
  const simulated = await simulatedSources(db);
  const fromMs = v?.from_ms === null || v?.from_ms === undefined ? null : Number(v.from_ms);
  const toMs = v?.to_ms === null || v?.to_ms === undefined ? null : Number(v.to_ms);
  return {
    vessels: Number(v?.n ?? 0),
    positions: Number(v?.positions ?? 0),
    ingestRuns: runs.length,
    timeRange: fromMs === null || toMs === null ? null : { fromMs, toMs },
    simulatedSources: simulated,
  };
}

export async function trackColumns(
  db: Kysely<Database>,
  mmsi: number,
  range: { fromMs?: number; toMs?: number },
): Promise<TrackColumns> {
  let q = db.selectFrom('positions').select(['ts_ms', 'lon', 'lat']).where('mmsi', '=', mmsi);
  if (range.fromMs !== undefined) q = q.where('ts_ms', '>=', range.fromMs);
  if (range.toMs !== undefined) q = q.where('ts_ms', '<=', range.toMs);
  const rows = await q.orderBy('ts_ms').orderBy('lon').orderBy('lat').execute();
  const n = rows.length;
  const tsMs = new Float64Array(n);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    tsMs[i] = Number(r.ts_ms);
    lon[i] = r.lon;
    lat[i] = r.lat;
  }
  return { tsMs, lon, lat, length: n };
}

export interface VesselPageQuery {
  /** Vessels heard in [fromMs, toMs] (first/last seen overlapping it). */
  fromMs?: number;
  toMs?: number;
  sort: 'mmsi' | 'positions';
  limit: number;
  /** The previous page's `next`. */
  cursor?: string;
  /** MMSIs left out (the stations that are not vessels, unless every station is asked for). */
  exclude: readonly number[];
}

export interface VesselPage {
  rows: Selectable<VesselsTable>[];
  total: number;
  next: string | null;
}

/** A cursor of `vesselPage` that does not fit the query's `sort`. */
export class CursorError extends Error {}

/**
 * One page of `vessels` in keyset order: by MMSI (cursor `m.<mmsi>`), or by position count, most
 * first, then MMSI (cursor `p.<count>.<mmsi>`). The database does the LIMIT; `total` counts the
 * rows matching the filters (a count over `vessels`, one row per MMSI).
 */
export async function vesselPage(db: Kysely<Database>, q: VesselPageQuery): Promise<VesselPage> {
  let base = db.selectFrom('vessels');
  if (q.exclude.length > 0) base = base.where('mmsi', 'not in', [...q.exclude]);
  if (q.fromMs !== undefined) base = base.where('last_seen_ms', '>=', q.fromMs);
  if (q.toMs !== undefined) base = base.where('first_seen_ms', '<=', q.toMs);
  const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  let page = base.selectAll();
  if (q.sort === 'mmsi') {
    if (q.cursor !== undefined) {
      const m = /^m\.(\d+)$/.exec(q.cursor);
      if (m === null) throw new CursorError(`cursor "${q.cursor}" is not one of sort=mmsi`);
      page = page.where('mmsi', '>', Number(m[1]));
    }
    page = page.orderBy('mmsi');
  } else {
    if (q.cursor !== undefined) {
      const m = /^p\.(\d+)\.(\d+)$/.exec(q.cursor);
      if (m === null) throw new CursorError(`cursor "${q.cursor}" is not one of sort=positions`);
      const count = Number(m[1]);
      const mmsi = Number(m[2]);
      page = page.where((eb) =>
        eb.or([
          eb('position_count', '<', count),
          eb.and([eb('position_count', '=', count), eb('mmsi', '>', mmsi)]),
        ]),
      );
    }
    page = page.orderBy('position_count', 'desc').orderBy('mmsi');
  }
  const rows = await page.limit(q.limit + 1).execute();
  const more = rows.length > q.limit;
  if (more) rows.length = q.limit;
  const last = rows[rows.length - 1];
  const next =
    !more || last === undefined
      ? null
      : q.sort === 'mmsi'
        ? `m.${Number(last.mmsi)}`
        : `p.${Number(last.position_count)}.${Number(last.mmsi)}`;
  return { rows, total, next };
}
