/**
 * A worker process: connections, the commit loop, the detection loop and rebalancing, wired
 * together (the CLI's `tallyman worker` is this plus option parsing).
 */
import { appendFileSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { BUNDLED_AREAS, mergeAreas } from '../areas/index.js';
import { loadUserAreas } from '../areas/store.js';
import type { EventParams } from '../events/params.js';
import { openStore } from '../store/index.js';
import { simulatedStore } from '../store/simulated.js';
import { WorkerAlerts } from './alerts.js';
import { connectPg, ensureTables, storeTag } from './coord.js';
import { WorkerDetectThread } from './detect-thread.js';
import { streamPartitions } from './stream.js';
import { Worker } from './worker.js';

export interface RunWorkerOptions {
  natsUrl: string;
  stream: string;
  dbUrl: string;
  eventsPrefix: string;
  /** Alerts go to `<alertsPrefix>.<rule kind>`. */
  alertsPrefix: string;
  params: Readonly<EventParams>;
  batchMessages: number;
  lingerMs: number;
  /** Exit once caught up and detected, with nothing new for this long; null: run until a signal. */
  exitWhenIdleMs: number | null;
  /**
   * Appends two lines per applied message, ms from its arrival in the stream: `c N` once it is
   * stored and its fix alerts are out, `d N` once the detection run covering it is done.
   */
  latencyLog: string | null;
  /** Whether to run the on-land check (loads ~300 MB of land and water polygons once). */
  land: boolean;
  /** Whether this worker detects after its commits (an ingest-only worker leaves it to others). */
  detect: boolean;
  /**
   * Holds no partitions and only detects, whenever any worker has committed (polled): detection
   * on a process (a core, a host) of its own, beside ingest-only workers.
   */
  detectOnly?: boolean;
  log: (entry: Record<string, unknown>) => void;
  signal?: AbortSignal;
}

/** How often a detect-only worker looks for new commits. */
const DETECT_POLL_MS = 250;

function natsServers(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'nats:') throw new Error(`--from: "${url}" is not a nats://HOST:PORT address`);
  return `${u.hostname}:${u.port || '4222'}`;
}

