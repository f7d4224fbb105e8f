/**
 * SQLite's write path: batches are buffered in memory and committed in large units, each as one
 * synchronous transaction whose fixes go into `positions` in key order.
 *
 * Why: `positions` is kept in (mmsi, time) order so a track is one range read, while AIS arrives
 * in time order with every vessel interleaved. Inserted as it comes, each fix lands at a random
 * place in that B-tree (~4 µs), and a commit rewrites every page it touched, which for
 * interleaved vessels is nearly all of them — so small commits cost a WAL copy of the table each.
 * Sorting FLUSH_ROWS fixes first makes each commit one ordered pass over the tree (each leaf page
 * written once), and a table without secondary indexes makes that pass the only B-tree written.
 *
 * Crash safety: what is buffered and not yet committed is lost with the process, and nothing
 * else is: every commit holds whole batches with their run counters and vessel counts. A re-run
 * of the same content resumes the run and replays everything; what was committed is skipped by the
 * keys, so the result is the same as one clean run. A slow live feed is committed at least every
 * FLUSH_AFTER_MS, and before every read and at the end of a run.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { PositionBuffer } from '../tracks/position-columns.js';
import { type StaticColumns, staticColumnsOf } from '../tracks/static-columns.js';
import {
  addStaticsSeen,
  identityDeltas,
  NewReports,
  numberStates,
  planStaticColumns,
  reportOrder,
  type StaticsPlan,
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
  LATEST_IDENTITY_SET,
  REPORT_COLUMNS,
  VESSEL_COLUMNS,
  VESSEL_ON_CONFLICT,
  VOYAGE_COLUMNS,
  VOYAGE_STATE_COLUMNS,
} from './upsert-sql.js';

/** Rows per INSERT (11 columns × 250 stays far below SQLite's 32,766 variables). */
const CHUNK = 250;
/**
 * Buffered fixes that trigger a commit. Measured on 1M interleaved fixes of 2,000 vessels: the
 * larger the commit, the fewer times each leaf page is rewritten; 250k keeps the buffer ~40 MB.
 */
export const FLUSH_ROWS = 250_000;
/**
 * The first commit's size; each full commit doubles it, up to FLUSH_ROWS. Early commits go into a
 * table that is still small, so they cost little, and an ingest has work committed early on.
 */
const FIRST_FLUSH_ROWS = 25_000;
/** A slow live feed is committed at least this often, so what it sent becomes durable. */
const FLUSH_AFTER_MS = 5_000;

const placeholders = (n: number) => `(${new Array(n).fill('?').join(', ')})`;
const COLS = POSITION_COLUMNS.join(', ');
/** Bound values per fix: every column but the run id, which is written into the statement (one
 * bind fewer per row, ~10% of an insert) — a statement set is prepared per run. */
const NCOLS = POSITION_COLUMNS.length - 1;
const ROW_OF_RUN = (runId: number) => `(${new Array(NCOLS).fill('?').join(', ')}, ${Math.trunc(runId)})`;

const rowsOf = (rows: number, cols: number) => new Array(rows).fill(placeholders(cols)).join(', ');

/**
 * Rows for the next statement when `left` remain: CHUNK, or for a shorter tail the largest power of
 * two that fits — so a run prepares at most 9 statement sizes per table instead of one per tail
 * length (each vessel's last chunk of a commit has its own; ~250 prepares cost ~50 ms).
 */
export function chunkRows(left: number): number {
  if (left >= CHUNK) return CHUNK;
  let n = 1;
  while (n * 2 <= left) n *= 2;
  return n;
}

/** Multi-row statements prepared on first use, one per row count up to CHUNK. */
function statementsBySize(
  db: BetterSqlite3.Database,
  sqlFor: (rows: number) => string,
  raw = false,
): (rows: number) => BetterSqlite3.Statement {
  const byRows: BetterSqlite3.Statement[] = [];
  return (rows) => {
    let s = byRows[rows];
    if (s === undefined) {
      s = db.prepare(sqlFor(rows));
      if (raw) s.raw(true);
      byRows[rows] = s;
    }
    return s;
  };
}

