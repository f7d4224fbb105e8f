/**
 * What a live pass reads, kept between passes: every vessel's fixes and static reports in the
 * pass's read window, as the store gave them. A pass re-detects the whole window (./range.ts, the
 * reception and coverage rules need the fleet), but between two passes only the vessels in the
 * change set got new data, and only from their first new fix on: those few are read again by key
 * (`scanPositions` with `vessels`; `readStatics` of the few with new static reports) and spliced in, and every other
 * vessel is served from memory. Reading the window was most of a pass (a 188,000-fix replay: scan
 * 216 ms and static reports 175 ms of a 700 ms pass).
 *
 * The cache gives exactly what the store would, or steps aside:
 * - a window that starts earlier than the cached one, or more fixes than `maxPositions` → read
 *   from the store (and refilled on the next pass that can);
 * - a pass that did not succeed (no `filled` after its `prepare`) → filled again by the next;
 * - another process writing to the store (an ingest run not this watch's, started, running or
 *   finished since the cache was filled) → emptied and refilled from the store;
 * - a window that starts later → served by slicing, and the static reports of the vessels with a
 *   report in between read again (the first report of a run in the window depends on its start).
 */
import { storeReader, type VesselBatch, type WindowReader } from '../events/detect-store.js';
import { lowerBound } from '../events/growable.js';
import { readStatics } from '../events/store.js';
import { sql } from '../store/kysely.js';
import { emptyScan, type PositionScan } from '../store/scan.js';
import type { Store } from '../store/types.js';
import type { StaticRecord } from '../tracks/records.js';
import type { VesselChange } from './range.js';

/** Before any fix (JavaScript's earliest date): "from the start" for a read by key. */
const EARLIEST_MS = -8.64e15;

/** Vessels per key read (one SQL statement each). */
const READ_CHUNK = 500;

export class FleetCache {
  /** The window start the cache holds (rows from it on); undefined: empty. */
  private fromMs: number | null | undefined = undefined;
  /** Whether the pass that filled it read every batch (`filled`). */
  private complete = false;
  private readonly fixes = new Map<number, PositionScan>();
  /** Each vessel's columns that are its own (with room to grow), not views of a batch's read. */
  private readonly owned = new WeakSet<PositionScan>();
  private readonly reports = new Map<number, StaticRecord[]>();
  private sorted: number[] | null = null;
  private positions = 0;
  /** Other writers' ingest runs when the cache was filled: id → status and finish time. */
  private foreign = new Map<number, string>();
  /** The detection run the cache is current as of (prepareAfterRun). */
  private epoch: number | null = null;
  /** Per vessel, the stamp of its last change (`versionOf`); stamps are never reused. */
  private readonly versions = new Map<number, number>();
  private stamp = 0;

  /** Why the last `prepare` read the store instead (null: it served from memory). */
  reason: string | null = 'not read yet';

  constructor(private readonly maxPositions: number) {}

  /** How many fixes it holds. */
  get size(): number {
    return this.positions;
  }

  /**
   * The reader for a pass over [fromMs, ∞) after `changed` (the vessels whose data this process
   * wrote since the last pass; `ownRuns`: its ingest runs).
   */
  async prepare(
    store: Store,
    changed: readonly VesselChange[],
    fromMs: number | null,
    ownRuns: ReadonlySet<number>,
  ): Promise<WindowReader> {
    this.reason = null;
    const foreign = new Map<number, string>();
    let foreignRunning = false;
    for (const r of await store.ingestRuns())
      if (!ownRuns.has(r.id)) {
        foreign.set(r.id, `${r.status}:${r.finishedMs}`);
        if (r.status === 'running') foreignRunning = true;
      }
    if (foreignRunning) {
      this.clear();
      this.reason = 'another process is ingesting';
      return storeReader(store);
    }
    const other = !sameRuns(foreign, this.foreign);
    const reader = await this.serveOrFill(store, changed, fromMs, other ? 'another process ingested' : null);
    this.foreign = foreign;
    return reader;
  }