export async function runWorker(o: RunWorkerOptions): Promise<void> {
  const nc = await connect({ servers: natsServers(o.natsUrl), name: 'tallyman-worker' });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const partitions = await streamPartitions(jsm, o.stream);
  const store = await openStore({ url: o.dbUrl });
  const lockClient = await connectPg(o.dbUrl);
  const commitClient = await connectPg(o.dbUrl);
  const timers: NodeJS.Timeout[] = [];
  let detector: WorkerDetectThread | null = null;
  try {
    await ensureTables(commitClient);
    const db = await store.db();
    const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(db));
    let simulated = false;
    const worker = new Worker(js, jsm, store, lockClient, commitClient, {
      stream: o.stream,
      consumerPrefix: await storeTag(commitClient),
      partitions,
      batchMessages: o.batchMessages,
      lingerMs: o.lingerMs,
      log: o.log,
    });
    const isSimulated = simulatedStore(() => store.db());
    const simulatedNow = async () => {
      simulated = await isSimulated();
      return simulated;
    };
    const alerts = new WorkerAlerts({
      store,
      nc,
      prefix: o.alertsPrefix,
      areas,
      params: o.params,
      partitions,
      simulated: simulatedNow,
    });
    let lastActivityMs = Date.now();
    // the engine follows the partitions held (alerts.ts); commits wait for its rebuild
    let engineReady: Promise<void> = Promise.resolve();
    worker.onPartitionsChanged = (held) => {
      // partitions just taken are not idle yet: their messages may be on their way
      lastActivityMs = Date.now();
      engineReady = engineReady.then(() => alerts.rebuild(held));
      return engineReady;
    };
    if (o.detectOnly) await alerts.rebuild([]);
    else await worker.start();
    o.log({ kind: 'started', worker: worker.key, stream: o.stream, partitions, held: worker.partitions() });
    let dirty = false;
    worker.onCommitted = async (r) => {
      if (r.messages > 0) {
        dirty = o.detect;
        lastActivityMs = Date.now();
      }
      await engineReady;
      await alerts.committed(r.records.positions, r.records.statics);
      if (o.latencyLog !== null && r.storedMs.length > 0) {
        const doneMs = Date.now();
        appendFileSync(o.latencyLog, `${r.storedMs.map((t) => `c ${doneMs - t}`).join('\n')}\n`);
      }
      o.log({
        kind: 'commit',
        messages: r.messages,
        skipped: r.skipped,
        positions: r.positions,
        statics: r.statics,
        rejects: r.rejects,
        alerts: alerts.raised,
      });
    };
    let failure: Error | null = null;
    const fail = (err: unknown) => {
      failure ??= err as Error;
    };
    const rebalance = setInterval(() => {
      if (o.detectOnly) return;
      // right after partitions change hands, and each second after: a dead worker's last commit
      // can land after the partitions it held were taken over
      worker
        .rebalance()
        .then(() => worker.finishOrphans())
        .then((n) => {
          if (n === 0) return;
          dirty = true;
          lastActivityMs = Date.now();
        })
        .catch(fail);
    }, 1_000);
    timers.push(rebalance);
    timers.push(setInterval(() => alerts.refresh().catch(fail), 10_000));

    let stopping = false;
    const onAbort = () => {
      stopping = true;
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });

    // detection runs on a thread of its own, started at the first run, which keeps the last run's
    // read window for the next one while no other worker runs between (./detect-thread.ts); the
    // alerts stay on this thread
    const detectorFor = () =>
      new WorkerDetectThread(
        {
          dbUrl: o.dbUrl,
          natsServers: natsServers(o.natsUrl),
          eventsPrefix: o.eventsPrefix,
          stream: o.stream,
          areas,
          params: o.params,
          land: o.land,
        },
        (changes) => alerts.events(changes),
      );
    const detectLoop = (async () => {
      while (!stopping || dirty) {
        if (!dirty) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        dirty = false;
        const covered = worker.appliedSince.splice(0);
        detector ??= detectorFor();
        const out = await detector.run();
        simulated ||= out.simulated;
        const doneMs = Date.now();
        if (o.latencyLog !== null && covered.length > 0)
          appendFileSync(o.latencyLog, `${covered.map((t) => `d ${doneMs - t}`).join('\n')}\n`);
        if (out.ran) {
          lastActivityMs = Date.now();
          o.log({ kind: 'detect', ...out, messages: covered.length, simulated });
        }
      }
    })().catch((err) => {
      fail(err);
      stopping = true;
    });

    while (!stopping && failure === null && o.detectOnly) {
      // a detector asks the store whether anything is new (incrementalRange is a few queries)
      await new Promise((r) => setTimeout(r, DETECT_POLL_MS));
      dirty = true;
      if (o.exitWhenIdleMs !== null && Date.now() - lastActivityMs >= o.exitWhenIdleMs) {
        o.log({ kind: 'idle', held: [] });
        stopping = true;
      }
    }
    while (!stopping && failure === null) {
      const did = await worker.step().catch((err) => {
        fail(err);
        return false;
      });
      if (did || o.exitWhenIdleMs === null) continue;
      if (!dirty && Date.now() - lastActivityMs >= o.exitWhenIdleMs && (await worker.caughtUp())) {
        o.log({ kind: 'idle', held: worker.partitions() });
        stopping = true;
      }
    }
    stopping = true;
    clearInterval(rebalance);
    await worker.stop();
    await detectLoop;
    if (failure !== null) throw failure;
  } finally {
    for (const t of timers) clearInterval(t);
    // assigned in the detection loop, which TypeScript does not follow here
    await (detector as WorkerDetectThread | null)?.close().catch(() => {});
    await nc.drain().catch(() => {});
    await Promise.all([lockClient.end(), commitClient.end()].map((p) => p.catch(() => {})));
    await store.close();
  }
}
