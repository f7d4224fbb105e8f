/**
 * The map's overview in the store (`track_overviews`, migration 0012): one row per vessel with its
 * default `/api/tracks` track (src/server/overview.ts), its station kind, and a stamp that tells
 * whether the row still describes the stored data.
 *
 * A row is current while the vessel has exactly as many fixes as the track it was made from
 * (`position_count`; fixes are only ever added, so the same number means the same fixes) and as
 * many identity reports (`report_count`: a station-only static can change the kind), and it was
 * made with today's parameters (`params`). Written by `tallyman ingest` for the vessels the run
 * touched (`refreshOverviews`), by `tallyman detect` from the tracks it read (`overviewRowsOf` +
 * `writeOverviews`), and by the route itself for any vessel found stale, so nothing depends on the
 * precompute having run.
 */
import { availableParallelism } from 'node:os';
import type { Kysely } from 'kysely';
import { startModuleWorker } from '../sources/worker-start.js';
import type { Engine } from '../store/engine.js';
import { sql } from '../store/kysely.js';
import type { Database } from '../store/schema.js';
import { withOverviews } from '../store/schema-overviews.js';
import type { Store } from '../store/types.js';
import { STATION_MESSAGE_TYPES, type StationKind, stationKind } from '../tracks/station.js';
import { OVERVIEW_PARAMS_KEY, type OverviewRow, overviewOfTrack } from './overview.js';
import type { OverviewJob } from './overview-worker.js';
import { trackColumns } from './queries.js';

/** Rows per INSERT statement (7 columns: well under SQLite's 32,766 bound parameters). */
const INSERT_CHUNK = 500;
/** MMSIs per `IN (…)` list. */
const IN_CHUNK = 500;
/** Vessels whose rows one refresh transaction writes: a kill loses at most these. */
const REFRESH_CHUNK = 250;

/** What a vessel's row must match to be current. */
export interface VesselStamp {
  mmsi: number;
  positionCount: number;
  reportCount: number;
}

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Identity reports per vessel (sum of `vessel_identities.report_count`), all or for `mmsis`. */
async function reportCounts(db: Kysely<Database>, mmsis?: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const lists = mmsis === undefined ? [undefined] : chunks(mmsis, IN_CHUNK);
  for (const list of lists) {
    if (list !== undefined && list.length === 0) continue;
    let q = db
      .selectFrom('vessel_identities')
      .select((eb) => ['mmsi', eb.fn.sum<number | string>('report_count').as('n')])
      .groupBy('mmsi');
    if (list !== undefined) q = q.where('mmsi', 'in', list);
    for (const r of await q.execute()) out.set(Number(r.mmsi), Number(r.n));
  }
  return out;
}

/** Every vessel's stamp now, by MMSI. */
export async function vesselStamps(db: Kysely<Database>): Promise<VesselStamp[]> {
  const vessels = await db.selectFrom('vessels').select(['mmsi', 'position_count']).orderBy('mmsi').execute();
  const reports = await reportCounts(db);
  return vessels.map((v) => ({
    mmsi: Number(v.mmsi),
    positionCount: Number(v.position_count),
    reportCount: reports.get(Number(v.mmsi)) ?? 0,
  }));
}

/** A stored row as read back, with whether it is current for the vessel's stamp. */
export interface StoredOverview extends VesselStamp {
  /** The row, or null where the vessel has none. */
  row: OverviewRow | null;
  /** The row describes the stored data (stamp and parameters match). */
  current: boolean;
}

const isCurrent = (s: VesselStamp, r: OverviewRow | null): boolean =>
  r !== null &&
  r.positionCount === s.positionCount &&
  r.reportCount === s.reportCount &&
  r.params === OVERVIEW_PARAMS_KEY;

/**
 * Every vessel with its stored row, by MMSI: one read of `vessels`, one of the reports per vessel
 * and one of `track_overviews` (bodies only with `bodies: true`: the vessel list needs the kinds).
 */
