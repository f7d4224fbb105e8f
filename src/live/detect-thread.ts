/**
 * Detection passes on a worker thread: the pass's CPU work (seconds on a large range) then never
 * holds up watch's event loop, so alerts from fixes keep flowing while it runs. The thread opens
 * its own store connection and, when asked, its own land and water for the on-land check.
 */
import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import type { Area } from '../areas/types.js';
import type { StoreLocation } from '../config.js';
import type { EventParams } from '../events/params.js';
import { loadSurface } from '../geodata/surface.js';
import { PendingReplies, startModuleWorker, yieldToFeed } from '../sources/worker-start.js';
import { openStore } from '../store/index.js';
import { DetectionPasses, type PassResult } from './pass.js';
import type { VesselChange } from './range.js';

interface ThreadData {
  kind: 'tallyman-live-detect';
  location: StoreLocation;
  areas: Area[];
  params: EventParams;
  contextMs: number;
  land: boolean;
}

type Request = { id: number; changed: VesselChange[]; full: boolean; ownRuns: number[] };
type Reply = { id: number; ok: true; result: PassResult } | { id: number; ok: false; message: string };

export class DetectThread {
  private readonly worker: Worker;
  private readonly replies: PendingReplies<PassResult>;

  constructor(o: Omit<ThreadData, 'kind'>) {
    const data: ThreadData = { kind: 'tallyman-live-detect', ...o, areas: [...o.areas] };
    this.worker = startModuleWorker(import.meta.url, data);
    this.replies = new PendingReplies(this.worker);
    this.worker.on('message', (m: Reply) =>
      this.replies.settle(m.id, m.ok ? m.result : new Error(m.message)),
    );
  }

  run(changed: readonly VesselChange[], full: boolean, ownRuns: ReadonlySet<number>): Promise<PassResult> {
    return this.replies.ask((id) =>
      this.worker.postMessage({ id, changed: [...changed], full, ownRuns: [...ownRuns] } satisfies Request),
    );
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

async function serve(d: ThreadData): Promise<void> {
  yieldToFeed();
  const store = await openStore(d.location);
  const passes = new DetectionPasses(store, {
    areas: d.areas,
    params: d.params,
    land: d.land ? loadSurface() : null,
    contextMs: d.contextMs,
  });
  // one pass at a time, in the order asked
  let chain: Promise<void> = Promise.resolve();
  parentPort?.on('message', (m: Request) => {
    chain = chain.then(async () => {
      try {
        parentPort?.postMessage({
          id: m.id,
          ok: true,
          result: await passes.run(m.changed, m.full, new Set(m.ownRuns)),
        } satisfies Reply);
      } catch (err) {
        parentPort?.postMessage({ id: m.id, ok: false, message: (err as Error).message } satisfies Reply);
      }
    });
  });
}

if (!isMainThread && (workerData as ThreadData | null)?.kind === 'tallyman-live-detect')
  await serve(workerData as ThreadData);
