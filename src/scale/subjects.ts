/**
 * Names on NATS for a tallyman stream, and which partition a vessel's messages go to. Pure.
 *
 * A stream's sentences go to `tallyman.ais.<STREAM>.<partition>`: the stream's name in the subject
 * keeps two streams on one server apart (JetStream refuses streams whose subjects overlap). The
 * partition count is fixed when the stream is made and recorded in its description, which workers
 * read: changing it would move vessels between partitions and break their order.
 */

export const DEFAULT_STREAM = 'TALLYMAN_AIS';
export const DEFAULT_PARTITIONS = 16;
export const DEFAULT_EVENTS_PREFIX = 'tallyman.events';

/** JetStream stream names: no whitespace, `.`, `*`, `>`, path separators (server rule). */
export function checkStreamName(name: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name))
    return `stream name "${name}": use 1 to 64 letters, digits, _ or - (JetStream forbids . * > and spaces)`;
  return null;
}

export function aisSubject(stream: string, partition: number): string {
  return `tallyman.ais.${stream}.${partition}`;
}

export function aisSubjects(stream: string): string {
  return `tallyman.ais.${stream}.*`;
}

/** The description a stream is made with; `partitionsOf` reads it back. */
export function streamDescription(partitions: number): string {
  return `tallyman AIS sentences, partitioned by MMSI; partitions=${partitions}`;
}

export function partitionsOf(description: string | undefined): number | null {
  const m = /partitions=(\d+)/.exec(description ?? '');
  return m === null ? null : Number(m[1]);
}

/**
 * The partition of an MMSI. MMSIs are not uniform in their low digits (MIDs, ranges handed out in
 * blocks), so they are mixed first (the 32-bit golden-ratio multiply and an xor-shift).
 */
export function partitionOf(mmsi: number, partitions: number): number {
  let h = Math.imul(mmsi >>> 0, 0x9e3779b1);
  h ^= h >>> 16;
  return (h >>> 0) % partitions;
}

/** Where an event is published: `<prefix>.<type>`, e.g. `tallyman.events.gap`. */
export function eventSubject(prefix: string, type: string): string {
  return `${prefix}.${type}`;
}