export async function readOverviews(
  db: Kysely<Database>,
  opts: { bodies?: boolean } = {},
): Promise<StoredOverview[]> {
  const stamps = await vesselStamps(db);
  const odb = withOverviews(db);
  const base = odb
    .selectFrom('track_overviews')
    .select(['mmsi', 'position_count', 'report_count', 'kind', 'params']);
  const rows = opts.bodies ? await base.select('body').execute() : await base.execute();
  const byMmsi = new Map<number, OverviewRow>();
  for (const r of rows) {
    byMmsi.set(Number(r.mmsi), {
      mmsi: Number(r.mmsi),
      kind: r.kind as StationKind,
      positionCount: Number(r.position_count),
      reportCount: Number(r.report_count),
      params: r.params,
      body: 'body' in r ? (r.body as string | null) : null,
    });
  }
  return stamps.map((s) => {
    const row = byMmsi.get(s.mmsi) ?? null;
    return { ...s, row, current: isCurrent(s, row) };
  });
}

/**
 * Stores rows in one transaction (insert or replace by MMSI). A row without a `reportCount`
 * (`overviewRowsOf`: tracks read elsewhere) is stamped with the vessel's identity reports now, and
 * kept only if its track held as many fixes as the vessel has now: a track read over part of the
 * period (or before the last ingest) would only replace a row with a stale one. Returns the rows
 * written.
 */
export async function writeOverviews(
  db: Kysely<Database>,
  rows: readonly OverviewRow[],
  nowMs: number = Date.now(),
): Promise<number> {
  if (rows.length === 0) return 0;
  return withOverviews(db)
    .transaction()
    .execute(async (trx) => {
      const unstamped = rows.filter((r) => r.reportCount === null).map((r) => r.mmsi);
      const reports =
        unstamped.length > 0 ? await reportCounts(trx as unknown as Kysely<Database>, unstamped) : null;
      const fixes = new Map<number, number>();
      for (const list of chunks(unstamped, IN_CHUNK)) {
        const found = await trx
          .selectFrom('vessels')
          .select(['mmsi', 'position_count'])
          .where('mmsi', 'in', list)
          .execute();
        for (const v of found) fixes.set(Number(v.mmsi), Number(v.position_count));
      }
      const whole = rows.filter((r) => r.reportCount !== null || fixes.get(r.mmsi) === r.positionCount);
      if (whole.length === 0) return 0;
      const values = whole.map((r) => ({
        mmsi: r.mmsi,
        position_count: r.positionCount,
        report_count: r.reportCount ?? reports?.get(r.mmsi) ?? 0,
        kind: r.kind,
        params: r.params,
        made_ms: nowMs,
        body: r.body,
      }));
      for (const part of chunks(values, INSERT_CHUNK)) {
        await trx
          .insertInto('track_overviews')
          .values(part)
          .onConflict((oc) =>
            oc.column('mmsi').doUpdateSet((eb) => ({
              position_count: eb.ref('excluded.position_count'),
              report_count: eb.ref('excluded.report_count'),
              kind: eb.ref('excluded.kind'),
              params: eb.ref('excluded.params'),
              made_ms: eb.ref('excluded.made_ms'),
              body: eb.ref('excluded.body'),
            })),
          )
          .execute();
      }
      return values.length;
    });
}

/**
 * The station-only message types (4, 9, 21) these vessels sent, among their fixes and their
 * identity reports: a walk of each vessel's range of the primary key that materialises only the
 * rare matches, cheaper than reading `msg_type` beside every fix of the track.
 */
async function stationTypes(db: Kysely<Database>, mmsis: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  const types = [...STATION_MESSAGE_TYPES];
  for (const list of chunks(mmsis, IN_CHUNK)) {
    const rows = await db
      .selectFrom('positions')
      .select(['mmsi', 'msg_type'])
      .where('mmsi', 'in', list)
      .where('msg_type', 'in', types)
      .union(
        db
          .selectFrom('identity_reports')
          .select(['mmsi', 'msg_type'])
          .where('mmsi', 'in', list)
          .where('msg_type', 'in', types),
      )
      .execute();
    for (const r of rows) {
      if (r.msg_type === null) continue;
      const l = out.get(Number(r.mmsi)) ?? [];
      l.push(r.msg_type);
      out.set(Number(r.mmsi), l);
    }
  }
  return out;
}

