/**
 * Lines → whole AIS messages for the feed: a multi-sentence message is published as one NATS
 * message holding all its sentences, so that the worker which owns the vessel decodes it alone and
 * no fragment ever waits in another partition. Context lines (`$PGHP`, a lone tag block) travel
 * with the message after them. Pure: lines in, messages and rejects out.
 */
import { classifyLine } from './sentence.js';

export interface FeedMessage {
  mmsi: number;
  /** The raw lines, context first, joined by `\n` (no final newline). */
  text: string;
  /** 1-based line of its first line in its input. */
  line: number;
}

export interface FeedReject {
  line: number;
  reason: string;
  text: string;
}

interface Pending {
  mmsi: number;
  lines: string[];
  line: number;
  next: number;
  count: number;
}

/** How many groups may wait for fragments at once (interleaved channels, several receivers). */
const MAX_PENDING = 256;

export class MessageGrouper {
  private readonly pending = new Map<string, Pending>();
  private context: { lines: string[]; line: number } | null = null;

  /** Takes one line (without its newline); returns the message it completed, if any. */
  push(lineText: string, lineNo: number, rejects: FeedReject[]): FeedMessage | null {
    const k = classifyLine(lineText);
    if (k.kind === 'blank') return null;
    if (k.kind === 'reject') {
      rejects.push({ line: lineNo, reason: k.reason, text: lineText.slice(0, 120) });
      return null;
    }
    if (k.kind === 'context') {
      if (this.context === null) this.context = { lines: [lineText], line: lineNo };
      else this.context.lines.push(lineText);
      return null;
    }
    const ctx = this.context;
    this.context = null;
    const key = `${k.station}|${k.talker}|${k.count}|${k.seqId}|${k.channel}`;
    if (k.count === 1) {
      const lines = ctx === null ? [lineText] : [...ctx.lines, lineText];
      return { mmsi: k.mmsi as number, text: lines.join('\n'), line: ctx?.line ?? lineNo };
    }
    if (k.num === 1) {
      const stale = this.pending.get(key);
      if (stale !== undefined) this.drop(key, stale, 'incomplete-message', rejects);
      if (this.pending.size >= MAX_PENDING) {
        const [oldKey, old] = this.pending.entries().next().value as [string, Pending];
        this.drop(oldKey, old, 'incomplete-message', rejects);
      }
      this.pending.set(key, {
        mmsi: k.mmsi as number,
        lines: ctx === null ? [lineText] : [...ctx.lines, lineText],
        line: ctx?.line ?? lineNo,
        next: 2,
        count: k.count,
      });
      return null;
    }
    const g = this.pending.get(key);
    if (g === undefined || g.next !== k.num) {
      if (g !== undefined) this.drop(key, g, 'fragment-out-of-order', rejects);
      rejects.push({ line: lineNo, reason: 'orphan-fragment', text: lineText.slice(0, 120) });
      return null;
    }
    g.lines.push(lineText);
    g.next++;
    if (g.next <= g.count) return null;
    this.pending.delete(key);
    return { mmsi: g.mmsi, text: g.lines.join('\n'), line: g.line };
  }

  /** The input ended: groups still waiting are incomplete. */
  end(rejects: FeedReject[]): void {
    for (const [key, g] of this.pending) this.drop(key, g, 'incomplete-message', rejects);
    if (this.context !== null) {
      rejects.push({
        line: this.context.line,
        reason: 'context-without-sentence',
        text: this.context.lines[0],
      });
      this.context = null;
    }
  }

  private drop(key: string, g: Pending, reason: string, rejects: FeedReject[]): void {
    this.pending.delete(key);
    rejects.push({ line: g.line, reason, text: g.lines[0].slice(0, 120) });
  }
}
