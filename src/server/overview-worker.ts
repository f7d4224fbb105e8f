/**
 * A thread that makes overview rows (overview.ts) from a SQLite store: its own read-only
 * connection, the track query of `trackColumns` (same columns, same order) read as plain arrays,
 * `overviewOfTrack` on each. Started by overview-store.ts (`computeOverviewsOnThreads`) so that
 * the fixes of a large store are read on every core at once; the main thread writes the rows.
 *
 * Messages in: `{ jobs: OverviewJob[] }` (answered with the rows, in the same order) or `null`
 * (close). Reads see what was committed when each query starts, as any reader of the store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { StationKind } from '../tracks/station.js';
import { type OverviewRow, overviewOfTrack } from './overview.js';

export interface OverviewJob {
  mmsi: number;
  kind: StationKind;
  reportCount: number;
}

const { path } = workerData as { path: string };
const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 10000');
const track = db
  .prepare('SELECT ts_ms, lon, lat FROM positions WHERE mmsi = ? ORDER BY ts_ms, lon, lat')
  .raw(true);

function rowOf(job: OverviewJob): OverviewRow {
  const fixes = track.all(job.mmsi) as [number, number, number][];
  const n = fixes.length;
  const tsMs = new Float64Array(n);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = fixes[i]!;
    tsMs[i] = Number(f[0]);
    lon[i] = f[1];
    lat[i] = f[2];
  }
  return overviewOfTrack(job.mmsi, { tsMs, lon, lat, length: n }, job.kind, job.reportCount);
}

parentPort?.on('message', (m: { jobs: OverviewJob[] } | null) => {
  if (m === null) {
    db.close();
    parentPort?.close();
    return;
  }
  try {
    parentPort?.postMessage({ rows: m.jobs.map(rowOf) });
  } catch (err) {
    parentPort?.postMessage({ error: (err as Error).message });
  }
});
