/** What the store offers its callers (CLI, sources, server): the same for both engines. */

import type { Kysely } from 'kysely';
import type { PositionColumns } from '../tracks/position-columns.js';
import type { PositionRecord, StaticRecord } from '../tracks/records.js';
import type { StaticColumns } from '../tracks/static-columns.js';
import type { StationKind } from '../tracks/station.js';
import type { IngestClaim } from './ingest-claim.js';
import type { PositionScan, PositionScanQuery } from './scan.js';
import type { Database, IngestStatus } from './schema.js';

export type { IngestClaim, PositionScan, PositionScanQuery };

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite at `path`. */
  url?: string;
  /** SQLite file, default ./tallyman.db (':memory:' works for tests). */
  path?: string;
}

export interface BeginIngest {
  sourceName: string;
  /** SHA-256 (hex) of the raw input; null when it is only known at the end (stdin, TCP). */
  contentSha256: string | null;
  format: string;
  sizeBytes: number | null;
  /**
   * The options that change what this input stores (`--map`, `--time-format`, …) as canonical
   * JSON, '' or absent for none: the same content under other options is another run.
   */
  optionsJson?: string;
}

export interface BeginResult {
  runId: number;
  /** The same content was already ingested to completion: there is nothing to do. */
  alreadyIngested: boolean;
  /** An interrupted run of the same content was picked up again (its stored batches are kept). */
  resumed: boolean;
}

export interface WriteBatch {
  positions: readonly PositionRecord[];
  statics: readonly StaticRecord[];
  /**
   * More fixes, as columns: how a reader on another thread hands them over (see
   * src/sources/worker-source.ts). A batch may carry both; every fix counts once.
   */
  columns?: PositionColumns;
  /** More static reports, as columns (the same way, see src/tracks/static-columns.ts). */
  staticColumns?: StaticColumns;
}

/** Fixes in a batch, as records and as columns. */
export const batchPositionCount = (b: { positions: readonly unknown[]; columns?: PositionColumns }): number =>
  b.positions.length + (b.columns?.length ?? 0);

/** Static reports in a batch, as records and as columns. */
export const batchStaticCount = (b: { statics: readonly unknown[]; staticColumns?: StaticColumns }): number =>
  b.statics.length + (b.staticColumns?.length ?? 0);

/**
 * What one batch handed over, duplicates included. Which records were new is settled when they
 * are committed — on SQLite that may be a later call (see write-sqlite.ts) — and counted in the
 * run (`ingestRuns()`: positionsAdded, identityReportsAdded, voyageReportsAdded).
 */
export interface BatchResult {
  positionsWritten: number;
  staticsWritten: number;
}

export interface FinishIngest {
  /** The content hash, now known for every input; it may fill in one that was null at the start. */
  contentSha256: string | null;
  /** The source's counts (by message type, by reject reason, positions, statics …), kept as JSON. */
  counts: object;
  /**
   * `broken`: the input broke off part way (what came before stays); `rejected`: nothing could be
   * stored. Either leaves the content to be ingested again. Default: completed.
   */
  outcome?: 'completed' | 'broken' | 'rejected';
}

export interface Vessel {
  mmsi: number;
  /** What kind of station the MMSI is (src/tracks/station.ts): from its number and the message types it sent. */
  kind: StationKind;
  imo: number | null;
  name: string | null;
  callSign: string | null;
  flag: string | null;
  shipType: number | null;
  lengthM: number | null;
  beamM: number | null;
  firstSeenMs: number | null;
  lastSeenMs: number | null;
  positionCount: number;
}

export interface VesselIdentity {
  mmsi: number;
  imo: number | null;
  name: string | null;
  callSign: string | null;
  shipType: number | null;
  lengthM: number | null;
  beamM: number | null;
  flag: string | null;
  firstSeenMs: number | null;
  lastSeenMs: number | null;
  reportCount: number;
}

export interface VoyageReport {
  mmsi: number;
  tsMs: number | null;
  draughtM: number | null;
  destination: string | null;
  eta: string | null;
  source: string | null;
}

export interface IngestRun {
  id: number;
  sourceName: string;
  contentSha256: string | null;
  format: string;
  sizeBytes: number | null;
  startedMs: number;
  finishedMs: number | null;
  status: IngestStatus;
  optionsJson: string;
  positionsAdded: number;
  identityReportsAdded: number;
  voyageReportsAdded: number;
  counts: unknown;
}

/** WGS84 degrees. A box with minLon > maxLon crosses the antimeridian. */
export interface Box {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface TimeRange {
  /** Inclusive bounds, epoch ms; an absent bound is open. */
  fromMs?: number;
  toMs?: number;
}

export interface VesselInBox {
  mmsi: number;
  positionCount: number;
  firstMs: number;
  lastMs: number;
}

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * The Kysely handle, once every buffered AIS batch is committed: feature modules (events, ledger,
   * evidence, imagery) keep their own queries beside their tables and reach the database here.
   */
  db(): Promise<Kysely<Database>>;
  /**
   * Claims the content for this process's ingest (ingest-claim.ts): null when another live
   * process is ingesting the same content now. Held until `release`; a dead process holds none.
   */
  claimIngest(contentSha256: string): Promise<IngestClaim | null>;
  beginIngest(run: BeginIngest): Promise<BeginResult>;
  writeBatch(runId: number, batch: WriteBatch): Promise<BatchResult>;
  finishIngest(runId: number, finish: FinishIngest): Promise<void>;
  listVessels(): Promise<Vessel[]>;
  getVessel(mmsi: number): Promise<Vessel | null>;
  identityHistory(mmsi: number): Promise<VesselIdentity[]>;
  track(mmsi: number, range?: TimeRange): Promise<PositionRecord[]>;
  inBox(box: Box, range: { fromMs: number; toMs: number }): Promise<VesselInBox[]>;
  voyageReports(mmsi: number): Promise<VoyageReport[]>;
  /**
   * Every fix of the MMSIs in [fromMmsi, toMmsi] (and the time range), in key order, as columns:
   * the bulk read of detection (scan.ts). Callers keep the range to what fits in memory.
   */
  scanPositions(q: PositionScanQuery): Promise<PositionScan>;
  /**
   * How many `scanPositions` reads are worth asking for ahead of the one being used: a SQLite file
   * reads on threads of its own (one each), PostgreSQL's rows land on the caller's thread, so
   * more reads in flight there cost memory and no time.
   */
  readonly scanReadAhead: number;
  ingestRuns(): Promise<IngestRun[]>;
  close(): Promise<void>;
}
