/** The reads and the run bookkeeping, through Kysely: one query text for both engines. */
import type { Selectable } from 'kysely';
import type { PositionRecord } from '../tracks/records.js';
import { STATION_MESSAGE_TYPES, type StationKind, stationKind } from '../tracks/station.js';
import { type Kysely, sql } from './kysely.js';
import { canonicalJson } from './rows.js';
import type { Database, IngestRunsTable, PositionsTable, VesselsTable } from './schema.js';
import { withOverviews } from './schema-overviews.js';
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

/** A `vessels` row as the API's vessel, with its station kind. */
export const toVessel = (r: Selectable<VesselsTable>, kind: StationKind): Vessel => ({
  mmsi: Number(r.mmsi),
  kind,
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
 * identity reports (a type 21 may carry a name and no valid position): of every MMSI (a scan of
 * the positions table: these types are rare, there is no index for them), or of those listed (a
 * range of the primary key each).
 */
async function stationMessageTypes(
  db: Kysely<Database>,
  mmsis?: readonly number[],
): Promise<Map<number, number[]>> {
  const types = [...STATION_MESSAGE_TYPES];
  const out = new Map<number, number[]>();
  const lists = mmsis === undefined ? [undefined] : chunked(mmsis, 500);
  for (const list of lists) {
    let fixes = db.selectFrom('positions').select(['mmsi', 'msg_type']).where('msg_type', 'in', types);
    let reports = db
      .selectFrom('identity_reports')
      .select(['mmsi', 'msg_type'])
      .where('msg_type', 'in', types);
    if (list !== undefined) {
      fixes = fixes.where('mmsi', 'in', list);
      reports = reports.where('mmsi', 'in', list);
    }
    for (const r of await fixes.union(reports).execute()) {
      const l = out.get(Number(r.mmsi)) ?? [];
      if (r.msg_type !== null) l.push(r.msg_type);
      out.set(Number(r.mmsi), l);
    }
  }
  return out;
}

function chunked<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * Above this share of the fixes held by vessels without a current stored kind, one scan of the
 * positions table is cheaper than a range read per vessel.
 */
const STALE_SCAN_SHARE = 0.25;

/**
 * Each vessel's station kind. Stored per vessel in `track_overviews` (migration 0012, written with
 * the map overview by ingest, detect and the server) and current while the vessel has as many
 * fixes and identity reports as when it was stored; a vessel without a current row has its
 * message types read (its own fixes, or one scan of the table when such vessels hold most of
 * them). Before, every listing scanned the whole positions table (seconds on 10 million fixes).
 */
export async function stationKinds(
  db: Kysely<Database>,
  vessels: ReadonlyArray<{ mmsi: number; position_count: number }>,
): Promise<Map<number, StationKind>> {
  const stored = new Map(
    (
      await withOverviews(db)
        .selectFrom('track_overviews')
        .select(['mmsi', 'position_count', 'report_count', 'kind'])
        .execute()
    ).map((r) => [Number(r.mmsi), r]),
  );
  const reports = new Map(
    (
      await db
        .selectFrom('vessel_identities')
        .select((eb) => ['mmsi', eb.fn.sum<number | string>('report_count').as('n')])
        .groupBy('mmsi')
        .execute()
    ).map((r) => [Number(r.mmsi), Number(r.n)]),
  );
  const kinds = new Map<number, StationKind>();
  const stale: number[] = [];
  let stalePositions = 0;
  let allPositions = 0;
  for (const v of vessels) {
    const mmsi = Number(v.mmsi);
    const pc = Number(v.position_count);
    allPositions += pc;
    const s = stored.get(mmsi);
    if (
      s !== undefined &&
      Number(s.position_count) === pc &&
      Number(s.report_count) === (reports.get(mmsi) ?? 0)
    ) {
      kinds.set(mmsi, s.kind as StationKind);
    } else {
      stale.push(mmsi);
      stalePositions += pc;
    }
  }
  if (stale.length > 0) {
    const types =
      stalePositions > allPositions * STALE_SCAN_SHARE
        ? await stationMessageTypes(db)
        : await stationMessageTypes(db, stale);
    for (const mmsi of stale) kinds.set(mmsi, stationKind(mmsi, types.get(mmsi) ?? []));
  }
  return kinds;
}

/** Every MMSI in the store, each with the kind of station it is (`kind`; ships and others alike). */
export async function listVessels(db: Kysely<Database>): Promise<Vessel[]> {
  const rows = await db.selectFrom('vessels').selectAll().orderBy('mmsi').execute();
  const kinds = await stationKinds(db, rows);
  return rows.map((r) => toVessel(r, kinds.get(Number(r.mmsi)) ?? stationKind(Number(r.mmsi))));
}

export async function getVessel(db: Kysely<Database>, mmsi: number): Promise<Vessel | null> {
  const r = await db.selectFrom('vessels').selectAll().where('mmsi', '=', mmsi).executeTakeFirst();
  if (r === undefined) return null;
  return toVessel(r, stationKind(mmsi, (await stationMessageTypes(db, [mmsi])).get(mmsi) ?? []));
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
  optionsJson: r.options_json,
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
 * Content already ingested to completion under the same options → that run, nothing to do.
 * Content whose run was interrupted → that same run again: its committed batches stay, the
 * replay adds only what is missing, and the run id stored beside each row is the one a clean run
 * would have written.
 */
export async function beginIngest(
  db: Kysely<Database>,
  run: BeginIngest,
  nowMs: number,
): Promise<BeginResult> {
  const optionsJson = run.optionsJson ?? '';
  return db.transaction().execute(async (trx) => {
    if (run.contentSha256 !== null) {
      const earlier = await trx
        .selectFrom('ingest_runs')
        .select(['id', 'status'])
        .where('content_sha256', '=', run.contentSha256)
        .where('options_json', '=', optionsJson)
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
        options_json: optionsJson,
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
 * Marks the run complete (or `broken` / `rejected`, as `finish.outcome` says: not ingested, so the
 * content is taken again next time). Content first hashed at the end (stdin, TCP) may turn out to
 * be one already ingested: its run is kept as 'duplicate' (it added nothing new) so the
 * completed-content index stays unique.
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
            .where('options_json', '=', run.options_json)
            .where('status', '=', 'completed')
            .where('id', '!=', runId)
            .executeTakeFirst();
    const outcome = finish.outcome ?? 'completed';
    await trx
      .updateTable('ingest_runs')
      .set({
        content_sha256: sha,
        finished_ms: nowMs,
        status: outcome !== 'completed' ? outcome : other === undefined ? 'completed' : 'duplicate',
        counts_json: canonicalJson(finish.counts),
      })
      .where('id', '=', runId)
      .execute();
  });
}
