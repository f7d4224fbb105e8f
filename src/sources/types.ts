/**
 * What crosses the boundary between the input readers and their users (store, CLI).
 * A source turns one input (file, stdin, TCP feed) into batches of records plus counts.
 */
import type { DecodeStats } from '../ais/types.js';
import type { PositionColumns } from '../tracks/position-columns.js';
import type { PositionRecord, StaticRecord } from '../tracks/records.js';
import type { StaticColumns } from '../tracks/static-columns.js';

export type SourceFormat = 'nmea' | 'dma' | 'marinecadastre' | 'marinecadastre-2024' | 'csv-mapped';

/** Why a CSV row (or a time-less NMEA position) did not land. */
export const SOURCE_REJECT_REASONS = [
  'wrong-column-count',
  'malformed-csv',
  'bad-mmsi',
  'mmsi-out-of-range',
  'bad-time',
  'bad-number',
  'lat-out-of-range',
  'lon-out-of-range',
  'read-error',
] as const;
export type SourceRejectReason = (typeof SOURCE_REJECT_REASONS)[number];

/** One row (or line) that did not land, with where it was and why. */
export interface SourceReject {
  file: string;
  /** 1-based line in the (decompressed) input. */
  line: number;
  reason: SourceRejectReason | string;
  /** The offending text, cut to at most 200 characters. */
  text: string;
  /** Which column or value made it fail, when one did. */
  detail?: string;
}

export interface Batch {
  positions: PositionRecord[];
  /**
   * Fixes as columns, beside `positions`: from a reader on another thread (see worker-source.ts), or
   * from an NMEA reader asked for them (SourceOptions.positionColumns).
   */
  columns?: PositionColumns;
  statics: StaticRecord[];
  /** Static reports as columns, beside `statics`: from a reader on another thread (worker-source.ts). */
  staticColumns?: StaticColumns;
  rejects: SourceReject[];
}

export interface SourceCounts {
  /** Lines (CSV: records incl. header; NMEA: the decoder's line count). */
  lines: number;
  /** Rows or messages that produced at least one record. */
  records: number;
  positions: number;
  statics: number;
  rejectedByReason: Record<string, number>;
  /** Rows read but deliberately not turned into records (e.g. DMA base stations), by reason. */
  ignoredByReason: Record<string, number>;
  /** Vendor labels we could not map to a code (kept as null), e.g. "navStatus:Foo". */
  unmapped: Record<string, number>;
  /** NMEA only: the decoder's own statistics. */
  decode?: DecodeStats;
}

export interface Source {
  /** File path, "-" for stdin, or the tcp:// address. */
  name: string;
  format: SourceFormat;
  /** Size of the raw input when known (files), null for stdin and TCP. */
  totalBytes: number | null;
  /** Raw (still compressed) bytes read so far. */
  bytesRead(): number;
  /** SHA-256 (hex) of the raw bytes; throws until the input has been read to its end. */
  sha256(): string;
  /** Streams the input once, in batches of at most `batchSize` records. */
  batches(): AsyncIterable<Batch>;
  /** Final once batches() has finished; live while it runs. */
  readonly counts: SourceCounts;
}

export type TimeFormat = 'iso' | 'epoch-s' | 'epoch-ms' | 'dmy';

export interface SourceOptions {
  /** Records per batch (positions + statics), default 5000. */
  batchSize?: number;
  /** Generic CSV: record field → column name (see parseColumnMap). When given, CSV input uses it. */
  columnMap?: Record<string, string>;
  /** Generic CSV: how the tsMs column is written, default 'iso'. */
  timeFormat?: TimeFormat;
  /** NMEA: receive time given to messages that carry none (a time-less capture). */
  receivedAtMs?: number;
  /** NMEA: decode messages shorter than their type's rule as far as they go (AisDecoder `lenient`). */
  lenient?: boolean;
  /** Value for PositionRecord.source / StaticRecord.source from a generic CSV, default "csv". */
  sourceLabel?: string;
  /**
   * NMEA files and stdin: fixes as `Batch.columns` (positions empty) instead of record objects, for
   * a reader that posts its batches to another thread (source-worker.ts). Other inputs ignore it.
   */
  positionColumns?: boolean;
  /** TCP: stops the feed. */
  signal?: AbortSignal;
  /** Stdin (or tests): the stream to read instead of process.stdin. */
  stdin?: NodeJS.ReadableStream;
}

export function emptyCounts(): SourceCounts {
  return {
    lines: 0,
    records: 0,
    positions: 0,
    statics: 0,
    rejectedByReason: {},
    ignoredByReason: {},
    unmapped: {},
  };
}

export function bump(map: Record<string, number>, key: string, n = 1): void {
  map[key] = (map[key] ?? 0) + n;
}
