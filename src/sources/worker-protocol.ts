/** The messages between an ingest and the worker thread that reads and decodes one file for it. */
import type { PositionColumns } from '../tracks/position-columns.js';
import type { StaticColumns } from '../tracks/static-columns.js';
import type { SourceCounts, SourceFormat, SourceOptions, SourceReject } from './types.js';

export interface WorkerInput {
  tallymanSourceWorker: true;
  path: string;
  size: number;
  /** The options that survive a structured clone (no signal, no stdin). */
  opts: Pick<
    SourceOptions,
    'batchSize' | 'columnMap' | 'timeFormat' | 'receivedAtMs' | 'sourceLabel' | 'lenient'
  >;
}

/** Host → worker: the host may hold `n` more batches. */
export interface Credit {
  kind: 'more';
  n: number;
}

export type WorkerOutput =
  | { kind: 'open'; name: string; format: SourceFormat; totalBytes: number | null }
  /** `source` tells a usage problem with the input (SourceError) from a failure. */
  | { kind: 'open-error'; message: string; source: boolean }
  | {
      kind: 'batch';
      columns: PositionColumns;
      staticColumns: StaticColumns;
      rejects: SourceReject[];
      bytesRead: number;
      counts: SourceCounts;
    }
  | { kind: 'end'; bytesRead: number; counts: SourceCounts; sha256: string }
  | {
      kind: 'error';
      message: string;
      /** A SourceError (the input's fault, not the code's): rethrown as one. */
      source?: boolean;
    };

/**
 * Batches the worker may have posted and the host not yet taken. Enough to cover one of SQLite's
 * large commits (250,000 fixes = 50 batches of 5,000): while the store's thread is inside a
 * commit the reader keeps decoding instead of stalling, and the two threads overlap rather than
 * take turns. Bounded, so a store slower than the reader throttles it: ~64 × 5,000 records, ~40 MB.
 */
export const BATCHES_IN_FLIGHT = 64;
