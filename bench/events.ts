/**
 * Event-detection benchmark: the full `detectAll` pipeline over synthetic columnar positions
 * (2,000 vessels on the Rajin shuttle's sea: steaming, drifting, moored at the bundled areas,
 * with occasional silences; more positions = a longer period), at 1M and 10M positions (50M with
 * --50m), single-threaded; then the encounter index with 10,000 vessels adrift at once, reporting
 * pair checks per position. With --dense the vessel count grows with the size instead (200 per
 * million positions, ~3.5 days each), so density — and pairwise work — grows too.
 *
 *   node --import tsx bench/events.ts            # 1M, 10M, encounter density
 *   node --import tsx bench/events.ts --50m      # also 50M (≈ 4 GB of columns)
 *   node --import tsx bench/events.ts --quick    # 1M only
 *   node --import tsx bench/events.ts --dense    # vessels grow with the size (denser sea)
 *   node --import tsx bench/events.ts --no-sql   # without the SQL peer for gaps (events-sql.ts)
 *   node --import tsx bench/events.ts --no-pg    # the SQL peer on SQLite only
 *   node --import tsx bench/events.ts --land     # detectAll with the on-land check (src/geodata/surface.ts)
 *
 * The peer: the same gap detection as one SQL window query over the store, on SQLite and
 * PostgreSQL (when reachable), over the 1M-position fleet (events-sql.ts).
 */
import { cpus, loadavg } from 'node:os';
import { BUNDLED_AREAS } from '../src/areas/bundled.js';
import { makeContext } from '../src/events/context.js';
import { detectEncounters, type EncounterStats } from '../src/events/encounters.js';
import { cleanOptionsOf, DEFAULT_PARAMS } from '../src/events/params.js';
import { type DetectStats, detectAll } from '../src/events/pipeline.js';
import { MPS_PER_KNOT, metresToLatDeg, metresToLonDeg } from '../src/geo/distance.js';
import { loadSurface } from '../src/geodata/surface.js';
import { cleanTrack, emptyTrack, type Track } from '../src/tracks/columns.js';
import { gapSqlPeer } from './events-sql.js';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = Date.UTC(2024, 0, 1);
/** Land for the on-land check, only with --land (the figures above were measured without). */
const LAND = process.argv.includes('--land') ? loadSurface() : null;
const RAD = Math.PI / 180;

/**
 * `vessels` tracks of `perVessel` fixes over the same days: 70 % steaming at 8–14 kn (fix every
 * 60 s), 20 % drifting at 0–2 kn (every 180 s), 10 % moored at a bundled area (every 180 s), each
 * with a 7 h silence now and then.
 */
function fleet(vessels: number, perVessel: number, seed: number): Track[] {
  const rnd = prng(seed);
  const ports = BUNDLED_AREAS.filter((a) => a.geometry.type === 'circle');
  const tracks: Track[] = [];
  for (let v = 0; v < vessels; v++) {
    const t = emptyTrack(273_000_000 + v, perVessel);
    const kind = rnd();
    let lon = 129.5 + rnd() * 5;
    let lat = 38 + rnd() * 5;
    let speed = 8 + rnd() * 6;
    let every = 60_000;
    if (kind >= 0.7 && kind < 0.9) {
      speed = rnd() * 2;
      every = 180_000;
    } else if (kind >= 0.9) {
      const g = ports[v % ports.length].geometry;
      if (g.type === 'circle') {
        lon = g.lon;
        lat = g.lat;
      }
      speed = 0;
      every = 180_000;
    }
    let heading = rnd() * 360;
    let ts = T0 + Math.floor(rnd() * 3_600_000);
    for (let i = 0; i < perVessel; i++) {
      t.positionId[i] = v * perVessel + i;
      t.tsMs[i] = ts;
      t.lon[i] = lon;
      t.lat[i] = lat;
      t.speedKnots[i] = speed;
      t.courseDeg[i] = heading;
      t.navStatus[i] = speed < 0.5 ? 5 : 0;
      const dt = rnd() < 2e-4 ? 7 * 3_600_000 : every;
      ts += dt;
      const m = speed * MPS_PER_KNOT * (dt / 1000);
      lat += metresToLatDeg(m * Math.cos(heading * RAD));
      lon += metresToLonDeg(m * Math.sin(heading * RAD), lat);
      if (lat > 44 || lat < 37) heading = 180 - heading;
      if (lon > 136 || lon < 128) heading = -heading;
      heading = (heading + 360 + (rnd() - 0.5) * 2) % 360;
    }
    tracks.push(t);
  }
  return tracks;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function runSize(total: number): void {
  // a fixed fleet over a longer time: the density of vessels at sea (which drives encounter and
  // reception work) stays that of 2,000 vessels on this sea, so the sizes compare like for like;
  // `--dense` instead packs all positions into ~3.5 days (5,000 fixes a vessel)
  const dense = process.argv.includes('--dense');
  const vessels = dense ? Math.max(100, Math.round(total / 5000)) : 2000;
  const perVessel = Math.round(total / vessels);
  let t = performance.now();
  const raw = fleet(vessels, perVessel, 42);
  const genS = (performance.now() - t) / 1000;
  const n = vessels * perVessel;
  t = performance.now();
  const cleaned = raw.map((x) => cleanTrack(x, cleanOptionsOf(DEFAULT_PARAMS)));
  const cleanS = (performance.now() - t) / 1000;
  raw.length = 0;
  const stats = { encounters: {} } as DetectStats;
  // the first run includes V8's warm-up (compiling the hot loops); the median of the rest is the
  // steady state a long-running process sees
  const runs = total >= 5e7 ? 2 : total >= 1e7 ? 3 : 5;
  const wall: number[] = [];
  const cpu: number[] = [];
  let events: ReturnType<typeof detectAll> = [];
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    const c0 = process.cpuUsage();
    events = detectAll(cleaned, BUNDLED_AREAS, DEFAULT_PARAMS, stats, { land: LAND });
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t) / 1000);
    cpu.push((c.user + c.system) / 1e6);
  }
  const firstS = wall[0];
  const detectS = median(wall.slice(1));
  const cpuS = median(cpu.slice(1));
  const byType = new Map<string, number>();
  for (const e of events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
  console.log(
    `${fmt(n).padStart(11)} positions, ${fmt(vessels)} vessels: generate ${genS.toFixed(2)} s | ` +
      `clean ${cleanS.toFixed(2)} s (${fmt(n / cleanS)} pos/s) | ` +
      `detectAll first run ${firstS.toFixed(2)} s (${fmt(n / firstS)} pos/s), ` +
      `median of next ${runs - 1}: ${detectS.toFixed(2)} s wall = ${fmt(n / detectS)} pos/s ` +
      `(process CPU ${cpuS.toFixed(2)} s) | ` +
      `clean+detect ${fmt(n / (cleanS + detectS))} pos/s | ${fmt(events.length)} events`,
  );
  console.log(`             events by type: ${[...byType].map(([k, c]) => `${k} ${fmt(c)}`).join(', ')}`);
  console.log(
    `             encounter index: ${fmt(stats.encounters.samples)} samples, ${fmt(stats.encounters.pairChecks)} pair checks`,
  );
}

