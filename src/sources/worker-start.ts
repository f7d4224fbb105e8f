/**
 * Worker threads on our own modules: starting one from the build (dist/) or from source (tsx), and
 * the bookkeeping of the requests a thread has not answered yet.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * A worker running the module at `moduleUrl` (an `import.meta.url`). From source (a `.ts` URL, as
 * under tsx in tests and benches) the worker first registers tsx's loader for the whole thread,
 * which a worker does not inherit from its parent. Registered, not scoped to one import (tsx's
 * `tsImport`): a scoped import changes the module URLs, and a thread that starts a thread of its
 * own (a detection thread's store reading on src/store/scan.ts's) tells source from build by them.
 */
export function startModuleWorker(moduleUrl: string, workerData: unknown): Worker {
  if (moduleUrl.endsWith('.ts')) {
    const api = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); })`;
    return new Worker(boot, { eval: true, workerData });
  }
  return new Worker(new URL(moduleUrl), { workerData });
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
 * For a thread whose work (detection, seconds long) runs back to back beside a live feed: on a
 * small machine it would take CPU from the thread that stores fixes and raises their alerts. On
 * Linux a thread has its own nice value (setpriority on its thread id), and threads it starts
 * inherit it, so the work and its reading threads yield to the feed. Elsewhere this does nothing.
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
