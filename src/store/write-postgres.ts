/**
 * PostgreSQL's write path. Batches are buffered and committed together (PG_FLUSH_ROWS fixes, and at
 * the end of a run, before a read, when another run writes, or when the buffer is 5 s old); the
 * fixes, identity reports and voyage reports go in by binary COPY (pg-copy.ts), the few other rows
 * (vessels, identities, voyage statements, run counters) by one `INSERT … SELECT FROM unnest(…)`
 * or `UPDATE … FROM unnest(…)` each.
 *
 * Why COPY. The path before this one, `INSERT … SELECT FROM unnest($1::bigint[], …) ON CONFLICT DO
 * NOTHING RETURNING`, cost the server the speculative insertion ON CONFLICT does per row and the
 * parsing of the parameters' text arrays, and sent one row back per new fix or report, which Node
 * parsed. Measured on the 2-core VM shared with other work (load 9–12), `tallyman ingest` of the
 * dense feed (1,142,732 fixes, 222,545 static reports), before → after: backend CPU 25.7–30.1 s
 * → 13.9–17.3 s, Node CPU 19.3–23.1 s → 9.2–10.6 s, wall 87.5–109.4 s → 30.5–40.7 s (see
 * src/store/README.md).
 * What a COPY still costs is the tables' own upkeep: without the two indexes of `positions` a COPY
 * of the fixes takes ~20% of the CPU it takes with them, and the report tables' foreign key to
 * `ingest_runs` (a trigger run per row) is ~30% of the backend's CPU on the dense feed.
 *
 * COPY cannot skip a stored key, though, and a row whose key is stored must add nothing. So each
 * table, keyed (mmsi, time, …), is filled by copyNewRows:
 *
 * - One index probe per vessel for the time of its latest stored row. A buffered row later than
 *   that cannot be stored yet; the buffer is deduplicated in key order (the first arrival of a key
 *   stays), so each such row is new: it goes straight into the table, and what it adds to its
 *   vessel, identity and run is counted here. That is every row of a first ingest of a
 *   time-ordered feed.
 * - The others (a re-ingest of overlapping data, the replay after a crash, rows arriving late) go
 *   by COPY into a session temporary table and then `INSERT … SELECT … ON CONFLICT DO NOTHING`,
 *   whose RETURNING is summed in SQL (per vessel, or per vessel and identity): no row comes back.
 * - Another writer storing the same key between the probe and the COPY (two processes ingesting
 *   overlapping files) makes the COPY fail on the primary key (or deadlock): that transaction is
 *   rolled back and run again with every row on the ON CONFLICT route. Exactness never depends on
 *   the probe, only speed.
 *
 * Two transactions per commit, at once, on two connections: the fixes (with the position counts
 * and first/last seen they add to their vessels, and positions_added), and the static reports (with
 * identities, voyage statements, identity counts, latest identity, what they add to first/last seen,
 * and the reports_added counters). A backend uses one core, and the reports are ~40% of the
 * server's work, so this is what lets the server use the second core. Both lock vessels rows in
 * MMSI order and then the run's row, so they wait for each other briefly and never deadlock.
 * Meanwhile Node encodes the next commit (sorting and encoding 50,000 fixes: ~25 ms, loaded); a
 * batch call returns without waiting for the commit in flight, and a failed commit's error comes
 * out of the next write, flush or read (its batches dropped, as write-sqlite.ts drops a failed
 * commit's).
 *
 * Crash safety (src/store/README.md): each transaction holds whole batches' rows with exactly what
 * they add to the counts, so after a kill -9 the store holds some commits' fixes and some commits'
 * reports, each counted; the re-run of the same content resumes the run and replays every batch,
 * the keys (and the probe) skipping what is stored and the counts taking only what is new, which
 * gives the same store as one clean run (test/store/kill.test.ts, test/cli/ingest-kill.test.ts).
 * `synchronous_commit = off` per transaction only lets a server crash lose the last commits, which
 * the re-run also replays; fsync and full-page writes stay as the server has them.
 */
