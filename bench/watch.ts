/**
 * Live-watch benchmark: the bundled SIMULATED scenario (scenarios/rajin-shuttle.json, simulated
 * once into bench-out/watch/) replayed at a fixed rate over TCP into a real `tallyman watch`
 * process, with alert rules of every kind. Measured in this process, on one clock:
 *
 *  latency   for each alert watch prints (`--json`, read from its stdout as it comes), the time
 *            from the moment this process wrote the message that made it happen to the moment
 *            the alert line arrived: p50, p95, p99 — all alerts, those raised straight from fixes
 *            (area, watchlist, dark, reappeared) and those that wait for a detection pass (dark
 *            port call, encounter, identity change). "The message that made it happen" is the
 *            first message sent whose receive time reaches the alert's trigger time (its fix, the
 *            end of its silence, the end of its event).
 *  rate      messages written per second, and whether watch kept up: TCP back-pressure holds the
 *            sender back when it does not, so the achieved rate falls below the asked one.
 *
 *   node --import tsx bench/watch.ts [--rate 5000] [--duration 60] [--detect-every 250]
 *        [--db postgres://…] [--json FILE] [--large POSITIONS]
 *
 * Default 60 s at 5,000 messages/s. The bundled scenario is ~338,000 messages, 68 s at that rate;
 * a longer run (the target is 10 minutes: --duration 600) replays the large-store input
 * instead (--large 2.5M: bench/large-input.ts, the same fleet and areas among grown background
 * traffic, SIMULATED, cached under bench-out/large/).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addRule } from '../src/live/store.js';
import { openStore } from '../src/store/index.js';
import { cachedLargeNmea, parseCount } from './large-input.js';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'bench-out/watch');
const MAIN = join(ROOT, 'src/cli/main.ts');

interface Opts {
  rate: number;
  durationS: number;
  detectEveryMs: number;
  db: string | null;
  json: string;
  /** Replay the large-store input of about this many positions instead of the bundled scenario. */
  largePositions: number | null;
}

function parseArgs(argv: string[]): Opts {
  const o: Opts = {
    rate: 5000,
    durationS: 60,
    detectEveryMs: 250,
    db: null,
    json: join(ROOT, 'bench-out/watch.json'),
    largePositions: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--rate') o.rate = Number(v());
    else if (a === '--duration') o.durationS = Number(v());
    else if (a === '--detect-every') o.detectEveryMs = Number(v());
    else if (a === '--db') o.db = v();
    else if (a === '--json') o.json = v();
    else if (a === '--large') o.largePositions = parseCount(v());
    else throw new Error(`bench/watch.ts: unknown argument ${a}`);
  }
  return o;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

/** The large-store input's lines (SIMULATED), written once under bench-out/large/. */
async function largeLines(positions: number): Promise<string[]> {
  const file = await cachedLargeNmea(positions, join(ROOT, 'bench-out/large', `watch-${positions}`));
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

function scenarioLines(): string[] {
  const dir = join(OUT, 'scenario');
  if (!existsSync(dir) || !readdirSync(dir).some((f) => f.endsWith('.simulated.nmea'))) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', MAIN, 'simulate', join(ROOT, 'scenarios/rajin-shuttle.json'), '--out', dir],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`simulate failed: ${r.stderr}`);
  }
  const nmea = readdirSync(dir).find((f) => f.endsWith('.simulated.nmea')) as string;
  return readFileSync(join(dir, nmea), 'utf8').split('\n').filter(Boolean);
}

/** Each line's receive time (tag block `c:`, epoch s), carried forward as a running maximum. */
function lineTimes(lines: readonly string[]): Float64Array {
  const out = new Float64Array(lines.length);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < lines.length; i++) {
    const m = /[\\,]c:(\d+)/.exec(lines[i]);
    if (m !== null) max = Math.max(max, Number(m[1]) * 1000);
    out[i] = max;
  }
  return out;
}

