/**
 * The server's own reads, on the Kysely handle: one query text for SQLite and PostgreSQL. The track
 * read selects only the columns the map draws, straight into parallel arrays.
 */

import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
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
