/**
 * SQLite's write path: prepared better-sqlite3 statements, one synchronous transaction per batch.
 *
 * Why a staging table: AIS arrives in time order with every vessel interleaved, while `positions`
 * is kept in (mmsi, time) order so a track is one range read. Inserting each 5,000-fix batch
 * straight into that order dirties one B-tree page per vessel per commit (measured: ~35k
 * positions/s). Instead each batch is appended to `positions_staging` (append-only, no index,
 * committed with the batch, so nothing is lost) and every MERGE_ROWS fixes — and at the end of a
 * run, and before any read — the staged fixes are merged into `positions` in one sorted pass.
 * The merge keeps the first arrival of each fix (lowest `seq`) and skips fixes already stored, so
 * a replayed or repeated batch adds nothing; the vessel counts and the run's `positions_added` are
 * computed from exactly the fixes the merge added, in the same transaction.
 */
import type BetterSqlite3 from 'better-sqlite3';
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
import type { BatchResult, WriteBatch } from './types.js';
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

/** Rows per staging INSERT: 11 columns × 500 stays far below SQLite's 32,766 variables. */
const CHUNK = 500;
/** Staged fixes that trigger a merge: large enough that each vessel's page is written once. */
export const MERGE_ROWS = 250_000;
/** A slow live feed is merged at least this often, so what it sent becomes readable. */
const MERGE_AFTER_MS = 5_000;

const placeholders = (n: number) => `(${new Array(n).fill('?').join(', ')})`;
const COLS = POSITION_COLUMNS.join(', ');

export interface SqliteWriter {
  write(runId: number, batch: WriteBatch): BatchResult;
  /** Merges whatever is staged; a no-op when nothing is. */
  flush(): void;
}

export function sqliteWriter(
  db: BetterSqlite3.Database,
  flagOf: FlagOf,
  mergeRows = MERGE_ROWS,
): SqliteWriter {
  const stageStmts = new Map<number, BetterSqlite3.Statement>();
  const stageStmt = (rows: number) => {
    let s = stageStmts.get(rows);
    if (s === undefined) {
      const row = placeholders(POSITION_COLUMNS.length);
      s = db.prepare(
        `INSERT INTO positions_staging (${COLS}) VALUES ${new Array(rows).fill(row).join(', ')}`,
      );
      stageStmts.set(rows, s);
    }
    return s;
  };
  const insertReport = db.prepare(
    `INSERT INTO identity_reports (${REPORT_COLUMNS.join(', ')}) VALUES ${placeholders(REPORT_COLUMNS.length)}
     ON CONFLICT DO NOTHING`,
  );
  const insertVoyage = db.prepare(
    `INSERT INTO voyage_reports (${VOYAGE_COLUMNS.join(', ')}) VALUES ${placeholders(VOYAGE_COLUMNS.length)}
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
  const addPositionsToRun = db.prepare(
    'UPDATE ingest_runs SET positions_added = positions_added + ? WHERE id = ?',
  );

  // Sorted so each vessel's pages are visited once; `seq` last so the first arrival of a fix is
  // the one stored and its later copies hit the conflict. RETURNING yields exactly the new fixes.
  const mergeStaged = db
    .prepare(
      `INSERT INTO positions (${COLS})
       SELECT ${COLS} FROM positions_staging WHERE true
       ORDER BY mmsi, ts_ms, lon, lat, seq
       ON CONFLICT DO NOTHING RETURNING mmsi, ts_ms, ingest_run_id`,
    )
    .raw(true);
  const clearStaging = db.prepare('DELETE FROM positions_staging');
  const countStaged = db.prepare('SELECT count(*) FROM positions_staging').pluck();

  let staged = countStaged.get() as number;
  let stagedSinceMs = Date.now();

  const merge = db.transaction(() => {
    const deltas = new Map<number, VesselDelta>();
    const byRun = new Map<number, number>();
    for (const [mmsi, tsMs, runId] of mergeStaged.iterate() as Iterable<[number, number, number]>) {
      addSeen(deltas, mmsi, tsMs, 1);
      byRun.set(runId, (byRun.get(runId) ?? 0) + 1);
    }
    for (const d of deltas.values()) {
      upsertVessel.run(d.mmsi, flagOf(d.mmsi), d.firstSeenMs, d.lastSeenMs, d.positionCount);
    }
    for (const [runId, n] of byRun) addPositionsToRun.run(n, runId);
    clearStaging.run();
  });

  const flush = () => {
    if (staged === 0) return;
    merge.immediate();
    staged = 0;
  };

  const write = db.transaction((runId: number, batch: WriteBatch): BatchResult => {
    const ps = batch.positions;
    for (let start = 0; start < ps.length; start += CHUNK) {
      const end = Math.min(start + CHUNK, ps.length);
      const values: unknown[] = new Array((end - start) * POSITION_COLUMNS.length);
      let j = 0;
      for (let i = start; i < end; i++) {
        const p = ps[i];
        values[j++] = p.mmsi;
        values[j++] = p.tsMs;
        values[j++] = p.lon;
        values[j++] = p.lat;
        values[j++] = p.speedKnots;
        values[j++] = p.courseDeg;
        values[j++] = p.headingDeg;
        values[j++] = p.navStatus;
        values[j++] = p.msgType;
        values[j++] = p.source;
        values[j++] = runId;
      }
      stageStmt(end - start).run(values);
    }

    const plan = planStatics(batch.statics, flagOf);
    const newReports = plan.reports.filter(
      (r) =>
        insertReport.run(r.mmsi, r.reportKey, r.identityKey, r.tsMs, r.msgType, r.source, runId).changes ===
        1,
    );
    let voyageReportsAdded = 0;
    for (const v of plan.voyages) {
      voyageReportsAdded += insertVoyage.run(
        v.mmsi,
        v.reportKey,
        v.tsMs,
        v.draughtM,
        v.destination,
        v.eta,
        v.source,
        runId,
      ).changes;
    }
    const deltas = new Map<number, VesselDelta>();
    addStaticsSeen(deltas, batch.statics);
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
    const run = addToRun.run(0, newReports.length, voyageReportsAdded, runId);
    if (run.changes !== 1)
      throw new Error(`ingest run ${runId} is not running (unknown or already finished)`);
    return { positionsStaged: ps.length, identityReportsAdded: newReports.length, voyageReportsAdded };
  });

  return {
    write(runId, batch) {
      const result = write.immediate(runId, batch);
      if (staged === 0) stagedSinceMs = Date.now();
      staged += batch.positions.length;
      if (staged >= mergeRows || Date.now() - stagedSinceMs >= MERGE_AFTER_MS) flush();
      return result;
    },
    flush,
  };
}
