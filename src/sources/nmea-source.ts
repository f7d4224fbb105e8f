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
import type { AisMessage } from '../ais/messages.js';
import { hasFix, positionRecord, staticRecordOf, writeFix } from '../ais/records.js';
import type { MessageMeta } from '../ais/types.js';
import { PositionBuffer } from '../tracks/position-columns.js';
import type { PositionRecord, StaticRecord } from '../tracks/records.js';
import { cut } from './csv-source.js';
import type { Batch, SourceCounts, SourceReject } from './types.js';
import { bump } from './types.js';

export interface NmeaPipelineOptions {
  /**
   * Hold fixes as columns and hand them out as `Batch.columns` (with `positions` empty): no record
   * object per fix, for a reader that posts its batches to another thread (source-worker.ts).
   */
  columns?: boolean;
  /** Records per batch the caller will take: the size the column buffer starts at. */
  batchSize?: number;
  /** Decode messages shorter than their type's rule as far as they go (AisDecoder `lenient`). */
  lenient?: boolean;
}

export class NmeaPipeline {
  /** Pending fixes as records; stays empty when the pipeline holds columns. */
  positions: PositionRecord[] = [];
  statics: StaticRecord[] = [];
  rejects: SourceReject[] = [];
  private readonly decoder: AisDecoder;
  /** Pending fixes as columns, when asked for. */
  private readonly fixes: PositionBuffer | null;
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
    opts: NmeaPipelineOptions = {},
  ) {
    // Room for a batch plus what one more chunk adds before the batch is taken (it grows past that if need be).
    const capacity = Math.min(2 * (opts.batchSize ?? 5000), 65_536);
    this.fixes = opts.columns === true ? new PositionBuffer(capacity) : null;
    this.decoder = new AisDecoder({
      lenient: opts.lenient === true,
      onMessage: (msg, meta) => this.onMessage(msg, meta),
      onReject: (r) => {
        // The decoder counts rejects in its stats; the list here carries file and line for the report.
        this.rejects.push({ file: this.file, line: r.line, reason: r.reason, text: cut(r.text) });
      },
    });
  }

  private onMessage(msg: AisMessage, meta: MessageMeta): void {
    const tsMs = meta.receivedAtMs ?? this.fallbackMs();
    const station = meta.station;
    let used = false;
    if (hasFix(msg)) {
      if (tsMs === null) bump(this.counts.ignoredByReason, 'no-receive-time');
      else {
        if (this.fixes !== null) writeFix(msg, tsMs, station, this.fixes);
        else this.positions.push(positionRecord(msg, tsMs, station));
        this.counts.positions++;
        used = true;
      }
    }
    const stat = staticRecordOf(msg, tsMs, station);
    if (stat !== null) {
      this.statics.push(stat);
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
    return this.positions.length + (this.fixes?.length ?? 0) + this.statics.length;
  }

  /**
   * Hands out pending records, at most `max` (positions first), and every pending reject. Holding
   * columns, the fixes come as `columns` (always present, maybe empty) and `positions` is empty.
   */
  take(max = Number.POSITIVE_INFINITY): Batch {
    const fixes = this.fixes;
    const np = Math.min(this.positions.length + (fixes?.length ?? 0), max);
    const ns = Math.min(this.statics.length, max - np);
    const [positions, restPositions] = splitAt(this.positions, np);
    const [statics, restStatics] = splitAt(this.statics, ns);
    const b: Batch = { positions, statics, rejects: this.rejects };
    if (fixes !== null) b.columns = fixes.take(np).columns;
    this.positions = restPositions;
    this.statics = restStatics;
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

function splitAt<T>(list: T[], n: number): [T[], T[]] {
  return [list.slice(0, n), list.slice(n)];
}

export async function* nmeaBatches(
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  counts: SourceCounts,
  batchSize: number,
  receivedAtMs: number | undefined,
  columns = false,
  lenient = false,
): AsyncGenerator<Batch> {
  const fallback = receivedAtMs ?? null;
  const p = new NmeaPipeline(file, counts, () => fallback, { columns, batchSize, lenient });
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