import type pg from 'pg';
import { PositionBuffer } from '../tracks/position-columns.js';
import { type StaticColumns, staticColumnsOf } from '../tracks/static-columns.js';
import {
  addStaticsSeen,
  type IdentityDelta,
  identityDeltas,
  NewReports,
  numberStates,
  type PlannedReports,
  planStaticColumns,
  reportOrder,
  type StaticsPlan,
} from './batch-plan.js';
import { checkedTable, copyNewRows, KeyedRows, textBytes } from './pg-copy.js';
import {
  addSeen,
  type FlagOf,
  fromIdentityRowDb,
  type IdentityRowDb,
  latestIdentity,
  maxMs,
  minMs,
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

/**
 * What the ON CONFLICT route (pg-copy.ts, copyNewRows) runs once the rows that may be stored are
 * in the session's temporary table: the new ones go in, and what they add comes back summed in
 * SQL (per vessel for fixes, per vessel and identity for identity reports), never row by row.
 */
const INSERT_CHECKED_FIXES = `WITH added AS (
    INSERT INTO positions (${POSITION_COLUMNS.join(', ')})
    SELECT ${POSITION_COLUMNS.join(', ')} FROM ${checkedTable('positions')}
    ON CONFLICT DO NOTHING RETURNING mmsi, ts_ms)
  SELECT mmsi, count(*)::int, min(ts_ms), max(ts_ms) FROM added GROUP BY mmsi`;
const INSERT_CHECKED_REPORTS = `WITH added AS (
    INSERT INTO identity_reports (${REPORT_COLUMNS.join(', ')})
    SELECT ${REPORT_COLUMNS.join(', ')} FROM ${checkedTable('identity_reports')}
    ON CONFLICT DO NOTHING RETURNING mmsi, identity_no, ts_ms)
  SELECT mmsi, identity_no, count(*)::int, min(ts_ms), max(ts_ms) FROM added GROUP BY mmsi, identity_no`;
const INSERT_CHECKED_VOYAGES = `INSERT INTO voyage_reports (${VOYAGE_COLUMNS.join(', ')})
  SELECT ${VOYAGE_COLUMNS.join(', ')} FROM ${checkedTable('voyage_reports')} ON CONFLICT DO NOTHING`;

const UPSERT_VESSELS = `INSERT INTO vessels (${VESSEL_COLUMNS.join(', ')})
  SELECT * FROM ${unnest(['bigint', 'text', 'bigint', 'bigint', 'bigint'])}
  ${VESSEL_ON_CONFLICT}`;

/**
 * New identities and voyage statements get numbers max + 1 … per vessel (batch-plan.ts): two
 * writers doing that at once would pick the same number, so the transaction of a commit's static
 * reports holds this lock from its start (before any row lock, so no writer waits for it while
 * holding one). Keyed
 * by the schema as well: advisory locks are per database, and one database may hold many stores,
 * whose writers need not wait for each other (measured: 23 s of a 90 s ingest waiting on an
 * ingest into another schema of the same database).
 */
const STATICS_LOCK = `SELECT pg_advisory_xact_lock(${0x7a11_7a11}, hashtext(current_schema()))`;

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
 * Buffered fixes that trigger a commit. Larger commits mean fewer transactions and index probes;
 * past ~50,000 they gain little, and a smaller commit overlaps Node's encoding of the next one
 * with the server's work sooner.
 */
export const PG_FLUSH_ROWS = 50_000;
/** A slow live feed is committed at least this often. */
const FLUSH_AFTER_MS = 5_000;

/** The columns of a fix row as encoded: the variable-width text last. */
const FIX_COLUMNS = [...POSITION_COLUMNS.filter((c) => c !== 'source'), 'source'].join(', ');
/** Bytes of a fix row besides its source text: 11 fields, 10 fixed-width ones of 8 bytes at most. */
const FIX_ROW_BYTES = 11 * 4 + 10 * 8;

/**
 * The buffered fixes of one run as COPY rows in key order, each key once: equal keys are adjacent
 * in key order, the first arrival first, and the later ones would add nothing.
 */
export function encodeFixes(buf: PositionBuffer, runId: number): KeyedRows {
  const { order } = buf.keyOrder();
  const { mmsi, tsMs, lon, lat, speedKnots, courseDeg, headingDeg, navStatus, msgType, sourceIndex } = buf;
  const sourceBytes = buf.sources.map(textBytes);
  const out = new KeyedRows(buf.length, FIX_ROW_BYTES + 32);
  let p = -1;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const m = mmsi[i];
    if (p >= 0 && m === mmsi[p] && tsMs[i] === tsMs[p] && lon[i] === lon[p] && lat[i] === lat[p]) continue;
    p = i;
    out.begin(m, 11, FIX_ROW_BYTES);
    const rows = out.rows;
    rows.int8(m);
    rows.int8(tsMs[i]);
    rows.float8(lon[i]);
    rows.float8(lat[i]);
    rows.float8OrNull(speedKnots[i]);
    rows.float8OrNull(courseDeg[i]);
    rows.float8OrNull(headingDeg[i]);
    rows.int4OrNull(navStatus[i] < 0 ? null : navStatus[i]);
    rows.int4OrNull(msgType[i] < 0 ? null : msgType[i]);
    rows.int8(runId);
    rows.text(sourceBytes[sourceIndex[i]]);
    out.end(tsMs[i]);
  }
  return out.done();
}