export interface SqliteWriter {
  write(runId: number, batch: WriteBatch): BatchResult;
  /** Commits whatever is buffered; a no-op when nothing is. */
  flush(): void;
}

export function sqliteWriter(
  db: BetterSqlite3.Database,
  flagOf: FlagOf,
  flushRows = FLUSH_ROWS,
  /** Called after each commit with the fixes it held (open.ts starts background checkpoints). */
  afterCommit: (fixes: number) => void = () => {},
): SqliteWriter {
  if (POSITION_COLUMNS[POSITION_COLUMNS.length - 1] !== 'ingest_run_id')
    throw new Error('internal: the run id must be the last position column');
  const insertStmt = positionInserter(db);
  const st = prepareStatements(db);

  let bufRunId = -1;
  const bufPositions = new PositionBuffer();
  let bufStatics: StaticColumns[] = [];
  let bufRows = 0;
  let bufSinceMs = 0;
  let nextFlushRows = Math.min(flushRows, FIRST_FLUSH_ROWS);

  /** Bound values of a statement of n rows, by n: refilled whole for each statement (chunkRows gives
   * at most 9 sizes), so a commit allocates none. */
  const valuesOfRows: unknown[][] = [];

  const commit = db.transaction((runId: number) => {
    const deltas = new Map<number, VesselDelta>();
    const positionsAdded = insertPositions(bufPositions, insertStmt, valuesOfRows, runId, deltas);
    const plan = planStaticColumns(bufStatics, flagOf);
    const newReports = insertIdentityReports(st, plan, runId);
    const voyageReportsAdded = insertVoyageReports(st, plan, runId);
    addStaticsSeen(deltas, bufStatics);
    updateVessels(st, flagOf, deltas, newReports);
    const run = st.addToRun.run(positionsAdded, newReports.length, voyageReportsAdded, runId);
    if (run.changes !== 1)
      throw new Error(`ingest run ${runId} is not running (unknown or already finished)`);
  });

  const flush = () => {
    if (bufPositions.length === 0 && bufStatics.length === 0) return;
    const runId = bufRunId;
    const fixes = bufPositions.length;
    try {
      commit.immediate(runId);
      afterCommit(fixes);
    } finally {
      // A failed commit is not retried with the next batch: its error is the caller's.
      bufPositions.clear();
      bufStatics = [];
      bufRows = 0;
    }
  };

  return {
    write(runId, batch) {
      if (st.runIsRunning.get(runId) === undefined)
        throw new Error(`ingest run ${runId} is not running (unknown or already finished)`);
      if (runId !== bufRunId) {
        flush();
        bufRunId = runId;
      }
      if (bufPositions.length === 0 && bufStatics.length === 0) bufSinceMs = Date.now();
      if (batch.positions.length > 0) bufPositions.push(batch.positions);
      if (batch.columns !== undefined && batch.columns.length > 0) bufPositions.pushColumns(batch.columns);
      if (batch.statics.length > 0) bufStatics.push(staticColumnsOf(batch.statics));
      if (batch.staticColumns !== undefined && batch.staticColumns.length > 0)
        bufStatics.push(batch.staticColumns);
      const fixes = batchPositionCount(batch);
      bufRows += fixes;
      if (bufRows >= nextFlushRows) {
        flush();
        nextFlushRows = Math.min(flushRows, nextFlushRows * 2);
      } else if (Date.now() - bufSinceMs >= FLUSH_AFTER_MS) flush();
      return { positionsWritten: fixes, staticsWritten: batchStaticCount(batch) };
    },
    flush,
  };
}

/**
 * The INSERT of n fixes of one run, by n: the run id is written into the SQL (it is the same for
 * every row), and the statements are prepared again only when the run changes.
 */
