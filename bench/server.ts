/**
 * Workbench server benchmark, against a real `tallyman serve` on loopback:
 *
 *  - p50/p95/p99 (autocannon; and Node's HTTP client, see loadNodeClient) of a 100,000-point track query (`/api/vessels/:mmsi/track`, compact) and of the
 *    ledger route (when the ledger module is in the build) under 50 concurrent clients (autocannon);
 *  - the first meaningful paint of the map in headless Chromium: the time from navigation until
 *    the track layer has been drawn (web/src/main.ts sets `window.tallyman.trackPaintMs`), on the
 *    bundled SIMULATED Rajin-shuttle scenario, cold (server cache empty) and warm (median of 5).
 *
 *   node --import tsx bench/server.ts [--engine sqlite|postgres|both] [--duration S] [--connections N]
 *                                     [--no-browser] [--reuse]
 *
 * The store is the bundled scenario (simulate → ingest → detect, as `npm start` makes it) plus one
 * SIMULATED vessel with a 100,000-fix track (MMSI 273999999, source `bench-simulated`), written
 * through the store's own writer. Results: stdout and bench-out/server.json.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { hash32, Rng } from '../src/scenario/prng.js';
import { openStore } from '../src/store/index.js';
import type { PositionRecord } from '../src/tracks/records.js';
import { ensureWebBuilt, launchChromium, requireChromium, waitForExpression } from '../test/e2e/browser.js';
import { fillStore, RAJIN_SCENARIO } from '../test/server/fixture.js';
import { REPO, type RunningServer, startServer } from '../test/server/server-process.js';
import { ENGINES, type Engine } from '../test/store/engines.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const ENGINE = arg('engine', 'both');
const DURATION_S = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '50'));
const BROWSER = !process.argv.includes('--no-browser');
/** SQLite only: keep bench-out/server/bench.db from an earlier run instead of filling it again. */
const REUSE = process.argv.includes('--reuse');
const OUT = join(REPO, 'bench-out');

export const BIG_MMSI = 273999999;
export const BIG_POINTS = 100_000;

/**
 * A SIMULATED 100,000-fix track: loops in the Sea of Japan, a report every 2–60 s (seeded jitter,
 * as received AIS is), ~30 m of position noise, silent 8 h every 5,000 fixes. The noise matters:
 * a perfectly regular track would compress to nothing and flatter the gzip figures.
 */
export function syntheticTrack(mmsi: number, n: number, startMs: number): PositionRecord[] {
  const rng = new Rng(hash32(`bench-${mmsi}`));
  const out: PositionRecord[] = [];
  let t = startMs;
  for (let i = 0; i < n; i++) {
    // Whole seconds, as receive times are (NMEA 4 tag block `c:`, vendor CSVs).
    t += i > 0 && i % 5000 === 0 ? 8 * 3_600_000 : 1000 * Math.round(2 + rng.next() * 58);
    const a = (i / 2000) * 2 * Math.PI;
    out.push({
      mmsi,
      tsMs: t,
      lon: 134 + 2 * Math.cos(a) + (rng.next() - 0.5) * 6e-4,
      lat: 41 + 1.2 * Math.sin(a) + (rng.next() - 0.5) * 4e-4,
      speedKnots: 10.5,
      courseDeg: Math.round(((a * 180) / Math.PI + 90) % 360),
      headingDeg: null,
      navStatus: 0,
      msgType: 1,
      source: 'bench-simulated',
    });
  }
  return out;
}

async function addBigTrack(location: { path?: string; url?: string }): Promise<void> {
  const store = await openStore(location);
  try {
    const run = await store.beginIngest({
      sourceName: 'bench-simulated-100k-track',
      contentSha256: null,
      format: 'bench',
      sizeBytes: null,
    });
    const all = syntheticTrack(BIG_MMSI, BIG_POINTS, Date.UTC(2024, 0, 1));
    for (let i = 0; i < all.length; i += 10_000) {
      await store.writeBatch(run.runId, { positions: all.slice(i, i + 10_000), statics: [] });
    }
    await store.finishIngest(run.runId, {
      contentSha256: `bench-${BIG_POINTS}`,
      counts: { positions: BIG_POINTS },
    });
  } finally {
    await store.close();
  }
}

