/**
 * Static reports keyed by small numbers instead of text.
 *
 * Before: `identity_reports` and `voyage_reports` were keyed by (mmsi, report_key), the report key
 * being JSON text of the time and every identity or voyage field (~100 bytes), and
 * `identity_reports` kept the identity key text again beside it. A dense feed sends a type 5
 * every six minutes per vessel, so these rows cost more to insert than the fixes did (~2 s of a
 * 7 s ingest of 1.17 M fixes and 223 k static reports).
 *
 * After: each distinct identity of a vessel has a number (`vessel_identities.identity_no`) and
 * each distinct voyage statement one too (`voyage_states.voyage_no`), both 1, 2, 3 … per MMSI in
 * the order the store first met them. A report is (mmsi, ts_key, number): the same dedupe as
 * before — one row per vessel, time and stated content — in a few integers. `ts_key` is the time,
 * or NO_TIME_KEY for a report that came without one (a key column cannot be NULL); `ts_ms` keeps
 * the nullable time for readers.
 *
 * Existing rows are carried over; their numbers follow identity/voyage key order (byte order on
 * both engines), as the first-met order is no longer known.
 */
import type { Migration } from 'kysely';
import { isPostgres } from '../engine.js';
import { type Kysely, sql } from '../kysely.js';
import { NO_TIME_KEY } from '../rows.js';

