/**
 * The detectors' bulk read: every fix of the vessels with MMSI in [fromMmsi, toMmsi] (within an
 * optional time range), in key order (MMSI, time, lon, lat), as columns. Row objects cost more
 * than the detectors themselves at this volume, so SQLite hands rows over as arrays (`raw`) and
 * PostgreSQL as binary COPY output (pg-copy-out.ts), and each lands straight in typed arrays.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { startModuleWorker } from '../sources/worker-start.js';
import { CopyOutReader, float8At, int4At, int8At, isNullAt } from './pg-copy-out.js';

export interface PositionScanQuery {
  fromMmsi: number;
  toMmsi: number;
  /** Inclusive bounds, epoch ms; null: open. */
  fromMs: number | null;
  toMs: number | null;
  /**
   * Only these vessels, each from its own time on (within the bounds above): the few vessels a
   * live pass has new fixes of, read by key instead of a range of MMSIs.
   */
  vessels?: ReadonlyArray<{ mmsi: number; fromMs: number }>;
}

export interface PositionScan {
  length: number;
  mmsi: Float64Array;
  tsMs: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** NaN where the row has none. */
  speedKnots: Float64Array;
  courseDeg: Float64Array;
  /** -1 where the row has none. */
  navStatus: Int16Array;
  msgType: Int16Array;
  /** Index into `sources` of the fix's `source` column. */
  sourceIndex: Int32Array;
  sources: Array<string | null>;
  ingestRunId: Float64Array;
}

const COLUMNS = 'mmsi, ts_ms, lon, lat, speed_knots, course_deg, nav_status, msg_type, source, ingest_run_id';

class ScanBuilder {
  private cap = 4096;
  private n = 0;
  private s = emptyScan(4096);
  private readonly sourceNo = new Map<string | null, number>();

  push(r: readonly unknown[]): void {
    this.add(
      Number(r[0]),
      Number(r[1]),
      r[2] as number,
      r[3] as number,
      r[4] === null ? Number.NaN : (r[4] as number),
      r[5] === null ? Number.NaN : (r[5] as number),
      r[6] === null ? -1 : (r[6] as number),
      r[7] === null ? -1 : (r[7] as number),
      this.sourceIndexOf(r[8] as string | null),
      Number(r[9]),
    );
  }

  /** One fix; NaN for a missing speed or course, -1 for a missing status or type. */
  add(
    mmsi: number,
    tsMs: number,
    lon: number,
    lat: number,
    speedKnots: number,
    courseDeg: number,
    navStatus: number,
    msgType: number,
    sourceIndex: number,
    ingestRunId: number,
  ): void {
    if (this.n === this.cap) this.grow();
    const s = this.s;
    const i = this.n++;
    s.mmsi[i] = mmsi;
    s.tsMs[i] = tsMs;
    s.lon[i] = lon;
    s.lat[i] = lat;
    s.speedKnots[i] = speedKnots;
    s.courseDeg[i] = courseDeg;
    s.navStatus[i] = navStatus;
    s.msgType[i] = msgType;
    s.sourceIndex[i] = sourceIndex;
    s.ingestRunId[i] = ingestRunId;
  }

  /** The source's number in this scan's dictionary, added on first sight. */
  sourceIndexOf(src: string | null): number {
    let k = this.sourceNo.get(src);
    if (k === undefined) {
      k = this.s.sources.length;
      this.s.sources.push(src);
      this.sourceNo.set(src, k);
    }
    return k;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const t = emptyScan(cap);
    const s = this.s;
    t.mmsi.set(s.mmsi);
    t.tsMs.set(s.tsMs);
    t.lon.set(s.lon);
    t.lat.set(s.lat);
    t.speedKnots.set(s.speedKnots);
    t.courseDeg.set(s.courseDeg);
    t.navStatus.set(s.navStatus);
    t.msgType.set(s.msgType);
    t.sourceIndex.set(s.sourceIndex);
    t.ingestRunId.set(s.ingestRunId);
    t.sources = s.sources;
    this.s = t;
    this.cap = cap;
  }

  finish(): PositionScan {
    const s = this.s;
    s.length = this.n;
    return s;
  }
}

