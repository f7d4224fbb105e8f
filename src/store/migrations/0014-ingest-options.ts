/**
 * `ingest_runs.options_json`: the options that change what an input stores (`--map`,
 * `--time-format`, `--received-at`, `--lenient`), as canonical JSON; '' for none. A run is the
 * content *and* these options, so a file ingested under a wrong `--map` can be ingested again under
 * the right one: the "already ingested" index becomes unique per (content, options) among
 * completed runs. Runs stored before this migration had no such options recorded and keep ''.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from '../kysely.js';

export const ingestOptions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`ALTER TABLE ingest_runs ADD COLUMN options_json text NOT NULL DEFAULT ''`.execute(db);
    await sql`DROP INDEX IF EXISTS ingest_runs_completed_sha256`.execute(db);
    await sql`CREATE UNIQUE INDEX ingest_runs_completed_sha256 ON ingest_runs (content_sha256, options_json)
      WHERE status = 'completed'`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await sql`DROP INDEX IF EXISTS ingest_runs_completed_sha256`.execute(db);
    await sql`CREATE UNIQUE INDEX ingest_runs_completed_sha256 ON ingest_runs (content_sha256)
      WHERE status = 'completed'`.execute(db);
    await sql`ALTER TABLE ingest_runs DROP COLUMN options_json`.execute(db);
  },
};
