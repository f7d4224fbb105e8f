/**
 * The JetStream stream a feed publishes to: made when missing, its partition count read back by
 * workers. The imperative edge over @nats-io/jetstream.
 */
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { aisSubjects, DEFAULT_PARTITIONS, partitionsOf, streamDescription } from './subjects.js';

export interface StreamSettings {
  partitions: number;
  /** How long sentences are kept (limits retention: workers' progress does not delete them). */
  maxAgeMs: number;
  /** Bytes kept at most (oldest dropped first); -1 for no limit. */
  maxBytes: number;
  /** Nats-Msg-Id dedupe window: a feed re-run within it publishes nothing twice. */
  duplicateWindowMs: number;
}

export const DEFAULT_SETTINGS: StreamSettings = {
  partitions: DEFAULT_PARTITIONS,
  maxAgeMs: 7 * 86_400_000,
  maxBytes: -1,
  duplicateWindowMs: 120_000,
};

function notFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;
}

/**
 * The stream's partition count, making the stream first when it does not exist. An existing
 * stream keeps its own partitions (a different `--partitions` is an error: vessels would move).
 */
export async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  s: StreamSettings,
): Promise<{ partitions: number; created: boolean }> {
  try {
    const info = await jsm.streams.info(name);
    const n = partitionsOf(info.config.description);
    if (n === null)
      throw new Error(`stream ${name} exists but was not made by tallyman feed (no partitions=N)`);
    return { partitions: n, created: false };
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  await jsm.streams.add({
    name,
    subjects: [aisSubjects(name)],
    description: streamDescription(s.partitions),
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(s.maxAgeMs),
    max_bytes: s.maxBytes,
    duplicate_window: nanos(s.duplicateWindowMs),
  });
  return { partitions: s.partitions, created: true };
}

/** The partition count of a stream made by `tallyman feed`; throws naming the stream otherwise. */
export async function streamPartitions(jsm: JetStreamManager, name: string): Promise<number> {
  let description: string | undefined;
  try {
    description = (await jsm.streams.info(name)).config.description;
  } catch (err) {
    if (notFound(err)) throw new Error(`no stream ${name} on the server: run tallyman feed --to … first`);
    throw err;
  }
  const n = partitionsOf(description);
  if (n === null) throw new Error(`stream ${name} was not made by tallyman feed (no partitions=N)`);
  return n;
}