/** Columns with room for `n` rows, none used yet. */
export function emptyScan(n: number): PositionScan {
  return {
    length: 0,
    mmsi: new Float64Array(n),
    tsMs: new Float64Array(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    speedKnots: new Float64Array(n),
    courseDeg: new Float64Array(n),
    navStatus: new Int16Array(n),
    msgType: new Int16Array(n),
    sourceIndex: new Int32Array(n),
    sources: [],
    ingestRunId: new Float64Array(n),
  };
}

export function scanSqlite(db: BetterSqlite3.Database, q: PositionScanQuery): PositionScan {
  const stmt = db.prepare(scanSql(q)).raw(true);
  const b = new ScanBuilder();
  for (const r of stmt.iterate()) b.push(r as unknown[]);
  return b.finish();
}

export async function scanPostgres(client: pg.ClientBase, q: PositionScanQuery): Promise<PositionScan> {
  const b = new ScanBuilder();
  // The source of consecutive fixes is mostly the same: its bytes are compared with the last
  // one's before any string is made.
  let lastSource: Buffer | null = null;
  let lastSourceIndex = -1;
  const reader = new CopyOutReader(10, (row) => {
    let sourceIndex: number;
    if (isNullAt(row, 8)) sourceIndex = b.sourceIndexOf(null);
    else {
      const at = row.start[8];
      const n = row.length[8];
      if (lastSource === null || !sameBytes(row.bytes, at, n, lastSource)) {
        lastSource = Buffer.from(row.bytes.subarray(at, at + n));
        lastSourceIndex = b.sourceIndexOf(lastSource.toString('utf8'));
      }
      sourceIndex = lastSourceIndex;
    }
    b.add(
      int8At(row, 0),
      int8At(row, 1),
      float8At(row, 2),
      float8At(row, 3),
      isNullAt(row, 4) ? Number.NaN : float8At(row, 4),
      isNullAt(row, 5) ? Number.NaN : float8At(row, 5),
      isNullAt(row, 6) ? -1 : int4At(row, 6),
      isNullAt(row, 7) ? -1 : int4At(row, 7),
      sourceIndex,
      int8At(row, 9),
    );
  });
  const stream = client.query(copyTo(`COPY (${scanSql(q)}) TO STDOUT (FORMAT binary)`));
  for await (const chunk of stream) reader.push(chunk as Buffer);
  reader.end();
  return b.finish();
}

/** Whether bytes[at, at + n) equal `other`, without a Buffer made per row. */
function sameBytes(bytes: Buffer, at: number, n: number, other: Buffer): boolean {
  if (n !== other.length) return false;
  for (let i = 0; i < n; i++) if (bytes[at + i] !== other[i]) return false;
  return true;
}

/**
 * The scan as one SQL statement for both engines, its bounds written in, since PostgreSQL's COPY
 * takes no parameters. Keys and times are integers, so a bound is rounded inwards (`ts_ms >= 1.5`
 * is `ts_ms >= 2`) and the rows are the same; anything but a finite number is refused.
 */
function scanSql(q: PositionScanQuery): string {
  const bound = (name: string, v: number, round: (x: number) => number) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new Error(`scan ${name} must be a finite number, got ${v}`);
    return String(round(v));
  };
  const parts = [
    `mmsi >= ${bound('fromMmsi', q.fromMmsi, Math.ceil)}`,
    `mmsi <= ${bound('toMmsi', q.toMmsi, Math.floor)}`,
  ];
  if (q.fromMs !== null) parts.push(`ts_ms >= ${bound('fromMs', q.fromMs, Math.ceil)}`);
  if (q.toMs !== null) parts.push(`ts_ms <= ${bound('toMs', q.toMs, Math.floor)}`);
  if (q.vessels === undefined)
    return `SELECT ${COLUMNS} FROM positions WHERE ${parts.join(' AND ')} ORDER BY mmsi, ts_ms, lon, lat`;
  // a row per vessel joined by key, so each is one index range on either engine
  const rows = q.vessels.map(
    (v, i) =>
      `(${bound(`vessels[${i}].mmsi`, v.mmsi, Math.round)}, ${bound(`vessels[${i}].fromMs`, v.fromMs, Math.ceil)})`,
  );
  const cols = COLUMNS.split(', ')
    .map((c) => `p.${c}`)
    .join(', ');
  const where = parts.map((w) => `p.${w}`);
  if (rows.length === 0) where.push('1 = 0');
  return `WITH v(mmsi, from_ms) AS (VALUES ${rows.length > 0 ? rows.join(', ') : '(0, 0)'}) SELECT ${cols} FROM v JOIN positions p ON p.mmsi = v.mmsi AND p.ts_ms >= v.from_ms WHERE ${where.join(' AND ')} ORDER BY p.mmsi, p.ts_ms, p.lon, p.lat`;
}