interface LoadResult {
  path: string;
  gzip: boolean;
  requests: number;
  non2xx: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  bytesPerResponse: number;
  reqPerS: number;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** autocannon reports p90 and p97.5, not p95: every response time is recorded and ranked here. */
async function load(server: RunningServer, path: string, gzip: boolean): Promise<LoadResult> {
  const times: number[] = [];
  let bytes = 0;
  const instance = autocannon({
    url: `${server.url}${path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    // Browsers always send it; without it every client gets the uncompressed text.
    headers: gzip ? { 'accept-encoding': 'gzip' } : {},
  });
  instance.on('response', (_client: unknown, _status: number, resBytes: number, responseTimeMs: number) => {
    times.push(responseTimeMs);
    bytes += resBytes;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    path,
    gzip,
    requests: times.length,
    non2xx: result.non2xx,
    p50Ms: pct(times, 50),
    p95Ms: pct(times, 95),
    p99Ms: pct(times, 99),
    maxMs: times[times.length - 1] ?? NaN,
    bytesPerResponse: times.length ? Math.round(bytes / times.length) : 0,
    reqPerS: Math.round(times.length / DURATION_S),
  };
}

/**
 * The same load from Node's own HTTP client (50 keep-alive connections, each asking again as soon
 * as its answer is in). autocannon appends every body chunk to a string (lib/pipelinedRequestsQueue.js
 * `addBody`), which for a binary gzip body costs the client more CPU than the server spends — on a
 * two-core machine that client work is what its gzip figures measure. This client discards bodies.
 */
async function loadNodeClient(server: RunningServer, path: string, gzip: boolean): Promise<LoadResult> {
  const url = new URL(`${server.url}${path}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const times: number[] = [];
  let bytes = 0;
  let non2xx = 0;
  const endMs = Date.now() + DURATION_S * 1000;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const t0 = performance.now();
      http
        .get(
          {
            host: url.hostname,
            port: url.port,
            path,
            agent,
            headers: gzip ? { 'accept-encoding': 'gzip' } : {},
          },
          (res) => {
            if ((res.statusCode ?? 0) >= 300) non2xx++;
            res.on('data', (c: Buffer) => {
              bytes += c.length;
            });
            res.on('end', () => {
              times.push(performance.now() - t0);
              resolve();
            });
          },
        )
        .on('error', reject);
    });
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < endMs) await one();
    }),
  );
  agent.destroy();
  times.sort((a, b) => a - b);
  return {
    path: `${path} [node http client]`,
    gzip,
    requests: times.length,
    non2xx,
    p50Ms: pct(times, 50),
    p95Ms: pct(times, 95),
    p99Ms: pct(times, 99),
    maxMs: times[times.length - 1] ?? Number.NaN,
    bytesPerResponse: times.length ? Math.round(bytes / times.length) : 0,
    reqPerS: Math.round(times.length / DURATION_S),
  };
}

