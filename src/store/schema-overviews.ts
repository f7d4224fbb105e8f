/**
 * The precomputed map overview (migration 0012, src/server/overview-store.ts): one row per vessel.
 * Kept apart from `Database` (schema.ts); readers widen their handle with `withOverviews`.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface TrackOverviewsTable {
  mmsi: number;
  /** Fixes of the track the row was made from: current while `vessels.position_count` equals it. */
  position_count: number;
  /** The vessel's identity reports then (sum of `vessel_identities.report_count`). */
  report_count: number;
  /** Station kind (src/tracks/station.ts) from the MMSI and the message types it sent. */
  kind: string;
  /** The overview parameters and encoding of `body` (src/server/overview.ts OVERVIEW_PARAMS_KEY). */
  params: string;
  made_ms: number;
  /** The track's JSON as /api/tracks sends it, less the leading `simulated` member; null: no fixes. */
  body: string | null;
}

export type OverviewTables = {
  track_overviews: TrackOverviewsTable;
};

export type OverviewDatabase = Database & OverviewTables;

/** The same handle, typed with the overview table. */
export const withOverviews = (db: Kysely<Database>): Kysely<OverviewDatabase> =>
  db.withTables<OverviewTables>();
