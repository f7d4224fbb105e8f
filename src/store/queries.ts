/** The reads and the run bookkeeping, through Kysely: one query text for both engines. */
import type { Selectable } from 'kysely';
import type { PositionRecord } from '../tracks/records.js';
import { STATION_MESSAGE_TYPES, stationKind } from '../tracks/station.js';
import { type Kysely, sql } from './kysely.js';
import { canonicalJson } from './rows.js';
import type { Database, IngestRunsTable, PositionsTable, VesselsTable } from './schema.js';
import type {
  BeginIngest,
  BeginResult,
  Box,
  FinishIngest,
  IngestRun,
  TimeRange,
  Vessel,
  VesselIdentity,
  VesselInBox,
  VoyageReport,
} from './types.js';

const toVessel = (r: Selectable<VesselsTable>, types: ReadonlyMap<number, number[]>): Vessel => ({
  mmsi: Number(r.mmsi),
  kind: stationKind(Number(r.mmsi), types.get(Number(r.mmsi)) ?? []),
  imo: r.imo,
  name: r.name,
  callSign: r.call_sign,
  flag: r.flag,
  shipType: r.ship_type,
  lengthM: r.length_m,
  beamM: r.beam_m,
  firstSeenMs: r.first_seen_ms,
  lastSeenMs: r.last_seen_ms,
  positionCount: Number(r.position_count),
});

/**
 * The station-only message types (src/tracks/station.ts) each MMSI sent, among its fixes and its
 * identity reports (a type 21 may carry a name and no valid position). A scan of the positions
 * table, not an index: these types are rare and the scan is read once per listing.
 */
async function stationMessageTypes(db: Kysely<Database>, mmsi?: number): Promise<Map<number, number[]>> {
  const types = [...STATION_MESSAGE_TYPES];
  let fixes = db.selectFrom('positions').select(['mmsi', 'msg_type']).where('msg_type', 'in', types);
  let reports = db.selectFrom('identity_reports').select(['mmsi', 'msg_type']).where('msg_type', 'in', types);
  if (mmsi !== undefined) {
    fixes = fixes.where('mmsi', '=', mmsi);
    reports = reports.where('mmsi', '=', mmsi);
  }
  const rows = await fixes.union(reports).execute();
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const list = out.get(Number(r.mmsi)) ?? [];
    if (r.msg_type !== null) list.push(r.msg_type);
    out.set(Number(r.mmsi), list);
  }
  return out;
}

/** Every MMSI in the store, each with the kind of station it is (`kind`; ships and others alike). */
export async function listVessels(db: Kysely<Database>): Promise<Vessel[]> {
  const rows = await db.selectFrom('vessels').selectAll().orderBy('mmsi').execute();
  const types = await stationMessageTypes(db);
  return rows.map((r) => toVessel(r, types));
}

export async function getVessel(db: Kysely<Database>, mmsi: number): Promise<Vessel | null> {
  const r = await db.selectFrom('vessels').selectAll().where('mmsi', '=', mmsi).executeTakeFirst();
  return r === undefined ? null : toVessel(r, await stationMessageTypes(db, mmsi));
}

/** Identities in the order they were first seen; time-less ones last. */
export async function identityHistory(db: Kysely<Database>, mmsi: number): Promise<VesselIdentity[]> {
  const rows = await db
    .selectFrom('vessel_identities')
    .selectAll()
    .where('mmsi', '=', mmsi)
    .orderBy(sql`first_seen_ms is null`)
    .orderBy('first_seen_ms')
    .orderBy('identity_key')
    .execute();
  return rows.map((r) => ({
    mmsi: r.mmsi,
    imo: r.imo,
    name: r.name,
    callSign: r.call_sign,
    shipType: r.ship_type,
    lengthM: r.length_m,
    beamM: r.beam_m,
    flag: r.flag,
    firstSeenMs: r.first_seen_ms,
    lastSeenMs: r.last_seen_ms,
    reportCount: Number(r.report_count),
  }));
}

/** One vessel's stored fixes in [fromMs, toMs], in track order (time, then place). */
export async function trackRows(db: Kysely<Database>, mmsi: number, range: TimeRange = {}) {
  let q = db.selectFrom('positions').selectAll().where('mmsi', '=', mmsi);
  if (range.fromMs !== undefined) q = q.where('ts_ms', '>=', range.fromMs);
  if (range.toMs !== undefined) q = q.where('ts_ms', '<=', range.toMs);
  return q.orderBy('ts_ms').orderBy('lon').orderBy('lat').execute();
}

/** A stored fix as the record the sources emitted. */
export function positionRecordOf(r: Selectable<PositionsTable>): PositionRecord {
  return {
    mmsi: r.mmsi,
    tsMs: r.ts_ms,
    lon: r.lon,
    lat: r.lat,
    speedKnots: r.speed_knots,
    courseDeg: r.course_deg,
    headingDeg: r.heading_deg,
    navStatus: r.nav_status,
    msgType: r.msg_type,
    source: r.source,
  };
}

export async function track(
  db: Kysely<Database>,
  mmsi: number,
  range: TimeRange = {},
): Promise<PositionRecord[]> {
  return (await trackRows(db, mmsi, range)).map(positionRecordOf);
}

