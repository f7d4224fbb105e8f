/**
 * One detection pass of live watch, on a store connection of its own: the range the changed
 * vessels' new fixes can change (./range.ts), detected again with `detectInStore` (the events of
 * that range replaced, the run marked complete), compared with what the range held
 * (./revisions.ts), and the revisions stored. Runs in watch's process or on a thread of its own
 * (./detect-thread.ts); the caller makes sure the feed's writes are committed first.
 */
import type { Area } from '../areas/types.js';
import { DEFAULT_MEMORY_POSITIONS } from '../events/batch-sizes.js';
import { DetectMemo } from '../events/detect-memo.js';
import { detectInStore } from '../events/detect-store.js';
import { type SurfaceSource, WaterMaskMemo } from '../events/land.js';
import type { EventParams } from '../events/params.js';
import { queryEvents } from '../events/store.js';
import type { VesselEvent } from '../events/types.js';
import type { Store } from '../store/types.js';
import { FleetCache } from './fleet-cache.js';
import { liveSinceMs, type VesselChange } from './range.js';
import { diffEvents, type EventChange, EventHashes } from './revisions.js';
import { loadRevisions, saveRevisions } from './store.js';

export interface PassOptions {
  areas: readonly Area[];
  params: Readonly<EventParams>;
  land: SurfaceSource | null;
  contextMs: number;
  nowMs?: () => number;
  /** Most fixes kept between passes (./fleet-cache.ts); default DEFAULT_MEMORY_POSITIONS. */
  cachePositions?: number;
}

export interface PassResult {
  /** Nothing to detect (no change that reaches an event). */
  skipped: boolean;
  sinceMs: number | null;
  changes: EventChange[];
  ms: number;
  /** The window was served from memory (./fleet-cache.ts), not read from the store. */
  fromMemory: boolean;
  /** Why it was read from the store (null when from memory or skipped). */
  readReason: string | null;
  /** Vessels whose tracks and own events were taken from the last pass (../events/detect-memo.ts), and all it detected. */
  reused: number;
  vessels: number;
}

export class DetectionPasses {
  private revisions: Map<string, number> | null = null;
  private readonly cache: FleetCache;
  private readonly waterMasks = new WaterMaskMemo();
  /** Each vessel's own work, kept for the next pass (only the changed vessels are done again). */
  private memo: DetectMemo | null = null;
  private readonly hashes = new EventHashes();
  /** What the last pass stored: its detection run, and the events from its `sinceMs` on. */
  private last: { runId: number; sinceMs: number; events: VesselEvent[] } | null = null;

  constructor(
    private readonly store: Store,
    private readonly o: PassOptions,
  ) {
    this.cache = new FleetCache(o.cachePositions ?? DEFAULT_MEMORY_POSITIONS);
  }

  /**
   * `full`: the whole store (the first pass on a store whose events are not complete). `changed`:
   * every vessel this process wrote data of since the last pass, and `ownRuns` its ingest runs
   * (what the cache of the window may skip reading again). A pass that fails leaves the cache to
   * fill afresh, and the caller hands the same changes to the next.
   */
  async run(
    changed: readonly VesselChange[],
    full: boolean,
    ownRuns: ReadonlySet<number> = new Set(),
  ): Promise<PassResult> {
    const t0 = performance.now();
    const now = this.o.nowMs ?? Date.now;
    if (this.revisions === null) this.revisions = await loadRevisions(await this.store.db());
    const revisions = this.revisions;
    const sinceMs = full ? null : await liveSinceMs(this.store, changed, this.o.contextMs);
    if (!full && sinceMs === null)
      return {
        skipped: true,
        sinceMs: null,
        changes: [],
        ms: 0,
        fromMemory: false,
        readReason: null,
        reused: 0,
        vessels: 0,
      };
    const before = await this.eventsFrom(sinceMs);
    const fromMs = sinceMs === null ? null : sinceMs - this.o.contextMs;
    const reader = await this.cache.prepare(this.store, changed, fromMs, ownRuns);
    this.memo = DetectMemo.for(this.memo, this.o.areas, this.o.params);
    const r = await detectInStore(this.store, {
      sinceMs,
      untilMs: null,
      areas: this.o.areas,
      areaFilter: null,
      params: this.o.params,
      land: this.o.land,
      contextMs: this.o.contextMs,
      complete: true,
      reader,
      waterMasks: this.waterMasks,
      memo: this.memo,
    });
    this.cache.filled();
    const after = sinceMs === null ? r.events : r.events.filter((e) => e.startMs >= sinceMs);
    const changes = diffEvents(before, after, revisions, this.hashes.of);
    this.last = sinceMs === null ? null : { runId: r.run.id, sinceMs, events: after };
    for (const c of changes) revisions.set(c.event.id, c.revision);
    if (changes.length > 0) await saveRevisions(await this.store.db(), changes, this.hashes.of, now());
    return {
      skipped: false,
      sinceMs,
      changes,
      ms: performance.now() - t0,
      fromMemory: this.cache.reason === null,
      readReason: this.cache.reason,
      reused: this.memo.hits,
      vessels: this.memo.hits + this.memo.misses,
    };
  }

  /**
   * The stored events that start from `sinceMs` on (all: null). While the store's last detection
   * run is this object's last pass, and it started no later, those are what that pass stored:
   * taken from memory, not read and parsed again.
   */
  private async eventsFrom(sinceMs: number | null): Promise<Map<string, VesselEvent>> {
    const before = new Map<string, VesselEvent>();
    const db = await this.store.db();
    const last = this.last;
    if (last !== null && sinceMs !== null && sinceMs >= last.sinceMs) {
      const newest = await db
        .selectFrom('detection_runs')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      if (Number(newest?.id) === last.runId) {
        for (const e of last.events) if (e.startMs >= sinceMs) before.set(e.id, e);
        return before;
      }
    }
    for (const s of await queryEvents(db, sinceMs === null ? {} : { sinceMs }))
      if (sinceMs === null || s.event.startMs >= sinceMs) before.set(s.event.id, s.event);
    return before;
  }
}
