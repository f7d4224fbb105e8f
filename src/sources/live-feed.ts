/**
 * Live feeds for `tallyman watch` besides TCP (tcp.ts): UDP datagrams (`udp://HOST:PORT`, bound
 * and listened on), a file being appended (followed like `tail -F`: read from its start, then
 * polled for growth; a truncated or replaced file is read again from its start) and stdin (`-`).
 * Each runs the bytes through the same NMEA pipeline as a file and hands out a batch when
 * `batchSize` records are pending or, on a slow feed, every `flushMs`, so a fix waits at most that
 * long before it is stored. Messages that carry no receive time are stamped with the local clock
 * at the moment their bytes arrived. All stop when the AbortSignal fires; stdin also at its end.
 */
import { createSocket } from 'node:dgram';
import { open, stat } from 'node:fs/promises';
import { flushLoop, Wakeup } from './flush.js';
import { Meter } from './input.js';
import { NmeaPipeline } from './nmea-source.js';
import type { Batch, Source } from './types.js';
import { emptyCounts } from './types.js';

export interface LiveFeedOptions {
  signal?: AbortSignal;
  batchSize?: number;
  /** Longest wait before pending records are handed out, default 250 ms. */
  flushMs?: number;
  /** Local clock, epoch ms. */
  clock?: () => number;
  /** `follow`: how often the file is looked at for growth, default 100 ms. */
  pollMs?: number;
}

/** A feed's bytes as they come; `end` when the feed is over for good (stdin closed). */
type Start = (push: (chunk: Uint8Array) => void, end: (error?: string) => void, signal: AbortSignal) => void;

/** The batching shared by every push-driven feed. */
function pushSource(url: string, start: Start, opts: LiveFeedOptions): Source {
  const counts = emptyCounts();
  const meter = new Meter();
  const batchSize = opts.batchSize ?? 5000;
  const flushMs = opts.flushMs ?? 250;
  const clock = opts.clock ?? Date.now;
  let started = false;

  async function* batches(): AsyncGenerator<Batch> {
    if (started) throw new Error(`${url}: batches() can be read once`);
    started = true;
    let arrivalMs = clock();
    const pipe = new NmeaPipeline(url, counts, () => arrivalMs);
    const wakeup = new Wakeup();
    const notify = () => wakeup.notify();
    let ended = false;
    const inner = new AbortController();
    const onAbort = () => {
      inner.abort();
      ended = true;
      notify();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    start(
      (chunk) => {
        arrivalMs = clock();
        meter.update(chunk);
        pipe.push(chunk);
        if (pipe.pending() >= batchSize) notify();
      },
      (error) => {
        if (error !== undefined) pipe.readError(error);
        ended = true;
        notify();
      },
      inner.signal,
    );
    try {
      yield* flushLoop(pipe, { batchSize, flushMs, ended: () => ended, wakeup });
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      inner.abort();
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
  };
}

/** `udp://HOST:PORT`: listens on HOST:PORT; each datagram holds one or more NMEA lines. */
export function udpSource(url: string, host: string, port: number, opts: LiveFeedOptions = {}): Source {
  return pushSource(
    url,
    (push, end, signal) => {
      const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      sock.on('message', (msg) => {
        push(msg);
        // a datagram is whole lines; one without its newline must not glue onto the next
        if (msg.length > 0 && msg[msg.length - 1] !== 10) push(Uint8Array.of(10));
      });
      sock.on('error', (err) => {
        sock.close();
        end(err.message);
      });
      sock.bind(port, host);
      signal.addEventListener('abort', () => sock.close(), { once: true });
    },
    opts,
  );
}

/** A file being appended, followed like `tail -F` until the signal fires. */
export function followSource(path: string, opts: LiveFeedOptions = {}): Source {
  const pollMs = opts.pollMs ?? 100;
  return pushSource(
    path,
    (push, end, signal) => {
      const run = async () => {
        let offset = 0;
        let ino: number | null = null;
        const buf = Buffer.allocUnsafe(1 << 20);
        while (!signal.aborted) {
          let s: Awaited<ReturnType<typeof stat>> | null = null;
          try {
            s = await stat(path);
          } catch {
            s = null; // not there (yet, or while it is replaced): wait for it
          }
          if (s !== null) {
            if ((ino !== null && s.ino !== ino) || s.size < offset) offset = 0; // replaced or truncated
            ino = s.ino;
            if (s.size > offset) {
              const fh = await open(path, 'r');
              try {
                while (offset < s.size && !signal.aborted) {
                  const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, s.size - offset), offset);
                  if (bytesRead === 0) break;
                  offset += bytesRead;
                  push(Buffer.from(buf.subarray(0, bytesRead)));
                }
              } finally {
                await fh.close();
              }
              continue;
            }
          }
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(t);
              signal.removeEventListener('abort', done);
              resolve();
            };
            const t = setTimeout(done, pollMs);
            signal.addEventListener('abort', done, { once: true });
          });
        }
      };
      run().then(
        () => end(),
        (err: Error) => end(err.message),
      );
    },
    opts,
  );
}

/** stdin (`-`): until it closes or the signal fires. */
export function stdinSource(
  opts: LiveFeedOptions = {},
  stdin: NodeJS.ReadableStream = process.stdin,
): Source {
  return pushSource(
    '-',
    (push, end, signal) => {
      const onData = (c: Buffer | string) => push(typeof c === 'string' ? Buffer.from(c) : c);
      stdin.on('data', onData);
      stdin.once('end', () => end());
      stdin.once('error', (err: Error) => end(err.message));
      signal.addEventListener('abort', () => stdin.removeListener('data', onData), { once: true });
    },
    opts,
  );
}
