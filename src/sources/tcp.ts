/**
 * Live NMEA over TCP (`tcp://HOST:PORT`): connects, feeds the bytes through the same NMEA
 * pipeline as a file, and reconnects with exponential back-off (0.5 s doubling to 30 s, jittered,
 * reset after a successful read) until the AbortSignal fires. Messages whose feed carries no
 * receive time are stamped with the local clock at the moment their bytes arrived.
 * Batches are yielded when `batchSize` records are pending or, on a slow feed, every `flushMs`.
 */
import { connect, type Socket } from 'node:net';
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js';
import { flushLoop, Wakeup } from './flush.js';
import { Meter } from './input.js';
import { NmeaPipeline } from './nmea-source.js';
import type { Batch, Source } from './types.js';
import { emptyCounts } from './types.js';

export interface TcpOptions {
  signal?: AbortSignal;
  batchSize?: number;
  /** Longest wait before pending records are handed out on a slow feed, default 1000 ms. */
  flushMs?: number;
  backoff?: BackoffPolicy;
  /** Local clock, epoch ms (tests may pin it). */
  clock?: () => number;
  /** Called on connect, disconnect and each scheduled retry (for logs and tests). */
  onEvent?: (e: TcpEvent) => void;
}

export type TcpEvent =
  | { type: 'connected'; attempt: number }
  | { type: 'disconnected'; error: string | null }
  | { type: 'retry'; attempt: number; delayMs: number };

export interface FeedCounts {
  connects: number;
  disconnects: number;
  lastError: string | null;
}

export function tcpSource(
  url: string,
  host: string,
  port: number,
  opts: TcpOptions = {},
): Source & { feed: FeedCounts } {
  const counts = emptyCounts();
  const meter = new Meter();
  const feed: FeedCounts = { connects: 0, disconnects: 0, lastError: null };
  const batchSize = opts.batchSize ?? 5000;
  const flushMs = opts.flushMs ?? 1000;
  const clock = opts.clock ?? Date.now;
  const signal = opts.signal;
  let started = false;

  async function* batches(): AsyncGenerator<Batch> {
    if (started) throw new Error(`${url}: batches() can be read once`);
    started = true;
    let arrivalMs = clock();
    const pipe = new NmeaPipeline(url, counts, () => arrivalMs);
    const wakeup = new Wakeup();
    const notify = () => wakeup.notify();
    let stopped = false;
    let socket: Socket | null = null;
    let paused = false;
    const highWater = batchSize * 4;

    const connectOnce = (attempt: number) =>
      new Promise<void>((resolve) => {
        let lastByte = 10;
        let error: string | null = null;
        const s = connect({ host, port });
        socket = s;
        s.on('connect', () => {
          feed.connects++;
          opts.onEvent?.({ type: 'connected', attempt });
        });
        s.on('data', (chunk: Buffer) => {
          arrivalMs = clock();
          meter.update(chunk);
          pipe.push(chunk);
          lastByte = chunk[chunk.length - 1];
          readOk = true;
          if (pipe.pending() >= highWater && !paused) {
            paused = true;
            s.pause();
          }
          notify();
        });
        s.on('error', (err) => {
          error = err.message;
          feed.lastError = err.message;
        });
        s.on('close', () => {
          socket = null;
          // A line cut by the disconnect must not glue onto the next connection's first line.
          if (lastByte !== 10) pipe.push(Uint8Array.of(10));
          if (feed.connects > feed.disconnects) {
            feed.disconnects++;
            opts.onEvent?.({ type: 'disconnected', error });
          }
          resolve();
        });
      });

    let readOk = false;
    const run = async () => {
      let attempt = 0;
      while (!signal?.aborted) {
        readOk = false;
        await connectOnce(attempt);
        if (signal?.aborted) break;
        if (readOk) attempt = 0;
        const delayMs = backoffDelayMs(attempt, opts.backoff ?? DEFAULT_BACKOFF);
        opts.onEvent?.({ type: 'retry', attempt, delayMs });
        attempt++;
        await sleep(delayMs, signal);
      }
      stopped = true;
      notify();
    };
    const onAbort = () => {
      (socket as Socket | null)?.destroy();
      notify();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const runner = run();

    try {
      yield* flushLoop(pipe, {
        batchSize,
        flushMs,
        ended: () => stopped,
        wakeup,
        afterYield: () => {
          if (!paused) return;
          paused = false;
          (socket as Socket | null)?.resume();
        },
      });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      (socket as Socket | null)?.destroy();
      await runner;
      pipe.end();
      meter.finish();
    }
    while (pipe.pending() + pipe.rejects.length > 0) yield pipe.take(batchSize);
  }

  return {
    name: url,
    format: 'nmea',
    totalBytes: null,
    bytesRead: () => meter.bytes,
    sha256: () => meter.sha256(url),
    batches,
    counts,
    feed,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