/** Vessels with at least one fix inside the box during [fromMs, toMs], by MMSI. */
export async function inBox(
  db: Kysely<Database>,
  box: Box,
  range: { fromMs: number; toMs: number },
): Promise<VesselInBox[]> {
  const rows = await db
    .selectFrom('positions')
    .select(['mmsi'])
    .select((eb) => [
      eb.fn.countAll().as('position_count'),
      eb.fn.min('ts_ms').as('first_ms'),
      eb.fn.max('ts_ms').as('last_ms'),
    ])
    // The vessels seen during the window: a superset of those with a fix in it, since a vessel's
    // first/last seen span every fix it has. Each one's fixes in the window are one range of the
    // primary key (mmsi, ts_ms, …), so SQLite needs no time index for this.
    .where('mmsi', 'in', (eb) =>
      eb
        .selectFrom('vessels')
        .select('vessels.mmsi')
        .where('vessels.first_seen_ms', '<=', range.toMs)
        .where('vessels.last_seen_ms', '>=', range.fromMs),
    )
    .where('ts_ms', '>=', range.fromMs)
    .where('ts_ms', '<=', range.toMs)
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where((eb) =>
      box.minLon <= box.maxLon
        ? eb.and([eb('lon', '>=', box.minLon), eb('lon', '<=', box.maxLon)])
        : eb.or([eb('lon', '>=', box.minLon), eb('lon', '<=', box.maxLon)]),
    )
    .groupBy('mmsi')
    .orderBy('mmsi')
    .execute();
  return rows.map((r) => ({
    mmsi: Number(r.mmsi),
    positionCount: Number(r.position_count),
    firstMs: Number(r.first_ms),
    lastMs: Number(r.last_ms),
  }));
}

export async function voyageReports(db: Kysely<Database>, mmsi: number): Promise<VoyageReport[]> {
  const rows = await db
    .selectFrom('voyage_reports as r')
    .innerJoin('voyage_states as v', (j) =>
      j.onRef('v.mmsi', '=', 'r.mmsi').onRef('v.voyage_no', '=', 'r.voyage_no'),
    )
    .select(['r.mmsi', 'r.ts_ms', 'r.source', 'v.draught_m', 'v.destination', 'v.eta'])
    .where('r.mmsi', '=', mmsi)
    .orderBy(sql`r.ts_ms is null`)
    .orderBy('r.ts_ms')
    // Same time, different statements: in the order the store first met them.
    .orderBy('v.voyage_no')
    .execute();
  return rows.map((r) => ({
    mmsi: r.mmsi,
    tsMs: r.ts_ms,
    draughtM: r.draught_m,
    destination: r.destination,
    eta: r.eta,
    source: r.source,
  }));
}

const toRun = (r: Selectable<IngestRunsTable>): IngestRun => ({
  id: Number(r.id),
  sourceName: r.source_name,
  contentSha256: r.content_sha256,
  format: r.format,
  sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
  startedMs: Number(r.started_ms),
  finishedMs: r.finished_ms === null ? null : Number(r.finished_ms),
  status: r.status,
  positionsAdded: Number(r.positions_added),
  identityReportsAdded: Number(r.identity_reports_added),
  voyageReportsAdded: Number(r.voyage_reports_added),
  counts: r.counts_json === null ? null : JSON.parse(r.counts_json),
});

export async function ingestRuns(db: Kysely<Database>): Promise<IngestRun[]> {
  const rows = await db.selectFrom('ingest_runs').selectAll().orderBy('id').execute();
  return rows.map(toRun);
}

/**
 * Content already ingested to completion → that run, nothing to do. Content whose run was
 * interrupted → that same run again: its committed batches stay, the replay adds only what is
 * missing, and the run id stored beside each row is the one a clean run would have written.
 */
export async function beginIngest(
  db: Kysely<Database>,
  run: BeginIngest,
  nowMs: number,
): Promise<BeginResult> {
  return db.transaction().execute(async (trx) => {
    if (run.contentSha256 !== null) {
      const earlier = await trx
        .selectFrom('ingest_runs')
        .select(['id', 'status'])
        .where('content_sha256', '=', run.contentSha256)
        .where('status', 'in', ['completed', 'running'])
        .orderBy(sql`case when status = 'completed' then 0 else 1 end`)
        .orderBy('id')
        .executeTakeFirst();
      if (earlier !== undefined) {
        const completed = earlier.status === 'completed';
        return { runId: Number(earlier.id), alreadyIngested: completed, resumed: !completed };
      }
    }
    const row = await trx
      .insertInto('ingest_runs')
      .values({
        source_name: run.sourceName,
        content_sha256: run.contentSha256,
        format: run.format,
        size_bytes: run.sizeBytes,
        started_ms: nowMs,
        finished_ms: null,
        status: 'running',
        positions_added: 0,
        identity_reports_added: 0,
        voyage_reports_added: 0,
        counts_json: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { runId: Number(row.id), alreadyIngested: false, resumed: false };
  });
}

/**
 * Marks the run complete. Content first hashed at the end (stdin, TCP) may turn out to be one
 * already ingested: its run is kept as 'duplicate' (it added nothing new) so the completed-content
 * index stays unique.
 */
export async function finishIngest(
  db: Kysely<Database>,
  runId: number,
  finish: FinishIngest,
  nowMs: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const run = await trx.selectFrom('ingest_runs').selectAll().where('id', '=', runId).executeTakeFirst();
    if (run === undefined) throw new Error(`no ingest run ${runId}`);
    if (run.status !== 'running') return;
    const sha = finish.contentSha256 ?? run.content_sha256;
    const other =
      sha === null
        ? undefined
        : await trx
            .selectFrom('ingest_runs')
            .select('id')
            .where('content_sha256', '=', sha)
            .where('status', '=', 'completed')
            .where('id', '!=', runId)
            .executeTakeFirst();
    await trx
      .updateTable('ingest_runs')
      .set({
        content_sha256: sha,
        finished_ms: nowMs,
        status: other === undefined ? 'completed' : 'duplicate',
        counts_json: canonicalJson(finish.counts),
      })
      .where('id', '=', runId)
      .execute();
  });
}
