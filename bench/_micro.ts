import BetterSqlite3 from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { generateTraffic } from '../test/store/fixtures/generate.js';
const { positions } = generateTraffic(1_000_000);
const variant = process.argv[2];
const path = '/tmp/micro.db';
for (const f of [path, path + '-wal', path + '-shm']) rmSync(f, { force: true });
const db = new BetterSqlite3(variant.includes('mem') ? ':memory:' : path);
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('cache_size = -131072');
const rowid = variant.includes('rowid');
db.exec(`create table positions (mmsi bigint not null, ts_ms bigint not null, lon double precision not null, lat double precision not null, speed_knots double precision, course_deg double precision, heading_deg double precision, nav_status integer, msg_type integer, source text, ingest_run_id bigint not null, ${rowid ? 'unique' : 'primary key'} (mmsi, ts_ms, lon, lat)) ${rowid ? '' : 'without rowid'}`);
if (!variant.includes('nobox')) db.exec('create index pb on positions (ts_ms, lon, lat)');
const CH = 500;
const ret = variant.includes('ret');
const row = '(?,?,?,?,?,?,?,?,?,?,?)';
const stmt = db.prepare(`insert into positions values ${new Array(CH).fill(row).join(',')} on conflict do nothing ${ret ? 'returning mmsi, ts_ms' : ''}`);
if (ret) stmt.raw(true);
const t0 = performance.now();
const tx = db.transaction((ps: typeof positions) => {
  for (let s = 0; s < ps.length; s += CH) {
    const v: unknown[] = [];
    for (let i = s; i < s + CH; i++) { const p = ps[i]; v.push(p.mmsi, p.tsMs, p.lon, p.lat, p.speedKnots, p.courseDeg, p.headingDeg, p.navStatus, p.msgType, p.source, 1); }
    if (ret) stmt.all(v); else stmt.run(v);
  }
});
for (let i = 0; i < positions.length; i += 5000) tx(positions.slice(i, i + 5000));
const s = (performance.now() - t0) / 1000;
console.log(variant, Math.round(positions.length / s), '/s');
