/**
 * The contract between the NMEA/AIS decoder and its users (sources, CLI, store).
 * The decoder owns the detail of each message type; this file owns what crosses the boundary.
 */

/**
 * Why a line or message was not decoded. Every input line ends up either as (part of) a decoded
 * message, ignored (not AIS: comments, blank lines, other NMEA sentences), or rejected for one of
 * these reasons, so that counts are conserved.
 */
export const REJECT_REASONS = [
  'bad-checksum',
  'no-checksum',
  'malformed-sentence',
  'invalid-sixbit',
  'bad-fill-bits',
  'empty-payload',
  'too-short',
  'bad-length',
  'orphan-fragment',
  'duplicate-fragment',
  'incomplete-message',
  'line-too-long',
  'binary-junk',
  'bad-subtype',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const IGNORE_REASONS = ['blank', 'comment', 'other-nmea', 'receive-time-carrier', 'not-nmea'] as const;
export type IgnoreReason = (typeof IGNORE_REASONS)[number];

export interface Reject {
  reason: RejectReason;
  /** 1-based line number in the input where the offending sentence (or the group's first fragment) was. */
  line: number;
  /** The offending text, cut to at most 120 characters. */
  text: string;
  /** How many AIS sentences this reject covers (a dropped multi-part group counts each fragment). */
  sentences: number;
}

/** Receive context that travels with a message when the input has it. */
export interface MessageMeta {
  /** Receive time (tag block c:, Gatehouse $PGHP, epoch-seconds prefix), epoch ms UTC. */
  receivedAtMs: number | null;
  /** Receiver/station (tag block s:, or receiver field). */
  station: string | null;
  /** Talker and formatter, e.g. "AIVDM". */
  sentence: string;
  channel: string | null;
  /** 1-based line of the message's first sentence. */
  line: number;
}

export interface DecodeStats {
  lines: number;
  /** Lines that held at least one AIS sentence or were rejected outright (too long, binary junk). */
  aisLines: number;
  /** AIS sentences seen (each fragment counts one). */
  sentences: number;
  /** Complete messages decoded (a multi-sentence message counts once). */
  messages: number;
  /** Sentences that went into decoded messages. */
  sentencesDecoded: number;
  byType: Record<number, number>;
  /** Sentences rejected, by reason (a line rejected outright counts as one sentence). */
  rejectedByReason: Partial<Record<RejectReason, number>>;
  /** Tag blocks whose checksum failed (their metadata is dropped; the sentence is still decoded). */
  badTagBlocks: number;
  /**
   * Messages shorter than their type's length rule decoded anyway (`lenient` option; flagged
   * `short: true`); also counted in `messages`. Always 0 without `lenient`.
   */
  shortDecoded: number;
  ignoredByReason: Partial<Record<IgnoreReason, number>>;
}
