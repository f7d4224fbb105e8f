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
import type { StaticRecord } from '../tracks/records.js';
import { addStaticsSeen, identityDeltas, planStatics } from './batch-plan.js';
import {
  addSeen,
  type FlagOf,
  fromIdentityRowDb,
  type IdentityRowDb,
  latestIdentity,
  POSITION_COLUMNS,
  type VesselDelta,
} from './rows.js';
import { type BatchResult, batchPositionCount, type WriteBatch } from './types.js';
import {
  ADD_TO_RUN,
  IDENTITY_COLUMNS,
  IDENTITY_ON_CONFLICT,
  LATEST_IDENTITY_SET,
  REPORT_COLUMNS,
  VESSEL_COLUMNS,
  VESSEL_ON_CONFLICT,
  VOYAGE_COLUMNS,
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

/**
 * Rows in (mmsi, time, key) order: the stored key starts with the time, so this is (nearly) the
 * table's own order and each insert lands beside the previous one — without comparing key texts
 * for every pair.
 */
function byMmsiKey(
  a: { mmsi: number; tsMs: number | null; reportKey: string },
  b: { mmsi: number; tsMs: number | null; reportKey: string },
): number {
  if (a.mmsi !== b.mmsi) return a.mmsi - b.mmsi;
  if (a.tsMs !== b.tsMs) {
    if (a.tsMs === null) return 1;
    if (b.tsMs === null) return -1;
    return a.tsMs - b.tsMs;
  }
  return a.reportKey < b.reportKey ? -1 : a.reportKey > b.reportKey ? 1 : 0;
}

/** A list sorted by byMmsiKey without its repeated reports (same vessel and key): the first stays. */
function uniqueSorted<T extends { mmsi: number; reportKey: string }>(sorted: T[]): T[] {
  let w = 0;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    if (w > 0 && sorted[w - 1].mmsi === r.mmsi && sorted[w - 1].reportKey === r.reportKey) continue;
    sorted[w++] = r;
  }
  sorted.length = w;
  return sorted;
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
): SqliteWriter {
  if (POSITION_COLUMNS[POSITION_COLUMNS.length - 1] !== 'ingest_run_id')
    throw new Error('internal: the run id must be the last position column');
  let insertStmtRun = -1;
  let insertStmtOfRun: (rows: number) => BetterSqlite3.Statement = () => {
    throw new Error('internal: no statements prepared');
  };
  const insertStmt = (runId: number, rows: number) => {
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
  const insertReportsSql = (n: number) =>
    `INSERT INTO identity_reports (${REPORT_COLUMNS.join(', ')}) VALUES ${rowsOf(n, REPORT_COLUMNS.length)}
       ON CONFLICT DO NOTHING`;
  const insertReports = statementsBySize(db, insertReportsSql);
  const insertReportsReturning = statementsBySize(
    db,
    (n) => `${insertReportsSql(n)} RETURNING mmsi, identity_key, ts_ms`,
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
  const upsertIdentity = db.prepare(
    `INSERT INTO vessel_identities (${IDENTITY_COLUMNS.join(', ')}) VALUES ${placeholders(IDENTITY_COLUMNS.length)}
     ${IDENTITY_ON_CONFLICT}`,
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

  let bufRunId = -1;
  const bufPositions = new PositionBuffer();
  let bufStatics: StaticRecord[][] = [];
  let bufRows = 0;
  let bufSinceMs = 0;
  let nextFlushRows = Math.min(flushRows, FIRST_FLUSH_ROWS);

  /** Fixes of one commit, vessel by vessel in key order; returns the new fixes per vessel. */
  const insertPositions = (runId: number, deltas: Map<number, VesselDelta>): number => {
    const buf = bufPositions;
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
    const full: unknown[] = new Array(CHUNK * NCOLS);
    let added = 0;
    for (let v = 0; v + 1 < vesselStarts.length; v++) {
      const from = vesselStarts[v]!;
      const to = vesselStarts[v + 1]!;
      const mmsi = mm[order[from]!]!;
      let vesselAdded = 0;
      // A statement never spans two vessels, so its change count is that vessel's new fixes.
      for (let start = from; start < to; start += CHUNK) {
        const end = Math.min(start + CHUNK, to);
        const values = end - start === CHUNK ? full : new Array((end - start) * NCOLS);
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
  };

  const commit = db.transaction((runId: number) => {
    const deltas = new Map<number, VesselDelta>();
    const positionsAdded = insertPositions(runId, deltas);

    const statics = bufStatics.length === 1 ? bufStatics[0] : bufStatics.flat();
    const plan = planStatics(statics, flagOf);
    const newReports: { mmsi: number; identityKey: string; tsMs: number | null }[] = [];
    // Sorted, a report heard twice (two receivers, overlapping captures) sits beside its twin.
    const reports = uniqueSorted(plan.reports.sort(byMmsiKey));
    for (let start = 0; start < reports.length; start += CHUNK) {
      const end = Math.min(start + CHUNK, reports.length);
      const values: unknown[] = [];
      for (let i = start; i < end; i++) {
        const r = reports[i];
        values.push(r.mmsi, r.reportKey, r.identityKey, r.tsMs, r.msgType, r.source, runId);
      }
      // Which reports were new decides what they add to vessel_identities. When every row of the
      // chunk went in (a first ingest: nearly always) that is all of them, and asking the engine
      // row by row (RETURNING) would cost half as much again; only when some were already stored
      // is the chunk undone and inserted again with RETURNING.
      savepoint.run();
      if (insertReports(end - start).run(values).changes === end - start) {
        for (let i = start; i < end; i++) {
          const r = reports[i];
          newReports.push({ mmsi: r.mmsi, identityKey: r.identityKey, tsMs: r.tsMs });
        }
      } else {
        rollbackToSavepoint.run();
        for (const [mmsi, identityKey, tsMs] of insertReportsReturning(end - start).all(values) as [
          number,
          string,
          number | null,
        ][]) {
          newReports.push({ mmsi, identityKey, tsMs });
        }
      }
      releaseSavepoint.run();
    }
    let voyageReportsAdded = 0;
    const voyages = plan.voyages.sort(byMmsiKey);
    for (let start = 0; start < voyages.length; start += CHUNK) {
      const end = Math.min(start + CHUNK, voyages.length);
      const values: unknown[] = [];
      for (let i = start; i < end; i++) {
        const v = voyages[i];
        values.push(v.mmsi, v.reportKey, v.tsMs, v.draughtM, v.destination, v.eta, v.source, runId);
      }
      voyageReportsAdded += insertVoyages(end - start).run(values).changes;
    }
    addStaticsSeen(deltas, statics);
    for (const d of deltas.values()) {
      upsertVessel.run(d.mmsi, flagOf(d.mmsi), d.firstSeenMs, d.lastSeenMs, d.positionCount);
    }
    const touched = new Set<number>();
    for (const d of identityDeltas(newReports, plan.identities)) {
      upsertIdentity.run(
        d.mmsi,
        d.identityKey,
        d.imo,
        d.name,
        d.callSign,
        d.shipType,
        d.lengthM,
        d.beamM,
        d.flag,
        d.firstSeenMs,
        d.lastSeenMs,
        d.reportCount,
      );
      touched.add(d.mmsi);
    }
    for (const mmsi of touched) {
      const rows = identitiesOf.all(mmsi) as IdentityRowDb[];
      const l = latestIdentity(rows.map(fromIdentityRowDb));
      setLatest.run(l.imo, l.name, l.callSign, l.shipType, l.lengthM, l.beamM, mmsi);
    }
    const run = addToRun.run(positionsAdded, newReports.length, voyageReportsAdded, runId);
    if (run.changes !== 1)
      throw new Error(`ingest run ${runId} is not running (unknown or already finished)`);
  });

  const flush = () => {
    if (bufPositions.length === 0 && bufStatics.length === 0) return;
    const runId = bufRunId;
    try {
      commit.immediate(runId);
    } finally {
      // A failed commit is not retried with the next batch: its error is the caller's.
      bufPositions.clear();
      bufStatics = [];
      bufRows = 0;
    }
  };

  return {
    write(runId, batch) {
      if (runIsRunning.get(runId) === undefined)
        throw new Error(`ingest run ${runId} is not running (unknown or already finished)`);
      if (runId !== bufRunId) {
        flush();
        bufRunId = runId;
      }
      if (bufPositions.length === 0 && bufStatics.length === 0) bufSinceMs = Date.now();
      if (batch.positions.length > 0) bufPositions.push(batch.positions);
      if (batch.columns !== undefined && batch.columns.length > 0) bufPositions.pushColumns(batch.columns);
      if (batch.statics.length > 0) bufStatics.push(batch.statics as StaticRecord[]);
      const fixes = batchPositionCount(batch);
      bufRows += fixes;
      if (bufRows >= nextFlushRows) {
        flush();
        nextFlushRows = Math.min(flushRows, nextFlushRows * 2);
      } else if (Date.now() - bufSinceMs >= FLUSH_AFTER_MS) flush();
      return { positionsWritten: fixes, staticsWritten: batch.statics.length };
    },
    flush,
  };
}
