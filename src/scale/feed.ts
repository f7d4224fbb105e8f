/**
 * `tallyman feed`: raw AIS sentences from files, gzip, stdin or a TCP feed onto a JetStream
 * stream, one NATS message per whole AIS message, on the subject of its vessel's partition.
 *
 * Why whole messages: a multi-sentence message's fragments must be decoded together, and the
 * feed is the one place that sees them side by side; grouped here, each NATS message decodes on
 * its own in whichever worker owns the vessel. The MMSI is read from the first fragment's payload
 * (sentence.ts) — the only part of a decode the feed does.
 *
 * Receive time: a sentence that carries its own (tag block c:, $PGHP, epoch prefix) keeps it in
 * its text. One from a live input (stdin, tcp://) that carries none gets the clock at arrival in
 * the `Tallyman-Received-Ms` header, as `ingest` stamps such input; `--received-at` stamps a file's.
 *
 * Dedupe: every message has a Nats-Msg-Id, the SHA-256 of its text (and stamp), so a re-run of
 * the same input within the stream's duplicate window stores nothing twice; after it, the workers'
 * idempotent writes still store nothing twice.
 */
import { createHash } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { backoffDelayMs } from '../sources/backoff.js';
import { type InputRef, openBytes, rawStream } from '../sources/input.js';
import { type FeedMessage, type FeedReject, MessageGrouper } from './group.js';
import { aisSubject, partitionOf } from './subjects.js';

export const SOURCE_HEADER = 'Tallyman-Source';
export const RECEIVED_HEADER = 'Tallyman-Received-Ms';
/**
 * Set ('1') when the receive time was given to the whole input (`--received-at`) rather than
 * read off a clock at arrival: the fixes sharing it imply no speed (Track.assignedTimesMs).
 */
export const ASSIGNED_HEADER = 'Tallyman-Received-Assigned';

export interface FeedCounts {
  lines: number;
  messages: number;
  published: number;
  /** Refused by the stream as already stored (same Nats-Msg-Id within its duplicate window). */
  duplicates: number;
  rejectedByReason: Record<string, number>;
}

export interface FeedOptions {
  stream: string;
  partitions: number;
  /** Receive time for a file's sentences that carry none (a live input uses the clock). */
  receivedAtMs?: number;
  /** Publishes at most this many messages a second (a benchmark's fixed rate); none: as fast as acked. */
  ratePerS?: number;
  /** Publishes waiting for their acks at once. */
  inFlight?: number;
  signal?: AbortSignal;
  onReject?: (file: string, r: FeedReject) => void;
  clock?: () => number;
}

export function emptyFeedCounts(): FeedCounts {
  return { lines: 0, messages: 0, published: 0, duplicates: 0, rejectedByReason: {} };
}

/** Whether a message's text carries its own receive time (the decoder reads it from there). */
export function carriesTime(text: string): boolean {
  return /\\[^\\]*\bc:\d/.test(text) || text.includes('$PGHP') || /^\d{9,}(\.\d+)?[\s,;]/.test(text);
}

export function messageId(text: string, stampMs: number | null): string {
  return createHash('sha256')
    .update(stampMs === null ? text : `${stampMs}\n${text}`)
    .digest('hex')
    .slice(0, 32);
}

/** Publishes messages with a bounded number in flight and an optional fixed rate. */
export class Publisher {
  private inFlight = 0;
  private readonly all = new Set<Promise<void>>();
  /** Resolves the publish waiting for room, when one is. */
  private room: (() => void) | null = null;
  private failure: Error | null = null;
  private readonly startMs = Date.now();
  private sent = 0;

  constructor(
    private readonly js: JetStreamClient,
    private readonly o: FeedOptions,
    readonly counts: FeedCounts,
  ) {}

