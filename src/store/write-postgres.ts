/**
 * PostgreSQL's write path: one transaction per commit on one pooled connection, each table filled
 * by a single `INSERT … SELECT FROM unnest($1::bigint[], …)` — one round trip and one parameter
 * per column however many rows, where a multi-row VALUES list would need one per value.
 */
import type pg from 'pg';
import { recordsOf } from '../tracks/position-columns.js';
import type { PositionRecord } from '../tracks/records.js';
import { type StaticColumns, staticColumnsOf } from '../tracks/static-columns.js';
import {
  addStaticsSeen,
  identityDeltas,
  NewReports,
  numberStates,
  planStaticColumns,
  reportOrder,
} from './batch-plan.js';
import {
  addSeen,
  type FlagOf,
  fromIdentityRowDb,
  type IdentityRowDb,
  latestIdentity,
  POSITION_COLUMNS,
  type VesselDelta,
} from './rows.js';
import { type BatchResult, batchPositionCount, batchStaticCount, type WriteBatch } from './types.js';
import {
  ADD_TO_RUN,
  IDENTITY_COLUMNS,
  identityAddSet,
  REPORT_COLUMNS,
  VESSEL_COLUMNS,
  VESSEL_ON_CONFLICT,
  VOYAGE_COLUMNS,
  VOYAGE_STATE_COLUMNS,
} from './upsert-sql.js';

const numbered = (sqlText: string) => {
  let n = 0;
  return sqlText.replace(/\?/g, () => `$${++n}`);
};

/** `unnest($1::t1[], $2::t2[], …)` for the given element types, parameters from `first`. */
const unnest = (types: readonly string[], first = 1) =>
  `unnest(${types.map((t, i) => `$${first + i}::${t}[]`).join(', ')})`;

const INSERT_POSITIONS = `INSERT INTO positions (${POSITION_COLUMNS.join(', ')})
  SELECT u.*, $11::bigint FROM ${unnest(['bigint', 'bigint', 'float8', 'float8', 'float8', 'float8', 'float8', 'int', 'int', 'text'])} AS u
  ON CONFLICT DO NOTHING RETURNING mmsi, ts_ms`;

const INSERT_REPORTS = `INSERT INTO identity_reports (${REPORT_COLUMNS.join(', ')})
  SELECT u.*, $7::bigint FROM ${unnest(['bigint', 'bigint', 'int', 'bigint', 'int', 'text'])} AS u
  ON CONFLICT DO NOTHING RETURNING mmsi, identity_no, ts_ms`;

const INSERT_VOYAGES = `INSERT INTO voyage_reports (${VOYAGE_COLUMNS.join(', ')})
  SELECT u.*, $6::bigint FROM ${unnest(['bigint', 'bigint', 'int', 'bigint', 'text'])} AS u
  ON CONFLICT DO NOTHING`;

const UPSERT_VESSELS = `INSERT INTO vessels (${VESSEL_COLUMNS.join(', ')})
  SELECT * FROM ${unnest(['bigint', 'text', 'bigint', 'bigint', 'bigint'])}
  ${VESSEL_ON_CONFLICT}`;

/**
 * New identities and voyage statements get numbers max + 1 … per vessel (batch-plan.ts): two
 * writers doing that at once would pick the same number, so a commit that has statics holds this
 * lock from its start (before any row lock, so no writer waits for it while holding one).
 */
const STATICS_LOCK = `SELECT pg_advisory_xact_lock(${0x7a11_7a11})`;

const STORED_IDENTITY_NOS = `SELECT i.mmsi, i.identity_key, i.identity_no FROM vessel_identities i
  JOIN ${unnest(['bigint', 'text'])} AS u(mmsi, identity_key) ON i.mmsi = u.mmsi AND i.identity_key = u.identity_key`;
const MAX_IDENTITY_NOS = `SELECT mmsi, max(identity_no) FROM vessel_identities WHERE mmsi = ANY($1::bigint[]) GROUP BY mmsi`;
const INSERT_IDENTITIES = `INSERT INTO vessel_identities (${IDENTITY_COLUMNS.join(', ')})
  SELECT u.*, NULL, NULL, 0 FROM ${unnest(['bigint', 'int', 'text', 'bigint', 'text', 'text', 'int', 'float8', 'float8', 'text'])} AS u`;
