/**
 * The batch loop of a push-driven feed (tcp.ts, live-feed.ts): data arrives in callbacks, and the
 * reader takes it in batches of `batchSize` messages, or whatever has come after `flushMs`, so that
 * a slow feed's fixes still reach the store within a flush interval.
 */
import type { NmeaPipeline } from './nmea-source.js';
import type { Batch } from './types.js';

/** Wakes the loop early: a batch is full, the feed ended or was aborted. */
export class Wakeup {
  private wake: (() => void) | null = null;

  notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Resolves after `ms`, or at the next notify(), whichever comes first. */
  wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}

export interface FlushLoopOptions {
  batchSize: number;
  flushMs: number;
  /** Whether the feed has ended (checked whenever no batch is due). */
  ended: () => boolean;
  wakeup: Wakeup;
  /** Called after each batch is taken (a paused socket resumes). */
  afterYield?: () => void;
}

/** The pipeline's batches until the feed ends; what is left after that is the caller's to drain. */
export async function* flushLoop(pipe: NmeaPipeline, o: FlushLoopOptions): AsyncGenerator<Batch> {
  let lastYield = Date.now();
  for (;;) {
    const due = Date.now() - lastYield >= o.flushMs;
    if (pipe.pending() >= o.batchSize || (due && pipe.pending() + pipe.rejects.length > 0)) {
      lastYield = Date.now();
      yield pipe.take(o.batchSize);
      o.afterYield?.();
      continue;
    }
    if (o.ended()) return;
    if (due) lastYield = Date.now();
    await o.wakeup.wait(Math.max(1, o.flushMs - (Date.now() - lastYield)));
  }
}
