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
import type { Store } from '../store/types.js';
import { type Track, TrackBuilder } from '../tracks/columns.js';
import type { LandRings } from './land.js';
import type { EventParams } from './params.js';
import { detectAll } from './pipeline.js';
import { areasHash, type DetectionRun, readStatics, replaceEvents, vesselsInWindow } from './store.js';
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
  /** Land polygons for the `on-land` check (land-data.ts), or none. */
  land?: LandRings | null;
  contextMs?: number;
  nowMs?: () => number;
  /** Called as vessels' tracks are read: done, total. */
  onProgress?: (done: number, total: number) => void;
}

export interface DetectInStoreResult {
  run: DetectionRun;
  replaced: number;
  events: VesselEvent[];
}

export interface ReadTracksOptions {
  fromMs: number | null;
  toMs: number | null;
  /** Keep a vessel only when one of its fixes passes (null: every vessel). */
  keepVessel?: ((fixes: readonly { lon: number; lat: number }[]) => boolean) | null;
  onProgress?: (done: number, total: number) => void;
}

export interface StoredTracks {
  tracks: Track[];
  mmsis: number[];
  positions: number;
}

/**
 * Every vessel's fixes in [fromMs, toMs] and its static reports as they were received (identity
 * and voyage reports with their own times), as columnar tracks for the detectors.
 */
export async function readTracks(store: Store, o: ReadTracksOptions): Promise<StoredTracks> {
  const candidates = await vesselsInWindow(store, o.fromMs, o.toMs);
  const builder = new TrackBuilder();
  const mmsis: number[] = [];
  let positions = 0;
  for (let k = 0; k < candidates.length; k++) {
    const mmsi = candidates[k];
    const fixes = await store.track(mmsi, {
      ...(o.fromMs === null ? {} : { fromMs: o.fromMs }),
      ...(o.toMs === null ? {} : { toMs: o.toMs }),
    });
    o.onProgress?.(k + 1, candidates.length);
    if (fixes.length === 0) continue;
    if (o.keepVessel && !o.keepVessel(fixes)) continue;
    mmsis.push(mmsi);
    positions += fixes.length;
    builder.addPositions(
      fixes,
      fixes.map((f) => f.tsMs),
    );
  }
  builder.addStatics(await readStatics(await store.db(), new Set(mmsis), o.fromMs, o.toMs));
  return { tracks: builder.finish(null), mmsis, positions };
}

export async function detectInStore(store: Store, o: DetectInStoreOptions): Promise<DetectInStoreResult> {
  const now = o.nowMs ?? Date.now;
  const startedMs = now();
  const ctxMs = o.contextMs ?? DEFAULT_CONTEXT_MS;
  const fromMs = o.sinceMs === null ? null : o.sinceMs - ctxMs;
  const toMs = o.untilMs === null ? null : o.untilMs + ctxMs;
  const filterAreas = o.areaFilter === null ? null : o.areas.filter((a) => o.areaFilter?.includes(a.id));
  const {
    tracks,
    mmsis: chosen,
    positions,
  } = await readTracks(store, {
    fromMs,
    toMs,
    keepVessel:
      filterAreas === null
        ? null
        : (fixes) =>
            fixes.some((f) =>
              filterAreas.some((a) => signedDistanceM(a, f.lon, f.lat) <= o.params.gapNearAreaM),
            ),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  const db = await store.db();
  const events = detectAll(tracks, o.areas, o.params, undefined, { land: o.land ?? null });
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
      positions,
    },
    events,
    o.areaFilter === null ? null : chosen,
  );
  return { run, replaced, events };
}
