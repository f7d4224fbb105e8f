/**
 * NMEA adapter: bytes → AisDecoder → messageToRecords → pending records. Shared by file/stdin
 * inputs and the live TCP feed.
 *
 * A position needs a time. When a message carries no receive time (no tag block c:, no $PGHP,
 * no epoch prefix), the `receivedAtMs` fallback is used if one is given (a time-less capture
 * whose time the analyst knows, or the local clock for a live feed); otherwise the position is
 * dropped and counted as `no-receive-time` (its static data still lands, with tsMs null).
 */
import { AisDecoder } from '../ais/decoder.js';
import { messageToRecords } from '../ais/records.js';
import type { MessageMeta } from '../ais/types.js';
import type { PositionRecord, StaticRecord } from '../tracks/records.js';
import { cut } from './csv-source.js';
import type { Batch, SourceCounts, SourceReject } from './types.js';
import { bump } from './types.js';

export class NmeaPipeline {
  positions: PositionRecord[] = [];
  statics: StaticRecord[] = [];
  rejects: SourceReject[] = [];
  private readonly decoder: AisDecoder;
  /** Rejects that are ours, not the decoder's (read errors). */
  private readonly ownRejected: Record<string, number> = {};

  /**
   * @param fallbackMs receive time for messages that carry none, read at each message (so a live
   *   feed can move it with the clock); null drops their positions as `no-receive-time`.
   */
  constructor(
    private readonly file: string,
    private readonly counts: SourceCounts,
    private readonly fallbackMs: () => number | null,
  ) {
    this.decoder = new AisDecoder({
      onMessage: (msg, meta) => this.onMessage(msg, meta),
      onReject: (r) => {
        // The decoder counts rejects in its stats; the list here carries file and line for the report.
        this.rejects.push({ file: this.file, line: r.line, reason: r.reason, text: cut(r.text) });
      },
    });
  }

  private onMessage(msg: Parameters<typeof messageToRecords>[0], meta: MessageMeta): void {
    let timeless = false;
    if (meta.receivedAtMs === null) {
      const fb = this.fallbackMs();
      if (fb !== null) meta = { ...meta, receivedAtMs: fb };
      else {
        // Probe with a stand-in time to learn whether the message had a position to lose.
        timeless = true;
        meta = { ...meta, receivedAtMs: 0 };
      }
    }
    const { position, static: stat } = messageToRecords(msg, meta);
    let used = false;
    if (position !== null) {
      if (timeless) bump(this.counts.ignoredByReason, 'no-receive-time');
      else {
        this.positions.push(position);
        this.counts.positions++;
        used = true;
      }
    }
    if (stat !== null) {
      this.statics.push(timeless ? { ...stat, tsMs: null } : stat);
      this.counts.statics++;
      used = true;
    }
    if (used) this.counts.records++;
  }

  push(chunk: Uint8Array): void {
    this.decoder.push(chunk);
    this.syncStats();
  }

  end(): void {
    this.decoder.end();
    this.syncStats();
  }

  /** The input broke off (truncated gzip, I/O error): what came before stands. */
  readError(message: string): void {
    bump(this.ownRejected, 'read-error');
    this.rejects.push({
      file: this.file,
      line: this.counts.lines + 1,
      reason: 'read-error',
      text: '',
      detail: message,
    });
    this.syncStats();
  }

  pending(): number {
    return this.positions.length + this.statics.length;
  }

  /** Hands out pending records, at most `max` (positions first), and every pending reject. */
  take(max = Number.POSITIVE_INFINITY): Batch {
    const np = Math.min(this.positions.length, max);
    const ns = Math.min(this.statics.length, max - np);
    const b = {
      positions: this.positions.slice(0, np),
      statics: this.statics.slice(0, ns),
      rejects: this.rejects,
    };
    this.positions = this.positions.slice(np);
    this.statics = this.statics.slice(ns);
    this.rejects = [];
    return b;
  }

  private syncStats(): void {
    const s = this.decoder.stats;
    this.counts.decode = s;
    this.counts.lines = s.lines;
    this.counts.rejectedByReason = { ...(s.rejectedByReason as Record<string, number>), ...this.ownRejected };
    const ignored = { ...(s.ignoredByReason as Record<string, number>) };
    const dropped = this.counts.ignoredByReason['no-receive-time'];
    if (dropped !== undefined) ignored['no-receive-time'] = dropped;
    this.counts.ignoredByReason = ignored;
  }
}

export async function* nmeaBatches(
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  counts: SourceCounts,
  batchSize: number,
  receivedAtMs: number | undefined,
): AsyncGenerator<Batch> {
  const fallback = receivedAtMs ?? null;
  const p = new NmeaPipeline(file, counts, () => fallback);
  try {
    for await (const chunk of chunks) {
      p.push(chunk);
      while (p.pending() >= batchSize) yield p.take(batchSize);
    }
  } catch (err) {
    p.readError((err as Error).message);
  }
  p.end();
  while (p.pending() + p.rejects.length > 0) yield p.take(batchSize);
}
