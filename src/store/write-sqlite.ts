/**
 * SQLite's write path: prepared better-sqlite3 statements in one synchronous transaction per
 * batch. Kysely would build and bind every row as an object; for ≥300k positions/s the hot path
 * binds flat arrays into a multi-row `INSERT … ON CONFLICT DO NOTHING` instead.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { PositionRecord } from '../tracks/records.js';
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

const byKey = (a: PositionRecord, b: PositionRecord) =>
  a.mmsi - b.mmsi || a.tsMs - b.tsMs || a.lon - b.lon || a.lat - b.lat;

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
           ON CONFLICT DO NOTHING`,
        );
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
  const savepoint = db.prepare('SAVEPOINT positions_chunk');
  const rollbackTo = db.prepare('ROLLBACK TO positions_chunk');
  const release = db.prepare('RELEASE positions_chunk');

  const write = db.transaction((runId: number, batch: WriteBatch): BatchResult => {
    const deltas = new Map<number, VesselDelta>();
    let positionsAdded = 0;
    // In key order, so the B-tree is walked once from left to right instead of hopping between
    // the pages of every vessel in the batch.
    const ps = [...batch.positions].sort(byKey);
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
      savepoint.run();
      const added = positionStmt(end - start).run(values).changes;
      if (added === end - start) {
        // The common case: every fix was new, so the input itself says what was added.
        release.run();
        positionsAdded += added;
        for (let i = start; i < end; i++) addSeen(deltas, ps[i].mmsi, ps[i].tsMs, 1);
      } else {
        // Some were already stored (a replay, or the same fix twice): redo the chunk one row at a
        // time to learn which were new. Cheaper than asking every chunk to RETURN its rows.
        rollbackTo.run();
        release.run();
        for (let i = start, k = 0; i < end; i++, k += POSITION_COLUMNS.length) {
          if (positionStmt(1).run(values.slice(k, k + POSITION_COLUMNS.length)).changes === 1) {
            positionsAdded++;
            addSeen(deltas, ps[i].mmsi, ps[i].tsMs, 1);
          }
        }
      }
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