/** 10,000 vessels adrift at once in a 1° × 1° box for 12 h: the encounter index at full density. */
function encounterDensity(): void {
  const rnd = prng(7);
  const vessels = 10_000;
  const every = 180_000;
  const perVessel = 240;
  const tracks: Track[] = [];
  for (let v = 0; v < vessels; v++) {
    const t = emptyTrack(400_000_000 + v, perVessel);
    let lon = 131.2 + rnd();
    let lat = 41.2 + rnd();
    const speed = rnd() * 1.5;
    const heading = rnd() * 360;
    for (let i = 0; i < perVessel; i++) {
      t.positionId[i] = v * perVessel + i;
      t.tsMs[i] = T0 + i * every;
      t.lon[i] = lon;
      t.lat[i] = lat;
      t.speedKnots[i] = speed;
      t.courseDeg[i] = heading;
      const m = speed * MPS_PER_KNOT * (every / 1000);
      lat += metresToLatDeg(m * Math.cos(heading * RAD));
      lon += metresToLonDeg(m * Math.sin(heading * RAD), lat);
    }
    tracks.push(t);
  }
  const n = vessels * perVessel;
  const ctx = makeContext(BUNDLED_AREAS, DEFAULT_PARAMS);
  const stats: EncounterStats = { samples: 0, pairChecks: 0, slices: 0 };
  const t = performance.now();
  const found = detectEncounters(tracks, ctx, stats);
  const s = (performance.now() - t) / 1000;
  const naive = (vessels * (vessels - 1)) / 2;
  console.log(
    `encounters, ${fmt(vessels)} vessels adrift at once (1° × 1°, 12 h, ${fmt(n)} positions): ` +
      `${s.toFixed(2)} s (${fmt(n / s)} pos/s), ${fmt(stats.samples)} samples in ${fmt(stats.slices)} slices, ` +
      `${fmt(stats.pairChecks)} pair checks = ${(stats.pairChecks / n).toFixed(2)} per position ` +
      `(all-pairs would be ${fmt(naive)} per slice = ${fmt(naive / vessels)} per position); ${fmt(found.length)} encounters`,
  );
}

const args = process.argv.slice(2);
const sizes = args.includes('--quick') ? [1e6] : args.includes('--50m') ? [1e6, 1e7, 5e7] : [1e6, 1e7];
console.log(
  `node ${process.version}, single thread, params "${DEFAULT_PARAMS.name}", ${BUNDLED_AREAS.length} areas, ` +
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on ${cpus().length} CPUs (wall-clock figures suffer when other work shares them)`,
);
for (const size of sizes) runSize(size);
if (!args.includes('--quick')) encounterDensity();
if (!args.includes('--no-sql'))
  await gapSqlPeer(fleet(2000, 500, 42), DEFAULT_PARAMS.gapMinMs, !args.includes('--no-pg'));
console.log('target: detectAll ≥ 5,000,000 positions/s');