const ADD_TO_IDENTITIES = `UPDATE vessel_identities SET ${identityAddSet('u.first', 'u.last', 'u.n')}
  FROM ${unnest(['bigint', 'int', 'bigint', 'bigint', 'bigint'])} AS u(mmsi, identity_no, first, last, n)
  WHERE vessel_identities.mmsi = u.mmsi AND vessel_identities.identity_no = u.identity_no`;

const STORED_VOYAGE_NOS = `SELECT s.mmsi, s.voyage_key, s.voyage_no FROM voyage_states s
  JOIN ${unnest(['bigint', 'text'])} AS u(mmsi, voyage_key) ON s.mmsi = u.mmsi AND s.voyage_key = u.voyage_key`;
const MAX_VOYAGE_NOS = `SELECT mmsi, max(voyage_no) FROM voyage_states WHERE mmsi = ANY($1::bigint[]) GROUP BY mmsi`;
const INSERT_VOYAGE_STATES = `INSERT INTO voyage_states (${VOYAGE_STATE_COLUMNS.join(', ')})
  SELECT * FROM ${unnest(['bigint', 'int', 'text', 'float8', 'text', 'text'])}`;

const SET_LATEST = `UPDATE vessels v SET imo = u.imo, name = u.name, call_sign = u.call_sign,
  ship_type = u.ship_type, length_m = u.length_m, beam_m = u.beam_m
  FROM ${unnest(['bigint', 'bigint', 'text', 'text', 'int', 'float8', 'float8'])}
    AS u(mmsi, imo, name, call_sign, ship_type, length_m, beam_m)
  WHERE v.mmsi = u.mmsi`;

/** Column arrays from rows, one array per column. */
function columns<T>(rows: readonly T[], pick: readonly ((r: T) => unknown)[]): unknown[][] {
  return pick.map((f) => rows.map(f));
}

/**
 * Buffered fixes that trigger a commit. Larger commits mean fewer WAL flushes and, with the fixes
 * sorted by key, each index page visited once per commit instead of once per vessel per batch.
 */
export const PG_FLUSH_ROWS = 50_000;
/** A slow live feed is committed at least this often. */
const FLUSH_AFTER_MS = 5_000;

const byKey = (a: PositionRecord, b: PositionRecord) =>
  a.mmsi - b.mmsi || a.tsMs - b.tsMs || a.lon - b.lon || a.lat - b.lat;

export interface PostgresWriter {
  write(runId: number, batch: WriteBatch): Promise<BatchResult>;
  /** Commits whatever is buffered. */
  flush(): Promise<void>;
}

/**
 * Batches are buffered and committed together (see write-sqlite.ts for why that stays crash
 * safe: a re-run resumes the run and the keys skip what was committed).
 */
export function postgresWriter(pool: pg.Pool, flagOf: FlagOf, flushRows = PG_FLUSH_ROWS): PostgresWriter {
  const commit = committer(pool, flagOf);
  let bufRunId = -1;
  let positions: PositionRecord[][] = [];
  let statics: StaticColumns[] = [];
  let rows = 0;
  let sinceMs = 0;
  const flush = async () => {
    if (positions.length === 0 && statics.length === 0) return;
    // Stable sort: a fix heard twice keeps its first arrival, which the insert then stores.
    const batch = { positions: positions.flat().sort(byKey), statics };
    positions = [];
    statics = [];
    rows = 0;
    await commit(bufRunId, batch);
  };
  return {
    async write(runId, batch) {
      const running = await pool.query(`SELECT 1 FROM ingest_runs WHERE id = $1 AND status = 'running'`, [
        runId,
      ]);
      if (running.rowCount !== 1)
        throw new Error(`ingest run ${runId} is not running (unknown or already finished)`);
      if (runId !== bufRunId) {
        await flush();
        bufRunId = runId;
      }
      if (positions.length === 0 && statics.length === 0) sinceMs = Date.now();
      if (batch.positions.length > 0) positions.push(batch.positions as PositionRecord[]);
      if (batch.columns !== undefined && batch.columns.length > 0) positions.push(recordsOf(batch.columns));
      if (batch.statics.length > 0) statics.push(staticColumnsOf(batch.statics));
      if (batch.staticColumns !== undefined && batch.staticColumns.length > 0)
        statics.push(batch.staticColumns);
      const fixes = batchPositionCount(batch);
      rows += fixes;
      if (rows >= flushRows || Date.now() - sinceMs >= FLUSH_AFTER_MS) await flush();
      return { positionsWritten: fixes, staticsWritten: batchStaticCount(batch) };
    },
    flush,
  };
}