/** The columns of an identity report row as encoded. */
const REPORT_ROW_COLUMNS = [...REPORT_COLUMNS.filter((c) => c !== 'source'), 'source'];
/** Bytes of an identity report row besides its source text. */
const REPORT_ROW_BYTES = 7 * 4 + 6 * 8;
/** The columns of a voyage report row as encoded. */
const VOYAGE_ROW_COLUMNS = [...VOYAGE_COLUMNS.filter((c) => c !== 'source'), 'source'];
/** Bytes of a voyage report row besides its source text. */
const VOYAGE_ROW_BYTES = 6 * 4 + 5 * 8;

/**
 * Identity or voyage reports as COPY rows, `order` (reportOrder: key order, each key once) with
 * each report's statement number `no`; `withMsgType` for identity reports (voyage reports have
 * none).
 */
function encodeReports(
  reports: PlannedReports,
  order: Uint32Array,
  no: Int32Array,
  runId: number,
  withMsgType: boolean,
): KeyedRows {
  const sources = new Map<string, Buffer>();
  const sourceBytes = (s: string | null) => {
    if (s === null) return null;
    let b = sources.get(s);
    if (b === undefined) {
      b = Buffer.from(s, 'utf8');
      sources.set(s, b);
    }
    return b;
  };
  const fields = withMsgType ? 7 : 6;
  const fixed = withMsgType ? REPORT_ROW_BYTES : VOYAGE_ROW_BYTES;
  const out = new KeyedRows(order.length, fixed + 32);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const content = reports.content[i];
    out.begin(reports.mmsi[i], fields, fixed);
    const rows = out.rows;
    rows.int8(reports.mmsi[i]);
    rows.int8(reports.tsKey[i]);
    rows.int4(no[i]);
    rows.int8OrNull(reports.tsMs(i));
    if (withMsgType) rows.int4OrNull(content.msgType);
    rows.int8(runId);
    rows.text(sourceBytes(content.source));
    out.end(reports.tsKey[i]);
  }
  return out.done();
}

/** One commit's work, prepared before it waits for the previous commit. */
interface Commit {
  runId: number;
  fixes: KeyedRows | null;
  statics: readonly StaticColumns[];
  plan: StaticsPlan;
}

export interface PostgresWriter {
  write(runId: number, batch: WriteBatch): Promise<BatchResult>;
  /** Commits whatever is buffered, and waits for every commit. */
  flush(): Promise<void>;
}

/**
 * Batches are buffered and committed together (see the top of this file for why that stays crash
 * safe). At most one commit is in flight while the next buffer fills.
 */
export function postgresWriter(pool: pg.Pool, flagOf: FlagOf, flushRows = PG_FLUSH_ROWS): PostgresWriter {
  const commit = committer(pool, flagOf);
  let bufRunId = -1;
  let fixes = new PositionBuffer();
  let statics: StaticColumns[] = [];
  let sinceMs = 0;
  let inFlight: Promise<void> | null = null;
  /** Waits for the commit in flight; its error, if it failed, is thrown here. */
  const settle = async () => {
    const p = inFlight;
    inFlight = null;
    if (p !== null) await p;
  };
  /** Encodes what is buffered and starts its commit once the previous one is done. */
  const startCommit = async () => {
    if (fixes.length === 0 && statics.length === 0) return;
    const job: Commit = {
      runId: bufRunId,
      fixes: fixes.length > 0 ? encodeFixes(fixes, bufRunId) : null,
      statics,
      plan: planStaticColumns(statics, flagOf),
    };
    fixes = new PositionBuffer();
    statics = [];
    await settle();
    const p = commit(job);
    // Handled here, thrown by the next settle(): never an unhandled rejection meanwhile.
    p.catch(() => {});
    inFlight = p;
  };
  const flush = async () => {
    await startCommit();
    await settle();
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
      if (fixes.length === 0 && statics.length === 0) sinceMs = Date.now();
      if (batch.positions.length > 0) fixes.push(batch.positions);
      if (batch.columns !== undefined && batch.columns.length > 0) fixes.pushColumns(batch.columns);
      if (batch.statics.length > 0) statics.push(staticColumnsOf(batch.statics));
      if (batch.staticColumns !== undefined && batch.staticColumns.length > 0)
        statics.push(batch.staticColumns);
      if (fixes.length >= flushRows || Date.now() - sinceMs >= FLUSH_AFTER_MS) await startCommit();
      return { positionsWritten: batchPositionCount(batch), staticsWritten: batchStaticCount(batch) };
    },
    flush,
  };
}

