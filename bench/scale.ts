/**
 * Scale-out benchmark: `tallyman feed` → NATS JetStream → `tallyman worker` → PostgreSQL, with
 * the real CLI processes, on the bundled SIMULATED scenario (bench-out/scale/, simulated once).
 *
 *  throughput  the first --messages lines fed unthrottled into a fresh stream, then 1 and 2
 *              workers (each on a fresh stream copy and schema) drain it: messages/s and
 *              positions/s from the first worker's start to the last commit;
 *  latency     workers started first, then the feed at a fixed --rate for --duration s: each
 *              message's time from its arrival in the stream to its commit with its fix alerts
 *              out, and to the end of the detection run that covers it (the worker's
 *              --latency-log), p50/p95/p99 of each;
 *  recovery    two workers at the fixed rate; one is killed with SIGKILL a third of the way in:
 *              the time until the survivor holds its partitions, and until the stream's backlog
 *              is back under half a second of feed.
 *
 *   node --import tsx bench/scale.ts [--phases throughput,latency,recovery] [--workers 1,2]
 *        [--messages 60000] [--rate 5000] [--duration 30] [--batch 5000] [--land] [--no-detect]
 *        [--json FILE]
 *
 * --no-detect: the throughput phase with ingest-only workers (`tallyman worker --no-detect`).
 * --detector: the latency phase with ingest-only workers and a `--detect-only` one beside them
 * (message → detected is then not logged; the detector's runs are).
 *
 * Every phase is its own fresh stream and PostgreSQL schema, dropped afterwards. Workers run with
 * --no-land unless --land (the on-land check loads ~300 MB of polygons per process).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { DEFAULT_SETTINGS, ensureStream } from '../src/scale/stream.js';
import { cachedLargeNmea } from './large-input.js';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'bench-out/scale');
const MAIN = join(ROOT, 'src/cli/main.ts');
const NATS = 'nats://127.0.0.1:4222';
const PG = process.env.TALLYMAN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PARTITIONS = 16;

interface Opts {
  phases: string[];
  workers: number[];
  messages: number;
  rate: number;
  durationS: number;
  batch: number;
  land: boolean;
  /** Throughput also without detection (ingest-only workers). */
  noDetect: boolean;
  /** Latency with ingest-only workers and a detect-only one beside them. */
  detector: boolean;
  json: string;
}

