/**
 * The imperative shell around detectAll for `tallyman detect`: read the vessels' tracks and static
 * reports from the store, detect, and store the events of the range with their run (store.ts).
 *
 * A range [since, until] owns the events that start in it. Fixes are read from `contextMs` before
 * to `contextMs` after it, so an event that starts inside but ends outside (a gap, a port call)
 * is seen whole, and one that started before the range is recognised as such and left to the
 * range it belongs to. Support ranges name fixes by their `ts_ms` (a fix's key in `positions` is
 * (mmsi, ts_ms, lon, lat)): `fromPositionId` / `toPositionId` are the first and last fix times.
 */
import { signedDistanceM } from '../areas/compile.js';
import type { Area } from '../areas/types.js';
import { GENERIC_CSV_SOURCE } from '../sources/open.js';
import { positionRecordOf, trackRows } from '../store/queries.js';
import type { Store } from '../store/types.js';
import { type Track, TrackBuilder } from '../tracks/columns.js';
import { eventsFreshness } from './freshness.js';
import type { SurfaceSource } from './land.js';
import type { EventParams } from './params.js';
import { detectAll } from './pipeline.js';
import {
  areasHash,
  type DetectionRun,
  detectionRuns,
  queryEvents,
  readStatics,
  replaceEvents,
  vesselsInWindow,
} from './store.js';
import type { VesselEvent } from './types.js';

const DAY_MS = 86_400_000;
/** How far around the range fixes are read (longer port calls are cut at this edge). */
export const DEFAULT_CONTEXT_MS = 14 * DAY_MS;

export interface DetectInStoreOptions {
  sinceMs: number | null;
  untilMs: number | null;
  /** The areas in use (bundled merged with the user's). */
  areas: readonly Area[];
  /** Only vessels with a fix within `params.gapNearAreaM` of one of these areas (ids). */
  areaFilter: readonly string[] | null;
  params: Readonly<EventParams>;
  /** Land and water for the `on-land` check (src/geodata/surface.ts), or none. */
  land?: SurfaceSource | null;
  contextMs?: number;
  nowMs?: () => number;
  /** Called as vessels' tracks are read: done, total. */
  onProgress?: (done: number, total: number) => void;
}

export interface DetectInStoreResult {
  run: DetectionRun;
  replaced: number;
  events: VesselEvent[];
  /** The tracks read (every vessel's fixes in the range and its context), as `readTracks` gives them. */
  tracks: Track[];
}

export interface ReadTracksOptions {
  fromMs: number | null;
  toMs: number | null;
  onProgress?: (done: number, total: number) => void;
}

export interface StoredTracks {
  tracks: Track[];
  mmsis: number[];
  positions: number;
  /** What `Track.sourceNo` numbers: the receiving station, or else the input the fix came from. */
  sourceNames: string[];
}

/**
 * A fix's source for coverage: its receiving station or vendor when the input names one, else the
 * input itself (file or feed): a file without station ids is one source, heard over its own span.
 */
function sourceOfFix(station: string | null, inputName: string | undefined, runId: number): string {
  return station !== null && station !== '' && station !== GENERIC_CSV_SOURCE
    ? station
    : (inputName ?? `ingest run ${runId}`);
}

/**
 * Every vessel's fixes in [fromMs, toMs] and its static reports as they were received (identity
 * and voyage reports with their own times), as columnar tracks for the detectors.
 */
export async function readTracks(store: Store, o: ReadTracksOptions): Promise<StoredTracks> {
  const db = await store.db();
  const candidates = await vesselsInWindow(db, o.fromMs, o.toMs);
  const inputs = new Map(
    (await db.selectFrom('ingest_runs').select(['id', 'source_name']).execute()).map((r) => [
      Number(r.id),
      r.source_name,
    ]),
  );
  const builder = new TrackBuilder();
  const mmsis: number[] = [];
  let positions = 0;
  for (let k = 0; k < candidates.length; k++) {
    const mmsi = candidates[k];
    const rows = await trackRows(db, mmsi, {
      ...(o.fromMs === null ? {} : { fromMs: o.fromMs }),
      ...(o.toMs === null ? {} : { toMs: o.toMs }),
    });
    const fixes = rows.map((r) => ({
      ...positionRecordOf(r),
      tsMs: Number(r.ts_ms),
      source: sourceOfFix(r.source, inputs.get(Number(r.ingest_run_id)), Number(r.ingest_run_id)),
    }));
    o.onProgress?.(k + 1, candidates.length);
    if (fixes.length === 0) continue;
    mmsis.push(mmsi);
    positions += fixes.length;
    builder.addPositions(
      fixes,
      fixes.map((f) => f.tsMs),
    );
  }
  builder.addStatics(await readStatics(db, new Set(mmsis), o.fromMs, o.toMs));
  const tracks = builder.finish(null);
  return { tracks, mmsis, positions, sourceNames: builder.sourceNames };
}

