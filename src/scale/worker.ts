/**
 * `tallyman worker`: consumes a feed's stream into a PostgreSQL store, partition by partition.
 *
 * Each partition (a subject, `tallyman.ais.<STREAM>.<n>`, holding whole vessels) is held by one
 * worker at a time through a PostgreSQL advisory lock (coord.ts), read through its own durable
 * consumer in stream order, so a vessel's messages are applied in order by one process. A worker
 * aims for ceil(partitions / live workers) and gives up or takes partitions as workers come and
 * go (rebalance, once a second).
 *
 * Exactly-once effect: a commit decodes the messages, writes them through the Store API as one
 * ingest run (idempotent: a fix is its key, a report its vessel, time and statement), then moves
 * each partition's offset in `scale_offsets` by compare-and-set, and only then acks. A worker
 * killed anywhere in between leaves an offset behind what is stored; whoever takes the partition
 * next starts its consumer from that offset and re-applies the rest, which adds nothing twice.
 * The ingest run a dead worker left `running` is finished by the next worker to look.
 */
import { createHash, randomInt } from 'node:crypto';
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type pg from 'pg';
import { NmeaPipeline } from '../sources/nmea-source.js';
import { emptyCounts } from '../sources/types.js';
import { assignedTimesJson } from '../store/run-options.js';
import type { Store } from '../store/types.js';
import type { PositionRecord, StaticRecord } from '../tracks/records.js';
import {
  advanceOffsets,
  liveWorkers,
  lockCommitShared,
  lockPresence,
  orphanRuns,
  readOffset,
  recordRunIntent,
  tryLockPartition,
  unlockCommitShared,
  unlockPartition,
} from './coord.js';
import { ASSIGNED_HEADER, RECEIVED_HEADER, SOURCE_HEADER } from './feed.js';
import { aisSubject } from './subjects.js';

export interface WorkerOptions {
  stream: string;
  /**
   * Names this store's consumers (`<prefix>-p<N>`), so that two stores fed from one stream each
   * keep their own: coord.ts `storeTag`.
   */
  consumerPrefix: string;
  partitions: number;
  /** Messages per commit at most. */
  batchMessages: number;
  /** Longest a message waits for its commit on a slow feed. */
  lingerMs: number;
  /** Log lines (JSON) for the operator; a benchmark reads them. */
  log: (entry: Record<string, unknown>) => void;
}

interface Claimed {
  part: number;
  /** The committed offset: every message up to it is applied. */
  applied: number;
  queue: JsMsg[];
  messages: ConsumerMessages;
  pump: Promise<void>;
  releasing: boolean;
}

export interface CommitResult {
  messages: number;
  skipped: number;
  positions: number;
  statics: number;
  rejects: number;
  /** JetStream's stored times (ms) of the messages applied, for latency. */
  storedMs: number[];
  /** What the commit stored, decoded (for the alert engine). */
  records: { positions: PositionRecord[]; statics: StaticRecord[] };
}

