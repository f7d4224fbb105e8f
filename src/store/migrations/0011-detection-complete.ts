/**
 * `detection_runs.complete`: 1 when the run left the stored events describing the whole store as
 * it was when the run started — a run over every vessel and all time, or an incremental run
 * (src/events/detect-store.ts `incrementalRange`) that followed such a run. `tallyman detect`
 * re-detects only the time new inputs touched when the last run is complete; after a partial run
 * (a --since/--until range or an --area filter chosen by hand) it detects the whole store again.
 * Runs stored before this migration count as complete when they covered every vessel and all time.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from '../kysely.js';

export const detectionComplete: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`ALTER TABLE detection_runs ADD COLUMN complete integer NOT NULL DEFAULT 0`.execute(db);
    await sql`UPDATE detection_runs SET complete = 1
      WHERE since_ms IS NULL AND until_ms IS NULL AND area_filter_json IS NULL`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await sql`ALTER TABLE detection_runs DROP COLUMN complete`.execute(db);
  },
};
