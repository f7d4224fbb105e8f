import Database from 'better-sqlite3';
const db = new Database('/tmp/t10.db', { readonly: true });
const variants = {
  all10: 'mmsi, ts_ms, lon, lat, speed_knots, course_deg, nav_status, msg_type, source, ingest_run_id',
  nosource: 'mmsi, ts_ms, lon, lat, speed_knots, course_deg, nav_status, msg_type, ingest_run_id',
  four: 'mmsi, ts_ms, lon, lat',
  one: 'ts_ms',
};
for (const [k, cols] of Object.entries(variants)) {
  const st = db.prepare(`SELECT ${cols} FROM positions WHERE mmsi BETWEEN ? AND ? ORDER BY mmsi, ts_ms, lon, lat`).raw(true);
  const t0 = performance.now(); let n = 0;
  for (const r of st.iterate(200000000, 300000000)) n++;
  console.log(k, n, (performance.now() - t0).toFixed(0), 'ms');
}
