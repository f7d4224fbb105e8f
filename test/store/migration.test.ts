/**
 * Migration 0007 (static reports keyed by numbers): a store written under 0006, with text-keyed
 * reports, comes out with the same reports numbered, and migrating back gives the 0006 tables
 * row for row. Migration 0015 drops the unused `positions_staging` and `down` restores it. On both
 * engines. Migration 0016 drops PostgreSQL's time index on `positions` and the report tables' foreign
 * keys, and `down` restores them. Migration 0017 indexes PostgreSQL's rows by ingest run (BRIN), and
 * `down` drops the indexes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from '../../src/store/kysely.js';
import {
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  migrationProvider,
} from '../../src/store/migrations/index.js';
import { NO_TIME_KEY } from '../../src/store/rows.js';
import { ENGINES, type TestDb } from './engines.js';

/** The 0006 rows: two identities of one vessel (one report without a time), three voyage reports. */
const IDENTITY_A = '[9491205,"SIM ANGARA","UBCD3",80,120,18,"RU"]';
const IDENTITY_B = '[9491205,"SIM MARIA","UBCD3",80,120,18,"RU"]';
const OLD_IDENTITY_REPORTS = [
  [273000001, `[1000,${JSON.stringify(IDENTITY_B)}]`, IDENTITY_B, 1000, 5, 'rx1'],
  [273000001, `[2000,${JSON.stringify(IDENTITY_A)}]`, IDENTITY_A, 2000, 5, 'rx2'],
  [273000001, `[null,${JSON.stringify(IDENTITY_A)}]`, IDENTITY_A, null, 5, null],
];
const OLD_VOYAGE_REPORTS = [
  [273000001, '[1000,9.1,"BUSAN","09-02T04:36Z"]', 1000, 9.1, 'BUSAN', '09-02T04:36Z', 'rx1'],
  [273000001, '[2000,9.1,"BUSAN","09-02T04:36Z"]', 2000, 9.1, 'BUSAN', '09-02T04:36Z', 'rx2'],
  [273000001, '[null,null,"RAJIN",null]', null, null, 'RAJIN', null, null],
];

function kyselyFor(db: TestDb): { k: Kysely<unknown>; schema?: string } {
  if (db.location.url !== undefined) {
    const schema = /search_path%3D(\w+)/.exec(db.location.url)?.[1];
    const pool = new pg.Pool({ connectionString: db.location.url, max: 1 });
    return { k: new Kysely({ dialect: new PostgresDialect({ pool }) }), schema };
  }
  return { k: new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(db.location.path) }) }) };
}

