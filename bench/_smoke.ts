import { openStore } from '../src/store/index.js';
import { generateTraffic } from '../test/store/fixtures/generate.js';
import { rmSync } from 'node:fs';
const url = process.argv[2];
const path = '/tmp/smoke.db';
for (const f of [path, path + '-wal', path + '-shm']) rmSync(f, { force: true });
const n = Number(process.argv[3] ?? 1_000_000);
const { positions, statics } = generateTraffic(n);
console.log('generated', positions.length, statics.length);
const store = await openStore(url ? { url } : { path });
const run = await store.beginIngest({ sourceName: 'x', contentSha256: 'abc'+Date.now(), format: 'nmea', sizeBytes: 1 });
const t0 = performance.now();
const B = 5000;
let si = 0;
for (let i = 0; i < positions.length; i += B) {
  const ps = positions.slice(i, i + B);
  const lastTs = ps[ps.length - 1].tsMs;
  const ss = [];
  while (si < statics.length && statics[si].tsMs! <= lastTs) ss.push(statics[si++]);
  await store.writeBatch(run.runId, { positions: ps, statics: ss });
}
const s = (performance.now() - t0) / 1000;
console.log(store.engine, Math.round(positions.length / s), 'positions/s', s.toFixed(2), 's');
await store.finishIngest(run.runId, { contentSha256: null, counts: { a: 1 } });
console.log((await store.listVessels()).length, (await store.ingestRuns()).at(-1));
console.log(await store.identityHistory(273100000));
await store.close();