function positionInserter(
  db: BetterSqlite3.Database,
): (runId: number, rows: number) => BetterSqlite3.Statement {
  let insertStmtRun = -1;
  let insertStmtOfRun: (rows: number) => BetterSqlite3.Statement = () => {
    throw new Error('internal: no statements prepared');
  };
  return (runId: number, rows: number) => {
    if (runId !== insertStmtRun) {
      const row = ROW_OF_RUN(runId);
      insertStmtOfRun = statementsBySize(
        db,
        (n) =>
          `INSERT INTO positions (${COLS}) VALUES ${new Array(n).fill(row).join(', ')} ON CONFLICT DO NOTHING`,
      );
      insertStmtRun = runId;
    }
    return insertStmtOfRun(rows);
  };
}

/** The statements a commit runs, prepared once per writer. */
function prepareStatements(db: BetterSqlite3.Database) {
  const insertReportsSql = (n: number) =>
    `INSERT INTO identity_reports (${REPORT_COLUMNS.join(', ')}) VALUES ${rowsOf(n, REPORT_COLUMNS.length)}
       ON CONFLICT DO NOTHING`;
  const insertReports = statementsBySize(db, insertReportsSql);
  const insertReportsReturning = statementsBySize(
    db,
    (n) => `${insertReportsSql(n)} RETURNING mmsi, identity_no, ts_ms`,
    true,
  );
  const savepoint = db.prepare('SAVEPOINT identity_reports_chunk');
  const rollbackToSavepoint = db.prepare('ROLLBACK TO identity_reports_chunk');
  const releaseSavepoint = db.prepare('RELEASE identity_reports_chunk');
  const insertVoyages = statementsBySize(
    db,
    (n) =>
      `INSERT INTO voyage_reports (${VOYAGE_COLUMNS.join(', ')}) VALUES ${rowsOf(n, VOYAGE_COLUMNS.length)}
       ON CONFLICT DO NOTHING`,
  );
  const identityNoOf = db
    .prepare('SELECT identity_no FROM vessel_identities WHERE mmsi = ? AND identity_key = ?')
    .pluck();
  const maxIdentityNo = db
    .prepare('SELECT coalesce(max(identity_no), 0) FROM vessel_identities WHERE mmsi = ?')
    .pluck();
  const insertIdentity = db.prepare(
    `INSERT INTO vessel_identities (${IDENTITY_COLUMNS.join(', ')}) VALUES (${new Array(IDENTITY_COLUMNS.length - 3).fill('?').join(', ')}, NULL, NULL, 0)`,
  );
  const addToIdentity = db.prepare(
    `UPDATE vessel_identities SET ${identityAddSet('@first', '@last', '@n')} WHERE mmsi = @mmsi AND identity_no = @no`,
  );
  const voyageNoOf = db
    .prepare('SELECT voyage_no FROM voyage_states WHERE mmsi = ? AND voyage_key = ?')
    .pluck();
  const maxVoyageNo = db
    .prepare('SELECT coalesce(max(voyage_no), 0) FROM voyage_states WHERE mmsi = ?')
    .pluck();
  const insertVoyageState = db.prepare(
    `INSERT INTO voyage_states (${VOYAGE_STATE_COLUMNS.join(', ')}) VALUES ${placeholders(VOYAGE_STATE_COLUMNS.length)}`,
  );
  const upsertVessel = db.prepare(
    `INSERT INTO vessels (${VESSEL_COLUMNS.join(', ')}) VALUES ${placeholders(VESSEL_COLUMNS.length)}
     ${VESSEL_ON_CONFLICT}`,
  );
  const identitiesOf = db.prepare(
    `SELECT mmsi, identity_key, imo, name, call_sign, ship_type, length_m, beam_m, flag, last_seen_ms
     FROM vessel_identities WHERE mmsi = ?`,
  );
  const setLatest = db.prepare(`UPDATE vessels SET ${LATEST_IDENTITY_SET} WHERE mmsi = ?`);
  const addToRun = db.prepare(ADD_TO_RUN);
  const runIsRunning = db.prepare(`SELECT 1 FROM ingest_runs WHERE id = ? AND status = 'running'`).pluck();
  return {
    insertReports,
    insertReportsReturning,
    savepoint,
    rollbackToSavepoint,
    releaseSavepoint,
    insertVoyages,
    identityNoOf,
    maxIdentityNo,
    insertIdentity,
    addToIdentity,
    voyageNoOf,
    maxVoyageNo,
    insertVoyageState,
    upsertVessel,
    identitiesOf,
    setLatest,
    addToRun,
    runIsRunning,
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** Fixes of one commit, vessel by vessel in key order; returns the fixes that were new. */
function insertPositions(
  buf: PositionBuffer,
  insertStmt: (runId: number, rows: number) => BetterSqlite3.Statement,
  valuesOfRows: unknown[][],
  runId: number,
  deltas: Map<number, VesselDelta>,
): number {
  const { order, vesselStarts } = buf.keyOrder();
  const {
    mmsi: mm,
    tsMs,
    lon,
    lat,
    speedKnots,
    courseDeg,
    headingDeg,
    navStatus,
    msgType,
    sourceIndex,
  } = buf;
  const sources = buf.sources;
  let added = 0;
  for (let v = 0; v + 1 < vesselStarts.length; v++) {
    const from = vesselStarts[v]!;
    const to = vesselStarts[v + 1]!;
    const mmsi = mm[order[from]!]!;
    let vesselAdded = 0;
    // A statement never spans two vessels, so its change count is that vessel's new fixes.
    for (let start = from, end = 0; start < to; start = end) {
      end = start + chunkRows(to - start);
      const rows = end - start;
      let values = valuesOfRows[rows];
      if (values === undefined) {
        values = new Array(rows * NCOLS);
        valuesOfRows[rows] = values;
      }
      let j = 0;
      for (let k = start; k < end; k++) {
        const i = order[k]!;
        values[j++] = mmsi;
        values[j++] = tsMs[i];
        values[j++] = lon[i];
        values[j++] = lat[i];
        const sp = speedKnots[i]!;
        values[j++] = Number.isNaN(sp) ? null : sp;
        const co = courseDeg[i]!;
        values[j++] = Number.isNaN(co) ? null : co;
        const he = headingDeg[i]!;
        values[j++] = Number.isNaN(he) ? null : he;
        const st = navStatus[i]!;
        values[j++] = st < 0 ? null : st;
        const ty = msgType[i]!;
        values[j++] = ty < 0 ? null : ty;
        values[j++] = sources[sourceIndex[i]!];
      }
      vesselAdded += insertStmt(runId, end - start).run(values).changes;
    }
    // A fix skipped as already stored was counted into first/last seen when it was stored, so
    // taking the times of every fix here changes nothing for those.
    if (vesselAdded > 0) {
      addSeen(deltas, mmsi, tsMs[order[from]!]!, vesselAdded);
      addSeen(deltas, mmsi, tsMs[order[to - 1]!]!, 0);
    }
    added += vesselAdded;
  }
  return added;
}

/**
 * Numbers the plan's new identities and stores them, then its identity reports; returns the reports
 * that were new (what they add to vessel_identities).
 */
function insertIdentityReports(st: Statements, plan: StaticsPlan, runId: number): NewReports {
  const identityNos = numberStates(
    plan.identities.map((i) => ({ mmsi: i.mmsi, key: i.identityKey })),
    (mmsi, key) => st.identityNoOf.get(mmsi, key) as number | undefined,
    (mmsi) => st.maxIdentityNo.get(mmsi) as number,
  );
  for (const i of identityNos.added) {
    const d = plan.identities[i];
    st.insertIdentity.run(
      d.mmsi,
      identityNos.numbers[i],
      d.identityKey,
      d.imo,
      d.name,
      d.callSign,
      d.shipType,
      d.lengthM,
      d.beamM,
      d.flag,
    );
  }
  const newReports = new NewReports();
  const reports = plan.reports;
  const { order, no } = reportOrder(reports, identityNos.numbers);
  for (let start = 0, end = 0; start < order.length; start = end) {
    end = start + chunkRows(order.length - start);
    const values: unknown[] = [];
    for (let k = start; k < end; k++) {
      const i = order[k];
      const c = reports.content[i];
      values.push(reports.mmsi[i], reports.tsKey[i], no[i], reports.tsMs(i), c.msgType, c.source, runId);
    }
    // Which reports were new decides what they add to vessel_identities. When every row of the
    // chunk went in (a first ingest: nearly always) that is all of them, and asking the engine
    // row by row (RETURNING) would cost half as much again; only when some were already stored
    // is the chunk undone and inserted again with RETURNING.
    st.savepoint.run();
    if (st.insertReports(end - start).run(values).changes === end - start) {
      for (let k = start; k < end; k++) {
        const i = order[k];
        newReports.push(reports.mmsi[i], no[i], reports.tsMs(i));
      }
    } else {
      st.rollbackToSavepoint.run();
      for (const [mmsi, no, tsMs] of st.insertReportsReturning(end - start).all(values) as [
        number,
        number,
        number | null,
      ][]) {
        newReports.push(mmsi, no, tsMs);
      }
    }
    st.releaseSavepoint.run();
  }
  return newReports;
}

/** Numbers the plan's new voyage states and stores them, then its voyage reports; returns how many were new. */
function insertVoyageReports(st: Statements, plan: StaticsPlan, runId: number): number {
  const voyageNos = numberStates(
    plan.voyageStates.map((v) => ({ mmsi: v.mmsi, key: v.voyageKey })),
    (mmsi, key) => st.voyageNoOf.get(mmsi, key) as number | undefined,
    (mmsi) => st.maxVoyageNo.get(mmsi) as number,
  );
  for (const i of voyageNos.added) {
    const v = plan.voyageStates[i];
    st.insertVoyageState.run(v.mmsi, voyageNos.numbers[i], v.voyageKey, v.draughtM, v.destination, v.eta);
  }
  let voyageReportsAdded = 0;
  const voyages = plan.voyages;
  const voyageRows = reportOrder(voyages, voyageNos.numbers);
  for (let start = 0, end = 0; start < voyageRows.order.length; start = end) {
    end = start + chunkRows(voyageRows.order.length - start);
    const values: unknown[] = [];
    for (let k = start; k < end; k++) {
      const i = voyageRows.order[k];
      values.push(
        voyages.mmsi[i],
        voyages.tsKey[i],
        voyageRows.no[i],
        voyages.tsMs(i),
        voyages.content[i].source,
        runId,
      );
    }
    voyageReportsAdded += st.insertVoyages(end - start).run(values).changes;
  }
  return voyageReportsAdded;
}

/** The vessels' seen times and counts, their identities' counts, and each touched vessel's latest identity. */
function updateVessels(
  st: Statements,
  flagOf: FlagOf,
  deltas: Map<number, VesselDelta>,
  newReports: NewReports,
): void {
  for (const d of deltas.values()) {
    st.upsertVessel.run(d.mmsi, flagOf(d.mmsi), d.firstSeenMs, d.lastSeenMs, d.positionCount);
  }
  const touched = new Set<number>();
  for (const d of identityDeltas(newReports)) {
    st.addToIdentity.run({
      first: d.firstSeenMs,
      last: d.lastSeenMs,
      n: d.reportCount,
      mmsi: d.mmsi,
      no: d.identityNo,
    });
    touched.add(d.mmsi);
  }
  for (const mmsi of touched) {
    const rows = st.identitiesOf.all(mmsi) as IdentityRowDb[];
    const l = latestIdentity(rows.map(fromIdentityRowDb));
    st.setLatest.run(l.imo, l.name, l.callSign, l.shipType, l.lengthM, l.beamM, mmsi);
  }
}
