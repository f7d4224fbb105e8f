/**
 * The bulk read (`scanSqlite`, `scanPostgres`) on a thread of its own, with its own connection:
 * detection asks for the next batch of vessels while it works on this one, so reading (and, for
 * PostgreSQL, parsing the rows) and detecting overlap.
 * Messages: { id, query } in; { id, scan } (the columns' buffers transferred) or { id, error } out;
 * { id, close: true } ends the connection and answers { id, closed: true }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PositionScan, PositionScanQuery } from './scan.js';
import { scanPostgres, scanSqlite } from './scan.js';

type Target = { path: string } | { url: string };

async function connect(target: Target): Promise<{
  scan(q: PositionScanQuery): Promise<PositionScan>;
  close(): Promise<void>;
}> {
  if ('url' in target) {
    const { default: driver } = await import('pg');
    const { pgTypesOf } = await import('./pg-types.js');
    const client = new driver.Client({ connectionString: target.url, types: pgTypesOf(driver) });
    await client.connect();
    return { scan: (q) => scanPostgres(client, q), close: () => client.end() };
  }
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const db = new BetterSqlite3(target.path);
  db.pragma('busy_timeout = 10000');
  db.pragma('query_only = ON');
  // one pass over the positions in key order: a big page cache would only hold pages never read again
  db.pragma('cache_size = -8192');
  return {
    scan: async (q) => scanSqlite(db, q),
    close: async () => {
      db.close();
    },
  };
}

const connection = connect(workerData as Target);
connection.catch(() => {});
// one read at a time, in the order asked
let queue: Promise<unknown> = Promise.resolve();

parentPort?.on('message', (m: { id: number; query?: PositionScanQuery; close?: boolean }) => {
  queue = queue.then(async () => {
    try {
      const conn = await connection;
      if (m.close) {
        await conn.close();
        parentPort?.postMessage({ id: m.id, closed: true });
        return;
      }
      const scan = await conn.scan(m.query as PositionScanQuery);
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
});
