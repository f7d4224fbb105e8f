/**
 * `tallyman watch`, the imperative shell: live feeds → the store → the alert engine, with
 * detection re-run incrementally on a short cadence, and alerts handed to the delivery sinks.
 *
 * - Each feed is one ingest run (named after it, marked `[simulated]` when its station ids say the
 *   data is simulated), written batch by batch as it arrives; a batch waits at most `flushMs`.
 * - Every batch goes through the alert engine at once (area, watchlist, dark and reappeared
 *   alerts need no detection pass), its vessels' latest fixes to `live_positions`.
 * - As soon as data came in and the last pass ended (no two starting within `detectEveryMs`), the
 *   events that the new fixes can change are detected again (./range.ts: the same rule as `tallyman detect` after new inputs) and compared with what
 *   the store held (./revisions.ts): decided, revised and withdrawn events get a revision, and
 *   the engine raises the event alerts (dark port call, encounter, identity change).
 * - When the feeds end or the signal fires: the runs are finished and one last pass leaves the
 *   events a batch `detect` over the same data gives.
 */
import type { Area } from '../areas/types.js';
import type { StoreLocation } from '../config.js';
import { paramsOfRun } from '../events/freshness.js';
import type { SurfaceSource } from '../events/land.js';
import type { EventParams } from '../events/params.js';
import { areasHash, detectionRuns } from '../events/store.js';
import { followSource, stdinSource, udpSource } from '../sources/live-feed.js';
import { tcpSource } from '../sources/tcp.js';
import type { Batch, Source, SourceReject } from '../sources/types.js';
import { canonicalJson } from '../store/rows.js';
import { simulatedSources } from '../store/simulated.js';
import type { Store } from '../store/types.js';
import { DetectThread } from './detect-thread.js';
import { type Alert, AlertEngine, fixesByVessel, type LiveFix } from './engine.js';
import { DetectionPasses } from './pass.js';
import { ChangeSet, type VesselChange } from './range.js';
import type { EventChange } from './revisions.js';
import {
  insertAlerts,
  listRules,
  type StoredAlert,
  sanctionedSet,
  saveLivePositions,
  seedEngine,
} from './store.js';

/** Detection's context around a live range: as `detect` (src/events/detect-store.ts). */
const DAY_MS = 86_400_000;

export interface WatchOptions {
  feeds: readonly string[];
  store: Store;
  /**
   * A second connection to the same store for the detection passes, so that a pass (seconds on a
   * large window) never holds up the feed: the feed writes and raises alerts on `store` meanwhile.
   * Absent: passes run on `store`, one thing at a time.
   */
  detectStore?: Store;
  /**
   * Run the passes on a worker thread with its own connection to this store location (and its
   * own land and water when `land`): a pass's CPU work then never holds up the feed's alerts.
   * Takes precedence over `detectStore`.
   */
  detectThread?: { location: StoreLocation; land: boolean };
  areas: readonly Area[];
  params: Readonly<EventParams>;
  land?: SurfaceSource | null;
  signal: AbortSignal;
  /** Shortest time between the starts of two detection passes (passCadence), default 250 ms. */
  detectEveryMs?: number;
  /** Longest a fix waits in a feed's buffer, default 250 ms. */
  flushMs?: number;
  /** How often rules and the sanctioned list are read again, default 5000 ms. */
  rulesEveryMs?: number;
  contextMs?: number;
  /** New alerts (already stored, deduplicated), in the order raised. */
  deliver?: (alerts: readonly StoredAlert[]) => void | Promise<void>;
  /** Events decided, revised or withdrawn by a detection pass. */
  onEvents?: (changes: readonly EventChange[]) => void;
  /** Lines for the operator (connects, rejects, passes). */
  log?: (line: string) => void;
  /** Each batch's fixes, after they are stored and alerted on (benchmarks time the path). */
  onBatch?: (fixes: number, alerts: readonly StoredAlert[]) => void;
  /** Each detection pass that ran, once its alerts are raised; `startedMs` is the wall clock when it took its changes. */
  onPass?: (pass: { final: boolean; fromMemory: boolean; ms: number; startedMs: number }) => void;
  nowMs?: () => number;
}