  /**
   * The reader for a detection run over [fromMs, ∞) that the store's own bookkeeping says what
   * changed for (scale-out workers: `basis` from `incrementalRange`, null for a whole-store run):
   * every fix and report added since detection run `basis.afterRunId` is in one of `basis.runIds`.
   * The cache must have been filled up to that very run (`filled(runId)`), else it fills again.
   */
  async prepareAfterRun(
    store: Store,
    basis: { afterRunId: number; runIds: readonly number[]; changed: readonly VesselChange[] } | null,
    fromMs: number | null,
  ): Promise<WindowReader> {
    this.reason = null;
    const behind =
      basis === null
        ? 'a whole-store run'
        : this.epoch !== basis.afterRunId
          ? 'another detection run came between'
          : null;
    const changed = basis === null || behind !== null ? [] : await withReports(store, basis);
    return this.serveOrFill(store, changed, fromMs, behind);
  }

  /** Serves after taking `changed` in, or fills again (`invalid`: why it must). */
  private async serveOrFill(
    store: Store,
    changed: readonly VesselChange[],
    fromMs: number | null,
    invalid: string | null,
  ): Promise<WindowReader> {
    const direct = storeReader(store);
    const earlier =
      this.fromMs !== undefined && this.fromMs !== null && (fromMs === null || fromMs < this.fromMs);
    if (this.fromMs === undefined || !this.complete || earlier || invalid !== null) {
      this.reason =
        this.fromMs === undefined || !this.complete
          ? 'first read'
          : earlier
            ? 'the window starts earlier'
            : invalid;
      this.clear();
      this.fromMs = fromMs;
      return this.filling(direct);
    }
    try {
      await this.update(store, changed);
      if (fromMs !== this.fromMs) await this.moveStart(store, fromMs as number);
    } catch (err) {
      this.clear();
      throw err;
    }
    if (this.positions > this.maxPositions) {
      this.clear();
      this.reason = `more than ${this.maxPositions} fixes`;
      return direct;
    }
    // whole again only once the pass succeeds (`filled`): one that fails, having taken these
    // changes in, leaves the next to fill afresh
    this.complete = false;
    return this;
  }

  /**
   * The pass read every batch through the reader `prepare` gave and succeeded: what it kept is
   * whole, and (for `prepareAfterRun`) current as of detection run `runId`. Until this is called
   * the next `prepare` fills again.
   */
  filled(runId: number | null = null): void {
    if (this.fromMs !== undefined) this.complete = true;
    this.epoch = runId;
  }

  /** Drops everything. */
  clear(): void {
    this.fromMs = undefined;
    this.complete = false;
    this.epoch = null;
    this.fixes.clear();
    this.reports.clear();
    this.versions.clear();
    this.sorted = null;
    this.positions = 0;
    this.foreign = new Map();
  }

  async scan(b: VesselBatch, fromMs: number | null, toMs: number | null): Promise<PositionScan[]> {
    this.check(fromMs, toMs);
    // each vessel's own columns (a view from the window's start): nothing is copied
    const parts: PositionScan[] = [];
    for (const mmsi of this.mmsisIn(b.fromMmsi, b.toMmsi)) {
      const s = this.fixes.get(mmsi) as PositionScan;
      const from = fromMs === null ? 0 : lowerBound(s.tsMs, fromMs, s.length);
      if (from < s.length) parts.push(from === 0 ? s : rowsOf(s, from, s.length));
    }
    return parts;
  }

  async statics(
    mmsis: ReadonlySet<number>,
    fromMs: number | null,
    toMs: number | null,
    _b: VesselBatch,
  ): Promise<StaticRecord[]> {
    this.check(fromMs, toMs);
    const out: StaticRecord[] = [];
    for (const mmsi of [...mmsis].sort((a, b) => a - b)) {
      const list = this.reports.get(mmsi);
      if (list === undefined)
        throw new Error(`internal: vessel ${mmsi} has fixes but no static reports cached`);
      for (const s of list) out.push(s);
    }
    return out;
  }

