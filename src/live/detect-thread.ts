/**
 * Detection passes on a worker thread: the pass's CPU work (seconds on a large range) then never
 * holds up watch's event loop, so alerts from fixes keep flowing while it runs. The thread opens
 * its own store connection and, when asked, its own land and water for the on-land check.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Area } from '../areas/types.js';
import type { StoreLocation } from '../config.js';
import type { EventParams } from '../events/params.js';
import { loadSurface } from '../geodata/surface.js';
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
    this.worker = startModuleThread(import.meta.url, data);
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

/**
 * The requests a thread has not answered yet, by id: each settles with its reply, and all of them
 * fail if the thread dies.
 */
export class PendingReplies<T> {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (r: T) => void; reject: (e: Error) => void }>();

  constructor(worker: Worker) {
    worker.on('error', (err) => {
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    });
  }

  /** A new request: `send` posts it under the id given; resolves with its reply. */
  ask(send: (id: number) => void): Promise<T> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      send(id);
    });
  }

  settle(id: number, reply: T | Error): void {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    if (reply instanceof Error) w?.reject(reply);
    else w?.resolve(reply);
  }
}

/**
 * A thread running the module at `moduleUrl` with `data` as its workerData. From the build, the
 * module itself; from source (tsx), tsx registered for the whole thread first (not scoped to one
 * import), because the store starts a thread of its own from there (src/store/scan.ts) and tells
 * source from build by its module's URL.
 */
export function startModuleThread(moduleUrl: string, data: unknown): Worker {
  if (!moduleUrl.endsWith('.ts')) return new Worker(new URL(moduleUrl), { workerData: data });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

/**
 * Passes run back to back while a feed is busy; on a small machine they would take CPU from the
 * thread that stores fixes and raises their alerts. On Linux a thread has its own nice value
 * (setpriority on its thread id), and threads it starts inherit it: the passes and their reading
 * threads yield to the feed. Elsewhere this does nothing.
 */
export function yieldToFeed(niceness = 10): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, niceness);
    return true;
  } catch {
    return false;
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
