/**
 * Map smoothness with 1,000,000 positions, against a real `tallyman serve` and the real web app in
 * headless Chromium (1400×860, the project's flags: `--disable-gpu`, so WebGL is SwiftShader,
 * software GL on the CPU).
 *
 *   node --import tsx bench/map-smooth.ts [--reuse] [--vessels N] [--fixes N] [--seconds S] [--mode M]
 *
 * The store (bench-out/map-smooth/bench.db) is the bundled SIMULATED Rajin-shuttle scenario
 * (simulate → ingest → detect, as `npm start` makes it) plus N SIMULATED vessels of M fixes each
 * (default 200 × 5,000; MMSIs 273800000…, source `bench-simulated`) written through the store's
 * own writer: each wanders the Sea of Japan at 8–16 kn, a report every 20–180 s (seeded jitter),
 * ~30 m of position noise and an 8 h silence now and then, starting anywhere in the scenario's
 * period. `--reuse` keeps the store from an earlier run.
 *
 * The app is opened three ways, twice each (`--mode default|full|'no tracks'|all`, default all):
 *  - `default`, as a user opens it (`/#/map`): the overview draws each track simplified to 250 m —
 *    under a pixel below zoom 8 — and every fix is drawn once the view is zoomed to 8 or closer
 *    (back to the simplified set when zooming out; web/src/main.ts);
 *  - `full` (`/?detail=full#/map`): every fix of every vessel at every zoom, none simplified — the
 *    worst case, not how the app is used;
 *  - `no tracks`: the default page with the track layers hidden — the baseline: what a frame costs
 *    the basemap, events and areas alone, so what the tracks add can be read off.
 * The page reports how many positions it holds (`data-tracks-rendered`).
 * Frame times are requestAnimationFrame timestamps collected in the page while scripted
 * interactions run: idle, continuous pan (panBy), zoom in and out (flyTo), dragging the time
 * slider's handle, and the timeline's play. For each: frames per second, median and p95 frame
 * interval, frames longer than 50 ms, and main-thread long tasks. Results: stdout and
 * bench-out/map-smooth.json.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../src/cli/brief.js';
import { hash32, Rng } from '../src/scenario/prng.js';
import { openStore } from '../src/store/index.js';
import type { PositionRecord } from '../src/tracks/records.js';
import {
  CHROMIUM,
  ensureWebBuilt,
  launchChromium,
  requireChromium,
  waitForExpression,
} from '../test/e2e/browser.js';
import { fillStore, RAJIN_SCENARIO } from '../test/server/fixture.js';
import { REPO, startServer } from '../test/server/server-process.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const REUSE = process.argv.includes('--reuse');
const VESSELS = Number(arg('vessels', '200'));
const FIXES = Number(arg('fixes', '5000'));
const SECONDS = Number(arg('seconds', '5'));
const MODE = arg('mode', 'all');
type Mode = 'default' | 'full' | 'no tracks';
const MODES: Mode[] = MODE === 'all' ? ['default', 'full', 'no tracks'] : [MODE as Mode];
if (MODES.some((m) => !['default', 'full', 'no tracks'].includes(m)))
  throw new Error(`--mode: "${MODE}" is not default, full, "no tracks" or all`);
const URL_OF: Record<Mode, string> = { default: '/#/map', full: '/?detail=full#/map', 'no tracks': '/#/map' };
/** The map's own layers that draw tracks (web/src/map.ts); hidden in the `no tracks` baseline. */
const TRACK_LAYERS = ['tracks-minor', 'tracks-major', 'dark-legs'];
const OUT = join(REPO, 'bench-out');
const DIR = join(OUT, 'map-smooth');
const DB = join(DIR, 'bench.db');
const FIRST_MMSI = 273_800_000;
/** The scenario's period (scenarios/rajin-shuttle.json). */
const PERIOD = [Date.UTC(2023, 7, 1), Date.UTC(2025, 2, 31)] as const;

/**
 * One SIMULATED vessel: a random walk at sea in the Sea of Japan (turning gently, kept inside
 * 36.5–42.3° N, 130.8–138.5° E), reports every 20–180 s in whole seconds, ~30 m of noise on each
 * fix, and every so often an 8 h silence (a dashed dark leg on the map).
 */