  private check(fromMs: number | null, toMs: number | null): void {
    if (this.fromMs === undefined || toMs !== null || (fromMs ?? -Infinity) < (this.fromMs ?? -Infinity))
      throw new Error('internal: the fleet cache was asked for a window it does not hold');
  }

  /** Passes the store's reads through, keeping what they give. */
  private filling(direct: WindowReader): WindowReader {
    return {
      scan: async (b, fromMs, toMs) => {
        const parts = await direct.scan(b, fromMs, toMs);
        for (const s of parts) for (const [mmsi, rows] of splitByVessel(s)) this.setFixes(mmsi, rows);
        return parts;
      },
      statics: async (mmsis, fromMs, toMs, b) => {
        const list = await direct.statics(mmsis, fromMs, toMs, b);
        this.setReports(mmsis, list);
        return list;
      },
    };
  }

  /** The changed vessels' fixes from their first new one, and all their static reports, read again. */
  private async update(store: Store, changed: readonly VesselChange[]): Promise<void> {
    const fromMs = this.fromMs ?? null;
    const db = await store.db();
    const byMmsi = [...changed].sort((a, b) => a.mmsi - b.mmsi);
    for (let i = 0; i < byMmsi.length; i += READ_CHUNK) {
      const part = byMmsi.slice(i, i + READ_CHUNK);
      // a vessel not held yet is read from the window's start: all of it is new to the cache; one
      // with only time-less reports new keeps its fixes
      const vessels = part
        .filter((c) => !this.fixes.has(c.mmsi) || Number.isFinite(c.firstMs))
        .map((c) => ({
          mmsi: c.mmsi,
          fromMs: this.fixes.has(c.mmsi) ? Math.max(c.firstMs, fromMs ?? -Infinity) : (fromMs ?? EARLIEST_MS),
        }));
      const fresh = splitByVessel(
        await store.scanPositions({
          fromMmsi: part[0].mmsi,
          toMmsi: part[part.length - 1].mmsi,
          fromMs,
          toMs: null,
          vessels,
        }),
      );
      for (const v of vessels) {
        const old = this.fixes.get(v.mmsi);
        const keep = old === undefined ? 0 : lowerBound(old.tsMs, v.fromMs, old.length);
        const add = fresh.get(v.mmsi);
        if (
          old !== undefined &&
          this.owned.has(old) &&
          add !== undefined &&
          keep + add.length <= capacityOf(old)
        ) {
          // the new rows fit behind the kept ones: written in place (no pass is reading them now)
          copyRows(old, keep, add, 0, add.length, sourceNumbers(old, add));
          this.positions += keep + add.length - old.length;
          old.length = keep + add.length;
          this.changedNow(v.mmsi);
          continue;
        }
        const parts = [];
        if (old !== undefined && keep > 0) parts.push({ scan: old, from: 0, to: keep });
        if (add !== undefined) parts.push({ scan: add, from: 0, to: add.length });
        const rows = parts.length === 0 ? null : joinScans(parts, 2);
        if (rows !== null) this.owned.add(rows);
        this.setFixes(v.mmsi, rows);
      }
      // a vessel's reports are read whole (a run's ends depend on its neighbours), so only when new
      // ones came: they are a few a minute, its fixes every few seconds
      await this.readStaticsOf(
        db,
        part.filter((c) => c.statics !== false || !this.reports.has(c.mmsi)).map((c) => c.mmsi),
      );
    }
  }