  /** `assigned`: the stamp is the input's given instant (`--received-at`), not a clock reading. */
  async publish(m: FeedMessage, source: string, stampMs: number | null, assigned = false): Promise<void> {
    if (this.failure !== null) throw this.failure;
    if (this.o.ratePerS !== undefined) {
      const dueMs = this.startMs + (this.sent * 1000) / this.o.ratePerS;
      const waitMs = dueMs - Date.now();
      if (waitMs > 1) await new Promise((r) => setTimeout(r, waitMs));
    }
    this.sent++;
    const h = headers();
    h.set(SOURCE_HEADER, source);
    if (stampMs !== null) h.set(RECEIVED_HEADER, String(stampMs));
    if (stampMs !== null && assigned) h.set(ASSIGNED_HEADER, '1');
    const subject = aisSubject(this.o.stream, partitionOf(m.mmsi, this.o.partitions));
    this.inFlight++;
    const p: Promise<void> = this.js
      .publish(subject, m.text, { msgID: messageId(m.text, stampMs), headers: h, timeout: 30_000 })
      .then(
        (ack: PubAck) => {
          if (ack.duplicate) this.counts.duplicates++;
          else this.counts.published++;
        },
        (err: Error) => {
          this.failure ??= new Error(`publishing to ${subject}: ${err.message}`);
        },
      )
      .finally(() => {
        this.inFlight--;
        this.all.delete(p);
        const r = this.room;
        this.room = null;
        r?.();
      });
    this.all.add(p);
    // one waiter and one wake-up per completion: Promise.race over hundreds per message cost more than the publish
    if (this.inFlight >= (this.o.inFlight ?? 1024))
      await new Promise<void>((r) => {
        this.room = r;
      });
  }

  async drain(): Promise<void> {
    await Promise.all(this.all);
    if (this.failure !== null) throw this.failure;
  }
}

/** Splits byte chunks into lines (LF or CRLF), with a 1-based line number. */
async function* linesOf(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry + chunk.toString('latin1');
    const parts = text.split('\n');
    carry = parts.pop() as string;
    for (const p of parts) yield p.endsWith('\r') ? p.slice(0, -1) : p;
  }
  if (carry !== '') yield carry;
}

/** Lines of a TCP feed, reconnecting with back-off until the signal aborts. */
async function* tcpLines(host: string, port: number, signal?: AbortSignal): AsyncGenerator<string> {
  let attempt = 0;
  while (!signal?.aborted) {
    const socket = tcpConnect({ host, port });
    const onAbort = () => socket.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    let got = false;
    try {
      socket.on('error', () => {});
      for await (const line of linesOf(socket as AsyncIterable<Buffer>)) {
        got = true;
        yield line;
      }
    } catch {
      // a dropped connection: reconnect below
    } finally {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
    }
    if (got) attempt = 0;
    if (signal?.aborted) break;
    const delayMs = backoffDelayMs(attempt++);
    await new Promise((r) => setTimeout(r, delayMs));
  }
}

/** Feeds one input; returns when it ends (a TCP feed: when the signal aborts). */
export async function feedInput(ref: InputRef, name: string, pub: Publisher, o: FeedOptions): Promise<void> {
  const clock = o.clock ?? Date.now;
  const live = ref.kind !== 'file';
  const lines =
    ref.kind === 'tcp'
      ? tcpLines(ref.host, ref.port, o.signal)
      : linesOf((await openBytes(rawStream(ref))).chunks);
  const grouper = new MessageGrouper();
  const rejects: FeedReject[] = [];
  const counts = pub.counts;
  const flushRejects = () => {
    for (const r of rejects) {
      counts.rejectedByReason[r.reason] = (counts.rejectedByReason[r.reason] ?? 0) + 1;
      o.onReject?.(name, r);
    }
    rejects.length = 0;
  };
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    counts.lines++;
    const m = grouper.push(line, lineNo, rejects);
    if (rejects.length > 0) flushRejects();
    if (m === null) continue;
    counts.messages++;
    const stamp = carriesTime(m.text) ? null : live ? clock() : (o.receivedAtMs ?? null);
    await pub.publish(m, name, stamp, !live);
    if (o.signal?.aborted) break;
  }
  grouper.end(rejects);
  flushRejects();
}
