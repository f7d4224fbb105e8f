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

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { signedDistanceM } from '../areas/compile.js';
import type { Area } from '../areas/types.js';
import { GENERIC_CSV_SOURCE } from '../sources/open.js';
import { sql } from '../store/kysely.js';
import { canonicalJson } from '../store/rows.js';
import { assignedTimesOfRun } from '../store/run-options.js';
import type { PositionScan } from '../store/scan.js';
import type { Store } from '../store/types.js';
import { SourceNumbers, type Track, trackOfColumns } from '../tracks/columns.js';
import type { StaticRecord } from '../tracks/records.js';
import { affectedColumns, earliestAffectedMs, sharedImoSinceMs } from './affected-range.js';
import { DEFAULT_BATCH_POSITIONS, DEFAULT_MEMORY_POSITIONS } from './batch-sizes.js';
import type { DetectMemo } from './detect-memo.js';
import { eventsFreshness, paramsOfRun } from './freshness.js';
import type { SurfaceSource, WaterMaskMemo } from './land.js';
import type { EventParams } from './params.js';
import { Detection, prepareBatch, rebuildBatch } from './pipeline.js';
import {
  areasHash,
  type DetectionRun,
  detectionRuns,
  queryEvents,
  readStatics,
  replaceEvents,
  vesselCountsInWindow,
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
  /** Called as the work advances: vessels done (over the four rounds), total. */
  onProgress?: (done: number, total: number) => void;
  /** Fixes per batch read (DEFAULT_BATCH_POSITIONS): bounds memory; the events do not depend on it. */
  batchPositions?: number;
  /**
   * Fixes kept in memory between rounds (DEFAULT_MEMORY_POSITIONS); the batches beyond wait in a
   * temporary file. Bounds memory; the events do not depend on it.
   */
  memoryPositions?: number;
  /** Handed every batch's tracks as they are first read (uncleaned, all stations). */
  onTrackBatch?: (tracks: readonly Track[]) => void;
  /** The run leaves the events complete (an incremental run after a complete one: `incrementalRange`). */
  complete?: boolean;
  /** Where the fixes and static reports come from: the store itself unless given (a live pass's cache). */
  reader?: WindowReader;
  /** The last water mask, kept between detections (live passes over the same sea). */
  waterMasks?: WaterMaskMemo;
  /**
   * Each vessel's own work kept for the next detection (./detect-memo.ts): tracks are taken again
   * only where `reader` vouches for their rows (`versionOf`). Made for these areas and parameters.
   */
  memo?: DetectMemo;
}

/**
 * The two reads detection makes of a batch of vessels: its fixes in [fromMs, toMs] (a store
 * scan) and its static reports (`readStatics`). A reader other than the store's must give exactly
 * what these would.
 */
export interface WindowReader {
  /** The fixes in parts, in MMSI order; a vessel's rows are never split between two parts. */
  scan(b: VesselBatch, fromMs: number | null, toMs: number | null): Promise<readonly PositionScan[]>;
  statics(
    mmsis: ReadonlySet<number>,
    fromMs: number | null,
    toMs: number | null,
    b: VesselBatch,
  ): Promise<StaticRecord[]>;
  /**
   * A number that changes whenever the vessel's rows or static reports in the window change,
   * the window's start included (a reader that keeps them between reads); absent, or undefined
   * for a vessel: unknown.
   */
  versionOf?(mmsi: number): number | undefined;
}

/** The store's own reads. */
export function storeReader(store: Store): WindowReader {
  return {
    scan: async (b, fromMs, toMs) => [
      await store.scanPositions({ fromMmsi: b.fromMmsi, toMmsi: b.toMmsi, fromMs, toMs }),
    ],
    statics: async (mmsis, fromMs, toMs, b) => readStatics(await store.db(), mmsis, fromMs, toMs, b),
  };
}