export function wanderingTrack(mmsi: number, n: number): PositionRecord[] {
  const rng = new Rng(hash32(`map-smooth-${mmsi}`));
  const out: PositionRecord[] = [];
  let t = Math.round(PERIOD[0] + rng.next() * (PERIOD[1] - PERIOD[0] - 30 * 86_400_000));
  let lon = 131.5 + rng.next() * 6.5;
  let lat = 37 + rng.next() * 5;
  let course = rng.next() * 360;
  const knots = 8 + rng.next() * 8;
  for (let i = 0; i < n; i++) {
    const dtS = i > 0 && rng.next() < 1 / 1500 ? 8 * 3600 : Math.round(20 + rng.next() * 160);
    t += dtS * 1000;
    course += (rng.next() - 0.5) * 6;
    if (lat > 42.3 && Math.cos((course * Math.PI) / 180) > 0) course = 180 - course;
    if (lat < 36.5 && Math.cos((course * Math.PI) / 180) < 0) course = 180 - course;
    if (lon > 138.5 && Math.sin((course * Math.PI) / 180) > 0) course = -course;
    if (lon < 130.8 && Math.sin((course * Math.PI) / 180) < 0) course = -course;
    course = ((course % 360) + 360) % 360;
    // Not the dark legs' distance: a silent ship is not drawn moving at speed.
    const m = dtS > 3600 ? 0 : (knots * 1852 * dtS) / 3600;
    const rad = (course * Math.PI) / 180;
    lat += (m * Math.cos(rad)) / 111_320;
    lon += (m * Math.sin(rad)) / (111_320 * Math.cos((lat * Math.PI) / 180));
    out.push({
      mmsi,
      tsMs: t,
      lon: lon + (rng.next() - 0.5) * 7e-4,
      lat: lat + (rng.next() - 0.5) * 5e-4,
      speedKnots: Math.round(knots * 10) / 10,
      courseDeg: Math.round(course),
      headingDeg: null,
      navStatus: 0,
      msgType: 1,
      source: 'bench-simulated',
    });
  }
  return out;
}

async function addSyntheticFleet(path: string): Promise<void> {
  const store = await openStore({ path });
  try {
    const run = await store.beginIngest({
      sourceName: `bench-simulated-map-smooth-${VESSELS}x${FIXES}`,
      contentSha256: null,
      format: 'bench',
      sizeBytes: null,
    });
    for (let v = 0; v < VESSELS; v++) {
      await store.writeBatch(run.runId, { positions: wanderingTrack(FIRST_MMSI + v, FIXES), statics: [] });
    }
    await store.finishIngest(run.runId, {
      contentSha256: `bench-map-smooth-${VESSELS}x${FIXES}`,
      counts: { positions: VESSELS * FIXES },
    });
  } finally {
    await store.close();
  }
}

interface Figures {
  name: string;
  seconds: number;
  frames: number;
  fps: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  over50: number;
  longTasks: number;
  longTaskMs: number;
  mapRenders: number;
}

/** Installed once in the page: a requestAnimationFrame loop and a long-task observer, both gated. */
const PROBE = `(() => {
  const p = { on: false, t: [], long: [], renders: 0 };
  window.__probe = p;
  const loop = (ts) => { if (p.on) p.t.push(ts); requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  try {
    new PerformanceObserver((list) => {
      if (p.on) for (const e of list.getEntries()) p.long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  } catch {}
  window.tallyman.map.on('render', () => { if (p.on) p.renders++; });
})()`;