async function firstPaint(server: RunningServer): Promise<{ coldMs: number; warmMs: number[] }> {
  const browser = await launchChromium();
  try {
    const once = async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      await page.goto(`${server.url}/`);
      // Expressions as text: this file is compiled without the DOM library.
      await waitForExpression(page, 'document.documentElement.dataset.tracksRendered', 120_000);
      const ms = Number(await page.evaluate('window.tallyman.trackPaintMs'));
      await page.close();
      return ms;
    };
    const coldMs = await once();
    const warmMs: number[] = [];
    for (let i = 0; i < 5; i++) warmMs.push(await once());
    return { coldMs, warmMs };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function benchEngine(engine: Engine) {
  const skip = await engine.skip();
  if (skip) return { engine: engine.name, skipped: skip };
  let db = await engine.fresh();
  if (engine.name === 'sqlite') {
    // A fixed place, so the store can be looked at afterwards.
    mkdirSync(join(OUT, 'server'), { recursive: true });
    const path = join(OUT, 'server/bench.db');
    if (!REUSE || !existsSync(path)) {
      for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) rmSync(f);
    }
    await db.drop();
    db = { ...db, location: { path }, arg: path, drop: async () => {} };
  }
  const t0 = Date.now();
  if (REUSE && engine.name === 'sqlite' && existsSync(db.arg)) {
    console.log(`[${engine.name}] reusing ${db.arg}`);
  } else {
    console.log(`[${engine.name}] filling the store (simulate → ingest → detect) …`);
    fillStore(db.arg, RAJIN_SCENARIO);
    await addBigTrack(db.location);
    console.log(`[${engine.name}] store ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const server = await startServer(db.arg, { env: { TALLYMAN_CHECK_RESPONSES: '0' } });
  try {
    const trackPath = `/api/vessels/${BIG_MMSI}/track`;
    const c0 = performance.now();
    const first = (await fetch(`${server.url}${trackPath}`).then((r) => r.json())) as { count: number };
    const coldMs = performance.now() - c0;
    if (first.count !== BIG_POINTS) throw new Error(`the track has ${first.count} fixes, not ${BIG_POINTS}`);
    console.log(
      `[${engine.name}] cold 100k track: ${coldMs.toFixed(0)} ms; ${CONNECTIONS} clients for ${DURATION_S} s …`,
    );
    const track = await load(server, trackPath, true);
    const trackIdentity = await load(server, trackPath, false);
    const trackNodeGzip = await loadNodeClient(server, trackPath, true);
    const meta = (await fetch(`${server.url}/api/meta`).then((r) => r.json())) as {
      modules?: Record<string, { available: boolean }>;
    };
    const ledgerPath = meta.modules?.ledger?.available ? '/api/shipments' : null;
    const ledger = ledgerPath ? await load(server, ledgerPath, true) : null;
    const paint = BROWSER && engine.name === 'sqlite' && !requireChromium() ? await firstPaint(server) : null;
    return {
      engine: engine.name,
      coldTrackMs: Math.round(coldMs),
      track,
      trackIdentity,
      trackNodeGzip,
      ledger: ledger ?? 'ledger module not in this build',
      firstPaint: paint
        ? {
            coldMs: Math.round(paint.coldMs),
            warmMedianMs: Math.round(median(paint.warmMs)),
            warmMs: paint.warmMs.map(Math.round),
          }
        : null,
    };
  } finally {
    await server.stop();
    await db.drop();
  }
}

if (BROWSER) ensureWebBuilt();
const engines = ENGINES.filter((e) => ENGINE === 'both' || e.name === ENGINE);
const results = [];
for (const e of engines) results.push(await benchEngine(e));
const report = {
  when: new Date().toISOString(),
  connections: CONNECTIONS,
  durationS: DURATION_S,
  machine: { cpus: (await import('node:os')).cpus().length, load: (await import('node:os')).loadavg() },
  results,
};
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'server.json'), `${JSON.stringify(report, null, 2)}\n`);
for (const r of results) {
  if ('skipped' in r) {
    console.log(`${r.engine}: skipped (${r.skipped})`);
    continue;
  }
  const row = (l: LoadResult) =>
    `${l.path}${l.gzip ? ' (gzip)' : ' (no compression)'}: ${l.requests} requests, p50 ${l.p50Ms.toFixed(1)} ms, p95 ${l.p95Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms, max ${l.maxMs.toFixed(1)} ms, ${l.reqPerS} req/s, ${(l.bytesPerResponse / 1e6).toFixed(2)} MB each, non-2xx ${l.non2xx}`;
  console.log(`\n${r.engine} (${CONNECTIONS} clients, ${DURATION_S} s each)`);
  console.log(`  100,000-point track, first (uncached) request: ${r.coldTrackMs} ms`);
  console.log(`  ${row(r.track)}`);
  console.log(`  ${row(r.trackIdentity)}`);
  console.log(`  ${row(r.trackNodeGzip)}`);
  console.log(`  ${typeof r.ledger === 'string' ? `ledger: ${r.ledger}` : row(r.ledger)}`);
  if (r.firstPaint) {
    console.log(
      `  first meaningful paint (tracks drawn, headless Chromium): cold ${r.firstPaint.coldMs} ms, warm median ${r.firstPaint.warmMedianMs} ms (${r.firstPaint.warmMs.join(', ')})`,
    );
  }
}
console.log(
  `\nload average at the end: ${report.machine.load.map((x) => x.toFixed(2)).join(' ')} on ${report.machine.cpus} CPUs; written bench-out/server.json`,
);
