/**
 * Output of one piece of a file decoded on a worker thread: the bytes in ~1 MB blocks (their
 * ArrayBuffers are transferred, not copied) plus the messages whose line depends on what came before
 * in the whole file (gpsd type 24: the part A/B merge), held as marks to be printed in order by the
 * thread that writes the output.
 */
import type { AisMessage } from './messages.js';
import { MAX_LINE_BYTES } from './write-bytes.js';

/** A block is closed once it holds this many bytes. */
export const BLOCK_BYTES = 1 << 20;

export interface Segments {
  blocks: ArrayBuffer[];
  /** Bytes used in each block. */
  lengths: number[];
  /** For each held message: block index and byte offset where its line goes. */
  marks: number[];
  messages: AisMessage[];
  channels: (string | null)[];
}

export class SegmentSink {
  /** Writers print at `buf[pos…]`; keep MAX_LINE_BYTES free (call `next()` past BLOCK_BYTES). */
  buf = Buffer.allocUnsafeSlow(BLOCK_BYTES + MAX_LINE_BYTES);
  pos = 0;
  private seg: Segments = { blocks: [], lengths: [], marks: [], messages: [], channels: [] };

  /** Closes the current block when it is full. */
  next(): void {
    if (this.pos < BLOCK_BYTES) return;
    this.close();
    this.buf = Buffer.allocUnsafeSlow(BLOCK_BYTES + MAX_LINE_BYTES);
  }

  write(s: string): void {
    this.pos += this.buf.write(s, this.pos, 'utf8');
    this.next();
  }

  /** Holds `msg` to be printed here by the output thread. */
  hold(msg: AisMessage, channel: string | null): void {
    const seg = this.seg;
    seg.marks.push(seg.blocks.length, this.pos);
    seg.messages.push(msg);
    seg.channels.push(channel);
  }

  /** Everything since the last take (the open block included, even if empty). */
  take(): Segments {
    this.close();
    const out = this.seg;
    this.seg = { blocks: [], lengths: [], marks: [], messages: [], channels: [] };
    this.buf = Buffer.allocUnsafeSlow(BLOCK_BYTES + MAX_LINE_BYTES);
    return out;
  }

  private close(): void {
    this.seg.blocks.push(this.buf.buffer as ArrayBuffer);
    this.seg.lengths.push(this.pos);
    this.pos = 0;
  }
}