export async function detectInStore(store: Store, o: DetectInStoreOptions): Promise<DetectInStoreResult> {
  const now = o.nowMs ?? Date.now;
  const startedMs = now();
  const ctxMs = o.contextMs ?? DEFAULT_CONTEXT_MS;
  const fromMs = o.sinceMs === null ? null : o.sinceMs - ctxMs;
  const toMs = o.untilMs === null ? null : o.untilMs + ctxMs;
  const filterAreas = o.areaFilter === null ? null : o.areas.filter((a) => o.areaFilter?.includes(a.id));
  // Every vessel is read and detected even with --area: a gap's verdict rests on what the
  // receivers heard from all the others (coverage.ts), so it must not depend on the filter. Only
  // the chosen vessels' events are stored.
  const { tracks, positions, sourceNames } = await readTracks(store, {
    fromMs,
    toMs,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  const near = (t: Track) => {
    for (let i = 0; i < t.length; i++)
      if (filterAreas?.some((a) => signedDistanceM(a, t.lon[i], t.lat[i]) <= o.params.gapNearAreaM))
        return true;
    return false;
  };
  const chosenTracks = filterAreas === null ? tracks : tracks.filter(near);
  const chosen = chosenTracks.map((t) => t.mmsi);
  const chosenSet = new Set(chosen);
  const db = await store.db();
  const all = detectAll(tracks, o.areas, o.params, undefined, { land: o.land ?? null, sourceNames });
  const events =
    filterAreas === null
      ? all
      : all.filter((e) => chosenSet.has(e.mmsi) && (e.mmsi2 === null || chosenSet.has(e.mmsi2)));
  const { run, replaced } = await replaceEvents(
    db,
    {
      startedMs,
      finishedMs: now(),
      params: o.params,
      areasHash: areasHash(o.areas),
      areaFilter: o.areaFilter === null ? null : [...o.areaFilter],
      sinceMs: o.sinceMs,
      untilMs: o.untilMs,
      vessels: chosen.length,
      positions: filterAreas === null ? positions : chosenTracks.reduce((n, t) => n + t.length, 0),
    },
    events,
    o.areaFilter === null ? null : chosen,
  );
  return { run, replaced, events, tracks };
}

export interface CurrentEvents {
  events: VesselEvent[];
  /** The parameters the events were found with. */
  params: EventParams;
  run: DetectionRun;
  /** Why detection was run again first (freshness.ts), or null when the stored events were current. */
  redetected: string | null;
  /** Every vessel's track, when detection ran again and read them (null: not read). */
  tracks: Track[] | null;
}

/**
 * The stored events, re-detected first (with the last run's parameters, over the whole store)
 * when they are stale: what readers of events such as `shipments propose` build on, so that they
 * and `detect` follow one set of thresholds.
 */
export async function currentEvents(
  store: Store,
  o: {
    areas: readonly Area[];
    /** Loads land and water for the on-land check, only when detection has to run again. */
    land?: (() => SurfaceSource) | null;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<CurrentEvents> {
  const db = await store.db();
  const inputs = (
    await db
      .selectFrom('ingest_runs')
      .select([
        'source_name',
        'finished_ms',
        'status',
        'positions_added',
        'identity_reports_added',
        'voyage_reports_added',
      ])
      .execute()
  )
    .filter(
      (r) =>
        r.status === 'running' ||
        Number(r.positions_added) + Number(r.identity_reports_added) + Number(r.voyage_reports_added) > 0,
    )
    .map((r) => ({
      sourceName: r.source_name,
      finishedMs: r.finished_ms === null ? null : Number(r.finished_ms),
    }));
  const f = eventsFreshness(await detectionRuns(db), inputs, areasHash(o.areas));
  if (f.fresh) {
    const events = (await queryEvents(db)).map((s) => s.event);
    return { events, params: f.params, run: f.run, redetected: null, tracks: null };
  }
  const { run, events, tracks } = await detectInStore(store, {
    sinceMs: null,
    untilMs: null,
    areas: o.areas,
    areaFilter: null,
    params: f.params,
    land: o.land ? o.land() : null,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  return { events, params: f.params, run, redetected: f.reason, tracks };
}