export interface WatchSummary {
  feeds: Array<{ name: string; positions: number; statics: number; rejected: number }>;
  detectionPasses: number;
  /** Of them, those that read the window from memory (./fleet-cache.ts). */
  passesFromMemory: number;
  events: { decided: number; revised: number; withdrawn: number };
  alerts: number;
}

/** One feed argument → its source. */
export function openFeed(
  arg: string,
  o: { signal: AbortSignal; flushMs: number; log: (s: string) => void },
): Source {
  const m = /^(tcp|udp):\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(arg);
  if (m !== null) {
    const host = m[2].replace(/^\[|\]$/g, '');
    const port = Number(m[3]);
    if (m[1] === 'udp') return udpSource(arg, host, port, { signal: o.signal, flushMs: o.flushMs });
    return tcpSource(arg, host, port, {
      signal: o.signal,
      flushMs: o.flushMs,
      onEvent: (e) => {
        if (e.type === 'connected') o.log(`${arg}: connected`);
        else if (e.type === 'disconnected') o.log(`${arg}: disconnected${e.error ? ` (${e.error})` : ''}`);
      },
    });
  }
  if (/^[a-z]+:\/\//i.test(arg))
    throw new Error(`${arg}: not a feed (tcp://HOST:PORT, udp://HOST:PORT, a file or -)`);
  if (arg === '-') return stdinSource({ signal: o.signal, flushMs: o.flushMs });
  return followSource(arg, { signal: o.signal, flushMs: o.flushMs });
}

/** A promise chain: one store transaction at a time from this process's feeds and passes. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(f: () => Promise<T>): Promise<T> => {
    const p = tail.then(f, f);
    tail = p.catch(() => {});
    return p;
  };
}

export async function runWatch(o: WatchOptions): Promise<WatchSummary> {
  const now = o.nowMs ?? Date.now;
  const log = o.log ?? (() => {});
  const contextMs = o.contextMs ?? 14 * DAY_MS;
  const detectEveryMs = o.detectEveryMs ?? 250;
  const store = o.store;
  const one = serial();
  const db = await store.db();
  const summary: WatchSummary = {
    feeds: [],
    detectionPasses: 0,
    passesFromMemory: 0,
    events: { decided: 0, revised: 0, withdrawn: 0 },
    alerts: 0,
  };

  const engine = new AlertEngine({
    rules: await listRules(db),
    areas: o.areas,
    params: o.params,
    sanctioned: await sanctionedSet(db),
  });
  await seedEngine(await store.db(), engine);
  let simulated = (await simulatedSources(db)).length > 0;
  const changes = new ChangeSet();

  // A store whose events are not complete for these parameters and areas is detected whole first.
  const last = (await detectionRuns(db)).at(-1);
  let needFull =
    last === undefined ||
    !last.complete ||
    last.areasHash !== areasHash(o.areas) ||
    canonicalJson(paramsOfRun(last)) !== canonicalJson(o.params);

  const raise = async (alerts: readonly Alert[]) => {
    if (alerts.length === 0) return [];
    const stored = await one(async () => insertAlerts(await store.db(), alerts, { nowMs: now(), simulated }));
    summary.alerts += stored.length;
    if (stored.length > 0) await o.deliver?.(stored);
    return stored;
  };

  const runPass = passRunner(o, store, contextMs, now, one);
  const cadence = passCadence(detectEveryMs);

  const ownRuns = new Set<number>();
  const pass = async (final: boolean) => {
    const startedMs = Date.now();
    const changed = changes.take();
    if (!needFull && changed.length === 0) return;
    // what the feed wrote so far is committed before another connection reads (store.db() flushes)
    await store.db();
    let r: Awaited<ReturnType<typeof runPass>>;
    try {
      r = await runPass(changed, needFull, ownRuns);
    } catch (err) {
      // the next pass takes these vessels' changes in again
      for (const c of changed) changes.put(c);
      throw err;
    }
    if (r.skipped) return;
    needFull = false;
    summary.detectionPasses++;
    if (r.fromMemory) summary.passesFromMemory++;
    for (const c of r.changes) summary.events[c.state]++;
    if (r.changes.length > 0) o.onEvents?.(r.changes);
    await raise(engine.events(r.changes));
    log(
      `detection pass${final ? ' (final)' : ''}: ${r.sinceMs === null ? 'whole store' : `from ${new Date(r.sinceMs).toISOString()}`}, ${changed.length} vessel(s) changed, ${r.changes.length} event change(s), ${Math.round(r.ms)} ms${r.fromMemory ? ' (window from memory)' : ` (window read from the store: ${r.readReason})`}, ${r.reused} of ${r.vessels} vessel(s) not detected again`,
    );
    o.onPass?.({ final, fromMemory: r.fromMemory, ms: r.ms, startedMs });
  };

  // rules and the sanctioned list may change while watch runs (CLI, workbench)
  const refresh = async () => {
    const d = await store.db();
    engine.setRules(await listRules(d));
    engine.setSanctioned(await sanctionedSet(d));
  };

  const consume = async (source: Source) => {
    let runId: number | null = null;
    const feed = { name: source.name, positions: 0, statics: 0, rejected: 0 };
    summary.feeds.push(feed);
    try {
      for await (const batch of source.batches()) {
        for (const r of batch.rejects) reportReject(r, log);
        feed.rejected += batch.rejects.length;
        if (batch.positions.length === 0 && batch.statics.length === 0) continue;
        if (runId === null) {
          const sim = isSimulatedBatch(batch);
          const name = sim ? `${source.name} [simulated]` : source.name;
          const run = await one(() =>
            store.beginIngest({
              sourceName: name,
              contentSha256: null,
              format: source.format,
              sizeBytes: null,
            }),
          );
          runId = run.runId;
          ownRuns.add(run.runId);
          if (sim) simulated = true;
        }
        const id = runId;
        await one(() => store.writeBatch(id, batch));
        feed.positions += batch.positions.length;
        feed.statics += batch.statics.length;
        for (const p of batch.positions) changes.add(p.mmsi, p.tsMs);
        // a feed's messages all have a time (its own or their arrival's), so every report is counted
        for (const s of batch.statics) if (s.tsMs !== null) changes.add(s.mmsi, s.tsMs, true);
        cadence.nudge();
        const { alerts, latest } = alertsOfBatch(engine, batch);
        const stored = await raise(alerts);
        await one(async () => saveLivePositions(await store.db(), [...latest.values()], now()));
        o.onBatch?.(batch.positions.length, stored);
      }
    } finally {
      if (runId !== null) {
        const id = runId;
        let sha: string | null = null;
        try {
          sha = source.sha256();
        } catch {
          sha = null;
        }
        await one(() => store.finishIngest(id, { contentSha256: sha, counts: source.counts }));
      }
    }
  };

  const sources = o.feeds.map((f) => openFeed(f, { signal: o.signal, flushMs: o.flushMs ?? 250, log }));
  cadence.start(
    () => needFull || changes.size > 0,
    () =>
      pass(false).catch((err: Error) => log(`detection pass failed (retried on the next): ${err.message}`)),
  );
  const rulesTimer = setInterval(() => {
    refresh().catch((err: Error) => log(`rules not read again: ${err.message}`));
  }, o.rulesEveryMs ?? 5000);
  try {
    const results = await Promise.allSettled(sources.map(consume));
    for (const [i, r] of results.entries())
      if (r.status === 'rejected') log(`${o.feeds[i]}: ${(r.reason as Error).message}`);
  } finally {
    clearInterval(rulesTimer);
    await cadence.stop();
  }
  try {
    await pass(true);
  } finally {
    await runPass.close();
  }
  return summary;
}

/**
 * When passes run: as soon as the feed wrote something and the last pass has ended, but no two
 * starting within `everyMs` of each other. An alert that waits for detection then waits for at
 * most the pass under way and its own, not for a fixed tick as well (with a 2 s tick, that wait
 * alone was 1 s on average and 1.9 s at p95).
 */
export function passCadence(everyMs: number) {
  let stopping = false;
  let wake: (() => void) | null = null;
  let cancelSleep: (() => void) | null = null;
  let loop: Promise<void> = Promise.resolve();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      cancelSleep = () => {
        clearTimeout(t);
        resolve();
      };
    }).finally(() => {
      cancelSleep = null;
    });
  return {
    /** Runs `pass` whenever `pending` says there is something to detect. */
    start(pending: () => boolean, pass: () => Promise<void>): void {
      loop = (async () => {
        while (!stopping) {
          // checked and waited for in one step, so no nudge falls between the two
          if (!pending()) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = null;
            continue;
          }
          const startedMs = performance.now();
          await pass();
          const restMs = everyMs - (performance.now() - startedMs);
          if (restMs > 0 && !stopping) await sleep(restMs);
        }
      })();
    },
    /** New data: an idle loop runs a pass now; a pass under way or a spacing wait is left alone. */
    nudge(): void {
      wake?.();
    },
    /** Ends the loop after the pass under way. */
    async stop(): Promise<void> {
      stopping = true;
      wake?.();
      cancelSleep?.();
      await loop;
    },
  };
}

