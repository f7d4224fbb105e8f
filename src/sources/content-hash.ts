/**
 * The SHA-256 of a file's content: what identifies an ingest run before it starts (already
 * ingested? an interrupted run to resume?), so it is read once in full before the ingest begins.
 *
 * Large files are hashed on a thread of their own, started as soon as the file is known, so the
 * hashing overlaps the store's opening, the reader thread's start and the ingest of the file
 * before it, instead of holding up the thread that writes to the store (~0.2 s per 100 MB here).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** Below this a thread costs more to start than the hashing it would take over. */
export const HASH_THREAD_MIN_BYTES = 4 * 1024 * 1024;

export async function sha256OfFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

// CommonJS: an eval'd worker is a script. It needs nothing of ours, so it starts in milliseconds.
// Synchronous 4 MB reads: a stream's callbacks between chunks cost more than the reads here.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
try {
  const h = createHash('sha256');
  const fd = openSync(workerData, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 << 20);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; )
      h.update(n === buf.length ? buf : buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage({ sha256: h.digest('hex') });
} catch (e) {
  parentPort.postMessage({ error: e.message });
}
`;

export function sha256OfFileOnThread(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const w = new Worker(THREAD_SOURCE, { eval: true, workerData: path });
    w.once('message', (m: { sha256?: string; error?: string }) => {
      if (m.sha256 !== undefined) resolve(m.sha256);
      else reject(new Error(`${path}: ${m.error}`));
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`${path}: the hashing thread stopped (exit ${code})`)));
  });
}

/** Content hashes by path, each computed once: started early for large files, on demand otherwise. */
export class ContentHashes {
  private readonly byPath = new Map<string, Promise<string>>();

  /** Starts hashing a large file on its own thread, if not started yet; a small one waits for get(). */
  start(path: string, sizeBytes: number): void {
    if (sizeBytes < HASH_THREAD_MIN_BYTES || this.byPath.has(path)) return;
    const p = sha256OfFileOnThread(path);
    // Awaited by get(); until then a failure must not count as unhandled.
    p.catch(() => {});
    this.byPath.set(path, p);
  }

  get(path: string): Promise<string> {
    let p = this.byPath.get(path);
    if (p === undefined) {
      p = sha256OfFile(path);
      this.byPath.set(path, p);
    }
    return p;
  }
}
