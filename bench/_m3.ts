import BetterSqlite3 from 'better-sqlite3';
import { generateTraffic } from '../test/store/fixtures/generate.js';
const { positions } = generateTraffic(1_000_000);
function go(name: string, ddl: string[], conflict: string, sorted = false) {
  const db = new BetterSqlite3(':memory:');
  for (const d of ddl) db.exec(d);
  const CH = 500;
  const stmt = db.prepare(`insert into positions values ${new Array(CH).fill('(?,?,?,?,?,?,?,?,?,?,?)').join(',')} ${conflict}`);
  const ps = sorted ? [...positions].sort((a, b) => a.mmsi - b.mmsi || a.tsMs - b.tsMs) : positions;
  const t0 = performance.now();
  const tx = db.transaction((s0: number) => {
    for (let s = s0; s < s0 + 5000; s += CH) {
      const v: unknown[] = [];
      for (let i = s; i < s + CH; i++) { const p = ps[i]; v.push(p.mmsi, p.tsMs, p.lon, p.lat, p.speedKnots, p.courseDeg, p.headingDeg, p.navStatus, p.msgType, p.source, 1); }
      stmt.run(v);
    }
  });
  for (let i = 0; i < ps.length; i += 5000) tx(i);
  console.log(name, Math.round(ps.length / ((performance.now() - t0) / 1000)));
}
const cols = 'mmsi bigint not null, ts_ms bigint not null, lon double precision not null, lat double precision not null, speed_knots double precision, course_deg double precision, heading_deg double precision, nav_status integer, msg_type integer, source text, ingest_run_id bigint not null';
go('heap-noindex', [`create table positions (${cols})`], '');
go('heap-tsindex', [`create table positions (${cols})`, 'create index i on positions (ts_ms, lon, lat)'], '');
go('heap-uniq-noconflict', [`create table positions (${cols}, unique (mmsi, ts_ms, lon, lat))`], '');
go('heap-uniq-conflict', [`create table positions (${cols}, unique (mmsi, ts_ms, lon, lat))`], 'on conflict do nothing');
go('worowid-conflict', [`create table positions (${cols}, primary key (mmsi, ts_ms, lon, lat)) without rowid`], 'on conflict do nothing');
go('worowid-conflict-sorted', [`create table positions (${cols}, primary key (mmsi, ts_ms, lon, lat)) without rowid`], 'on conflict do nothing', true);