/**
 * How many reading threads a SQLite file gets: on 10M positions the read (~1.3 µs a row, most of
 * it SQLite stepping its B-tree) is what detection waits for, half of its wall time, while the
 * main thread sits idle; a second thread reading the batch after next uses that time.
 */
export const SCAN_THREADS = 2;

/**
 * `scanSqlite` on worker threads, each with its own connection to the file at `path`
 * (scan-worker.ts), so a caller can read the next ranges while it works on this one; a read goes
 * to the thread with the fewest pending. A thread keeps the process alive only while a read is
 * pending; `close` ends them.
 */
export function sqliteScanThread(path: string, threads = SCAN_THREADS): ScanThreads {
  return scanThreads({ path }, threads);
}

/**
 * `scanPostgres` on a thread with its own connection to `url`: the server does the reading, and
 * its binary rows are read into columns there instead of on the caller's thread.
 */
export function postgresScanThread(url: string): ScanThreads {
  return scanThreads({ url }, 1);
}

export interface ScanThreads {
  scan(q: PositionScanQuery): Promise<PositionScan>;
  close(): Promise<void>;
}

function scanThreads(target: { path: string } | { url: string }, threads: number): ScanThreads {
  const pool = Array.from({ length: Math.max(1, threads) }, () => oneScanThread(target));
  return {
    scan(q) {
      let best = pool[0];
      for (const t of pool) if (t.pending() < best.pending()) best = t;
      return best.scan(q);
    },
    async close() {
      await Promise.all(pool.map((t) => t.close()));
    },
  };
}

function oneScanThread(target: { path: string } | { url: string }): {
  scan(q: PositionScanQuery): Promise<PositionScan>;
  pending(): number;
  close(): Promise<void>;
} {
  let nextId = 0;
  // a read resolves with its columns, the closing message with nothing
  const pending = new Map<number, { resolve: (s?: PositionScan) => void; reject: (e: Error) => void }>();
  const start = async () => {
    const file = import.meta.url.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js';
    const w = startModuleWorker(new URL(file, import.meta.url).href, target);
    w.on('message', (m: { id: number; scan?: PositionScan; error?: string; closed?: boolean }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.scan || m.closed) p.resolve(m.scan);
      else p.reject(new Error(`reading positions: ${m.error}`));
    });
    w.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    w.unref();
    return w;
  };
  let starting: Promise<import('node:worker_threads').Worker> | null = null;
  return {
    async scan(q) {
      const id = nextId++;
      // counted as pending from the call, so that reads asked for together go to different threads
      const result = new Promise<PositionScan | undefined>((resolve, reject) =>
        pending.set(id, { resolve, reject }),
      );
      starting ??= start();
      try {
        const w = await starting;
        w.ref();
        w.postMessage({ id, query: q });
      } catch (err) {
        pending.delete(id);
        throw err;
      }
      return (await result) as PositionScan;
    },
    pending: () => pending.size,
    async close() {
      if (!starting) return;
      const w = await starting;
      starting = null;
      // the connection is ended before the thread goes, so the server logs no broken connection
      const id = nextId++;
      const closed = new Promise<PositionScan | undefined>((resolve, reject) =>
        pending.set(id, { resolve, reject }),
      );
      w.ref();
      w.postMessage({ id, close: true });
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000).unref())]).catch(() => {});
      await w.terminate();
    },
  };
}