export class Worker {
  key: number;
  private readonly claimed = new Map<number, Claimed>();
  private wake: (() => void) | null = null;
  private committing: Promise<unknown> = Promise.resolve();
  private commitNo = 0;
  private stopped = false;
  private rebalancing = false;
  /** Applied since the last detection began: their stored times, for latency. */
  readonly appliedSince: number[] = [];
  onCommitted: (r: CommitResult) => Promise<void> | void = () => {};
  /** Called with the partitions held after they changed. */
  onPartitionsChanged: (held: number[]) => Promise<void> | void = () => {};

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly store: Store,
    /** Holds this worker's partition and presence locks (session locks: never used for anything slow). */
    private readonly lockClient: pg.Client,
    /** Commits' shared lock and the offsets' transactions. */
    private readonly commitClient: pg.Client,
    private readonly o: WorkerOptions,
  ) {
    this.key = randomInt(1, 2 ** 31 - 1);
  }

  async start(): Promise<void> {
    while (!(await lockPresence(this.lockClient, this.o.stream, this.key)))
      this.key = randomInt(1, 2 ** 31 - 1);
    await this.finishOrphans();
    await this.rebalance();
  }

  private consumerName(part: number): string {
    return `${this.o.consumerPrefix}-p${part}`;
  }

  partitions(): number[] {
    return [...this.claimed.keys()].sort((a, b) => a - b);
  }

  /** Messages waiting in this worker's queues. */
  queued(): number {
    let n = 0;
    for (const c of this.claimed.values()) n += c.queue.length;
    return n;
  }

  /** Takes or gives up partitions so that each live worker holds about as many. */
  async rebalance(): Promise<void> {
    if (this.rebalancing || this.stopped) return;
    this.rebalancing = true;
    try {
      const live = Math.max(1, (await liveWorkers(this.lockClient, this.o.stream)).length);
      const target = Math.ceil(this.o.partitions / live);
      const held = this.partitions();
      if (held.length > target) {
        // give up the highest-numbered, so that two workers settle on halves, not interleaved
        for (const part of held.slice(target).reverse()) await this.release(part);
        this.o.log({
          kind: 'rebalance',
          live,
          target,
          released: held.slice(target),
          held: this.partitions(),
        });
      } else if (held.length < target) {
        const took: number[] = [];
        for (let part = 0; part < this.o.partitions && this.claimed.size < target; part++) {
          if (this.claimed.has(part)) continue;
          if (await tryLockPartition(this.lockClient, this.o.stream, part)) {
            await this.claim(part);
            took.push(part);
          }
        }
        if (took.length > 0) {
          this.o.log({ kind: 'rebalance', live, target, took, held: this.partitions() });
          await this.onPartitionsChanged(this.partitions());
        }
      }
    } finally {
      this.rebalancing = false;
    }
  }

  private async claim(part: number): Promise<void> {
    const applied = await readOffset(this.commitClient, this.o.stream, part);
    const name = this.consumerName(part);
    // the durable consumer restarts where the store says the partition is, not where the last
    // holder's acks got to: messages it took but never committed come again, in order
    try {
      await this.jsm.consumers.delete(this.o.stream, name);
    } catch {
      // none yet
    }
    await this.jsm.consumers.add(this.o.stream, {
      durable_name: name,
      filter_subject: aisSubject(this.o.stream, part),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: applied > 0 ? DeliverPolicy.StartSequence : DeliverPolicy.All,
      ...(applied > 0 ? { opt_start_seq: applied + 1 } : {}),
      ack_wait: 120_000_000_000,
      max_ack_pending: 50_000,
    });
    const consumer = await this.js.consumers.get(this.o.stream, name);
    const messages = await consumer.consume({ max_messages: 2_000 });
    const c: Claimed = { part, applied, queue: [], messages, pump: Promise.resolve(), releasing: false };
    c.pump = (async () => {
      try {
        for await (const m of messages) {
          if (c.releasing) break;
          c.queue.push(m);
          this.wake?.();
          // the consumer asks for more only as this loop goes on: a full queue holds it back
          while (c.queue.length >= 4 * this.o.batchMessages && !c.releasing && !this.stopped)
            await new Promise((r) => setTimeout(r, 20));
        }
      } catch (err) {
        if (!c.releasing && !this.stopped) this.o.log({ kind: 'error', part, error: (err as Error).message });
      }
    })();
    this.claimed.set(part, c);
  }

  private async release(part: number): Promise<void> {
    const c = this.claimed.get(part);
    if (c === undefined) return;
    c.releasing = true;
    c.messages.stop();
    // a commit holding its messages finishes first; whatever is left in the queue is not acked
    // and comes again to the next holder, from the offset
    await this.committing.catch(() => {});
    this.claimed.delete(part);
    await c.pump.catch(() => {});
    await unlockPartition(this.lockClient, this.o.stream, part);
  }

  private orphansChain: Promise<number> = Promise.resolve(0);

  /**
   * Finishes the ingest runs dead workers left running (their messages are being replayed); how
   * many. One at a time: a slow check and the next second's may overlap.
   */
  finishOrphans(): Promise<number> {
    this.orphansChain = this.orphansChain.catch(() => 0).then(() => this.finishOrphansNow());
    return this.orphansChain;
  }

  private async finishOrphansNow(): Promise<number> {
    let finished = 0;
    const live = await liveWorkers(this.lockClient, this.o.stream);
    for (const r of await orphanRuns(this.lockClient, this.o.stream, live)) {
      const b = await this.store.beginIngest({
        sourceName: '',
        contentSha256: r.sha,
        format: 'nmea',
        sizeBytes: null,
      });
      if (b.alreadyIngested) continue;
      await this.store.finishIngest(b.runId, {
        contentSha256: r.sha,
        counts: {
          abandoned: 'its worker died before the commit was recorded; its messages were applied again',
        },
      });
      this.o.log({ kind: 'orphan-finished', runId: r.runId });
      finished++;
    }
    return finished;
  }

  /** Waits for messages (at most lingerMs once one is there) and commits them; false when idle. */
  async step(idleWaitMs = 200): Promise<boolean> {
    if (this.queued() === 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, idleWaitMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
      if (this.queued() === 0) return false;
    }
    if (this.queued() < this.o.batchMessages) await new Promise((r) => setTimeout(r, this.o.lingerMs));
    const p = this.commit();
    this.committing = p;
    await p;
    return true;
  }

  /** Takes up to batchMessages from the claimed partitions and applies them (see the file's comment). */
  async commit(): Promise<CommitResult> {
    const taken: Array<{ c: Claimed; msgs: JsMsg[] }> = [];
    let room = this.o.batchMessages;
    for (const c of this.claimed.values()) {
      if (c.releasing || c.queue.length === 0 || room === 0) continue;
      const msgs = c.queue.splice(0, room);
      room -= msgs.length;
      taken.push({ c, msgs });
    }
    const result: CommitResult = {
      messages: 0,
      skipped: 0,
      positions: 0,
      statics: 0,
      rejects: 0,
      storedMs: [],
      records: { positions: [], statics: [] },
    };
    if (taken.length === 0) return result;
    // decode, one pipeline per input name so that rejects name their input
    const bySource = new Map<
      string,
      {
        pipe: NmeaPipeline;
        counts: ReturnType<typeof emptyCounts>;
        bytes: number;
        /** Receive times the feed gave a whole input (`feed --received-at`), not a clock's. */
        assignedMs: Set<number>;
      }
    >();
    let stampMs: number | null = null;
    const moves: Array<{ part: number; from: number; to: number }> = [];
    const toAck: JsMsg[] = [];
    const ranges: string[] = [];
    for (const { c, msgs } of taken) {
      let last = c.applied;
      for (const m of msgs) {
        toAck.push(m);
        if (m.seq <= c.applied) {
          result.skipped++;
          continue;
        }
        last = m.seq;
        const source = m.headers?.get(SOURCE_HEADER) || this.o.stream;
        let s = bySource.get(source);
        if (s === undefined) {
          const counts = emptyCounts();
          s = {
            pipe: new NmeaPipeline(source, counts, () => stampMs),
            counts,
            bytes: 0,
            assignedMs: new Set(),
          };
          bySource.set(source, s);
        }
        const stamp = m.headers?.get(RECEIVED_HEADER);
        stampMs = stamp ? Number(stamp) : null;
        if (stampMs !== null && m.headers?.get(ASSIGNED_HEADER) === '1') s.assignedMs.add(stampMs);
        const data = m.data;
        const line = new Uint8Array(data.length + 1);
        line.set(data);
        line[data.length] = 10;
        s.pipe.push(line);
        s.bytes += line.length;
        result.messages++;
        result.storedMs.push(Number(m.timestampNanos / 1_000_000n));
      }
      if (last > c.applied) {
        moves.push({ part: c.part, from: c.applied, to: last });
        ranges.push(`${c.part}:${c.applied + 1}-${last}`);
      }
    }
    if (moves.length > 0) {
      this.commitNo++;
      await lockCommitShared(this.commitClient);
      try {
        for (const [source, s] of bySource) {
          s.pipe.end();
          const batch = s.pipe.take();
          result.positions += batch.positions.length;
          result.statics += batch.statics.length;
          result.rejects += batch.rejects.length;
          for (const p of batch.positions) result.records.positions.push(p);
          for (const st of batch.statics) result.records.statics.push(st);
          const sha = createHash('sha256')
            .update(`${this.o.stream}|${this.key}|${this.commitNo}|${source}|${ranges.join(',')}`)
            .digest('hex');
          await recordRunIntent(this.commitClient, this.o.stream, sha, this.key);
          const begun = await this.store.beginIngest({
            sourceName: source,
            contentSha256: sha,
            format: 'nmea',
            sizeBytes: s.bytes,
            ...(s.assignedMs.size > 0 ? { optionsJson: assignedTimesJson(s.assignedMs) } : {}),
          });
          this.crashPoint('unrecorded');
          await this.store.writeBatch(begun.runId, { positions: batch.positions, statics: batch.statics });
          this.crashPoint('begun');
          await this.store.finishIngest(begun.runId, {
            contentSha256: sha,
            counts: { ...s.counts, stream: this.o.stream, ranges, rejects: batch.rejects.slice(0, 20) },
          });
        }
        this.crashPoint('stored');
        await advanceOffsets(this.commitClient, this.o.stream, moves);
        this.crashPoint('offsets');
      } finally {
        await unlockCommitShared(this.commitClient);
      }
      for (const { c } of taken) {
        const m = moves.find((x) => x.part === c.part);
        if (m !== undefined) c.applied = m.to;
      }
    }
    // acks follow the committed offset; a lost ack only means the message comes again and is skipped
    for (const m of toAck) m.ack();
    for (const t of result.storedMs) this.appliedSince.push(t);
    await this.onCommitted(result);
    return result;
  }

  /**
   * Fault injection for the crash tests: `TALLYMAN_SCALE_KILL_AT=N:POINT` SIGKILLs this process at
   * POINT of its Nth commit — `unrecorded` (its run begun, none of its rows written), `begun` (its
   * run written, not finished), `stored` (run finished, offsets not moved), `offsets` (offsets
   * moved, nothing acked).
   */
  private crashPoint(point: 'unrecorded' | 'begun' | 'stored' | 'offsets'): void {
    const at = process.env.TALLYMAN_SCALE_KILL_AT;
    if (at === undefined || at !== `${this.commitNo}:${point}`) return;
    process.kill(process.pid, 'SIGKILL');
  }

  /** Whether every claimed partition has nothing left on the server or in the queue. */
  async caughtUp(): Promise<boolean> {
    if (this.queued() > 0) return false;
    for (const c of this.claimed.values()) {
      const info = await this.jsm.consumers.info(this.o.stream, this.consumerName(c.part));
      if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
    }
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.committing.catch(() => {});
    for (const part of this.partitions()) await this.release(part);
  }
}
