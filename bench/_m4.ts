import BetterSqlite3 from 'better-sqlite3';
import { generateTraffic } from '../test/store/fixtures/generate.js';
const { positions } = generateTraffic(1_000_000);
function go(name: string, ddl: string[], batch: number, sortBatch: boolean, pageSize = 4096) {
  const db = new BetterSqlite3(':memory:');
  db.pragma(`page_size = ${pageSize}`);
  for (const d of ddl) db.exec(d);
  const CH = 500;
  const stmt = db.prepare(`insert into positions values ${new Array(CH).fill('(?,?,?,?,?,?,?,?,?,?,?)').join(',')} on conflict do nothing`);
  const t0 = performance.now();
  const tx = db.transaction((s0: number) => {
    let ps = positions.slice(s0, s0 + batch);
    if (sortBatch) ps = ps.sort((a, b) => a.mmsi - b.mmsi || a.tsMs - b.tsMs);
    for (let s = 0; s < ps.length; s += CH) {
      const v: unknown[] = [];
      for (let i = s; i < s + CH; i++) { const p = ps[i]; v.push(p.mmsi, p.tsMs, p.lon, p.lat, p.speedKnots, p.courseDeg, p.headingDeg, p.navStatus, p.msgType, p.source, 1); }
      stmt.run(v);
    }
  });
  for (let i = 0; i < positions.length; i += batch) tx(i);
  console.log(name, batch, sortBatch, pageSize, Math.round(positions.length / ((performance.now() - t0) / 1000)));
}
const cols = 'mmsi bigint not null, ts_ms bigint not null, lon double precision not null, lat double precision not null, speed_knots double precision, course_deg double precision, heading_deg double precision, nav_status integer, msg_type integer, source text, ingest_run_id bigint not null';
const wr = [`create table positions (${cols}, primary key (mmsi, ts_ms, lon, lat)) without rowid`];
//
//
//, 1024);
//, 16384);
//
console.log('---');
const heapU = [`create table positions (${cols}, unique (mmsi, ts_ms, lon, lat))`];
go('heap+uniq', heapU, 5000, true);
go('heap+uniq', heapU, 5000, true, 1024);
go('heap+uniq+box', [...heapU, 'create index b on positions (ts_ms, lon, lat)'], 5000, true);
go('worowid', wr, 5000, true, 1024);
go('worowid', wr, 5000, true, 2048);
go('worowid+box', [...wr, 'create index b on positions (ts_ms, lon, lat)'], 5000, true, 1024);
const tf = [`create table positions (${cols}, primary key (ts_ms, mmsi, lon, lat)) without rowid`];
go('timefirst', tf, 5000, true);
go('timefirst+mmsi', [...tf, 'create index m on positions (mmsi, ts_ms)'], 5000, true);