function parseArgs(argv: string[]): Opts {
  const o: Opts = {
    phases: ['throughput', 'latency', 'recovery'],
    workers: [1, 2],
    messages: 60_000,
    rate: 5_000,
    durationS: 30,
    batch: 5_000,
    land: false,
    noDetect: false,
    detector: false,
    json: join(ROOT, 'bench-out/scale.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--phases') o.phases = v().split(',');
    else if (a === '--workers') o.workers = v().split(',').map(Number);
    else if (a === '--messages') o.messages = Number(v());
    else if (a === '--rate') o.rate = Number(v());
    else if (a === '--duration') o.durationS = Number(v());
    else if (a === '--batch') o.batch = Number(v());
    else if (a === '--land') o.land = true;
    else if (a === '--no-detect') o.noDetect = true;
    else if (a === '--detector') o.detector = true;
    else if (a === '--json') o.json = v();
    else throw new Error(`bench/scale.ts: unknown argument ${a}`);
  }
  return o;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

function tallyman(args: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TALLYMAN_DATABASE_URL: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`tallyman ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** The bundled scenario's NMEA, simulated once, and its first `lines` lines. */
/**
 * The first `lines` messages of the bundled SIMULATED scenario, or, for a run longer than its
 * ~338,000 messages (10 minutes at 5,000/s), of the large-store input (bench/large-input.ts: the
 * same fleet and areas among grown background traffic), written once under bench-out/.
 */
async function input(lines: number): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  let full = join(OUT, 'rajin-shuttle.simulated.nmea');
  if (!existsSync(full)) {
    log('simulating the bundled scenario (once) …');
    tallyman(['simulate', join(ROOT, 'scenarios/rajin-shuttle.json'), '--out', OUT]);
  }
  const part = join(OUT, `first-${lines}.simulated.nmea`);
  if (!existsSync(part)) {
    let all = readFileSync(full, 'latin1').split('\n');
    if (all.length < lines) {
      // ~1.39 messages a position in the large input; a margin so it holds `lines`
      const positions = Math.ceil((lines * 0.8) / 100_000) * 100_000;
      const dir = join(ROOT, 'bench-out/large', `scale-${positions}`);
      log(
        `${lines} messages: more than the bundled scenario holds; the large-store input of ${positions} positions …`,
      );
      full = await cachedLargeNmea(positions, dir);
      all = readFileSync(full, 'latin1').split('\n');
    }
    writeFileSync(part, `${all.slice(0, lines).join('\n')}\n`, 'latin1');
  }
  return part;
}

async function freshSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `bench_scale_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  return {
    url: `${PG}${PG.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => {
      const d = new pg.Client({ connectionString: PG });
      await d.connect();
      await d.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await d.end();
    },
  };
}

interface Proc {
  child: ChildProcess;
  logs: Array<Record<string, unknown> & { tMs: number; kind: string }>;
  exit: Promise<number | null>;
  err: () => string;
}

function worker(stream: string, db: string, o: Opts, extra: string[]): Proc {
  const args = [
    'worker',
    '--from',
    NATS,
    '--stream',
    stream,
    '--db',
    db,
    '--batch',
    String(o.batch),
    '--json',
  ];
  if (!o.land) args.push('--no-land');
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args, ...extra], {
    cwd: ROOT,
    env: { ...process.env, TALLYMAN_DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Proc['logs'] = [];
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      if (line.startsWith('{')) logs.push(JSON.parse(line));
    }
  });
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString();
  });
  return { child, logs, exit: new Promise((r) => child.on('exit', (c) => r(c))), err: () => err };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const heldBy = (p: Proc) => {
  const last = p.logs.filter((l) => Array.isArray(l.held)).at(-1);
  return last === undefined ? 0 : (last.held as number[]).length;
};

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function withStream<T>(f: (stream: string) => Promise<T>): Promise<T> {
  const stream = `BENCH_${randomBytes(4).toString('hex')}`;
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, stream, { ...DEFAULT_SETTINGS, partitions: PARTITIONS });
  try {
    return await f(stream);
  } finally {
    await jsm.streams.delete(stream).catch(() => {});
    await nc.close();
  }
}

async function backlog(stream: string): Promise<number> {
  const nc = await connect({ servers: '127.0.0.1:4222' });
  try {
    const jsm = await jetstreamManager(nc);
    let n = 0;
    for await (const c of jsm.consumers.list(stream)) n += c.num_pending + c.num_ack_pending;
    return n;
  } finally {
    await nc.close();
  }
}

async function throughput(
  o: Opts,
  n: number,
  file: string,
  detect: boolean,
): Promise<Record<string, unknown>> {
  return withStream(async (stream) => {
    const fed = JSON.parse(tallyman(['feed', '--to', NATS, '--stream', stream, file, '--json']));
    const db = await freshSchema();
    try {
      const extra = ['--exit-when-idle', '2000', ...(detect ? [] : ['--no-detect'])];
      const ws = Array.from({ length: n }, () => worker(stream, db.url, o, extra));
      const codes = await Promise.all(ws.map((w) => w.exit));
      codes.forEach((c, i) => {
        if (c !== 0) throw new Error(`worker ${i} exit ${c}: ${ws[i].err()}`);
      });
      const logs = ws.flatMap((w) => w.logs);
      const started = Math.min(...logs.filter((l) => l.kind === 'started').map((l) => l.tMs));
      const commits = logs.filter((l) => l.kind === 'commit' && (l.messages as number) > 0);
      const last = Math.max(...commits.map((l) => l.tMs));
      const messages = commits.reduce((s, l) => s + (l.messages as number), 0);
      const positions = commits.reduce((s, l) => s + (l.positions as number), 0);
      const seconds = (last - started) / 1000;
      const detects = logs.filter((l) => l.kind === 'detect' && l.ran === true);
      // with detection, the input is done when the last run covering it is: detection trails the commits
      const detectedSeconds =
        detects.length === 0 ? null : (Math.max(...detects.map((l) => l.tMs)) - started) / 1000;
      return {
        workers: n,
        detect,
        feed: { messages: fed.messages, seconds: fed.seconds, messagesPerSec: fed.messagesPerSec },
        messages,
        positions,
        seconds,
        messagesPerSec: Math.round(messages / seconds),
        positionsPerSec: Math.round(positions / seconds),
        detectedSeconds,
        detectedMessagesPerSec: detectedSeconds === null ? null : Math.round(messages / detectedSeconds),
        commits: commits.length,
        detections: detects.length,
        detectSeconds: detects.reduce((s, l) => s + (l.durationMs as number), 0) / 1000,
      };
    } finally {
      await db.drop();
    }
  });
}

async function latency(o: Opts, n: number, file: string): Promise<Record<string, unknown>> {
  return withStream(async (stream) => {
    const db = await freshSchema();
    const logsDir = join(OUT, `latency-${stream}`);
    mkdirSync(logsDir, { recursive: true });
    try {
      const ws = Array.from({ length: n }, (_, i) =>
        worker(stream, db.url, o, [
          '--latency-log',
          join(logsDir, `w${i}.txt`),
          ...(o.detector ? ['--no-detect'] : []),
        ]),
      );
      // the detector has no messages of its own, so it logs no latency: its runs are timed below
      const detector = o.detector ? worker(stream, db.url, o, ['--detect-only']) : null;
      await until(
        'workers holding every partition',
        () => ws.reduce((s, w) => s + heldBy(w), 0) === PARTITIONS,
        60_000,
      );
      const fed = JSON.parse(
        tallyman(['feed', '--to', NATS, '--stream', stream, '--rate', String(o.rate), file, '--json']),
      );
      const read = (kind: 'c' | 'd') =>
        ws.flatMap((_, i) => {
          const p = join(logsDir, `w${i}.txt`);
          if (!existsSync(p)) return [];
          return readFileSync(p, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith(`${kind} `))
            .map((l) => Number(l.slice(2)));
        });
      const done = (kind: 'c' | 'd') => read(kind).length >= fed.published;
      await until('every message handled', () => done(o.detector ? 'c' : 'd'), 120_000).catch((e) =>
        log(`${e}`),
      );
      if (detector !== null) await new Promise((r) => setTimeout(r, 3_000));
      const all = detector === null ? ws : [...ws, detector];
      for (const w of all) w.child.kill('SIGTERM');
      await Promise.all(all.map((w) => w.exit));
      const lat = read('d').sort((a, b) => a - b);
      const stored = read('c').sort((a, b) => a - b);
      const detects = (detector === null ? ws : [detector])
        .flatMap((w) => w.logs)
        .filter((l) => l.kind === 'detect' && l.ran === true);
      return {
        workers: n,
        detector: detector !== null,
        rate: o.rate,
        fed: fed.published,
        feedSeconds: fed.seconds,
        achievedRate: fed.messagesPerSec,
        measured: lat.length,
        // message → stored, its fix alerts (watchlist, area enter/leave, dark) raised and published
        storedP50Ms: percentile(stored, 0.5),
        storedP95Ms: percentile(stored, 0.95),
        storedP99Ms: percentile(stored, 0.99),
        // message → the detection run covering it done, its events and event alerts published
        p50Ms: percentile(lat, 0.5),
        p95Ms: percentile(lat, 0.95),
        p99Ms: percentile(lat, 0.99),
        maxMs: lat.at(-1),
        detections: detects.length,
        meanDetectMs: Math.round(
          detects.reduce((s, l) => s + (l.durationMs as number), 0) / Math.max(1, detects.length),
        ),
      };
    } finally {
      rmSync(logsDir, { recursive: true, force: true });
      await db.drop();
    }
  });
}

async function recovery(o: Opts, file: string): Promise<Record<string, unknown>> {
  return withStream(async (stream) => {
    const db = await freshSchema();
    try {
      const a = worker(stream, db.url, o, []);
      const b = worker(stream, db.url, o, []);
      await until('an 8/8 split', () => heldBy(a) === PARTITIONS / 2 && heldBy(b) === PARTITIONS / 2, 60_000);
      const feed = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          MAIN,
          'feed',
          '--to',
          NATS,
          '--stream',
          stream,
          '--rate',
          String(o.rate),
          file,
          '--json',
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const feedDone = new Promise((r) => feed.on('exit', r));
      await new Promise((r) => setTimeout(r, (o.durationS * 1000) / 3));
      const before = await backlog(stream);
      const killMs = Date.now();
      a.child.kill('SIGKILL');
      await until('the survivor to hold every partition', () => heldBy(b) === PARTITIONS, 60_000);
      const tookMs =
        (b.logs.filter((l) => l.kind === 'rebalance' && Array.isArray(l.took)).at(-1)?.tMs ?? Date.now()) -
        killMs;
      let peak = 0;
      await until(
        'the backlog back under half a second of feed',
        async () => {
          const n = await backlog(stream);
          peak = Math.max(peak, n);
          return n <= o.rate / 2;
        },
        120_000,
      );
      const caughtUpMs = Date.now() - killMs;
      await feedDone;
      b.child.kill('SIGTERM');
      await b.exit;
      return { rate: o.rate, backlogAtKill: before, peakBacklog: peak, takeoverMs: tookMs, caughtUpMs };
    } finally {
      await db.drop();
    }
  });
}

const o = parseArgs(process.argv.slice(2));
const results: Record<string, unknown> = { date: new Date().toISOString(), options: o, simulated: true };
if (o.phases.includes('throughput')) {
  const file = await input(o.messages);
  const rows = [];
  for (const n of o.workers) {
    log(`throughput, ${n} worker(s), ${o.noDetect ? 'no detection' : 'detecting'}, ${file} …`);
    rows.push(await throughput(o, n, file, !o.noDetect));
    log(JSON.stringify(rows.at(-1)));
  }
  results.throughput = rows;
}
if (o.phases.includes('latency')) {
  // the scenario's lines hold ~0.86 messages each: enough lines for the duration at the rate
  const file = await input(Math.round(o.rate * o.durationS * 1.17));
  const rows = [];
  for (const n of o.workers) {
    log(`latency, ${n} worker(s), ${o.rate} msg/s for ~${o.durationS} s …`);
    rows.push(await latency(o, n, file));
    log(JSON.stringify(rows.at(-1)));
  }
  results.latency = rows;
}
if (o.phases.includes('recovery')) {
  const file = await input(Math.round(o.rate * o.durationS * 1.17));
  log(`recovery, 2 workers, ${o.rate} msg/s, one killed at ${Math.round(o.durationS / 3)} s …`);
  results.recovery = await recovery(o, file);
  log(JSON.stringify(results.recovery));
}
mkdirSync(join(ROOT, 'bench-out'), { recursive: true });
writeFileSync(o.json, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${o.json} (SIMULATED input)`);