function committer(pool: pg.Pool, flagOf: FlagOf) {
  return async (
    runId: number,
    batch: { positions: readonly PositionRecord[]; statics: readonly StaticColumns[] },
  ): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // Waiting for the WAL flush of each commit buys nothing here: a commit lost to a server
      // crash is replayed by re-running the ingest, and the database stays consistent either way.
      await client.query('SET LOCAL synchronous_commit = off');
      if (batch.statics.some((c) => c.length > 0)) await client.query(STATICS_LOCK);
      const deltas = new Map<number, VesselDelta>();
      let positionsAdded = 0;
      if (batch.positions.length > 0) {
        const ps = batch.positions;
        const cols = columns(ps, [
          (p) => p.mmsi,
          (p) => p.tsMs,
          (p) => p.lon,
          (p) => p.lat,
          (p) => p.speedKnots,
          (p) => p.courseDeg,
          (p) => p.headingDeg,
          (p) => p.navStatus,
          (p) => p.msgType,
          (p) => p.source,
        ]);
        const res = await client.query({
          text: INSERT_POSITIONS,
          values: [...cols, runId],
          rowMode: 'array',
        });
        positionsAdded = res.rowCount ?? 0;
        for (const [mmsi, tsMs] of res.rows as [number, number][]) addSeen(deltas, mmsi, tsMs, 1);
      }

      const plan = planStaticColumns(batch.statics, flagOf);
      const identityNos = await numberOnPostgres(
        client,
        plan.identities.map((i) => ({ mmsi: i.mmsi, key: i.identityKey })),
        STORED_IDENTITY_NOS,
        MAX_IDENTITY_NOS,
      );
      if (identityNos.added.length > 0) {
        const added = identityNos.added.map((i) => ({ ...plan.identities[i], no: identityNos.numbers[i] }));
        await client.query(
          INSERT_IDENTITIES,
          columns(added, [
            (d) => d.mmsi,
            (d) => d.no,
            (d) => d.identityKey,
            (d) => d.imo,
            (d) => d.name,
            (d) => d.callSign,
            (d) => d.shipType,
            (d) => d.lengthM,
            (d) => d.beamM,
            (d) => d.flag,
          ]),
        );
      }
      const newReports = new NewReports();
      const reports = plan.reports;
      const { order, no } = reportOrder(reports, identityNos.numbers);
      if (order.length > 0) {
        const cols = columns(
          [...order],
          [
            (i) => reports.mmsi[i],
            (i) => reports.tsKey[i],
            (i) => no[i],
            (i) => reports.tsMs(i),
            (i) => reports.content[i].msgType,
            (i) => reports.content[i].source,
          ],
        );
        const res = await client.query({ text: INSERT_REPORTS, values: [...cols, runId], rowMode: 'array' });
        for (const [mmsi, n, tsMs] of res.rows as [number, number, number | null][])
          newReports.push(mmsi, n, tsMs);
      }
      const voyageNos = await numberOnPostgres(
        client,
        plan.voyageStates.map((v) => ({ mmsi: v.mmsi, key: v.voyageKey })),
        STORED_VOYAGE_NOS,
        MAX_VOYAGE_NOS,
      );
      if (voyageNos.added.length > 0) {
        const added = voyageNos.added.map((i) => ({ ...plan.voyageStates[i], no: voyageNos.numbers[i] }));
        await client.query(
          INSERT_VOYAGE_STATES,
          columns(added, [
            (v) => v.mmsi,
            (v) => v.no,
            (v) => v.voyageKey,
            (v) => v.draughtM,
            (v) => v.destination,
            (v) => v.eta,
          ]),
        );
      }
      let voyageReportsAdded = 0;
      const voyages = plan.voyages;
      const voyageRows = reportOrder(voyages, voyageNos.numbers);
      if (voyageRows.order.length > 0) {
        const cols = columns(
          [...voyageRows.order],
          [
            (i) => voyages.mmsi[i],
            (i) => voyages.tsKey[i],
            (i) => voyageRows.no[i],
            (i) => voyages.tsMs(i),
            (i) => voyages.content[i].source,
          ],
        );
        voyageReportsAdded = (await client.query(INSERT_VOYAGES, [...cols, runId])).rowCount ?? 0;
      }
      addStaticsSeen(deltas, batch.statics);

      // Rows are upserted in key order so concurrent writers lock them in the same order.
      const vessels = [...deltas.values()].sort((a, b) => a.mmsi - b.mmsi);
      if (vessels.length > 0) {
        await client.query(
          UPSERT_VESSELS,
          columns(vessels, [
            (d) => d.mmsi,
            (d) => flagOf(d.mmsi),
            (d) => d.firstSeenMs,
            (d) => d.lastSeenMs,
            (d) => d.positionCount,
          ]),
        );
      }
      const identities = identityDeltas(newReports);
      if (identities.length > 0) {
        await client.query(
          ADD_TO_IDENTITIES,
          columns(identities, [
            (d) => d.mmsi,
            (d) => d.identityNo,
            (d) => d.firstSeenMs,
            (d) => d.lastSeenMs,
            (d) => d.reportCount,
          ]),
        );
        const touched = [...new Set(identities.map((d) => d.mmsi))];
        const res = await client.query(
          `SELECT mmsi, identity_key, imo, name, call_sign, ship_type, length_m, beam_m, flag, last_seen_ms
           FROM vessel_identities WHERE mmsi = ANY($1::bigint[])`,
          [touched],
        );
        const byMmsi = new Map<number, IdentityRowDb[]>();
        for (const r of res.rows as IdentityRowDb[]) {
          const list = byMmsi.get(r.mmsi);
          if (list) list.push(r);
          else byMmsi.set(r.mmsi, [r]);
        }
        const latest = touched.map((mmsi) => ({
          mmsi,
          ...latestIdentity((byMmsi.get(mmsi) ?? []).map(fromIdentityRowDb)),
        }));
        await client.query(
          SET_LATEST,
          columns(latest, [
            (l) => l.mmsi,
            (l) => l.imo,
            (l) => l.name,
            (l) => l.callSign,
            (l) => l.shipType,
            (l) => l.lengthM,
            (l) => l.beamM,
          ]),
        );
      }
      const run = await client.query(numbered(ADD_TO_RUN), [
        positionsAdded,
        newReports.length,
        voyageReportsAdded,
        runId,
      ]);
      if (run.rowCount !== 1)
        throw new Error(`ingest run ${runId} is not running (unknown or already finished)`);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };
}

/** numberStates against PostgreSQL: two queries for the whole commit, not two per state. */
async function numberOnPostgres(
  client: pg.PoolClient,
  states: readonly { mmsi: number; key: string }[],
  storedSql: string,
  maxSql: string,
): Promise<{ numbers: number[]; added: number[] }> {
  if (states.length === 0) return { numbers: [], added: [] };
  const stored = await client.query({
    text: storedSql,
    values: [states.map((s) => s.mmsi), states.map((s) => s.key)],
    rowMode: 'array',
  });
  const storedNo = new Map<string, number>();
  for (const [mmsi, key, no] of stored.rows as [number, string, number][]) storedNo.set(`${mmsi} ${key}`, no);
  const mmsis = [...new Set(states.map((s) => s.mmsi))];
  const max = await client.query({ text: maxSql, values: [mmsis], rowMode: 'array' });
  const maxNo = new Map<number, number>();
  for (const [mmsi, no] of max.rows as [number, number][]) maxNo.set(Number(mmsi), Number(no));
  return numberStates(
    states,
    (mmsi, key) => storedNo.get(`${mmsi} ${key}`),
    (mmsi) => maxNo.get(mmsi) ?? 0,
  );
}