/**
 * Where detection passes run: on a thread of their own (its own connection), on a second
 * connection in this process, or on the feed's store one transaction at a time (`one`).
 */
function passRunner(
  o: WatchOptions,
  store: Store,
  contextMs: number,
  now: () => number,
  one: ReturnType<typeof serial>,
) {
  const thread =
    o.detectThread === undefined
      ? null
      : new DetectThread({
          location: o.detectThread.location,
          areas: [...o.areas],
          params: { ...o.params },
          contextMs,
          land: o.detectThread.land,
        });
  const local =
    thread !== null
      ? null
      : new DetectionPasses(o.detectStore ?? store, {
          areas: o.areas,
          params: o.params,
          land: o.land ?? null,
          contextMs,
          nowMs: now,
        });
  const run = (changed: VesselChange[], full: boolean, ownRuns: ReadonlySet<number>) => {
    if (thread !== null) return thread.run(changed, full, ownRuns);
    const l = local as DetectionPasses;
    return o.detectStore === undefined
      ? one(() => l.run(changed, full, ownRuns))
      : l.run(changed, full, ownRuns);
  };
  return Object.assign(run, { close: async () => thread?.close() });
}

/** A batch's alerts (identity, then each vessel's fixes, then the clock's), and each vessel's latest fix. */
function alertsOfBatch(engine: AlertEngine, batch: Batch): { alerts: Alert[]; latest: Map<number, LiveFix> } {
  const alerts: Alert[] = [];
  for (const s of batch.statics) for (const a of engine.identity(s)) alerts.push(a);
  const latest = new Map<number, LiveFix>();
  for (const group of fixesByVessel(batch.positions)) {
    for (const a of engine.fixes(group)) alerts.push(a);
    const f = group[group.length - 1];
    latest.set(f.mmsi, f);
  }
  for (const a of engine.tick()) alerts.push(a);
  return { alerts, latest };
}

/** The scenario writer names every station "simulated-…" (src/scenario). */
function isSimulatedBatch(b: Batch): boolean {
  return (
    b.positions.some((p) => p.source !== null && /simulated/i.test(p.source)) ||
    b.statics.some((s) => s.source !== null && /simulated/i.test(s.source))
  );
}

function reportReject(r: SourceReject, log: (s: string) => void): void {
  log(`${r.file}:${r.line}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}: ${r.text}`);
}