function firstAtOrAfter(times: Float64Array, ts: number, n: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo < n ? lo : -1;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    p50Ms: quantile(s, 0.5),
    p95Ms: quantile(s, 0.95),
    p99Ms: quantile(s, 0.99),
    maxMs: s.at(-1) ?? null,
  };
}

const FLEET_AREAS = [
  'rajin',
  'dunai',
  'vostochny',
  'vladivostok',
  'nakhodka',
  'zarubino',
  'posyet',
  'chongjin',
];
const FROM_FIXES = new Set(['area-enter', 'area-leave', 'watchlist', 'dark']);

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const lines = o.largePositions === null ? scenarioLines() : await largeLines(o.largePositions);
  const times = lineTimes(lines);
  const runDir = join(OUT, 'run');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const dbArg = o.db ?? join(runDir, 'watch.db');
  const store = await openStore(dbArg.startsWith('postgres') ? { url: dbArg } : { path: dbArg });
  try {
    const db = await store.db();
    const w = { actor: 'bench', nowMs: Date.now() };
    for (const area of FLEET_AREAS) {
      await addRule(db, `into ${area}`, { kind: 'area-enter', area }, w);
      await addRule(db, `out of ${area}`, { kind: 'area-leave', area }, w);
    }
    for (const area of ['rajin', 'dunai', 'vostochny'])
      await addRule(db, `dark near ${area}`, { kind: 'dark', area }, w);
    await addRule(db, 'dark port calls', { kind: 'dark-port-call' }, w);
    await addRule(db, 'identity changes', { kind: 'identity-change' }, w);
    const fleet = { mmsis: [], imos: [], names: ['ANGARA', 'MARIA', 'LADY R', 'MAIA-1'], sanctioned: false };
    await addRule(db, 'fleet heard', { kind: 'watchlist', vessels: fleet }, w);
    await addRule(db, 'fleet meets', { kind: 'encounter', vessels: fleet }, w);
  } finally {
    await store.close();
  }

  const total = Math.min(lines.length, Math.round(o.rate * o.durationS));
  const sendMs = new Float64Array(total);
  let sent = 0;
  let t0 = 0;
  let sock: Socket | null = null;
  let connected!: () => void;
  const isConnected = new Promise<void>((r) => {
    connected = r;
  });
  const server = createServer((s) => {
    if (sock !== null) return void s.destroy();
    sock = s;
    s.on('error', () => {});
    connected();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;

  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      MAIN,
      '--db',
      dbArg,
      'watch',
      `tcp://127.0.0.1:${port}`,
      '--json',
      '--detect-every',
      String(o.detectEveryMs),
      '--flush-ms',
      '100',
    ],
    { cwd: ROOT, env: { ...process.env, TALLYMAN_DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const alerts: Array<{ atMs: number; alert: Record<string, unknown> }> = [];
  let summary: unknown = null;
  const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  rl.on('line', (line) => {
    const atMs = performance.now();
    try {
      const j = JSON.parse(line);
      if (j.alert) alerts.push({ atMs, alert: j.alert });
      else if (j.summary) summary = j;
    } catch {
      // not ours
    }
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  await Promise.race([isConnected, exited.then(() => Promise.reject(new Error(`watch exited: ${stderr}`)))]);
  log(`watch connected; sending ${total.toLocaleString('en-US')} messages at ${o.rate}/s`);
  t0 = performance.now();
  let blockedMs = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - t0) * o.rate) / 1000));
      if (due > sent) {
        const s = sock as Socket;
        const chunk = `${lines.slice(sent, due).join('\n')}\n`;
        for (let i = sent; i < due; i++) sendMs[i] = now;
        sent = due;
        if (!s.write(chunk)) {
          // back-pressure: watch is not keeping up; the sender waits for it
          const b0 = performance.now();
          s.once('drain', () => {
            blockedMs += performance.now() - b0;
            setTimeout(tick, 0);
          });
          return;
        }
      }
      if (sent >= total) return done();
      setTimeout(tick, 10);
    };
    tick();
  });
  const sendS = (performance.now() - t0) / 1000;
  log(`sent in ${sendS.toFixed(1)} s; letting watch catch up`);
  // the last fixes wait at most --flush-ms, alerts from detection one more pass
  await new Promise((r) => setTimeout(r, Math.max(o.detectEveryMs * 2, 4000) + 2000));
  const stopAt = performance.now();
  (sock as Socket | null)?.end();
  child.kill('SIGINT');
  const code = await exited;
  server.close();
  if (code !== 0) throw new Error(`watch exited ${code}: ${stderr.slice(-2000)}`);

  const fromFixes: number[] = [];
  const fromDetection: number[] = [];
  let unmatched = 0;
  for (const { atMs, alert } of alerts) {
    if (atMs > stopAt) continue; // the final pass after the stop: not a live figure
    const kind = String(alert.ruleKind);
    const ev = (alert.evidence as { events: Array<{ endMs: number }> }).events[0];
    const trigger = FROM_FIXES.has(kind) ? Number(alert.tsMs) : (ev?.endMs ?? Number(alert.tsMs));
    const i = firstAtOrAfter(times, trigger, sent);
    if (i < 0) {
      unmatched++;
      continue;
    }
    const ms = atMs - sendMs[i];
    (FROM_FIXES.has(kind) ? fromFixes : fromDetection).push(Math.max(0, ms));
  }
  const byKind: Record<string, number> = {};
  for (const { alert } of alerts) byKind[String(alert.ruleKind)] = (byKind[String(alert.ruleKind)] ?? 0) + 1;
  const results = {
    date: new Date().toISOString(),
    command: `node --import tsx bench/watch.ts ${process.argv.slice(2).join(' ')}`.trim(),
    engine: o.db?.startsWith('postgres') ? 'postgres' : 'sqlite',
    scenario: 'scenarios/rajin-shuttle.json (SIMULATED)',
    askedRatePerS: o.rate,
    durationS: o.durationS,
    messagesSent: sent,
    sendSeconds: Number(sendS.toFixed(2)),
    achievedRatePerS: Math.round(sent / sendS),
    backPressureMs: Math.round(blockedMs),
    detectEveryMs: o.detectEveryMs,
    alerts: alerts.length,
    alertsByKind: byKind,
    latency: {
      all: stats([...fromFixes, ...fromDetection]),
      fromFixes: stats(fromFixes),
      fromDetection: stats(fromDetection),
    },
    unmatched,
    watch: summary,
    passes: (stderr.match(/detection pass[^\n]*/g) ?? []).slice(-5),
  };
  writeFileSync(o.json, `${JSON.stringify(results, null, 2)}\n`);
  const f = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);
  const row = (name: string, s: ReturnType<typeof stats>) =>
    `${name.padEnd(15)} ${String(s.n).padStart(6)}  p50 ${f(s.p50Ms).padStart(8)}  p95 ${f(s.p95Ms).padStart(8)}  p99 ${f(s.p99Ms).padStart(8)}`;
  process.stdout.write(
    `SIMULATED scenario replayed into tallyman watch (${results.engine}) over TCP\n` +
      `asked ${o.rate.toLocaleString('en-US')} msg/s for ${o.durationS} s: sent ${sent.toLocaleString('en-US')} in ${sendS.toFixed(1)} s = ${results.achievedRatePerS.toLocaleString('en-US')} msg/s (back-pressure ${(blockedMs / 1000).toFixed(1)} s)\n` +
      `message → alert latency (alerts read from watch's stdout):\n` +
      `${row('all', results.latency.all)}\n${row('from fixes', results.latency.fromFixes)}\n${row('from detection', results.latency.fromDetection)}\n` +
      `alerts by kind: ${JSON.stringify(byKind)}\n${o.json}\n`,
  );
}

await main();
