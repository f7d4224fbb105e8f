import BetterSqlite3 from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { generateTraffic } from '../test/store/fixtures/generate.js';
const N = 1_000_000;
const t = generateTraffic(N, 2000);
const variant = process.argv[2];
const FLUSH = Number(process.argv[3] ?? 250_000);
const path = '/tmp/exp/x.db';
rmSync(path, { force: true }); rmSync(path + '-wal', { force: true }); rmSync(path + '-shm', { force: true });
const db = new BetterSqlite3(path);
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('cache_size = -262144');
db.exec(`CREATE TABLE positions (mmsi INTEGER NOT NULL, ts_ms INTEGER NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL, speed_knots REAL, course_deg REAL, heading_deg REAL, nav_status INTEGER, msg_type INTEGER, source TEXT, ingest_run_id INTEGER NOT NULL, PRIMARY KEY (mmsi, ts_ms, lon, lat)) WITHOUT ROWID`);
if (variant === 'v1') db.exec('CREATE INDEX ptb ON positions (ts_ms, lon, lat)');
if (variant === 'v2') db.exec('CREATE INDEX ptb ON positions (ts_ms / 3600000)');
if (variant === 'v4') db.exec('CREATE INDEX ptb ON positions (ts_ms)');
const R = 100;
const row = '(?,?,?,?,?,?,?,?,?,?,?)';
const ins = db.prepare(`INSERT OR IGNORE INTO positions VALUES ${new Array(R).fill(row).join(',')}`);
const ps = t.positions;
const t0 = performance.now();
let added = 0;
const vals: unknown[] = new Array(R * 11);
for (let s = 0; s < N; s += FLUSH) {
  const e = Math.min(N, s + FLUSH);
  const idx = new Uint32Array(e - s); for (let i = 0; i < idx.length; i++) idx[i] = s + i;
  const ts0 = performance.now();
  if (variant === 'g' || variant === 'gi') {
    const by = new Map<number, number[]>();
    for (let i = s; i < e; i++) { const m = ps[i].mmsi; const l = by.get(m); if (l) l.push(i); else by.set(m, [i]); }
    const keys = [...by.keys()].sort((a, b) => a - b);
    let o = 0;
    for (const k of keys) { const l = by.get(k)!; l.sort((a, b) => { const p = ps[a], q = ps[b]; return p.tsMs - q.tsMs || p.lon - q.lon || p.lat - q.lat || a - b; }); for (const x of l) idx[o++] = x; }
  } else if (variant !== 'unsorted') idx.sort((a, b) => { const p = ps[a], q = ps[b]; return p.mmsi - q.mmsi || p.tsMs - q.tsMs || p.lon - q.lon || p.lat - q.lat || a - b; });
  const ts1 = performance.now();
  db.transaction(() => {
    for (let i = 0; i + R <= idx.length; i += R) {
      let j = 0;
      for (let k = i; k < i + R; k++) { const p = ps[idx[k]]; vals[j++] = p.mmsi; vals[j++] = p.tsMs; vals[j++] = p.lon; vals[j++] = p.lat; vals[j++] = p.speedKnots; vals[j++] = p.courseDeg; vals[j++] = p.headingDeg; vals[j++] = p.navStatus; vals[j++] = p.msgType; vals[j++] = p.source; vals[j++] = 1; }
      added += ins.run(vals).changes;
    }
  })();
  if (s === 0) console.log('sort ms', (ts1 - ts0).toFixed(0));
}
const tc = performance.now();
if (variant === 'gi') db.exec('CREATE INDEX ptb ON positions (ts_ms, lon, lat)');
console.log('create index ms', (performance.now() - tc).toFixed(0));
const sec = (performance.now() - t0) / 1000;
console.log(variant, FLUSH, 'added', added, Math.round(N / sec), '/s');