  /** The window now starts at `fromMs`, later than before. */
  private async moveStart(store: Store, fromMs: number): Promise<void> {
    const before = this.fromMs ?? -Infinity;
    this.fromMs = fromMs;
    for (const [mmsi, s] of this.fixes) {
      const from = lowerBound(s.tsMs, fromMs, s.length);
      if (from > 0)
        this.setFixes(mmsi, from < s.length ? joinScans([{ scan: s, from, to: s.length }]) : null);
    }
    const stale: number[] = [];
    for (const [mmsi, list] of this.reports)
      if (list.some((s) => s.tsMs !== null && s.tsMs >= before && s.tsMs < fromMs)) stale.push(mmsi);
    const db = await store.db();
    for (let i = 0; i < stale.length; i += READ_CHUNK)
      await this.readStaticsOf(db, stale.slice(i, i + READ_CHUNK));
  }

  private async readStaticsOf(db: Awaited<ReturnType<Store['db']>>, mmsis: number[]): Promise<void> {
    if (mmsis.length === 0) return;
    const list = await readStatics(db, new Set(mmsis), this.fromMs ?? null, null, {
      fromMmsi: Math.min(...mmsis),
      toMmsi: Math.max(...mmsis),
    });
    this.setReports(mmsis, list);
  }

  private setReports(mmsis: Iterable<number>, list: readonly StaticRecord[]): void {
    for (const mmsi of mmsis) {
      this.reports.set(mmsi, []);
      this.changedNow(mmsi);
    }
    for (const s of list) this.reports.get(s.mmsi)?.push(s);
  }

  /** The vessel's rows or reports were just set: a version no earlier state of it had. */
  private changedNow(mmsi: number): void {
    this.versions.set(mmsi, ++this.stamp);
  }

  /** Changes whenever the vessel's rows or reports do (detect-memo.ts takes tracks again by it). */
  versionOf(mmsi: number): number | undefined {
    return this.versions.get(mmsi);
  }

  private setFixes(mmsi: number, rows: PositionScan | null): void {
    this.changedNow(mmsi);
    const old = this.fixes.get(mmsi);
    if (old !== undefined) this.positions -= old.length;
    if (rows === null || rows.length === 0) {
      if (old !== undefined) {
        this.fixes.delete(mmsi);
        this.sorted = null;
      }
      return;
    }
    if (old === undefined) this.sorted = null;
    this.fixes.set(mmsi, rows);
    this.positions += rows.length;
  }

  private mmsisIn(fromMmsi: number, toMmsi: number): number[] {
    this.sorted ??= [...this.fixes.keys()].sort((a, b) => a - b);
    const s = this.sorted;
    const out: number[] = [];
    for (let i = lowerBound(s, fromMmsi); i < s.length && s[i] <= toMmsi; i++) out.push(s[i]);
    return out;
  }
}

function sameRuns(a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, sig] of a) if (b.get(id) !== sig) return false;
  return true;
}

/** A scan's rows by vessel (it is in MMSI order), each a view of its rows (nothing copied). */
function splitByVessel(s: PositionScan): Map<number, PositionScan> {
  const out = new Map<number, PositionScan>();
  for (let from = 0, to = 0; from < s.length; from = to) {
    to = from + 1;
    while (to < s.length && s.mmsi[to] === s.mmsi[from]) to++;
    out.set(s.mmsi[from], rowsOf(s, from, to));
  }
  return out;
}

/** Rows [from, to) of a scan, as a view. */
function rowsOf(s: PositionScan, from: number, to: number): PositionScan {
  return {
    length: to - from,
    mmsi: s.mmsi.subarray(from, to),
    tsMs: s.tsMs.subarray(from, to),
    lon: s.lon.subarray(from, to),
    lat: s.lat.subarray(from, to),
    speedKnots: s.speedKnots.subarray(from, to),
    courseDeg: s.courseDeg.subarray(from, to),
    navStatus: s.navStatus.subarray(from, to),
    msgType: s.msgType.subarray(from, to),
    sourceIndex: s.sourceIndex.subarray(from, to),
    sources: s.sources,
    ingestRunId: s.ingestRunId.subarray(from, to),
  };
}