/**
 * The rows of these vessels made from their stored tracks (the one track query, `trackColumns`),
 * stamped with `stamps` — read before the tracks, so that a fix added meanwhile leaves the row
 * stale rather than wrongly current.
 */
export async function computeOverviews(
  db: Kysely<Database>,
  stamps: readonly VesselStamp[],
  onVessel?: () => void,
): Promise<OverviewRow[]> {
  const types = await stationTypes(
    db,
    stamps.map((s) => s.mmsi),
  );
  const rows: OverviewRow[] = [];
  for (const s of stamps) {
    const cols = await trackColumns(db, s.mmsi, {});
    rows.push(overviewOfTrack(s.mmsi, cols, stationKind(s.mmsi, types.get(s.mmsi) ?? []), s.reportCount));
    onVessel?.();
  }
  return rows;
}

/** Below this many fixes to read, threads cost more to start than they save. */
const THREAD_MIN_FIXES = 300_000;
/** Vessels (at most) and fixes (about) handed to a thread at a time. */
const THREAD_JOB_VESSELS = 64;
const THREAD_JOB_FIXES = 250_000;

/** The file of a SQLite store, or null (PostgreSQL, an in-memory database). */
async function sqliteFile(db: Kysely<Database>, engine: Engine): Promise<string | null> {
  if (engine !== 'sqlite') return null;
  const rows = (await sql<{ name: string; file: string }>`pragma database_list`.execute(db)).rows;
  const file = rows.find((r) => r.name === 'main')?.file ?? '';
  return file === '' ? null : file;
}

/**
 * `computeOverviews` on `threads` threads, each with its own read-only connection to the SQLite
 * file (overview-worker.ts): the same rows, made on every core at once. Vessels go out a few at
 * a time, the largest first, so the threads finish together.
 */
async function computeOverviewsOnThreads(
  db: Kysely<Database>,
  file: string,
  stamps: readonly VesselStamp[],
  threads: number,
  onVessel?: () => void,
): Promise<OverviewRow[]> {
  const types = await stationTypes(
    db,
    stamps.map((s) => s.mmsi),
  );
  const jobs: OverviewJob[][] = [];
  let part: OverviewJob[] = [];
  let fixes = 0;
  for (const s of [...stamps].sort((a, b) => b.positionCount - a.positionCount)) {
    part.push({
      mmsi: s.mmsi,
      kind: stationKind(s.mmsi, types.get(s.mmsi) ?? []),
      reportCount: s.reportCount,
    });
    fixes += s.positionCount;
    if (part.length >= THREAD_JOB_VESSELS || fixes >= THREAD_JOB_FIXES) {
      jobs.push(part);
      part = [];
      fixes = 0;
    }
  }
  if (part.length > 0) jobs.push(part);
  const url = new URL(
    import.meta.url.endsWith('.ts') ? './overview-worker.ts' : './overview-worker.js',
    import.meta.url,
  ).href;
  const made = new Map<number, OverviewRow>();
  const workers = Array.from({ length: Math.min(threads, jobs.length) }, () =>
    startModuleWorker(url, { path: file }),
  );
  try {
    let next = 0;
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= jobs.length) return resolve();
              w.postMessage({ jobs: jobs[next++] });
            };
            w.on('message', (m: { rows?: OverviewRow[]; error?: string }) => {
              if (m.error !== undefined) return reject(new Error(m.error));
              for (const r of m.rows ?? []) {
                made.set(r.mmsi, r);
                onVessel?.();
              }
              give();
            });
            w.once('error', reject);
            w.once('exit', (code) => {
              if (next < jobs.length || code !== 0) reject(new Error(`overview thread exited (${code})`));
            });
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return stamps.map((s) => made.get(s.mmsi)!);
}

