/**
 * A worker's detection runs on a thread of its own. On the worker's one thread a run (seconds on
 * a large store) held up the commit loop between its batches, so fixes waited to be stored and to
 * raise their alerts; on a thread the run takes the machine's other core, at nice 10 on Linux
 * (src/sources/worker-start.ts `yieldToFeed`), and the commits go on beside it.
 *
 * The thread has its own store, PostgreSQL client (the detection lock) and NATS connection (the
 * events it publishes), and keeps the read window between its runs. The worker's alerts stay on
 * the main thread with the partitions they follow: a run's changes are handed back, and the run
 * waits for them to be raised before it flushes and lets the lock go, as it did in-process.
 */

import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Area } from '../areas/types.js';
import { DEFAULT_MEMORY_POSITIONS } from '../events/batch-sizes.js';
import { DetectMemo } from '../events/detect-memo.js';
import { type SurfaceSource, WaterMaskMemo } from '../events/land.js';
import type { EventParams } from '../events/params.js';
import { loadSurface } from '../geodata/surface.js';
import { FleetCache } from '../live/fleet-cache.js';
import { type EventChange, EventHashes } from '../live/revisions.js';
import { PendingReplies, startModuleWorker, yieldToFeed } from '../sources/worker-start.js';
import { openStore } from '../store/index.js';
import { simulatedStore } from '../store/simulated.js';
import { connectPg } from './coord.js';
import { type DetectOutcome, detectAndPublish } from './detect.js';

interface ThreadData {
  kind: 'tallyman-worker-detect';
  dbUrl: string;
  natsServers: string;
  eventsPrefix: string;
  stream: string;
  areas: Area[];
  params: EventParams;
  land: boolean;
}

type ToThread =
  | { type: 'run'; id: number }
  /** The run's changes were raised as alerts, or raising them failed (`error`): the run fails too. */
  | { type: 'raised'; id: number; error?: string }
  | { type: 'close' };
type FromThread =
  | { type: 'changes'; id: number; changes: EventChange[] }
  | { type: 'done'; id: number; outcome: DetectOutcome }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed' };

export class WorkerDetectThread {
  private readonly worker: Worker;
  private readonly replies: PendingReplies<DetectOutcome>;
  private onClosed: (() => void) | null = null;

  /** `onChanges`: a run's changes, raised as alerts on this thread before the run ends. */
  constructor(o: Omit<ThreadData, 'kind'>, onChanges: (changes: readonly EventChange[]) => Promise<void>) {
    const data: ThreadData = { kind: 'tallyman-worker-detect', ...o, areas: [...o.areas] };
    this.worker = startModuleWorker(import.meta.url, data);
    this.replies = new PendingReplies(this.worker);
    this.worker.on('message', (m: FromThread) => {
      if (m.type === 'changes')
        onChanges(m.changes).then(
          () => this.worker.postMessage({ type: 'raised', id: m.id } satisfies ToThread),
          (err: Error) =>
            this.worker.postMessage({ type: 'raised', id: m.id, error: err.message } satisfies ToThread),
        );
      else if (m.type === 'closed') this.onClosed?.();
      else this.replies.settle(m.id, m.type === 'done' ? m.outcome : new Error(m.message));
    });
  }

  /** One detection run (detect.ts `detectAndPublish`), as the thread holds it. */
  run(): Promise<DetectOutcome> {
    return this.replies.ask((id) => this.worker.postMessage({ type: 'run', id } satisfies ToThread));
  }

  /** After the run under way: the thread's connections closed, then the thread ended. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.onClosed = resolve;
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'close' } satisfies ToThread);
    });
    await this.worker.terminate();
  }
}

async function serve(d: ThreadData): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  yieldToFeed();
  const store = await openStore({ url: d.dbUrl });
  const client = await connectPg(d.dbUrl);
  const nc: NatsConnection = await connect({ servers: d.natsServers, name: 'tallyman-worker-detect' });
  const window = new FleetCache(DEFAULT_MEMORY_POSITIONS);
  const waterMasks = new WaterMaskMemo();
  const memo = DetectMemo.for(null, d.areas, d.params);
  const hashes = new EventHashes();
  let surface: SurfaceSource | null = null;
  const simulated = simulatedStore(() => store.db());
  const raised = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (m: ToThread) => {
    if (m.type === 'raised') {
      const r = raised.get(m.id);
      raised.delete(m.id);
      if (m.error === undefined) r?.resolve();
      else r?.reject(new Error(`raising the run's alerts: ${m.error}`));
      return;
    }
    if (m.type === 'close') {
      chain = chain.then(async () => {
        await nc.drain().catch(() => {});
        await client.end().catch(() => {});
        await store.close().catch(() => {});
        port.postMessage({ type: 'closed' } satisfies FromThread);
      });
      return;
    }
    // one run at a time, in the order asked
    chain = chain.then(async () => {
      try {
        const outcome = await detectAndPublish({
          store,
          client,
          nc,
          window,
          waterMasks,
          memo,
          hashes,
          eventsPrefix: d.eventsPrefix,
          stream: d.stream,
          areas: d.areas,
          params: d.params,
          land: () => {
            if (!d.land) return null;
            surface ??= loadSurface();
            return surface;
          },
          simulated,
          onChanges: (changes) =>
            new Promise<void>((resolve, reject) => {
              raised.set(m.id, { resolve, reject });
              port.postMessage({ type: 'changes', id: m.id, changes: [...changes] } satisfies FromThread);
            }),
        });
        port.postMessage({ type: 'done', id: m.id, outcome } satisfies FromThread);
      } catch (err) {
        port.postMessage({ type: 'failed', id: m.id, message: (err as Error).message } satisfies FromThread);
      }
    });
  });
}

if (!isMainThread && (workerData as ThreadData | null)?.kind === 'tallyman-worker-detect')
  await serve(workerData as ThreadData);
