/**
 * Multi-part reassembly: the groups of `!xxVDM` fragments waiting for the rest of their message, how
 * a fragment finds its group (tag-block group id, else station, talker, count, sequence id and
 * channel), and when a group is given up (a newer one pushes out the oldest past the limit, or the
 * input ends). Holds no decoding: the decoder appends each group's payloads and decodes them.
 */
import { copyBytes, latin1 } from './framing.js';
import type { MessageMeta, RejectReason } from './types.js';

/**
 * What a multi-part message is told apart by: a tag-block group id (`byGroupId`) or else the
 * station, and the sentence's talker, count, sequence id and channel.
 */
interface KeyParts {
  byGroupId: boolean;
  keyText: string;
  /** The two talker bytes, high byte first. */
  talker: number;
  count: number;
  seq: number;
  channel: string | null;
}

/** A multi-part message waiting for fragments. */
export interface Group extends KeyParts {
  /** Its key in `pending` (see groupKey); null until it is filed there (see PendingGroups.newest). */
  key: string | null;
  next: number;
  /**
   * The first sentence's bytes: the chunk it came in while that is being decoded (no copy for a
   * message whose fragments arrive together, the usual case), a copy of them once it must outlive it.
   */
  first: Uint8Array;
  /** Where in `first` the sentence starts, the text a reject shows ends, and its payload lies. */
  firstStart: number;
  firstTextEnd: number;
  firstPayloadStart: number;
  firstPayloadEnd: number;
  /** Whether `first` is the decoder's own copy. */
  settled: boolean;
  /** Payloads of the fragments between the first and the last, copied. */
  middle: Uint8Array[] | null;
  fill: number;
  line: number;
  meta: MessageMeta;
}

/** The key a group is filed under: equal keys are the same message, whatever the parts. */
function groupKey(g: KeyParts): string {
  const talker = String.fromCharCode(g.talker >> 8, g.talker & 0xff);
  return `${g.byGroupId ? 'g' : 's'}${g.keyText}|${talker}|${g.count}|${g.seq}|${g.channel ?? ''}`;
}

/** Whether `g` has these key parts (then its key is theirs, without building either). */
function sameKeyParts(
  g: Group,
  byGroupId: boolean,
  keyText: string,
  talker: number,
  count: number,
  seq: number,
  channel: string | null,
): boolean {
  return (
    g.byGroupId === byGroupId &&
    g.talker === talker &&
    g.count === count &&
    g.seq === seq &&
    (g.channel ?? '') === (channel ?? '') &&
    g.keyText === keyText
  );
}

/** The text a reject of the group shows: its first sentence, cut to 120 characters. */
export function groupText(g: Group): string {
  return latin1(g.first, g.firstStart, g.firstTextEnd);
}

/** Copies the group's first sentence (payload and text) out of the chunk it came in. */
function settleGroup(g: Group): void {
  if (g.settled) return;
  const from = g.firstStart;
  g.first = copyBytes(g.first, from, Math.max(g.firstTextEnd, g.firstPayloadEnd));
  g.firstStart = 0;
  g.firstTextEnd -= from;
  g.firstPayloadStart -= from;
  g.firstPayloadEnd -= from;
  g.settled = true;
}

/**
 * The groups waiting for fragments. A group given up is passed to `onDrop`, which counts and reports
 * it (as `incomplete-message`).
 */
export class PendingGroups {
  /** Groups waiting for fragments, in arrival order; the newest is kept apart (see `newest`). */
  private readonly filed = new Map<string, Group>();
  /**
   * The group that began last, while it waits, out of `filed` and without a key: its next
   * fragment is nearly always the following line, found by comparing key parts, so most messages
   * never build or hash a key. It is filed in `filed` when a newer group begins.
   */
  private newest: Group | null = null;

  constructor(
    private readonly maxPending: number,
    private readonly onDrop: (g: Group, reason: RejectReason) => void,
  ) {}

  get isEmpty(): boolean {
    return this.newest === null && this.filed.size === 0;
  }

  /**
   * The waiting group a fragment with these key parts belongs to: `newest` when the parts match
   * (then so would the keys), else the one filed under the key they make (which, compared as keys,
   * may also be `newest`).
   */
  find(
    byGroupId: boolean,
    keyText: string,
    talker: number,
    count: number,
    seq: number,
    channel: string | null,
  ): Group | undefined {
    const newest = this.newest;
    if (newest !== null && sameKeyParts(newest, byGroupId, keyText, talker, count, seq, channel))
      return newest;
    if (newest === null && this.filed.size === 0) return undefined;
    const key = groupKey({ byGroupId, keyText, talker, count, seq, channel });
    const filed = this.filed.get(key);
    if (filed !== undefined) return filed;
    return newest !== null && groupKey(newest) === key ? newest : undefined;
  }

  remove(g: Group): void {
    if (g === this.newest) this.newest = null;
    else this.filed.delete(g.key as string);
  }

  /** Makes `g` the newest group: the one before it is filed, and the oldest dropped past the limit. */
  begin(g: Group): void {
    if (this.newest !== null) this.file(this.newest);
    while (this.filed.size >= this.maxPending) {
      const oldest = this.filed.values().next().value as Group;
      this.filed.delete(oldest.key as string);
      this.onDrop(oldest, 'incomplete-message');
    }
    this.newest = g;
  }

  /** Copies the newest group's first sentence out of the caller's chunk, which is theirs again. */
  settle(): void {
    if (this.newest !== null) settleGroup(this.newest);
  }

  /** Drops every waiting group (the input ended). */
  dropAll(): void {
    for (const g of this.filed.values()) this.onDrop(g, 'incomplete-message');
    this.filed.clear();
    if (this.newest !== null) this.onDrop(this.newest, 'incomplete-message');
    this.newest = null;
  }

  /** Files a group under its key, with its first sentence copied out of its chunk. */
  private file(g: Group): void {
    settleGroup(g);
    g.key = groupKey(g);
    this.filed.set(g.key, g);
  }
}
