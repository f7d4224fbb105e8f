/**
 * gpsd's pairing of type 24 halves: it keeps the last 8 part A's (MMSI, ship name) per radio
 * channel (empty, "A" and "1" share one queue, "B" and "2" the other) and merges a part B only with
 * a part A of its own channel. Shared by the reference formatter and the byte writer so that the
 * two cannot drift apart.
 */
import type { AisMessage } from './messages.js';

type Type24 = Extract<AisMessage, { type: 24 }>;

/** What to print for a type 24 half. */
export type Pairing =
  | { kind: 'part-a' }
  /** A part B whose part A was seen: print it with the A's ship name. */
  | { kind: 'merged'; shipName: string }
  /** A part B with no part A on its channel. */
  | { kind: 'lone-b' };

const QUEUE_LENGTH = 8;
const PART_A: Pairing = { kind: 'part-a' };
const LONE_B: Pairing = { kind: 'lone-b' };

export class Type24Pairing {
  private readonly queues: { mmsi: number; shipName: string }[][] = [[], []];
  private readonly next = [0, 0];

  take(msg: Type24, channel: string | null): Pairing {
    const ch = channel === 'B' || channel === '2' ? 1 : 0;
    const queue = this.queues[ch];
    if (msg.partNumber === 0) {
      queue[this.next[ch]] = { mmsi: msg.mmsi, shipName: msg.shipName };
      this.next[ch] = (this.next[ch] + 1) % QUEUE_LENGTH;
      return PART_A;
    }
    const i = queue.findIndex((a) => a !== undefined && a.mmsi === msg.mmsi);
    if (i < 0) return LONE_B;
    const shipName = queue[i].shipName;
    queue[i] = { mmsi: 0, shipName: '' };
    return { kind: 'merged', shipName };
  }
}
