/**
 * A file Source read and decoded on a worker thread, so that on a machine with two or more cores
 * decoding overlaps the store's writes instead of taking turns with them on one thread.
 *
 * The worker (source-worker.ts) runs the very same reader (`openRef`) the in-process path uses; what
 * differs is only where it runs. Fixes and static reports come back as transferred typed-array
 * columns (no per-object cloning, no garbage for the store's thread to collect; a vessel's repeated
 * static reports share one content object), rejects as cloned objects (they are few). At most BATCHES_IN_FLIGHT batches wait in the host, so a slow store throttles the
 * reader instead of the reader filling memory.
 */
import type { Worker } from 'node:worker_threads';
import type { InputRef } from './input.js';
import { SourceError } from './open.js';
import type { Batch, Source, SourceFormat, SourceOptions } from './types.js';
import { emptyCounts } from './types.js';
import { BATCHES_IN_FLIGHT, type Credit, type WorkerInput, type WorkerOutput } from './worker-protocol.js';
import { startModuleWorker } from './worker-start.js';

/** Files at least this large are read on a worker when the choice is automatic (start-up costs ~30 ms). */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Whether to read `ref` on a worker: `TALLYMAN_INGEST_WORKER=1` always (files), `=0` never, unset
 * for files of WORKER_MIN_BYTES or more. Stdin and TCP feeds are always read in-process.
 */
export function useWorkerFor(ref: InputRef, env: NodeJS.ProcessEnv = process.env): boolean {
  if (ref.kind !== 'file') return false;
  const v = env.TALLYMAN_INGEST_WORKER;
  if (v === '0') return false;
  if (v === '1') return true;
  return ref.size >= WORKER_MIN_BYTES;
}

/** Opens `ref` on a worker; resolves once the worker has detected the format (or rejects with why not). */
export async function openRefOnWorker(
  ref: Extract<InputRef, { kind: 'file' }>,
  opts: SourceOptions = {},
): Promise<Source> {
  const init: WorkerInput = {
    tallymanSourceWorker: true,
    path: ref.path,
    size: ref.size,
    opts: {
      batchSize: opts.batchSize,
      columnMap: opts.columnMap,
      timeFormat: opts.timeFormat,
      receivedAtMs: opts.receivedAtMs,
      sourceLabel: opts.sourceLabel,
      lenient: opts.lenient,
    },
  };
  const worker: Worker = startModuleWorker(new URL(sourceWorkerFile(), import.meta.url).href, init);

  // Every message and the worker's own failure, in arrival order, for whoever waits next.
  const queue: (WorkerOutput | { kind: 'crash'; message: string })[] = [];
  let waiting: (() => void) | null = null;
  const arrive = (m: (typeof queue)[number]) => {
    queue.push(m);
    waiting?.();
    waiting = null;
  };
  worker.on('message', (m: WorkerOutput) => arrive(m));
  worker.on('error', (err) => arrive({ kind: 'crash', message: err.stack ?? err.message }));
  worker.on('exit', (code) => {
    if (code !== 0) arrive({ kind: 'crash', message: `the reader thread exited with code ${code}` });
  });
  const next = async () => {
    while (queue.length === 0) await new Promise<void>((r) => (waiting = r));
    return queue.shift()!;
  };
  const credit = (n: number) => worker.postMessage({ kind: 'more', n } satisfies Credit);

  const first = await next();
  // Until its batches are asked for, the thread must not keep the process alive: an input found
  // already ingested is never read.
  worker.unref();
  if (first.kind !== 'open') {
    await worker.terminate();
    if (first.kind === 'open-error' && first.source) throw new SourceError(first.message);
    const why = 'message' in first ? first.message : `unexpected ${first.kind}`;
    throw new Error(`${ref.path}: the reader thread failed: ${why}`);
  }

  // The thread may decode its first batches while the caller hashes the file and opens the run.
  credit(BATCHES_IN_FLIGHT);
  const counts = emptyCounts();
  let bytesRead = 0;
  let sha256: string | null = null;
  let started = false;
  const format: SourceFormat = first.format;

  async function* batches(): AsyncGenerator<Batch> {
    try {
      worker.ref();
      for (;;) {
        const m = await next();
        if (m.kind === 'batch') {
          bytesRead = m.bytesRead;
          Object.assign(counts, m.counts);
          yield {
            positions: [],
            columns: m.columns,
            statics: [],
            staticColumns: m.staticColumns,
            rejects: m.rejects,
          };
          credit(1);
        } else if (m.kind === 'end') {
          bytesRead = m.bytesRead;
          Object.assign(counts, m.counts);
          sha256 = m.sha256;
          return;
        } else if (m.kind === 'error' && m.source === true) {
          throw new SourceError(m.message);
        } else if (m.kind === 'error' || m.kind === 'crash') {
          throw new Error(`${ref.path}: the reader thread failed: ${m.message}`);
        } else {
          throw new Error(`${ref.path}: the reader thread sent ${m.kind} twice`);
        }
      }
    } finally {
      // Also when the consumer stops early (a store error): the thread has nothing more to do.
      await worker.terminate();
    }
  }

  return {
    name: first.name,
    format,
    totalBytes: first.totalBytes,
    bytesRead: () => bytesRead,
    sha256: () => {
      if (sha256 === null) throw new Error(`${ref.path}: SHA-256 is known only once the input has been read`);
      return sha256;
    },
    batches: () => {
      if (started) throw new SourceError(`${ref.path}: batches() can be read once`);
      started = true;
      return batches();
    },
    counts,
  };
}

/** The worker module beside this one: `.ts` from source (tsx), `.js` from the build. */
function sourceWorkerFile(): string {
  return import.meta.url.endsWith('.ts') ? './source-worker.ts' : './source-worker.js';
}