/** A COPY straight into a table met a key another writer stored after the probe. */
const isRaceOnKeys = (err: unknown): boolean => {
  const e = err as { code?: string; constraint?: string };
  return (
    (e.code === '23505' &&
      ['positions_pk', 'identity_reports_key', 'voyage_reports_key'].includes(e.constraint ?? '')) ||
    e.code === '40P01'
  );
};

function committer(pool: pg.Pool, flagOf: FlagOf) {
  /** Adds what a transaction stored to its run, which must still be running. */
  const addToRun = async (client: pg.ClientBase, runId: number, positions: number, statics: StaticsAdded) => {
    const run = await client.query(numbered(ADD_TO_RUN), [
      positions,
      statics.identityReportsAdded,
      statics.voyageReportsAdded,
      runId,
    ]);
    if (run.rowCount !== 1)
      throw new Error(`ingest run ${runId} is not running (unknown or already finished)`);
  };
  const begin = async (client: pg.ClientBase) => {
    await client.query('BEGIN');
    // Waiting for the WAL flush of each commit buys nothing here: a commit lost to a server
    // crash is replayed by re-running the ingest, and the database stays consistent either way.
    await client.query('SET LOCAL synchronous_commit = off');
  };
  /** The fixes of a commit with what they add to their vessels and run. */
  const fixesTransaction = async (client: pg.ClientBase, job: Commit, probe: boolean): Promise<void> => {
    await begin(client);
    const deltas = new Map<number, VesselDelta>();
    const added = job.fixes === null ? 0 : await insertFixes(client, job.fixes, deltas, probe);
    await upsertVessels(client, deltas, flagOf);
    await addToRun(client, job.runId, added, NO_STATICS);
    await client.query('COMMIT');
  };
  /** The static reports of a commit with what they add to their vessels, identities and run. */
  const staticsTransaction = async (client: pg.ClientBase, job: Commit, probe: boolean): Promise<void> => {
    await begin(client);
    await client.query(STATICS_LOCK);
    const statics = await insertStatics(client, job.plan, job.runId, probe);
    const deltas = new Map<number, VesselDelta>();
    addStaticsSeen(deltas, job.statics);
    await upsertVessels(client, deltas, flagOf);
    await addToIdentities(client, statics.identities);
    await addToRun(client, job.runId, 0, statics);
    await client.query('COMMIT');
  };
  /** Runs a transaction on a pooled connection, once more on the ON CONFLICT route after a race. */
  const run = async (
    transaction: (client: pg.ClientBase, job: Commit, probe: boolean) => Promise<void>,
    job: Commit,
  ): Promise<void> => {
    const client = await pool.connect();
    try {
      try {
        await transaction(client, job, true);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        if (!isRaceOnKeys(err)) throw err;
        // Another writer stored some of these keys meanwhile: every row goes through the
        // ON CONFLICT route this time.
        await transaction(client, job, false);
      }
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };
  return async (job: Commit): Promise<void> => {
    const done = await Promise.allSettled([
      job.fixes !== null ? run(fixesTransaction, job) : null,
      job.statics.some((c) => c.length > 0) ? run(staticsTransaction, job) : null,
    ]);
    for (const d of done) if (d.status === 'rejected') throw d.reason;
  };
}

const NO_STATICS: StaticsAdded = { identities: [], identityReportsAdded: 0, voyageReportsAdded: 0 };

/**
 * Stores the new fixes of a commit (see the top of this file); adds them to `deltas` and returns
 * how many there were. With `probe` false every fix takes the ON CONFLICT route.
 */
async function insertFixes(
  client: pg.ClientBase,
  fixes: KeyedRows,
  deltas: Map<number, VesselDelta>,
  probe: boolean,
): Promise<number> {
  const { split, checked } = await copyNewRows(
    client,
    { table: 'positions', columns: FIX_COLUMNS, time: 'ts_ms' },
    fixes,
    probe,
    INSERT_CHECKED_FIXES,
  );
  let added = 0;
  const { vesselMmsi, vesselStart, time } = fixes;
  for (let v = 0; v < vesselMmsi.length; v++) {
    const from = split[v];
    const to = vesselStart[v + 1];
    if (from === to) continue;
    addSeen(deltas, vesselMmsi[v], time[from], to - from);
    addSeen(deltas, vesselMmsi[v], time[to - 1], 0);
    added += to - from;
  }
  for (const [mmsi, n, first, last] of (checked?.rows ?? []) as [number, number, number, number][]) {
    addSeen(deltas, mmsi, first, n);
    addSeen(deltas, mmsi, last, 0);
    added += n;
  }
  return added;
}

/** What a commit's static reports added. */
interface StaticsAdded {
  /** Per (vessel, identity): the new identity reports' count and times. */
  identities: IdentityDelta[];
  identityReportsAdded: number;
  voyageReportsAdded: number;
}

/**
 * Numbers new identities and voyage statements and stores them, then the new identity and voyage
 * reports (by COPY, like the fixes).
 */
async function insertStatics(
  client: pg.ClientBase,
  plan: StaticsPlan,
  runId: number,
  probe: boolean,
): Promise<StaticsAdded> {
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
  const identities: IdentityDelta[] = [];
  let identityReportsAdded = 0;
  const reports = plan.reports;
  const { order, no } = reportOrder(reports, identityNos.numbers);
  if (order.length > 0) {
    const rows = encodeReports(reports, order, no, runId, true);
    const { split, checked } = await copyNewRows(
      client,
      { table: 'identity_reports', columns: REPORT_ROW_COLUMNS.join(', '), time: 'ts_key' },
      rows,
      probe,
      INSERT_CHECKED_REPORTS,
    );
    // The reports that went straight in, as the engine would have returned them.
    const direct = new NewReports();
    for (let v = 0; v < rows.vesselMmsi.length; v++) {
      for (let r = split[v]; r < rows.vesselStart[v + 1]; r++) {
        const i = order[r];
        direct.push(reports.mmsi[i], no[i], reports.tsMs(i));
      }
    }
    identities.push(...identityDeltas(direct));
    identityReportsAdded += direct.length;
    for (const [mmsi, identityNo, reportCount, firstSeenMs, lastSeenMs] of (checked?.rows ?? []) as [
      number,
      number,
      number,
      number | null,
      number | null,
    ][]) {
      identities.push({ mmsi, identityNo, firstSeenMs, lastSeenMs, reportCount });
      identityReportsAdded += reportCount;
    }
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
  const voyageRows = reportOrder(plan.voyages, voyageNos.numbers);
  if (voyageRows.order.length > 0) {
    const rows = encodeReports(plan.voyages, voyageRows.order, voyageRows.no, runId, false);
    const { split, checked } = await copyNewRows(
      client,
      { table: 'voyage_reports', columns: VOYAGE_ROW_COLUMNS.join(', '), time: 'ts_key' },
      rows,
      probe,
      INSERT_CHECKED_VOYAGES,
    );
    for (let v = 0; v < rows.vesselMmsi.length; v++) voyageReportsAdded += rows.vesselStart[v + 1] - split[v];
    voyageReportsAdded += checked?.rowCount ?? 0;
  }
  return { identities: mergeIdentityDeltas(identities), identityReportsAdded, voyageReportsAdded };
}

/** One delta per (vessel, identity), in key order: counts add, times merge. */
function mergeIdentityDeltas(list: readonly IdentityDelta[]): IdentityDelta[] {
  const byKey = new Map<string, IdentityDelta>();
  for (const d of list) {
    const key = `${d.mmsi} ${d.identityNo}`;
    const m = byKey.get(key);
    if (m === undefined) byKey.set(key, { ...d });
    else {
      m.firstSeenMs = minMs(m.firstSeenMs, d.firstSeenMs);
      m.lastSeenMs = maxMs(m.lastSeenMs, d.lastSeenMs);
      m.reportCount += d.reportCount;
    }
  }
  return [...byKey.values()].sort((a, b) => a.mmsi - b.mmsi || a.identityNo - b.identityNo);
}

/** Adds the commit's vessel deltas; in key order, so concurrent writers lock rows in one order. */
async function upsertVessels(
  client: pg.ClientBase,
  deltas: Map<number, VesselDelta>,
  flagOf: FlagOf,
): Promise<void> {
  const vessels = [...deltas.values()].sort((a, b) => a.mmsi - b.mmsi);
  if (vessels.length === 0) return;
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

/** Adds new identity reports to their identities, then sets each touched vessel's latest identity. */
async function addToIdentities(client: pg.ClientBase, identities: readonly IdentityDelta[]): Promise<void> {
  if (identities.length === 0) return;
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

/** numberStates against PostgreSQL: two queries for the whole commit, not two per state. */
async function numberOnPostgres(
  client: pg.ClientBase,
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