export interface DetectInStoreResult {
  run: DetectionRun;
  replaced: number;
  events: VesselEvent[];
  /** How many batches of vessels the store was read in. */
  batches: number;
  /** How many of them waited in a temporary file between rounds (`memoryPositions`). */
  spilledBatches: number;
}

export interface ReadTracksOptions {
  fromMs: number | null;
  toMs: number | null;
  /** Only these vessels (all when absent). */
  mmsis?: ReadonlySet<number>;
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

/** A run of vessels read together: MMSIs [fromMmsi, toMmsi] of the store, about `positions` fixes. */
export interface VesselBatch {
  fromMmsi: number;
  toMmsi: number;
  vessels: number;
  positions: number;
}

/** The vessels that may have fixes in [fromMs, toMs], in MMSI order, cut into batches. */
export async function planBatches(
  store: Store,
  fromMs: number | null,
  toMs: number | null,
  batchPositions = DEFAULT_BATCH_POSITIONS,
  only?: ReadonlySet<number>,
): Promise<VesselBatch[]> {
  const db = await store.db();
  const vessels = (await vesselCountsInWindow(db, fromMs, toMs)).filter((v) => !only || only.has(v.mmsi));
  const out: VesselBatch[] = [];
  let cur: VesselBatch | null = null;
  for (const v of vessels) {
    if (cur === null || (cur.positions > 0 && cur.positions + v.positions > batchPositions)) {
      cur = { fromMmsi: v.mmsi, toMmsi: v.mmsi, vessels: 0, positions: 0 };
      out.push(cur);
    }
    cur.toMmsi = v.mmsi;
    cur.vessels++;
    cur.positions += v.positions;
  }
  return out;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Reads one batch: the tracks (uncleaned) of its vessels with fixes in [fromMs, toMs], by MMSI. */
async function readBatch(
  reader: WindowReader,
  b: VesselBatch,
  fromMs: number | null,
  toMs: number | null,
  inputs: InputsOfRuns,
  sources: SourceNumbers,
  only?: ReadonlySet<number>,
  scanned?: Promise<readonly PositionScan[]>,
  memo?: DetectMemo,
): Promise<{ tracks: Track[]; positions: number }> {
  const parts = await (scanned ?? reader.scan(b, fromMs, toMs));
  // each vessel's rows, in order; with a memo, the track the last detection built for the same
  // rows (the version the reader vouches for, as many rows, the same runs' receive times)
  const vessels: Array<{ scan: PositionScan; from: number; to: number; key: string | null; track?: Track }> =
    [];
  const needed = new Set<number>();
  let positions = 0;
  for (const scan of parts)
    for (let from = 0, to = 0; from < scan.length; from = to) {
      const mmsi = scan.mmsi[from];
      to = from + 1;
      while (to < scan.length && scan.mmsi[to] === mmsi) to++;
      if (only && !only.has(mmsi)) continue;
      positions += to - from;
      const version = memo === undefined ? undefined : reader.versionOf?.(mmsi);
      const key = version === undefined ? null : `${version}:${to - from}:${toMs}:${inputs.key}`;
      const track = memo?.taken(mmsi, key);
      if (track === undefined) needed.add(mmsi);
      vessels.push({ scan, from, to, key, track });
    }
  // static reports only for the tracks to build (a served pass builds a few of thousands)
  const staticsOf = new Map<number, StaticRecord[]>();
  if (needed.size > 0)
    for (const st of await reader.statics(needed, fromMs, toMs, b)) {
      const list = staticsOf.get(st.mmsi);
      if (list) list.push(st);
      else staticsOf.set(st.mmsi, [st]);
    }
  const tracks: Track[] = [];
  for (const v of vessels) {
    if (v.track !== undefined) {
      tracks.push(v.track);
      continue;
    }
    const { scan, from, to } = v;
    const mmsi = scan.mmsi[from];
    const sourceOf = (i: number) => {
      const run = scan.ingestRunId[i];
      return sourceOfFix(scan.sources[scan.sourceIndex[i]], inputs.names.get(run), run);
    };
    const t = trackOfColumns(mmsi, scan, from, to, staticsOf.get(mmsi) ?? [], sourceOf, sources.of);
    if (inputs.receivedAtMs.size > 0) {
      const assigned = new Set<number>();
      for (let i = from; i < to; i++)
        if (inputs.receivedAtMs.get(scan.ingestRunId[i])?.has(scan.tsMs[i])) assigned.add(scan.tsMs[i]);
      if (assigned.size > 0) t.assignedTimesMs = [...assigned];
    }
    memo?.built(mmsi, v.key, t);
    tracks.push(t);
  }
  return { tracks, positions };
}

/** What detection needs of each ingest run: its input's name, and the time it gave every message. */
interface InputsOfRuns {
  names: Map<number, string>;
  /** Runs ingested or fed with `--received-at`: those instants (Track.assignedTimesMs). */
  receivedAtMs: Map<number, ReadonlySet<number>>;
  /** Changes when `receivedAtMs` does (a run's name never changes, and a new run brings new rows). */
  key: string;
}

async function inputNames(store: Store): Promise<InputsOfRuns> {
  const names = new Map<number, string>();
  const receivedAtMs = new Map<number, ReadonlySet<number>>();
  for (const r of await store.ingestRuns()) {
    names.set(r.id, r.sourceName);
    const at = assignedTimesOfRun(r.optionsJson);
    if (at.length > 0) receivedAtMs.set(r.id, new Set(at));
  }
  const key = [...receivedAtMs].map(([run, at]) => `${run}/${at.size}`).join(',');
  return { names, receivedAtMs, key };
}

/**
 * Every vessel's fixes in [fromMs, toMs] (or only those of `mmsis`) and its static reports as
 * they were received (identity and voyage reports with their own times), as columnar tracks. All
 * in memory: for a few vessels, or a store that fits; detection streams instead (`detectInStore`).
 */
export async function readTracks(store: Store, o: ReadTracksOptions): Promise<StoredTracks> {
  const batches = await planBatches(store, o.fromMs, o.toMs, DEFAULT_BATCH_POSITIONS, o.mmsis);
  const inputs = await inputNames(store);
  const sources = new SourceNumbers();
  const tracks: Track[] = [];
  let positions = 0;
  const total = batches.reduce((n, b) => n + b.vessels, 0);
  let done = 0;
  for (const b of batches) {
    const r = await readBatch(storeReader(store), b, o.fromMs, o.toMs, inputs, sources, o.mmsis);
    for (const t of r.tracks) tracks.push(t);
    positions += r.positions;
    done += b.vessels;
    o.onProgress?.(done, total);
  }
  return { tracks, mmsis: tracks.map((t) => t.mmsi), positions, sourceNames: sources.names };
}

/**
 * Where the batches of a streamed detection wait between rounds: in memory while they hold no
 * more than `memoryPositions` fixes in all, and past that each batch's cleaned vessels serialised
 * (v8) to a temporary file, so that memory holds that many fixes plus one batch. Spilling costs
 * more than the detectors (a batch is written once and read back in rounds 2, 3 and 4: on 10M
 * positions, 10 of the 45 s detect took), so a store that fits is never written out.
 */
class BatchSpill {
  private fd: number | null = null;
  private dir: string | null = null;
  /** Per batch: its vessels when held in memory, else [offset, length] in the file. */
  private readonly at: Array<Track[] | [number, number]> = [];
  private bytes = 0;
  private heldPositions = 0;

  constructor(private readonly memoryPositions: number) {}

  put(vessels: Track[]): void {
    let positions = 0;
    for (const t of vessels) positions += t.length;
    // the first batch always stays: one batch is in memory anyway while it is detected
    if (this.at.length === 0 || this.heldPositions + positions <= this.memoryPositions) {
      this.heldPositions += positions;
      this.at.push(vessels);
      return;
    }
    if (this.fd === null) {
      this.dir = mkdtempSync(join(tmpdir(), 'tallyman-detect-'));
      this.fd = openSync(join(this.dir, 'batches.bin'), 'w+');
    }
    const buf = serialize(vessels);
    writeSync(this.fd, buf, 0, buf.length, this.bytes);
    this.at.push([this.bytes, buf.length]);
    this.bytes += buf.length;
  }

  get count(): number {
    return this.at.length;
  }

  /** How many batches went to the file. */
  get spilled(): number {
    return this.at.filter((a) => typeof a[0] === 'number').length;
  }

  get(k: number): Track[] {
    const a = this.at[k];
    if (typeof a[0] !== 'number') return a as Track[];
    const [pos, len] = a as [number, number];
    const buf = Buffer.allocUnsafe(len);
    readSync(this.fd as number, buf, 0, len, pos);
    return deserialize(buf) as Track[];
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.fd = null;
    this.dir = null;
    this.at.length = 0;
  }
}

export async function detectInStore(store: Store, o: DetectInStoreOptions): Promise<DetectInStoreResult> {
  const now = o.nowMs ?? Date.now;
  const startedMs = now();
  const ctxMs = o.contextMs ?? DEFAULT_CONTEXT_MS;
  const fromMs = o.sinceMs === null ? null : o.sinceMs - ctxMs;
  const toMs = o.untilMs === null ? null : o.untilMs + ctxMs;
  const filterAreas = o.areaFilter === null ? null : o.areas.filter((a) => o.areaFilter?.includes(a.id));
  const near = (t: Track) => {
    for (let i = 0; i < t.length; i++)
      if (filterAreas?.some((a) => signedDistanceM(a, t.lon[i], t.lat[i]) <= o.params.gapNearAreaM))
        return true;
    return false;
  };
  // Every vessel is read and detected even with --area: a gap's verdict rests on what the
  // receivers heard from all the others (coverage.ts), so it must not depend on the filter. Only
  // the chosen vessels' events are stored.
  const batches = await planBatches(store, fromMs, toMs, o.batchPositions ?? DEFAULT_BATCH_POSITIONS);
  const inputs = await inputNames(store);
  const reader = o.reader ?? storeReader(store);
  const memo = o.memo?.fits(o.areas, o.params) ? o.memo : undefined;
  memo?.begin();
  const sources = memo?.sources ?? new SourceNumbers();
  const detection = new Detection(o.areas, o.params, {
    land: o.land ?? null,
    sourceNames: sources.names,
    ...(o.waterMasks ? { waterMasks: o.waterMasks } : {}),
    ...(memo ? { memo } : {}),
  });
  const spill = new BatchSpill(o.memoryPositions ?? DEFAULT_MEMORY_POSITIONS);
  const chosen: number[] = [];
  let positions = 0;
  let chosenPositions = 0;
  let tracksRead = 0;
  const total = batches.reduce((n, b) => n + b.vessels, 0);
  const rounds = 4;
  let step = 0;
  const progress = () => o.onProgress?.(Math.round((step * total) / rounds), total);
  const segmentsOf: Array<[number, number]> = [];
  const perVessel: VesselEvent[] = [];
  let spilledBatches = 0;
  try {
    let first = 0;
    // The store reads the next batches while this one is detected (`scanReadAhead`: two for a
    // SQLite file, one on each of its reading threads). Only the reads run ahead: a batch's tracks
    // are built when its turn comes, so sources are numbered in batch order whichever read
    // finishes first.
    const scans = new Map<number, Promise<readonly PositionScan[]>>();
    const scanAhead = (k: number) => {
      if (k >= batches.length || scans.has(k)) return;
      const p = reader.scan(batches[k], fromMs, toMs);
      p.catch(() => {});
      scans.set(k, p);
    };
    for (let k = 0; k < batches.length; k++) {
      const b = batches[k];
      for (let j = k; j <= k + store.scanReadAhead; j++) scanAhead(j);
      const scanned = scans.get(k);
      scans.delete(k);
      const r = await readBatch(reader, b, fromMs, toMs, inputs, sources, undefined, scanned, memo);
      positions += r.positions;
      tracksRead += r.tracks.length;
      for (const t of r.tracks)
        if (filterAreas === null || near(t)) {
          chosen.push(t.mmsi);
          chosenPositions += t.length;
        }
      const prepared = prepareBatch(r.tracks, o.params, memo);
      detection.round1(prepared);
      o.onTrackBatch?.(r.tracks);
      spill.put(prepared.vessels);
      segmentsOf.push([first, prepared.sorted.length]);
      first += prepared.sorted.length;
      step += b.vessels / total;
      progress();
      // a reader that holds the window in memory answers at once, so nothing else would run
      // until every batch is read (a worker's commits wait on this thread)
      await yieldToEventLoop();
    }
    detection.endRound1();
    // Rounds 2–4 read no store, so nothing else would await: the process's other work (a worker's
    // commits, a server's requests) gets the event loop between batches instead of after them all.
    await yieldToEventLoop();
    for (let k = 0; k < spill.count; k++) {
      detection.round2(rebuildBatch(spill.get(k), memo));
      step += batches[k].vessels / total;
      progress();
      await yieldToEventLoop();
    }
    detection.endRound2();
    await yieldToEventLoop();
    for (let k = 0; k < spill.count; k++) {
      for (const e of detection.round3(rebuildBatch(spill.get(k), memo))) perVessel.push(e);
      step += batches[k].vessels / total;
      progress();
      await yieldToEventLoop();
    }
    detection.endRound3();
    await yieldToEventLoop();
    for (let k = 0; k < spill.count; k++) {
      const [segFirst, segCount] = segmentsOf[k];
      if (detection.needsRound4(segFirst, segCount)) {
        detection.round4(rebuildBatch(spill.get(k), memo), segFirst);
        await yieldToEventLoop();
      }
    }
  } finally {
    spilledBatches = spill.spilled;
    spill.close();
  }
  memo?.end();
  const all = detection.finish(perVessel);
  const chosenSet = new Set(chosen);
  const events =
    filterAreas === null
      ? all
      : all.filter((e) => chosenSet.has(e.mmsi) && (e.mmsi2 === null || chosenSet.has(e.mmsi2)));
  const db = await store.db();
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
      vessels: filterAreas === null ? tracksRead : chosen.length,
      positions: filterAreas === null ? positions : chosenPositions,
      ...(o.complete !== undefined ? { complete: o.complete } : {}),
    },
    events,
    o.areaFilter === null ? null : chosen,
  );
  return { run, replaced, events, batches: batches.length, spilledBatches };
}

