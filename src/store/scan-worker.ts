/**
 * The bulk read (`scanSqlite`) on a thread of its own, with its own connection: detection asks for
 * the next batch of vessels while it works on this one, so reading and detecting overlap.
 * Messages: { id, query } in; { id, scan } (the columns' buffers transferred) or { id, error } out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { type PositionScanQuery, scanSqlite } from './scan.js';

const { path } = workerData as { path: string };
const db = new BetterSqlite3(path);
db.pragma('busy_timeout = 10000');
db.pragma('query_only = ON');
// one pass over the positions in key order: a big page cache would only hold pages never read again
db.pragma('cache_size = -8192');

parentPort?.on('message', (m: { id: number; query: PositionScanQuery }) => {
  try {
    const scan = scanSqlite(db, m.query);
    const buffers = [
      scan.mmsi,
      scan.tsMs,
      scan.lon,
      scan.lat,
      scan.speedKnots,
      scan.courseDeg,
      scan.navStatus,
      scan.msgType,
      scan.sourceIndex,
      scan.ingestRunId,
    ].map((a) => a.buffer as ArrayBuffer);
    parentPort?.postMessage({ id: m.id, scan }, buffers);
  } catch (err) {
    parentPort?.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
