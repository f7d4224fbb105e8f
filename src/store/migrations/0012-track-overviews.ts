/**
 * The map's overview, precomputed (src/server/overview.ts): per vessel, its track as the default
 * `GET /api/tracks` sends it (simplified, downsampled, encoded), its station kind, and the stamp
 * that says whether the row still describes the stored data.
 *
 * - `position_count`: the fixes of the track the row was made from. Fixes are only ever added, so
 *   the row is current exactly while `vessels.position_count` is the same number.
 * - `report_count`: the vessel's identity reports then (the sum of `vessel_identities.report_count`),
 *   since a station-only static (message 21) can change the kind without adding a fix.
 * - `params`: the overview parameters and encoding the body was made with (`OVERVIEW_PARAMS_KEY`);
 *   another key means another default, and the row is made again.
 * - `body`: the track's JSON without the dataset's `simulated` member (the route adds it), or NULL
 *   for a vessel without fixes. Last, so that reads of the stamps never touch its overflow pages.
 *
 * Only a cache: the route recomputes any row that is missing or stale, so nothing depends on it
 * being current. `IF NOT EXISTS`, so that the migration stands alone whatever its neighbours do.
 */
import type { Kysely, Migration } from 'kysely';

export const trackOverviews: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('track_overviews')
      .ifNotExists()
      .addColumn('mmsi', 'bigint', (c) => c.primaryKey())
      .addColumn('position_count', 'bigint', (c) => c.notNull())
      .addColumn('report_count', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('made_ms', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('track_overviews').ifExists().execute();
  },
};