/** The interactions, run in the page; each resolves when done. `S` is the length in ms. */
const ACTIONS: Record<string, (S: number) => string> = {
  idle: (S) => `new Promise((r) => setTimeout(r, ${S}))`,
  pan: (S) => `(async () => {
    const map = window.tallyman.map, end = performance.now() + ${S};
    const steps = [[320, 0], [0, 200], [-320, 0], [0, -200]];
    for (let i = 0; performance.now() < end; i++) {
      await new Promise((r) => { map.once('moveend', r); map.panBy(steps[i % 4], { duration: 1000, easing: (x) => x }); });
    }
  })()`,
  zoom: (S) => `(async () => {
    const map = window.tallyman.map, z = map.getZoom(), c = map.getCenter();
    const fly = (zoom) => new Promise((r) => { map.once('moveend', r); map.flyTo({ center: c, zoom, duration: ${S / 2}, essential: true }); });
    await fly(z + 3);
    await fly(z);
  })()`,
  'time slider drag': (S) => `(async () => {
    // The "to" handle dragged from the end to the middle of the period and back: an input event a frame.
    const to = document.querySelector('#timeline .to'), max = Number(to.max), t0 = performance.now();
    await new Promise((done) => {
      const step = () => {
        const f = (performance.now() - t0) / ${S};
        if (f >= 1) { to.value = String(max); to.dispatchEvent(new Event('input')); return done(); }
        const v = Math.round(max - (max / 2) * (f < 0.5 ? 2 * f : 2 - 2 * f));
        if (String(v) !== to.value) { to.value = String(v); to.dispatchEvent(new Event('input')); }
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  })()`,
  'timeline play': (S) => `(async () => {
    const play = document.querySelector('#timeline .play');
    play.click();
    await new Promise((r) => setTimeout(r, ${S}));
    if (play.textContent !== '▶') play.click();
    document.querySelector('#timeline .all').click();
  })()`,
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

async function measure(page: Page, name: string): Promise<Figures> {
  const S = SECONDS * 1000;
  // Settle: whatever the last action started (tile loads) finishes first.
  await page.evaluate(
    `new Promise((r) => { const m = window.tallyman.map; if (m.loaded()) r(); else m.once('idle', r); })`,
  );
  await page.evaluate(`Object.assign(window.__probe, { on: true, t: [], long: [], renders: 0 })`);
  const t0 = Date.now();
  await page.evaluate(ACTIONS[name]!(S));
  const wall = (Date.now() - t0) / 1000;
  const p = (await page.evaluate(
    `(() => { const p = window.__probe; p.on = false; return { t: p.t, long: p.long, renders: p.renders }; })()`,
  )) as { t: number[]; long: number[]; renders: number };
  const iv = p.t.slice(1).map((x, i) => x - p.t[i]!);
  const sorted = [...iv].sort((a, b) => a - b);
  const span = (p.t[p.t.length - 1]! - p.t[0]!) / 1000;
  return {
    name,
    seconds: Math.round(wall * 10) / 10,
    frames: p.t.length,
    fps: Math.round((iv.length / span) * 10) / 10,
    medianMs: Math.round(pct(sorted, 50) * 10) / 10,
    p95Ms: Math.round(pct(sorted, 95) * 10) / 10,
    maxMs: Math.round((sorted[sorted.length - 1] ?? Number.NaN) * 10) / 10,
    over50: iv.filter((x) => x > 50).length,
    longTasks: p.long.length,
    longTaskMs: Math.round(p.long.reduce((a, b) => a + b, 0)),
    mapRenders: p.renders,
  };
}

if (requireChromium()) process.exit(0);
ensureWebBuilt();
mkdirSync(DIR, { recursive: true });
if (!REUSE || !existsSync(DB)) {
  for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) if (existsSync(f)) rmSync(f);
  const t0 = Date.now();
  console.log(`filling ${DB}: bundled SIMULATED scenario + ${VESSELS} SIMULATED vessels × ${FIXES} fixes …`);
  fillStore(DB, RAJIN_SCENARIO);
  await addSyntheticFleet(DB);
  console.log(`store ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} else {
  console.log(`reusing ${DB}`);
}

const server = await startServer(DB, { env: { TALLYMAN_CHECK_RESPONSES: '0' }, timeoutMs: 120_000 });
const browser = await launchChromium();
const runs: Array<{ mode: Mode; load: Record<string, number>; interactions: Figures[] }> = [];
type Meta = { counts: { positions: number; vessels: number } };
let meta = null as Meta | null;
try {
  meta = (await fetch(`${server.url}/api/meta`).then((r) => r.json())) as Meta;
  // Twice per mode: the machine is shared, so one run alone says little.
  for (const [run, mode] of MODES.flatMap((m) => [m, m]).entries()) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    const t0 = Date.now();
    await page.goto(`${server.url}${URL_OF[mode]}`);
    await waitForExpression(page, 'document.documentElement.dataset.tracksRendered', 600_000);
    const load = (await page.evaluate(`(() => {
      const m = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
      return {
        pointsHeld: Number(document.documentElement.dataset.tracksRendered),
        trackPaintMs: Math.round(window.tallyman.trackPaintMs),
        tracksReceivedMs: Math.round(m('tracks-received')),
        tracksBuiltMs: Math.round(m('tracks-built')),
        mapLoadMs: Math.round(m('map-load')),
      };
    })()`)) as Record<string, number>;
    load.wallToPaintMs = Date.now() - t0;
    console.log(
      `run ${run + 1} (${mode}): the map holds ${load.pointsHeld!.toLocaleString('en')} positions, drawn ${load.trackPaintMs} ms after navigation`,
    );
    if (mode === 'no tracks') {
      await page.evaluate(
        `(() => { const map = window.tallyman.map; for (const id of ${JSON.stringify(TRACK_LAYERS)}) map.setLayoutProperty(id, 'visibility', 'none'); })()`,
      );
    }
    await page.evaluate(PROBE);
    const interactions: Figures[] = [];
    for (const name of Object.keys(ACTIONS)) {
      const f = await measure(page, name);
      interactions.push(f);
      console.log(`  ${name}: ${f.fps} fps, median ${f.medianMs} ms, p95 ${f.p95Ms} ms, >50 ms ${f.over50}`);
    }
    runs.push({ mode, load, interactions });
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}

const report = {
  when: new Date().toISOString(),
  store: {
    path: DB,
    positions: meta?.counts.positions,
    vessels: meta?.counts.vessels,
    simulated: `bundled SIMULATED scenario + ${VESSELS} SIMULATED vessels × ${FIXES} fixes`,
  },
  browser: {
    executable: CHROMIUM,
    flags: CHROMIUM_FLAGS,
    viewport: '1400x860',
    gl: 'SwiftShader (software WebGL: --disable-gpu)',
  },
  machine: { cpus: os.cpus().length, load: os.loadavg() },
  secondsPerInteraction: SECONDS,
  target: 'p95 frame interval ≤ 50 ms (≥ 20 fps) under software GL',
  runs,
};
writeFileSync(join(OUT, 'map-smooth.json'), `${JSON.stringify(report, null, 2)}\n`);

console.log(
  `\nMap smoothness, ${(meta?.counts.positions ?? 0).toLocaleString('en')} positions in the store (SIMULATED), ` +
    `headless Chromium ${CHROMIUM_FLAGS.includes('--disable-gpu') ? 'with --disable-gpu (SwiftShader software GL)' : ''}, ` +
    `1400×860, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(2)}`,
);
const head = [
  'interaction',
  'mode',
  'run',
  'fps',
  'median ms',
  'p95 ms',
  'max ms',
  '>50 ms',
  'long tasks',
  'p95 ≤ 50',
];
const rows: string[][] = [];
for (const name of Object.keys(ACTIONS)) {
  runs.forEach((r, i) => {
    const f = r.interactions.find((x) => x.name === name)!;
    rows.push([
      name,
      r.mode,
      String(i + 1),
      String(f.fps),
      String(f.medianMs),
      String(f.p95Ms),
      String(f.maxMs),
      `${f.over50}/${f.frames}`,
      `${f.longTasks} (${f.longTaskMs} ms)`,
      f.p95Ms <= 50 ? 'yes' : 'NO',
    ]);
  });
}
const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
const line = (cells: string[]) =>
  cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
for (const [i, r] of runs.entries()) {
  console.log(
    `run ${i + 1} (${r.mode}): ${r.load.pointsHeld!.toLocaleString('en')} positions on the map; tracks drawn at ${r.load.trackPaintMs} ms ` +
      `(map style loaded ${r.load.mapLoadMs} ms, tracks received ${r.load.tracksReceivedMs} ms, features built ${r.load.tracksBuiltMs} ms)`,
  );
}
console.log('written bench-out/map-smooth.json');