export interface IncrementalRange {
  /** Nothing was ingested since the last run: its events stand. */
  upToDate: boolean;
  /** The range whose events are detected again (their start), with the context read around it. */
  sinceMs: number | null;
  untilMs: number | null;
  /** For the user: why this range. */
  reason: string;
  /**
   * What changed since the last run (absent when nothing did): that run, every ingest run since,
   * and each vessel's first and last new fix — what a reader that keeps the window between runs
   * reads again (src/live/fleet-cache.ts).
   */
  basis?: {
    afterRunId: number;
    runIds: number[];
    changed: Array<{ mmsi: number; firstMs: number; lastMs: number }>;
  };
}

/**
 * What `tallyman detect` needs to do again after new inputs, or null when it must detect the
 * whole store: when the last run left the events complete (`DetectionRun.complete`) with the same
 * parameters and areas, only the events that start from `contextMs` before the first new fix to
 * the last new fix can change — coverage and reception change only in the hours the new fixes fall
 * in (coverage.ts, reception.ts), which those events reach — plus, for each vessel with new fixes,
 * the gap that ends with them (from the fix before) and its stored events still running then (a
 * voyage, a shared IMO: from their start). Every vessel with fixes in that range and its context is
 * read; the vessels and times outside it are not.
 */
export async function incrementalRange(
  store: Store,
  areas: readonly Area[],
  params: Readonly<EventParams>,
  contextMs = DEFAULT_CONTEXT_MS,
): Promise<IncrementalRange | null> {
  const db = await store.db();
  const runs = await detectionRuns(db);
  const last = runs.at(-1);
  if (last === undefined || !last.complete) return null;
  if (last.areasHash !== areasHash(areas)) return null;
  if (canonicalJson(paramsOfRun(last)) !== canonicalJson(params)) return null;
  const later = (
    await db.selectFrom('ingest_runs').select(['id', 'finished_ms', 'status', 'positions_added']).execute()
  ).filter((r) => r.status === 'running' || r.finished_ms === null || Number(r.finished_ms) > last.startedMs);
  if (later.some((r) => r.status === 'running')) return null;
  const ids = later.filter((r) => Number(r.positions_added) > 0).map((r) => Number(r.id));
  if (later.length === 0 || ids.length === 0)
    return {
      upToDate: later.length === 0,
      sinceMs: null,
      untilMs: null,
      reason:
        later.length === 0
          ? `no input ingested since detection run ${last.id}`
          : `the ${later.length} input(s) ingested since detection run ${last.id} added no fixes: detecting the whole store again`,
    };
  // Per changed vessel, in one query: its first and last new fix; the fix it had before (a gap
  // that ends with the new fixes starts there, however long ago); and the start of its events
  // still running near the new fixes (a voyage to the port it now reaches, a shared IMO it claims
  // again): they change with them, so they are detected again from their start.
  const changed = (
    await sql<{
      mmsi: number;
      first: number;
      last: number;
      before: number | null;
      open: number | null;
      open2: number | null;
    }>`
      WITH c AS (
        SELECT mmsi, min(ts_ms) AS first, max(ts_ms) AS last FROM positions
        WHERE ingest_run_id IN (${sql.join(ids)}) GROUP BY mmsi
      )
      SELECT c.mmsi, c.first, c.last, ${affectedColumns(contextMs)}
      FROM c`.execute(db)
  ).rows;
  if (changed.length === 0) return null;
  let fromMs = Number.POSITIVE_INFINITY;
  let toMs = Number.NEGATIVE_INFINITY;
  for (const c of changed) {
    fromMs = Math.min(fromMs, Number(c.first));
    toMs = Math.max(toMs, Number(c.last));
  }
  let sinceMs = earliestAffectedMs(changed, contextMs);
  const changedMmsis = changed.map((c) => Number(c.mmsi));
  for (let i = 0; i < changedMmsis.length; i += 500) {
    const shared = await sharedImoSinceMs(db, changedMmsis.slice(i, i + 500));
    if (shared !== null) sinceMs = Math.min(sinceMs, shared);
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    upToDate: false,
    sinceMs,
    untilMs: toMs,
    basis: {
      afterRunId: last.id,
      runIds: later.map((r) => Number(r.id)),
      changed: changed.map((c) => ({
        mmsi: Number(c.mmsi),
        firstMs: Number(c.first),
        lastMs: Number(c.last),
      })),
    },
    reason: `incremental: ${ids.length} input(s) ingested since detection run ${last.id} hold fixes of ${changed.length} vessel(s) from ${iso(fromMs)} to ${iso(toMs)}; detecting the events that start from ${iso(sinceMs)} to ${iso(toMs)} again (--full: the whole store)`,
  };
}

export interface CurrentEvents {
  events: VesselEvent[];
  /** The parameters the events were found with. */
  params: EventParams;
  run: DetectionRun;
  /** Why detection was run again first (freshness.ts), or null when the stored events were current. */
  redetected: string | null;
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
    return { events, params: f.params, run: f.run, redetected: null };
  }
  const { run, events } = await detectInStore(store, {
    sinceMs: null,
    untilMs: null,
    areas: o.areas,
    areaFilter: null,
    params: f.params,
    land: o.land ? o.land() : null,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  return { events, params: f.params, run, redetected: f.reason };
}
