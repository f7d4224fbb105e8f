/**
 * Worker side of src/sources/worker-source.ts: opens one file as a Source, reads and decodes it,
 * and posts its batches with the fixes and static reports as transferred columns. Runs only inside a worker thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PositionBuffer, type PositionColumns, transferList } from '../tracks/position-columns.js';
import type { PositionRecord } from '../tracks/records.js';
import { StaticBuffer } from '../tracks/static-columns.js';
import { openRef, SourceError } from './open.js';
import type { Source } from './types.js';
import type { Credit, WorkerInput, WorkerOutput } from './worker-protocol.js';

/** Records (a CSV reader's) as columns, in arrays of exactly their length. */
function columnsOf(positions: readonly PositionRecord[]): PositionColumns {
  const buf = new PositionBuffer(positions.length);
  buf.push(positions);
  return buf.take().columns;
}

const port = parentPort;
const input = workerData as WorkerInput | undefined;

if (port !== null && input?.tallymanSourceWorker === true) {
  let credit = 0;
  let wake: (() => void) | null = null;
  port.on('message', (m: Credit) => {
    if (m.kind !== 'more') return;
    credit += m.n;
    wake?.();
    wake = null;
  });
  const post = (m: WorkerOutput, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const waitForCredit = async () => {
    while (credit <= 0) await new Promise<void>((r) => (wake = r));
    credit--;
  };

  const run = async () => {
    let source: Source;
    try {
      // NMEA fixes come as columns, ready to transfer, with no record object made per fix.
      const opts = { ...input.opts, positionColumns: true };
      source = await openRef({ kind: 'file', path: input.path, size: input.size }, opts);
    } catch (err) {
      post({ kind: 'open-error', message: (err as Error).message, source: err instanceof SourceError });
      return;
    }
    post({ kind: 'open', name: source.name, format: source.format, totalBytes: source.totalBytes });
    // Static reports cross as columns too: a vessel's repeated reports share one content object.
    const statics = new StaticBuffer();
    for await (const batch of source.batches()) {
      const columns = batch.columns ?? columnsOf(batch.positions);
      statics.pushAll(batch.statics);
      const { columns: staticColumns, transfer: staticTransfer } = statics.take();
      await waitForCredit();
      post(
        {
          kind: 'batch',
          columns,
          staticColumns,
          rejects: batch.rejects,
          bytesRead: source.bytesRead(),
          counts: source.counts,
        },
        [...transferList(columns), ...staticTransfer],
      );
    }
    post({ kind: 'end', bytesRead: source.bytesRead(), counts: source.counts, sha256: source.sha256() });
  };
  // Once done, the open port is all that keeps the thread alive: unref it and the thread ends after
  // its last message has gone out.
  run().then(
    () => port.unref(),
    (err: unknown) => {
      post(
        err instanceof SourceError
          ? { kind: 'error', message: err.message, source: true }
          : { kind: 'error', message: (err as Error)?.stack ?? String(err) },
      );
      port.unref();
    },
  );
}