async function migrateTo(k: Kysely<unknown>, schema: string | undefined, name: string): Promise<void> {
  const migrator = new Migrator({
    db: k,
    provider: migrationProvider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateTo(name);
  if (error !== undefined) throw error;
}

const rowsOf = async (k: Kysely<unknown>, query: string) =>
  (await sql.raw(query).execute(k)).rows.map((r) =>
    Object.values(r as Record<string, unknown>).map((v) =>
      typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v,
    ),
  );

const OLD_IDENTITY_QUERY =
  'SELECT mmsi, report_key, identity_key, ts_ms, msg_type, source FROM identity_reports ORDER BY ts_ms, identity_key';
const OLD_VOYAGE_QUERY =
  'SELECT mmsi, report_key, ts_ms, draught_m, destination, eta, source FROM voyage_reports ORDER BY ts_ms, report_key';

for (const engine of ENGINES) {
  describe(`migration 0007 (${engine.name})`, async () => {
    const skip = await engine.skip();
    let db: TestDb;
    let k: Kysely<unknown>;
    let schema: string | undefined;
    before(async () => {
      if (skip) return;
      db = await engine.fresh();
      ({ k, schema } = kyselyFor(db));
      await migrateTo(k, schema, '0006-sanctions');
      await sql`INSERT INTO ingest_runs (id, source_name, content_sha256, format, size_bytes, started_ms, status)
                VALUES (1, 'old.nmea', 'abc', 'nmea', 10, 0, 'completed')`.execute(k);
      for (const [key, name, first, last, n] of [
        [IDENTITY_A, 'SIM ANGARA', 2000, 2000, 2],
        [IDENTITY_B, 'SIM MARIA', 1000, 1000, 1],
      ] as const) {
        await sql`INSERT INTO vessel_identities (mmsi, identity_key, imo, name, call_sign, ship_type, length_m, beam_m, flag, first_seen_ms, last_seen_ms, report_count)
                  VALUES (273000001, ${key}, 9491205, ${name}, 'UBCD3', 80, 120, 18, 'RU', ${first}, ${last}, ${n})`.execute(
          k,
        );
      }
      for (const r of OLD_IDENTITY_REPORTS) {
        await sql`INSERT INTO identity_reports (mmsi, report_key, identity_key, ts_ms, msg_type, source, ingest_run_id)
                  VALUES (${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}, ${r[4]}, ${r[5]}, 1)`.execute(k);
      }
      for (const r of OLD_VOYAGE_REPORTS) {
        await sql`INSERT INTO voyage_reports (mmsi, report_key, ts_ms, draught_m, destination, eta, source, ingest_run_id)
                  VALUES (${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}, ${r[4]}, ${r[5]}, ${r[6]}, 1)`.execute(k);
      }
    });
    after(async () => {
      if (skip) return;
      await k.destroy();
      await db.drop();
    });

    it('numbers the identities and voyage statements and keeps every report', { skip }, async () => {
      const oldIdentities = await rowsOf(k, OLD_IDENTITY_QUERY);
      const oldVoyages = await rowsOf(k, OLD_VOYAGE_QUERY);
      await migrateTo(k, schema, '0007-report-numbers');
      // Numbers follow key order for carried-over rows: "...ANGARA..." < "...MARIA...".
      assert.deepEqual(
        await rowsOf(
          k,
          'SELECT identity_key, identity_no, report_count FROM vessel_identities ORDER BY identity_no',
        ),
        [
          [IDENTITY_A, 1, 2],
          [IDENTITY_B, 2, 1],
        ],
      );
      assert.deepEqual(
        await rowsOf(
          k,
          'SELECT mmsi, ts_key, identity_no, ts_ms, msg_type, source, ingest_run_id FROM identity_reports ORDER BY ts_key, identity_no',
        ),
        [
          [273000001, NO_TIME_KEY, 1, null, 5, null, 1],
          [273000001, 1000, 2, 1000, 5, 'rx1', 1],
          [273000001, 2000, 1, 2000, 5, 'rx2', 1],
        ],
      );
      assert.deepEqual(
        await rowsOf(
          k,
          'SELECT voyage_no, voyage_key, draught_m, destination, eta FROM voyage_states ORDER BY voyage_no',
        ),
        [
          [1, '[9.1,"BUSAN","09-02T04:36Z"]', 9.1, 'BUSAN', '09-02T04:36Z'],
          [2, '[null,"RAJIN",null]', null, 'RAJIN', null],
        ],
      );
      assert.deepEqual(
        await rowsOf(
          k,
          'SELECT ts_key, voyage_no, ts_ms, source FROM voyage_reports ORDER BY ts_key, voyage_no',
        ),
        [
          [NO_TIME_KEY, 2, null, null],
          [1000, 1, 1000, 'rx1'],
          [2000, 1, 2000, 'rx2'],
        ],
      );

      await migrateTo(k, schema, '0006-sanctions');
      assert.deepEqual(await rowsOf(k, OLD_IDENTITY_QUERY), oldIdentities);
      assert.deepEqual(await rowsOf(k, OLD_VOYAGE_QUERY), oldVoyages);
      assert.equal(oldIdentities.length, 3);
      assert.equal(oldVoyages.length, 3);
    });
  });
}

/** The columns of a table, in order; none when the table does not exist. */
async function columnsOf(k: Kysely<unknown>, schema: string | undefined, table: string): Promise<string[]> {
  // PostgreSQL lists every schema's tables, other tests' among them
  const tables = await k.introspection.getTables();
  const found = tables.find((t) => t.name === table && (schema === undefined || t.schema === schema));
  return found?.columns.map((c) => c.name) ?? [];
}

for (const engine of ENGINES) {
  describe(`migration 0015 (${engine.name})`, async () => {
    const skip = await engine.skip();
    it('drops the empty positions_staging, and down makes it again as 0001 did', { skip }, async () => {
      const db = await engine.fresh();
      const { k, schema } = kyselyFor(db);
      try {
        await migrateTo(k, schema, '0014-ingest-options');
        const before = await columnsOf(k, schema, 'positions_staging');
        assert.equal(before[0], 'seq');
        assert.ok(before.includes('ingest_run_id'), before.join(','));

        await migrateTo(k, schema, '0015-drop-positions-staging');
        assert.deepEqual(await columnsOf(k, schema, 'positions_staging'), []);
        assert.ok((await columnsOf(k, schema, 'positions')).includes('ts_ms'), 'positions stays');

        await migrateTo(k, schema, '0014-ingest-options');
        assert.deepEqual(await columnsOf(k, schema, 'positions_staging'), before);
      } finally {
        await k.destroy();
        await db.drop();
      }
    });
  });
}

describe('migration 0016 (postgres)', async () => {
  const engine = ENGINES.find((e) => e.name === 'postgres');
  const skip = engine ? await engine.skip() : 'no PostgreSQL engine';
  const shape = async (k: Kysely<unknown>, schema: string | undefined) => {
    const ns = schema ?? 'public';
    const indexes = (
      await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes
        WHERE schemaname = ${ns} AND tablename = 'positions' ORDER BY 1`.execute(k)
    ).rows.map((r) => r.name);
    const keys = (
      await sql<{ name: string }>`SELECT c.conrelid::regclass::text AS name FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = to_regnamespace(${ns})
          AND c.confrelid = to_regclass(${`${ns}.ingest_runs`}) ORDER BY 1`.execute(k)
    ).rows.map((r) => r.name.replace(/^.*\./, ''));
    return { indexes, keys };
  };
  it('drops the time index and the report keys on ingest_runs; down puts them back', { skip }, async () => {
    assert.ok(engine);
    const db = await engine.fresh();
    const { k, schema } = kyselyFor(db);
    try {
      await migrateTo(k, schema, '0015-drop-positions-staging');
      const before = await shape(k, schema);
      assert.deepEqual(before, {
        indexes: ['positions_pk', 'positions_time_box'],
        keys: ['identity_reports', 'voyage_reports'],
      });
      await migrateTo(k, schema, '0016-pg-bulk-positions');
      assert.deepEqual(await shape(k, schema), { indexes: ['positions_pk'], keys: [] });
      await migrateTo(k, schema, '0015-drop-positions-staging');
      assert.deepEqual(await shape(k, schema), before);
    } finally {
      await k.destroy();
      await db.drop();
    }
  });
});

describe('migration 0017 (postgres)', async () => {
  const engine = ENGINES.find((e) => e.name === 'postgres');
  const skip = engine ? await engine.skip() : 'no PostgreSQL engine';
  const brinIndexes = async (k: Kysely<unknown>, schema: string | undefined) =>
    (
      await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes
        WHERE schemaname = ${schema ?? 'public'} AND indexdef LIKE '%USING brin (ingest_run_id)%' ORDER BY 1`.execute(
        k,
      )
    ).rows.map((r) => r.name);
  it('indexes each table by ingest run (BRIN), and the rows of a run are found by it; down drops them', {
    skip,
  }, async () => {
    assert.ok(engine);
    const db = await engine.fresh();
    const { k, schema } = kyselyFor(db);
    try {
      await migrateTo(k, schema, '0016-pg-bulk-positions');
      assert.deepEqual(await brinIndexes(k, schema), []);
      await migrateTo(k, schema, '0017-pg-run-brin');
      assert.deepEqual(await brinIndexes(k, schema), [
        'identity_reports_ingest_run_brin',
        'positions_ingest_run_brin',
        'voyage_reports_ingest_run_brin',
      ]);
      // the planner may use it: with sequential scans off, the run's rows come through it
      const plan = await k.connection().execute(async (c) => {
        await sql`SET enable_seqscan = off`.execute(c);
        return (
          await sql<{
            'QUERY PLAN': string;
          }>`EXPLAIN SELECT mmsi FROM positions WHERE ingest_run_id IN (1, 2)`.execute(c)
        ).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      });
      assert.match(plan, /positions_ingest_run_brin/);
      await migrateTo(k, schema, '0016-pg-bulk-positions');
      assert.deepEqual(await brinIndexes(k, schema), []);
    } finally {
      await k.destroy();
      await db.drop();
    }
  });
});