/**
 * The rows of these vessels: on threads for a large SQLite read, else on this thread. A thread
 * that fails (say, a store it cannot open) leaves the work to this thread.
 */
async function makeOverviews(
  db: Kysely<Database>,
  engine: Engine | undefined,
  stamps: readonly VesselStamp[],
  onVessel?: () => void,
  threadMinFixes = THREAD_MIN_FIXES,
): Promise<OverviewRow[]> {
  const fixes = stamps.reduce((n, s) => n + s.positionCount, 0);
  const threads = Math.min(4, Math.max(1, availableParallelism()));
  const file = engine !== undefined && fixes >= threadMinFixes ? await sqliteFile(db, engine) : null;
  if (file !== null) {
    try {
      return await computeOverviewsOnThreads(db, file, stamps, threads, onVessel);
    } catch (err) {
      process.stderr.write(`map overview: threads failed, reading on one (${(err as Error).message})\n`);
    }
  }
  return computeOverviews(db, stamps, onVessel);
}

export interface RefreshResult {
  /** Vessels considered (all, or those asked for that exist). */
  vessels: number;
  /** Rows made and written (the stale or missing ones). */
  refreshed: number;
  /** Fixes read to make them. */
  positions: number;
  ms: number;
}

/**
 * Makes the rows of the vessels whose row is missing or stale (of `mmsis` only, when given: what
 * an ingest run touched), reading their tracks, and writes them a few hundred vessels per
 * transaction. `onProgress(done, total)` counts those vessels.
 */
export async function refreshOverviews(
  store: Pick<Store, 'db'> & Partial<Pick<Store, 'engine'>>,
  opts: {
    mmsis?: Iterable<number>;
    onProgress?: (done: number, total: number) => void;
    /** On SQLite, read on threads from this many fixes (default 300,000). */
    threadMinFixes?: number;
  } = {},
): Promise<RefreshResult> {
  const t0 = performance.now();
  const db = await store.db();
  let state = await readOverviews(db);
  if (opts.mmsis !== undefined) {
    const wanted = new Set(opts.mmsis);
    state = state.filter((s) => wanted.has(s.mmsi));
  }
  const stale = state.filter((s) => !s.current);
  let done = 0;
  opts.onProgress?.(0, stale.length);
  const rows = await makeOverviews(
    db,
    store.engine,
    stale,
    () => opts.onProgress?.(++done, stale.length),
    opts.threadMinFixes,
  );
  // a few hundred vessels a transaction: a write never holds the store for long
  for (const part of chunks(rows, REFRESH_CHUNK)) await writeOverviews(db, part);
  const positions = rows.reduce((n, r) => n + r.positionCount, 0);
  return { vessels: state.length, refreshed: stale.length, positions, ms: performance.now() - t0 };
}

/**
 * The rows the map's default overview is made of, every vessel by MMSI: the stored ones that are
 * current, the others made now from the tracks and stored for the next time (a failed write, say
 * a store busy with an ingest, is reported on stderr and the answer is the same).
 */
export async function currentOverviews(
  db: Kysely<Database>,
  engine?: Engine,
): Promise<{ rows: OverviewRow[]; recomputed: number }> {
  const state = await readOverviews(db, { bodies: true });
  const stale = state.filter((s) => !s.current);
  const made = new Map<number, OverviewRow>();
  if (stale.length > 0) {
    for (const r of await makeOverviews(db, engine, stale)) made.set(r.mmsi, r);
    try {
      await writeOverviews(db, [...made.values()]);
    } catch (err) {
      process.stderr.write(
        `tallyman serve: map overview not stored (served all the same): ${(err as Error).message}\n`,
      );
    }
  }
  const rows = state.map((s) => (s.current ? s.row! : made.get(s.mmsi)!));
  return { rows, recomputed: stale.length };
}
