/**
 * SQLite's write path: prepared better-sqlite3 statements in one synchronous transaction per
 * batch. Kysely would build and bind every row as an object; for ≥300k positions/s the hot path
 * binds flat arrays into a multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING` instead, whose
 * returned rows are exactly the fixes that were new.
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

/** Rows per positions INSERT: 11 columns × 500 stays far below SQLite's 32,766 variables. */
const CHUNK = 500;

const placeholders = (n: number) => `(${new Array(n).fill('?').join(', ')})`;

export function sqliteWriter(db: BetterSqlite3.Database, flagOf: FlagOf) {
  const positionStmts = new Map<number, BetterSqlite3.Statement>();
  const positionStmt = (rows: number) => {
    let s = positionStmts.get(rows);
    if (s === undefined) {
      const row = placeholders(POSITION_COLUMNS.length);
      s = db
        .prepare(
          `INSERT INTO positions (${POSITION_COLUMNS.join(', ')}) VALUES ${new Array(rows).fill(row).join(', ')}
           ON CONFLICT DO NOTHING RETURNING mmsi, ts_ms`,
        )
        .raw(true);
      positionStmts.set(rows, s);
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

  const write = db.transaction((runId: number, batch: WriteBatch): BatchResult => {
    const deltas = new Map<number, VesselDelta>();
    let positionsAdded = 0;
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
      const added = positionStmt(end - start).all(values) as [number, number][];
      positionsAdded += added.length;
      for (const [mmsi, tsMs] of added) addSeen(deltas, mmsi, tsMs, 1);
    }

    const plan = planStatics(batch.statics, flagOf);
    const newReports = plan.reports.filter(
      (r) => insertReport.run(r.mmsi, r.reportKey, r.identityKey, r.tsMs, r.msgType, r.source, runId).changes === 1,
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
    const run = addToRun.run(positionsAdded, newReports.length, voyageReportsAdded, runId);
    if (run.changes !== 1) throw new Error(`ingest run ${runId} is not running (unknown or already finished)`);
    return { positionsAdded, identityReportsAdded: newReports.length, voyageReportsAdded };
  });

  return (runId: number, batch: WriteBatch): BatchResult => write.immediate(runId, batch);
}
