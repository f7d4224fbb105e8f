/**
 * Detection for workers: after their commits, the store-level incremental detection
 * (src/events/detect-store.ts) runs over what any worker added, one worker at a time, and what it
 * changed is published to `<prefix>.<event type>`.
 *
 * Why here and not per partition: encounters and coverage (a silence is "dark" only where the
 * receivers heard others) span vessels of every partition, so detection reads the shared store.
 * Why the commit lock: `incrementalRange` must see no commit half-done, and the run's start time
 * is taken before it looks, so a commit finishing after the look is picked up by the next run.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import type { Area } from '../areas/types.js';
import type { DetectMemo } from '../events/detect-memo.js';
import { DEFAULT_CONTEXT_MS, detectInStore, incrementalRange } from '../events/detect-store.js';
import type { SurfaceSource, WaterMaskMemo } from '../events/land.js';
import type { EventParams } from '../events/params.js';
import { queryEvents } from '../events/store.js';
import type { VesselEvent } from '../events/types.js';
import type { FleetCache } from '../live/fleet-cache.js';
import { diffEvents, type EventChange, type EventHashes } from '../live/revisions.js';
import { loadRevisions, saveRevisions } from '../live/store.js';
import type { Store } from '../store/types.js';
import { lockCommitExclusive, lockDetect, unlockCommitExclusive, unlockDetect } from './coord.js';
import { eventSubject } from './subjects.js';

/**
 * How far back a run's recorded start is set: ingest runs are stamped with their writer's clock,
 * and a commit on a host whose clock runs behind must still count as "after" this run. Re-reading
 * a few seconds more costs only time.
 */
export const CLOCK_MARGIN_MS = 5_000;

export interface DetectContext {
  store: Store;
  client: pg.Client;
  nc: NatsConnection;
  eventsPrefix: string;
  stream: string;
  areas: readonly Area[];
  params: Readonly<EventParams>;
  land: () => SurfaceSource | null;
  simulated: () => Promise<boolean>;
  /** Handed the run's changes after they are published (the worker's alerts). */
  onChanges?: (changes: readonly EventChange[]) => Promise<void>;
  /** The read window kept between this worker's runs (src/live/fleet-cache.ts). */
  window: FleetCache;
  waterMasks: WaterMaskMemo;
  /** Each vessel's own work kept between this worker's runs (src/events/detect-memo.ts). */
  memo: DetectMemo;
  /** The hashes of the events those runs found (most are the same objects run after run). */
  hashes: EventHashes;
}

export interface DetectOutcome {
  ran: boolean;
  incremental: boolean;
  detectionRunId: number | null;
  changes: number;
  /** When the run began looking: every commit finished before it is covered. */
  coveredUpToMs: number;
  durationMs: number;
  /** The run read its window from memory (the last run was this worker's), not the store. */
  windowFromMemory: boolean;
  /** The store holds simulated input (the run's notices say so); false when it did not run. */
  simulated: boolean;
}

export async function detectAndPublish(ctx: DetectContext): Promise<DetectOutcome> {
  const began = Date.now();
  await lockDetect(ctx.client);
  try {
    await lockCommitExclusive(ctx.client);
    const t0 = Date.now();
    let range: Awaited<ReturnType<typeof incrementalRange>>;
    try {
      range = await incrementalRange(ctx.store, ctx.areas, ctx.params);
    } finally {
      await unlockCommitExclusive(ctx.client);
    }
    if (range?.upToDate)
      return {
        ran: false,
        incremental: true,
        detectionRunId: null,
        changes: 0,
        coveredUpToMs: t0,
        durationMs: Date.now() - began,
        windowFromMemory: false,
        simulated: false,
      };
    const sinceMs = range?.sinceMs ?? null;
    // Events are detected again to the end of the store, not to the range's end: the same events
    // (a range is detected exactly, whatever its end), and a window without an end is what the
    // window kept between runs holds.
    const inRange = (e: VesselEvent) => sinceMs === null || e.startMs >= sinceMs;
    const db = await ctx.store.db();
    const before = (await queryEvents(db, sinceMs !== null ? { sinceMs } : {}))
      .map((s) => s.event)
      .filter(inRange);
    let first = true;
    const reader = await ctx.window.prepareAfterRun(
      ctx.store,
      range?.basis ?? null,
      sinceMs === null ? null : sinceMs - DEFAULT_CONTEXT_MS,
    );
    const { run, events } = await detectInStore(ctx.store, {
      reader,
      waterMasks: ctx.waterMasks,
      memo: ctx.memo,
      sinceMs,
      untilMs: null,
      complete: true,
      areas: ctx.areas,
      areaFilter: null,
      params: ctx.params,
      land: ctx.land(),
      nowMs: () => {
        if (!first) return Date.now();
        first = false;
        return t0 - CLOCK_MARGIN_MS;
      },
    });
    ctx.window.filled(run.id);
    const kept = events.filter(inRange);
    // decided / revised / withdrawn with a revision number, as `tallyman watch` reports them
    const beforeById = new Map(before.map((e) => [e.id, e]));
    const changes = diffEvents(beforeById, kept, await loadRevisions(db), ctx.hashes.of);
    if (changes.length > 0) await saveRevisions(db, changes, ctx.hashes.of, Date.now());
    const simulated = await ctx.simulated();
    publishChanges(ctx, changes, run.id, simulated);
    await ctx.onChanges?.(changes);
    // out before the lock is let go, so that the next worker's changes follow these
    await ctx.nc.flush();
    return {
      ran: true,
      incremental: range !== null,
      detectionRunId: run.id,
      changes: changes.length,
      coveredUpToMs: t0,
      durationMs: Date.now() - began,
      windowFromMemory: ctx.window.reason === null,
      simulated,
    };
  } finally {
    await unlockDetect(ctx.client);
  }
}

function publishChanges(
  ctx: DetectContext,
  changes: readonly EventChange[],
  runId: number,
  simulated: boolean,
): void {
  for (const c of changes) {
    const body = {
      status: c.state,
      revision: c.revision,
      stream: ctx.stream,
      detectionRunId: runId,
      // a person reading the subject must see it was built from simulated input
      ...(simulated ? { simulated: true, notice: 'SIMULATED' } : {}),
      event: c.event,
    };
    ctx.nc.publish(eventSubject(ctx.eventsPrefix, c.event.type), JSON.stringify(body));
  }
}