export const reportNumbers: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);
    const byteOrder = pg ? sql` COLLATE "C"` : sql``;
    const afterFirstComma = (col: string) =>
      pg
        ? sql`substr(${sql.ref(col)}, strpos(${sql.ref(col)}, ',') + 1)`
        : sql`substr(${sql.ref(col)}, instr(${sql.ref(col)}, ',') + 1)`;
    const withoutRowid = pg ? sql`` : sql` WITHOUT ROWID`;
    const noTime = sql.lit(NO_TIME_KEY);

    await sql`ALTER TABLE vessel_identities ADD COLUMN identity_no integer NOT NULL DEFAULT 0`.execute(db);
    await sql`UPDATE vessel_identities SET identity_no = (
        SELECT count(*) FROM vessel_identities o
        WHERE o.mmsi = vessel_identities.mmsi AND o.identity_key${byteOrder} <= vessel_identities.identity_key${byteOrder})`.execute(
      db,
    );
    await sql`CREATE UNIQUE INDEX vessel_identities_no ON vessel_identities (mmsi, identity_no)`.execute(db);

    await sql`ALTER TABLE identity_reports RENAME TO identity_reports_0006`.execute(db);
    await sql`CREATE TABLE identity_reports (
        mmsi bigint NOT NULL,
        ts_key bigint NOT NULL,
        identity_no integer NOT NULL,
        ts_ms bigint,
        msg_type integer,
        source text,
        ingest_run_id bigint NOT NULL REFERENCES ingest_runs (id),
        CONSTRAINT identity_reports_key PRIMARY KEY (mmsi, ts_key, identity_no))${withoutRowid}`.execute(db);
    await sql`INSERT INTO identity_reports (mmsi, ts_key, identity_no, ts_ms, msg_type, source, ingest_run_id)
        SELECT r.mmsi, COALESCE(r.ts_ms, ${noTime}), i.identity_no, r.ts_ms, r.msg_type, r.source, r.ingest_run_id
        FROM identity_reports_0006 r
        JOIN vessel_identities i ON i.mmsi = r.mmsi AND i.identity_key = r.identity_key`.execute(db);
    await sql`DROP TABLE identity_reports_0006`.execute(db);

    await sql`CREATE TABLE voyage_states (
        mmsi bigint NOT NULL,
        voyage_no integer NOT NULL,
        voyage_key text NOT NULL,
        draught_m double precision,
        destination text,
        eta text,
        CONSTRAINT voyage_states_key PRIMARY KEY (mmsi, voyage_no),
        CONSTRAINT voyage_states_content UNIQUE (mmsi, voyage_key))`.execute(db);
    // The old report key is `[ts,draught,"destination","eta"]`: the voyage key is the same text
    // without its time, `[draught,"destination","eta"]`, exactly as voyageKeyOf writes it.
    await sql`INSERT INTO voyage_states (mmsi, voyage_no, voyage_key, draught_m, destination, eta)
        SELECT mmsi, row_number() OVER (PARTITION BY mmsi ORDER BY voyage_key${byteOrder}), voyage_key, draught_m, destination, eta
        FROM (SELECT DISTINCT mmsi, '[' || ${afterFirstComma('report_key')} AS voyage_key, draught_m, destination, eta
              FROM voyage_reports) d`.execute(db);
    await sql`ALTER TABLE voyage_reports RENAME TO voyage_reports_0006`.execute(db);
    await sql`CREATE TABLE voyage_reports (
        mmsi bigint NOT NULL,
        ts_key bigint NOT NULL,
        voyage_no integer NOT NULL,
        ts_ms bigint,
        source text,
        ingest_run_id bigint NOT NULL REFERENCES ingest_runs (id),
        CONSTRAINT voyage_reports_key PRIMARY KEY (mmsi, ts_key, voyage_no))${withoutRowid}`.execute(db);
    await sql`INSERT INTO voyage_reports (mmsi, ts_key, voyage_no, ts_ms, source, ingest_run_id)
        SELECT r.mmsi, COALESCE(r.ts_ms, ${noTime}), s.voyage_no, r.ts_ms, r.source, r.ingest_run_id
        FROM voyage_reports_0006 r
        JOIN voyage_states s ON s.mmsi = r.mmsi AND s.voyage_key = '[' || ${afterFirstComma('r.report_key')}`.execute(
      db,
    );
    await sql`DROP TABLE voyage_reports_0006`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    const pg = isPostgres(db);
    const quoted = (col: string) =>
      pg ? sql`to_json(${sql.ref(col)})::text` : sql`json_quote(${sql.ref(col)})`;
    const tsText = (col: string) => sql`COALESCE(CAST(${sql.ref(col)} AS text), 'null')`;

    await sql`ALTER TABLE identity_reports RENAME TO identity_reports_0007`.execute(db);
    await sql`CREATE TABLE identity_reports (
        mmsi bigint NOT NULL,
        report_key text NOT NULL,
        identity_key text NOT NULL,
        ts_ms bigint,
        msg_type integer,
        source text,
        ingest_run_id bigint NOT NULL REFERENCES ingest_runs (id),
        CONSTRAINT identity_reports_pk PRIMARY KEY (mmsi, report_key))`.execute(db);
    await sql`INSERT INTO identity_reports (mmsi, report_key, identity_key, ts_ms, msg_type, source, ingest_run_id)
        SELECT r.mmsi, '[' || ${tsText('r.ts_ms')} || ',' || ${quoted('i.identity_key')} || ']', i.identity_key,
               r.ts_ms, r.msg_type, r.source, r.ingest_run_id
        FROM identity_reports_0007 r
        JOIN vessel_identities i ON i.mmsi = r.mmsi AND i.identity_no = r.identity_no`.execute(db);
    await sql`DROP TABLE identity_reports_0007`.execute(db);
    await sql`DROP INDEX vessel_identities_no`.execute(db);
    await sql`ALTER TABLE vessel_identities DROP COLUMN identity_no`.execute(db);

    await sql`ALTER TABLE voyage_reports RENAME TO voyage_reports_0007`.execute(db);
    await sql`CREATE TABLE voyage_reports (
        mmsi bigint NOT NULL,
        report_key text NOT NULL,
        ts_ms bigint,
        draught_m double precision,
        destination text,
        eta text,
        source text,
        ingest_run_id bigint NOT NULL REFERENCES ingest_runs (id),
        CONSTRAINT voyage_reports_pk PRIMARY KEY (mmsi, report_key))`.execute(db);
    await sql`INSERT INTO voyage_reports (mmsi, report_key, ts_ms, draught_m, destination, eta, source, ingest_run_id)
        SELECT r.mmsi, '[' || ${tsText('r.ts_ms')} || ',' || substr(s.voyage_key, 2), r.ts_ms,
               s.draught_m, s.destination, s.eta, r.source, r.ingest_run_id
        FROM voyage_reports_0007 r
        JOIN voyage_states s ON s.mmsi = r.mmsi AND s.voyage_no = r.voyage_no`.execute(db);
    await sql`DROP TABLE voyage_reports_0007`.execute(db);
    await sql`DROP TABLE voyage_states`.execute(db);
  },
};