/**
 * The changed vessels of `basis` with those that got static reports in its runs (a run may add
 * reports and no fixes), each marked whether it did.
 */
async function withReports(
  store: Store,
  basis: { runIds: readonly number[]; changed: readonly VesselChange[] },
): Promise<VesselChange[]> {
  const byMmsi = new Map<number, VesselChange>();
  for (const c of basis.changed) byMmsi.set(c.mmsi, { ...c, statics: false });
  if (basis.runIds.length === 0) return [...byMmsi.values()];
  const db = await store.db();
  const runs = sql.join(basis.runIds.map((id) => sql`${id}`));
  const rows = (
    await sql<{ mmsi: number; first: number | null; last: number | null }>`
      SELECT mmsi, min(ts_ms) AS first, max(ts_ms) AS last FROM (
        SELECT mmsi, ts_ms FROM identity_reports WHERE ingest_run_id IN (${runs})
        UNION ALL
        SELECT mmsi, ts_ms FROM voyage_reports WHERE ingest_run_id IN (${runs})
      ) r GROUP BY mmsi`.execute(db)
  ).rows;
  for (const r of rows) {
    const mmsi = Number(r.mmsi);
    const c = byMmsi.get(mmsi);
    if (c !== undefined) c.statics = true;
    else {
      // reports without a time: the vessel's fixes are not new, only its reports are read again
      const first = r.first === null ? Number.POSITIVE_INFINITY : Number(r.first);
      byMmsi.set(mmsi, {
        mmsi,
        firstMs: first,
        lastMs: r.last === null ? first : Number(r.last),
        statics: true,
      });
    }
  }
  return [...byMmsi.values()];
}

/** How many rows a scan's columns have room for. */
function capacityOf(s: PositionScan): number {
  return s.tsMs.length;
}

/**
 * `src`'s source names numbered in `dst`'s list (added to it when missing): src's source index →
 * dst's. A scan holds a handful of sources, so a search of the list is enough.
 */
function sourceNumbers(dst: PositionScan, src: PositionScan): number[] {
  return src.sources.map((name) => {
    const k = dst.sources.indexOf(name);
    if (k >= 0) return k;
    dst.sources.push(name);
    return dst.sources.length - 1;
  });
}

/** Rows [from, to) of `src` into `dst` from row `at` on; `numbers`: src's source index → dst's. */
function copyRows(
  dst: PositionScan,
  at: number,
  src: PositionScan,
  from: number,
  to: number,
  numbers: readonly number[],
): void {
  dst.mmsi.set(src.mmsi.subarray(from, to), at);
  dst.tsMs.set(src.tsMs.subarray(from, to), at);
  dst.lon.set(src.lon.subarray(from, to), at);
  dst.lat.set(src.lat.subarray(from, to), at);
  dst.speedKnots.set(src.speedKnots.subarray(from, to), at);
  dst.courseDeg.set(src.courseDeg.subarray(from, to), at);
  dst.navStatus.set(src.navStatus.subarray(from, to), at);
  dst.msgType.set(src.msgType.subarray(from, to), at);
  dst.ingestRunId.set(src.ingestRunId.subarray(from, to), at);
  for (let i = from; i < to; i++) dst.sourceIndex[at + i - from] = numbers[src.sourceIndex[i]];
}

/**
 * Rows [from, to) of each scan, one after the other, as one scan with one source dictionary;
 * its columns have room for `room` times the rows.
 */
export function joinScans(
  parts: ReadonlyArray<{ scan: PositionScan; from: number; to: number }>,
  room = 1,
): PositionScan {
  let n = 0;
  for (const p of parts) n += p.to - p.from;
  const cap = Math.max(n, Math.ceil(n * room));
  const out = emptyScan(cap);
  out.length = n;
  let at = 0;
  for (const { scan: s, from, to } of parts) {
    copyRows(out, at, s, from, to, sourceNumbers(out, s));
    at += to - from;
  }
  return out;
}
