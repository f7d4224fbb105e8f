import BetterSqlite3 from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { generateTraffic } from '../test/store/fixtures/generate.js';
const { positions } = generateTraffic(1_000_000);
const cols = 'mmsi bigint not null, ts_ms bigint not null, lon double precision not null, lat double precision not null, speed_knots double precision, course_deg double precision, heading_deg double precision, nav_status integer, msg_type integer, source text, ingest_run_id bigint not null';
const names = 'mmsi, ts_ms, lon, lat, speed_knots, course_deg, heading_deg, nav_status, msg_type, source, ingest_run_id';
function open(pageSize: number) {
  const path = '/tmp/m5.db';
  for (const f of [path, path + '-wal', path + '-shm']) rmSync(f, { force: true });
  const db = new BetterSqlite3(path);
  db.pragma(`page_size = ${pageSize}`);
  db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('cache_size = -131072');
  db.exec(`create table positions (${cols}, primary key (mmsi, ts_ms, lon, lat)) without rowid`);
  db.exec('create index b on positions (ts_ms, lon, lat)');
  return db;
}
const CH = 500;
const rowsOf = (ps: typeof positions, s: number, e: number) => { const v: unknown[] = []; for (let i = s; i < e; i++) { const p = ps[i]; v.push(p.mmsi, p.tsMs, p.lon, p.lat, p.speedKnots, p.courseDeg, p.headingDeg, p.navStatus, p.msgType, p.source, 1); } return v; };
function direct(pageSize: number) {
  const db = open(pageSize);
  const stmt = db.prepare(`insert into positions values ${new Array(CH).fill('(?,?,?,?,?,?,?,?,?,?,?)').join(',')} on conflict do nothing`);
  const t0 = performance.now();
  const tx = db.transaction((s0: number) => {
    const ps = positions.slice(s0, s0 + 5000).sort((a, b) => a.mmsi - b.mmsi || a.tsMs - b.tsMs);
    for (let s = 0; s < ps.length; s += CH) stmt.run(rowsOf(ps, s, s + CH));
  });
  for (let i = 0; i < positions.length; i += 5000) tx(i);
  console.log('direct', pageSize, Math.round(positions.length / ((performance.now() - t0) / 1000)));
  db.close();
}
function staged(pageSize: number, window: number) {
  const db = open(pageSize);
  db.exec(`create table staging (seq integer primary key, ${cols})`);
  const stmt = db.prepare(`insert into staging (${names}) values ${new Array(CH).fill('(?,?,?,?,?,?,?,?,?,?,?)').join(',')}`);
  const merge = db.transaction(() => {
    db.prepare(`insert into positions (${names}) select ${names} from staging where true order by mmsi, ts_ms, lon, lat, seq on conflict do nothing`).run();
    db.prepare('delete from staging').run();
  });
  const t0 = performance.now();
  let staged = 0;
  const tx = db.transaction((s0: number) => {
    for (let s = s0; s < s0 + 5000; s += CH) stmt.run(rowsOf(positions, s, s + CH));
  });
  for (let i = 0; i < positions.length; i += 5000) { tx(i); staged += 5000; if (staged >= window) { merge(); staged = 0; } }
  merge();
  console.log('staged', pageSize, window, Math.round(positions.length / ((performance.now() - t0) / 1000)));
  db.close();
}
const what = process.argv[2];
if (what === 'direct') { direct(4096); direct(1024); }
else { staged(4096, 100_000); staged(4096, 250_000); }
