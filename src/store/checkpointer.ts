/**
 * Background WAL checkpoints for SQLite, on a thread of their own.
 *
 * Why: in WAL mode a commit only appends to the -wal file; the pages reach the database file at a
 * checkpoint, which also waits for the disk (fsync) — and the last connection to close checkpoints
 * everything still in the WAL. After a large ingest that was ~0.4 s of the writing thread's time
 * spent waiting for the disk at the very end (1.17 M fixes, 120 MB). Checkpointing each commit
 * from a second connection while the writer goes on with the next one moves that wait off the
 * writer's path; what is left for the close is the last commit.
 *
 * PASSIVE checkpoints never block the writer or a reader; the writer never waits for this thread
 * either (a request made while one runs is merged into the next). SQLite allows any number of
 * connections to checkpoint, so this changes only when pages are copied, never what is stored.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// CommonJS: an eval'd worker is a script; better-sqlite3's path is handed in, resolved from here.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 10000');
let wanted = false;
let running = false;
const run = () => {
  running = true;
  while (wanted) {
    wanted = false;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      parentPort.postMessage({ error: err.message });
    }
  }
  running = false;
};
parentPort.on('message', (m) => {
  if (m === 'checkpoint') {
    wanted = true;
    if (!running) setImmediate(run);
  } else if (m === 'close') {
    db.close();
    parentPort.close();
  }
});
`;

export interface Checkpointer {
  /** Asks for a checkpoint of what is committed so far; returns at once. */
  request(): void;
  /** Closes the thread's connection (after a checkpoint it is running) and ends the thread. */
  close(): Promise<void>;
}

export function startCheckpointer(path: string): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { path, driver } });
  // A checkpoint that fails (disk full, say) leaves the pages in the WAL, where the next checkpoint
  // or the close takes them: nothing is lost, so it is only reported.
  worker.on('message', (m: { error?: string }) => {
    if (m.error !== undefined)
      process.stderr.write(`tallyman: background checkpoint of ${path}: ${m.error}\n`);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (err) =>
    process.stderr.write(`tallyman: background checkpoint thread: ${err.message}\n`),
  );
  worker.unref();
  return {
    request: () => worker.postMessage('checkpoint'),
    close: async () => {
      // Held by nothing else, an unref'd thread would let the process end while this waits.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
