/**
 * Large-store benchmark: what ingest, detection and the map's first request cost as the store grows
 * to 1M, 10M (and, with --huge, 100M) positions, on SQLite and PostgreSQL. Every step is its own
 * whole `tallyman` process, timed by wall clock with its peak RSS:
 *
 *  1. ingest      `tallyman ingest MAIN.nmea --json --no-progress` into a fresh store (the input
 *                 less its last ~1%, held back for step 3);
 *  2. detect      `tallyman detect --json --no-progress`, the first run on that store;
 *  3. ingest +1%  the held-back last ~1% of the input (the NMEA is in time order: the newest data),
 *     detect again  then `tallyman detect` once more: the re-run after a small extra slice;
 *  4. map first request  `tallyman serve --port 0`, then the first `GET /api/tracks` (the map's
 *                 overview, computed cold); peak RSS is the server's (VmHWM) after that answer.
 *
 * Then a table, and per step the marginal cost between consecutive sizes (µs and bytes of RSS per
 * added position) that shows whether time grows linearly and memory stays flat.
 *
 *   node --import tsx bench/large.ts [--sizes 1M,10M] [--huge] [--engines sqlite,postgres]
 *                                    [--keep] [--json FILE] [--markdown]
 *
 * Input: bench/large-input.ts's writeLargeScenario (the bundled scenario's background traffic grown
 * at ITU reporting rates) where it exists, else the bundled scenario re-simulated at ITU reporting
 * rates over as many hours as the size needs; SIMULATED either way. Inputs are cached under
 * bench-out/large/SIZE/ and reused. Output: stdout, bench-out/large.json, and with --markdown the
 * "Large stores" section of docs/BENCHMARKS.md (between <!-- large:start --> and <!-- large:end -->).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import Table from 'cli-table3';
import pg from 'pg';
import { POSTGRES_URL, requirePostgres } from '../test/helpers/services.js';
import { timeRun, which } from './lib/proc.mjs';
import { replaceSection } from './lib/sections.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const cli = join(root, 'dist/cli/main.js');
const outRoot = join(root, 'bench-out/large');
const rel = (p: string) => relative(root, p) || '.';
const log = (s: string) => process.stderr.write(`${s}\n`);
const num = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || !Number.isFinite(n)
    ? '—'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const DEFAULT_SIZES = [1_000_000, 10_000_000];
const HUGE_SIZE = 100_000_000;
/** Share of the input held back from the first ingest and ingested before `detect again`. */
const TAIL_FRACTION = 0.01;
/**
 * Disk per position while one size runs: the NMEA (~123 B/position, kept in the cache) plus the
 * larger of the two stores (one engine's store at a time; measured at 1M: SQLite ~103 B/position,
 * PostgreSQL ~326 B/position). 100M positions → ~45 GB.
 */
const DISK_BYTES_PER_POSITION = 450;
/** Positions per hour of the bundled scenario re-simulated at ITU rates (1,142,732 in 48 h, a first guess). */
const FALLBACK_POSITIONS_PER_HOUR = 1_142_732 / 48;
const GNU_TIME = which('/usr/bin/time');
const RSS_WRAPPER = join(root, 'bench/lib/maxrss-wrap.mjs');

type Engine = 'sqlite' | 'postgres';
const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];
const STEPS = ['ingest', 'detect', 'ingest +1%', 'detect again', 'map first request'] as const;
type StepName = (typeof STEPS)[number];

interface Options {
  sizes: number[];
  engines: Engine[];
  keep: boolean;
  jsonFile: string;
  markdown: boolean;
  huge: boolean;
  /** Re-render the report of a results JSON; measures nothing. */
  report: string | null;
}

const USAGE = `usage: node --import tsx bench/large.ts [--sizes 1M,10M] [--huge] [--engines sqlite,postgres]
                                        [--keep] [--json FILE] [--markdown]

  --sizes LIST     store sizes in positions (k, M suffixes), default 1M,10M
  --huge           add 100M: needs ~45 GB of free disk (the ~12 GB input, cached, and one store at
                   a time: ~10 GB SQLite, ~33 GB PostgreSQL) and a long time (hours with
                   PostgreSQL); the free space is checked before it starts
  --engines LIST   sqlite, postgres or both (default); PostgreSQL is a fresh schema in
                   ${POSTGRES_URL} (TALLYMAN_TEST_DATABASE_URL), skipped with a reason when unreachable
  --keep           keep the stores (their paths and URLs are printed); they are dropped otherwise
  --json FILE      results JSON (default bench-out/large.json)
  --markdown       also write the "Large stores" section of docs/BENCHMARKS.md
  --report FILE    measure nothing: print the report of an earlier results JSON (with --markdown,
                   write its section)

Inputs are SIMULATED and cached under bench-out/large/SIZE/. Needs dist/ (npx tsc -p tsconfig.build.json).`;

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmMgG]?)$/.exec(s.trim());
  if (!m) throw new Error(`not a size: "${s}" (e.g. 1M, 250k, 10000000)`);
  const mult = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  const n = Math.round(Number(m[1]) * mult);
  if (n < 1000) throw new Error(`size ${s} is too small (at least 1k positions)`);
  return n;
}

function sizeLabel(n: number): string {
  if (n % 1e9 === 0) return `${n / 1e9}G`;
  if (n % 1e6 === 0) return `${n / 1e6}M`;
  if (n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    sizes: [],
    engines: [...ENGINES],
    keep: false,
    jsonFile: join(root, 'bench-out/large.json'),
    markdown: false,
    huge: false,
    report: null,
  };
  const value = (i: number, name: string) => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) fail(`${name} needs a value`);
    return v;
  };
  try {
    for (let i = 0; i < argv.length; i++) {
      const [a, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
      const next = () => inline ?? value(++i, a);
      if (a === '--sizes') o.sizes.push(...next().split(',').filter(Boolean).map(parseSize));
      else if (a === '--huge') o.huge = true;
      else if (a === '--engines') {
        const list = next().split(',').filter(Boolean);
        const bad = list.filter((e) => !ENGINES.includes(e as Engine));
        if (bad.length > 0 || list.length === 0)
          fail(`--engines: ${bad.join(', ') || 'empty'} (sqlite, postgres)`);
        o.engines = ENGINES.filter((e) => list.includes(e));
      } else if (a === '--keep') o.keep = true;
      else if (a === '--json') o.jsonFile = resolve(next());
      else if (a === '--markdown') o.markdown = true;
      else if (a === '--report') o.report = resolve(next());
      else if (a === '--help' || a === '-h') {
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
      } else fail(`unknown argument ${a}`);
    }
  } catch (err) {
    fail((err as Error).message);
  }
  if (o.sizes.length === 0) o.sizes = [...DEFAULT_SIZES];
  if (o.huge && !o.sizes.includes(HUGE_SIZE)) o.sizes.push(HUGE_SIZE);
  o.sizes = [...new Set(o.sizes)].sort((a, b) => a - b);
  return o;
}

function fail(msg: string): never {
  process.stderr.write(`bench/large: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

// ------------------------------------------------------------------------------------------------
// Inputs

interface Input {
  targetPositions: number;
  label: string;
  /** What made it: bench/large-input.ts, or the fallback re-simulation. */
  source: string;
  /** The input less its last ~1%. */
  mainFile: string;
  mainBytes: number;
  /** The last ~1%, from a message boundary (never inside a multi-sentence message). */
  tailFile: string;
  tailBytes: number;
  /** Receive time of the tail's first line, where its tag block has one. */
  tailFromMs: number | null;
  scenarioFile: string | null;
  /** What the generator says the whole input holds (null where it does not say). */
  expectedPositions: number | null;
  generateS: number | null;
  /** What else the generator said about the input (its vessel counts, days, command…). */
  generator: Record<string, unknown> | null;
}

const LARGE_INPUT_TS = join(root, 'bench/large-input.ts');

function inputSource(): string {
  return existsSync(LARGE_INPUT_TS)
    ? 'bench/large-input.ts writeLargeScenario'
    : 'fallback: bundled scenario re-simulated at ITU rates (bench/large-input.ts not there)';
}

async function prepareInput(target: number): Promise<Input> {
  const label = sizeLabel(target);
  const dir = join(outRoot, label);
  const manifestFile = join(dir, 'input.json');
  const source = inputSource();
  if (existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Input;
    const mainFile = join(dir, 'main.nmea');
    const tailFile = join(dir, 'tail.nmea');
    if (
      m.source === source &&
      m.targetPositions === target &&
      existsSync(mainFile) &&
      existsSync(tailFile) &&
      statSync(mainFile).size === m.mainBytes &&
      statSync(tailFile).size === m.tailBytes
    ) {
      log(`input ${label}: reusing ${rel(dir)}/ (${source})`);
      return { ...m, mainFile, tailFile };
    }
    log(`input ${label}: the cached input is stale or incomplete, making it again`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const srcDir = join(dir, 'src');
  mkdirSync(srcDir, { recursive: true });
  const t0 = performance.now();
  let nmeaFile: string;
  let scenarioFile: string | null = null;
  let expectedPositions: number | null = null;
  let generator: Record<string, unknown> | null = null;
  if (existsSync(LARGE_INPUT_TS)) {
    log(`input ${label}: writeLargeScenario({ targetPositions: ${target}, outDir: ${rel(srcDir)} })`);
    const mod = (await import(pathToFileURL(LARGE_INPUT_TS).href)) as {
      writeLargeScenario?: (o: {
        targetPositions: number;
        outDir: string;
      }) => Promise<
        { scenarioFile: string; nmeaFile: string; expectedPositions: number } & Record<string, unknown>
      >;
    };
    if (typeof mod.writeLargeScenario !== 'function')
      throw new Error('bench/large-input.ts exports no writeLargeScenario');
    const r = await mod.writeLargeScenario({ targetPositions: target, outDir: srcDir });
    ({ nmeaFile, scenarioFile, expectedPositions } = r);
    generator = Object.fromEntries(
      Object.entries(r).filter(
        ([k, v]) => !['scenarioFile', 'nmeaFile'].includes(k) && typeof v !== 'object',
      ),
    );
  } else {
    ({ nmeaFile, scenarioFile, expectedPositions } = simulateFallback(target, srcDir));
  }
  const generateS = (performance.now() - t0) / 1000;
  const mainFile = join(dir, 'main.nmea');
  const tailFile = join(dir, 'tail.nmea');
  // One copy of the NMEA on disk: the generator's file becomes main.nmea, its tail is copied out
  // and cut off.
  if (nmeaFile.endsWith('.gz')) {
    await pipeline(createReadStream(nmeaFile), createGunzip(), createWriteStream(mainFile));
    if (resolve(nmeaFile).startsWith(`${dir}/`)) rmSync(nmeaFile);
  } else if (resolve(nmeaFile).startsWith(`${dir}/`)) renameSync(nmeaFile, mainFile);
  else await pipeline(createReadStream(nmeaFile), createWriteStream(mainFile));
  const { offset, tailFromMs } = tailSplit(mainFile, TAIL_FRACTION);
  await pipeline(createReadStream(mainFile, { start: offset }), createWriteStream(tailFile));
  truncateSync(mainFile, offset);
  const input: Input = {
    targetPositions: target,
    label,
    source,
    mainFile,
    mainBytes: statSync(mainFile).size,
    tailFile,
    tailBytes: statSync(tailFile).size,
    tailFromMs,
    scenarioFile: scenarioFile ? rel(scenarioFile) : null,
    expectedPositions,
    generateS,
    generator,
  };
  writeFileSync(manifestFile, `${JSON.stringify(input, null, 2)}\n`);
  log(
    `input ${label}: ${num(input.mainBytes + input.tailBytes)} bytes in ${generateS.toFixed(1)} s; ` +
      `held back the last ${num(input.tailBytes)} bytes${tailFromMs ? ` (from ${new Date(tailFromMs).toISOString()})` : ''}`,
  );
  return input;
}

/**
 * The bundled scenario re-simulated at ITU-R M.1371-5 reporting rates (as scripts/bench.mjs's dense
 * input: class A underway 10 s, moored 3 min, class B 30 s, static every 6 min) from 2023-09-01
 * over as many hours as the size needs, then cut after its target-th position report (the file is
 * in time order: a cut keeps a time prefix). SIMULATED. The shuttle's own voyages are simulated
 * whatever the period, so even a short period yields ~0.7M positions; a period too short for the
 * target is lengthened and simulated again.
 */
function simulateFallback(
  target: number,
  outDir: string,
): { nmeaFile: string; scenarioFile: string; expectedPositions: number } {
  const label = sizeLabel(target);
  const scenario = JSON.parse(readFileSync(join(root, 'scenarios/rajin-shuttle.json'), 'utf8'));
  const description = scenario.description;
  const start = Date.parse('2023-09-01T00:00:00Z');
  scenario.name = `large-${label.toLowerCase()}`;
  Object.assign(scenario.reporting, {
    underwayIntervalS: 10,
    mooredIntervalS: 180,
    classBIntervalS: 30,
    staticIntervalS: 360,
    writeDmaCsv: false,
  });
  const scenarioFile = join(outDir, `${scenario.name}.json`);
  const nmeaFile = join(outDir, `${scenario.name}.simulated.nmea`);
  let hours = Math.max(48, Math.ceil((target / FALLBACK_POSITIONS_PER_HOUR) * 1.1));
  for (let attempt = 1; ; attempt++) {
    scenario.description = `${description} — re-simulated for the large-store benchmark: ${hours} h at ITU-R M.1371-5 reporting rates, cut at ${target} position reports.`;
    scenario.period = {
      start: new Date(start).toISOString(),
      end: new Date(start + hours * 3_600_000).toISOString(),
    };
    writeFileSync(scenarioFile, `${JSON.stringify(scenario, null, 2)}\n`);
    log(
      `input ${label}: node dist/cli/main.js simulate ${rel(scenarioFile)} --out ${rel(outDir)} (${hours} h)`,
    );
    const r = timeRun(process.execPath, [cli, 'simulate', scenarioFile, '--out', outDir], {
      cwd: root,
      discardStdout: true,
      timeoutS: Math.max(600, target / 5_000),
    });
    if (!r.ok) throw new Error(`tallyman simulate: ${r.failure}`);
    if (!existsSync(nmeaFile)) throw new Error(`tallyman simulate wrote no ${rel(nmeaFile)}`);
    const counted = cutAtPositions(nmeaFile, target);
    if (counted >= target) return { nmeaFile, scenarioFile, expectedPositions: counted };
    if (attempt === 4)
      throw new Error(`${hours} h of simulation gave ${counted} position reports, not ${target}`);
    hours = Math.ceil(hours * (target / Math.max(1, counted)) * 1.2);
  }
}

/** AIS message types that are position reports: 1, 2, 3 (class A), 18, 19 (class B), 27 (long range). */
const POSITION_TYPE_CHARS = new Set(['1', '2', '3', 'B', 'C', 'K']);

/**
 * Counts the position reports of an NMEA file (the first payload character names the type); where
 * there are at least `target`, truncates the file after the target-th. Returns the count kept.
 */
function cutAtPositions(file: string, target: number): number {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(4 << 20);
  let count = 0;
  let base = 0;
  let cutAt = -1;
  try {
    let carry = 0;
    for (;;) {
      const n = readSync(fd, buf, carry, buf.length - carry, base + carry);
      const end = carry + n;
      if (n === 0) break;
      let lineStart = 0;
      for (let nl = buf.indexOf(10, lineStart); nl !== -1 && nl < end; nl = buf.indexOf(10, lineStart)) {
        const line = buf.toString('latin1', lineStart, nl);
        const bang = line.indexOf('!');
        const f = bang === -1 ? null : line.slice(bang).split(',', 6);
        if (f !== null && f.length === 6 && f[1] === '1' && POSITION_TYPE_CHARS.has(f[5][0])) {
          count++;
          if (count === target) {
            cutAt = base + nl + 1;
            break;
          }
        }
        lineStart = nl + 1;
      }
      if (cutAt !== -1) break;
      // keep the unfinished last line for the next read
      buf.copy(buf, 0, lineStart, end);
      base += lineStart;
      carry = end - lineStart;
      if (carry === buf.length) throw new Error(`${rel(file)}: a line longer than 4 MiB`);
    }
  } finally {
    closeSync(fd);
  }
  if (cutAt !== -1) truncateSync(file, cutAt);
  return count;
}

const FRAGMENT = /![A-Z]{2}VD[MO],(\d+),(\d+),/;

/**
 * Where the last `fraction` of the file begins: the first line at or after that byte that starts a
 * message (not the 2nd part of a multi-sentence one), and that line's receive time (tag `c:`).
 */
function tailSplit(file: string, fraction: number): { offset: number; tailFromMs: number | null } {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    let pos = Math.max(0, Math.floor(size * (1 - fraction)) - 1);
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) throw new Error(`${rel(file)}: no message boundary in its last ${fraction * 100}%`);
      // pos is the byte before the candidate: the first line start after it
      let start = pos === 0 ? 0 : buf.indexOf(10) + 1;
      while (start > 0 && start < n) {
        const end = buf.indexOf(10, start);
        if (end === -1 || end >= n) break;
        const line = buf.toString('latin1', start, end);
        const frag = FRAGMENT.exec(line);
        if (line.trim() !== '' && (frag === null || frag[2] === '1')) {
          const c = /[\\,]c:(\d+)/.exec(line);
          const secs = c ? Number(c[1]) : Number.NaN;
          const tailFromMs = Number.isFinite(secs) ? (secs > 1e11 ? secs : secs * 1000) : null;
          return { offset: pos + start, tailFromMs };
        }
        start = end + 1;
      }
      // the window held no whole candidate line: go on from its last line start
      const last = buf.lastIndexOf(10, n - 1);
      if (last <= 0) throw new Error(`${rel(file)}: a line longer than 1 MiB`);
      pos += last;
      if (pos >= size - 1)
        throw new Error(`${rel(file)}: no message boundary in its last ${fraction * 100}%`);
    }
  } finally {
    closeSync(fd);
  }
}

// ------------------------------------------------------------------------------------------------
// Stores

interface StoreHandle {
  engine: Engine;
  /** --db argument: a file path or a postgres:// URL. */
  db: string;
  evidenceDir: string;
  /** Bytes the store takes on disk. */
  bytes(): Promise<number | null>;
  drop(): Promise<void>;
  describe: string;
}

function sqliteStore(dir: string): StoreHandle {
  const db = join(dir, 'sqlite.db');
  const evidenceDir = join(dir, 'sqlite-evidence');
  const files = () => ['', '-wal', '-shm', '-journal'].map((s) => db + s);
  const drop = async () => {
    for (const f of files()) rmSync(f, { force: true });
    rmSync(evidenceDir, { recursive: true, force: true });
  };
  return {
    engine: 'sqlite',
    db,
    evidenceDir,
    describe: rel(db),
    bytes: async () => files().reduce((t, f) => t + (existsSync(f) ? statSync(f).size : 0), 0),
    drop,
  };
}

async function postgresStore(dir: string, label: string): Promise<StoreHandle> {
  const schema = `bench_large_${label.toLowerCase()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const sep = POSTGRES_URL.includes('?') ? '&' : '?';
  const db = `${POSTGRES_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const evidenceDir = join(dir, 'postgres-evidence');
  return {
    engine: 'postgres',
    db,
    evidenceDir,
    describe: `schema ${schema} in ${POSTGRES_URL}`,
    bytes: async () => {
      const r = await admin.query<{ b: string | null }>(
        `select sum(pg_total_relation_size(c.oid))::text as b from pg_class c
           join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind in ('r', 'm')`,
        [schema],
      );
      return r.rows[0]?.b === null || r.rows[0]?.b === undefined ? null : Number(r.rows[0].b);
    },
    drop: async () => {
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
        rmSync(evidenceDir, { recursive: true, force: true });
      }
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Measuring one whole process

interface Measured {
  ok: boolean;
  failure: string | null;
  wallS: number;
  peakRssKiB: number | null;
  stdout: string;
}

/** One tallyman command as its own process: wall time, and peak RSS from GNU time (else a wrapper). */
function runCli(args: string[], timeoutS: number, scratch: string): Measured {
  const rssFile = join(scratch, 'peak-rss.txt');
  rmSync(rssFile, { force: true });
  const r = GNU_TIME
    ? timeRun(GNU_TIME, ['-f', '%e %M', '-o', rssFile, process.execPath, cli, ...args], {
        cwd: root,
        timeoutS,
      })
    : timeRun(process.execPath, [RSS_WRAPPER, rssFile, cli, ...args], { cwd: root, timeoutS });
  let peakRssKiB: number | null = null;
  if (existsSync(rssFile)) {
    // GNU time writes "Command exited with non-zero status N" first on a failure: the figures are last
    const last = readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '';
    const kib = Number(last.trim().split(/\s+/).pop());
    if (Number.isFinite(kib) && kib > 0) peakRssKiB = kib;
  }
  return { ok: r.ok, failure: r.failure, wallS: r.wallS, peakRssKiB, stdout: r.stdout };
}

/** Peak RSS of a running process (Linux: VmHWM, the same high-water mark GNU time reports). */
function peakRssOfPid(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

type MapFirst = (o: { db?: string; url?: string }) => Promise<{ ms: number; bytes: number; status?: number }>;
const MAP_FIRST_TS = join(root, 'bench/map-first.ts');

async function loadMapFirst(): Promise<{ fn: MapFirst; via: string }> {
  if (existsSync(MAP_FIRST_TS)) {
    const mod = (await import(pathToFileURL(MAP_FIRST_TS).href)) as { measureMapFirstRequest?: MapFirst };
    if (typeof mod.measureMapFirstRequest === 'function')
      return { fn: mod.measureMapFirstRequest, via: 'bench/map-first.ts measureMapFirstRequest({ url })' };
  }
  return {
    fn: ownMapFirstRequest,
    via: 'bench/large.ts (own GET /api/tracks; bench/map-first.ts not there)',
  };
}

/**
 * The map's first request against a running server: GET /api/tracks (defaults, as the map asks for
 * its overview), timed from sending until the whole body has arrived. node:http, not fetch: on a
 * large store the answer may take longer than fetch's 300 s header timeout.
 */
function ownMapFirstRequest({ url }: { url?: string }): Promise<{ ms: number; bytes: number }> {
  if (!url) return Promise.reject(new Error('ownMapFirstRequest needs the server URL'));
  const target = new URL('api/tracks', url);
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const req = http.get(target, { headers: { accept: 'application/json' } }, (res) => {
      let bytes = 0;
      res.on('data', (b: Buffer) => {
        bytes += b.length;
      });
      res.on('end', () => {
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) reject(new Error(`GET ${target.pathname}: HTTP ${res.statusCode}`));
        else resolvePromise({ ms, bytes });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

interface ServeResult {
  ok: boolean;
  failure: string | null;
  startupS: number;
  ms: number;
  bytes: number;
  peakRssKiB: number | null;
}

async function mapFirstRequest(
  store: StoreHandle,
  mapFirst: MapFirst,
  timeoutS: number,
): Promise<ServeResult> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [cli, '--db', store.db, '--evidence-dir', store.evidenceDir, 'serve', '--port', '0'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const none = { startupS: 0, ms: 0, bytes: 0, peakRssKiB: null };
  try {
    const url = await serverUrl(child, timeoutS, () => stderr);
    const startupS = (performance.now() - t0) / 1000;
    const r = await mapFirst({ url });
    if (typeof r.status === 'number' && r.status !== 200)
      throw new Error(`GET /api/tracks: HTTP ${r.status}`);
    return {
      ok: true,
      failure: null,
      startupS,
      ms: r.ms,
      bytes: r.bytes,
      peakRssKiB: peakRssOfPid(child.pid),
    };
  } catch (err) {
    return { ok: false, failure: (err as Error).message, ...none };
  } finally {
    await stopChild(child);
  }
}

function serverUrl(child: ChildProcess, timeoutS: number, stderr: () => string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL in ${timeoutS} s`)),
      timeoutS * 1000,
    );
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`serve exited (${code ?? signal}) before printing its URL: ${stderr().trim().slice(-300)}`),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

// ------------------------------------------------------------------------------------------------
// One size on one engine

interface StepRow {
  size: string;
  engine: Engine;
  step: StepName;
  /** Positions the step worked on: ingested by an ingest, in the store for detection and the map. */
  positions: number | null;
  seconds: number;
  positionsPerS: number | null;
  peakRssMB: number | null;
  command: string;
  detail: Record<string, unknown>;
}

interface EngineRun {
  size: string;
  targetPositions: number;
  engine: Engine;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  store?: string;
  storeBytesAfterIngest?: number | null;
  storeBytesAtEnd?: number | null;
  steps: StepRow[];
}

const mb = (kib: number | null) => (kib === null ? null : (kib * 1024) / 1e6);

async function runEngine(
  input: Input,
  engine: Engine,
  pgSkip: string | false,
  mapFirst: { fn: MapFirst; via: string },
  keep: boolean,
): Promise<EngineRun> {
  const run: EngineRun = {
    size: input.label,
    targetPositions: input.targetPositions,
    engine,
    status: 'ok',
    steps: [],
  };
  if (engine === 'postgres' && pgSkip) {
    run.status = 'skipped';
    run.reason = pgSkip;
    log(`${input.label} postgres: skipped: ${pgSkip}`);
    return run;
  }
  const dir = join(outRoot, input.label, 'stores');
  mkdirSync(dir, { recursive: true });
  let store: StoreHandle;
  if (engine === 'sqlite') {
    store = sqliteStore(dir);
    await store.drop();
  } else store = await postgresStore(dir, input.label);
  run.store = store.describe;
  const timeoutS = Math.max(900, input.targetPositions / 10_000);
  const shown = engine === 'sqlite' ? rel(store.db) : '$PG_SCHEMA_URL';
  const g = ['--db', store.db, '--evidence-dir', store.evidenceDir];
  const gShown = `--db ${shown}`;
  let storePositions = 0;
  const add = (row: Omit<StepRow, 'size' | 'engine' | 'positionsPerS' | 'peakRssMB'>, kib: number | null) => {
    const r: StepRow = {
      size: input.label,
      engine,
      ...row,
      positionsPerS: row.positions !== null && row.seconds > 0 ? row.positions / row.seconds : null,
      peakRssMB: mb(kib),
    };
    run.steps.push(r);
    log(
      `${input.label} ${engine.padEnd(8)} ${row.step.padEnd(18)} ${num(r.positions).padStart(11)} positions ` +
        `${r.seconds.toFixed(2).padStart(8)} s ${num(r.positionsPerS).padStart(10)}/s ${num(r.peakRssMB).padStart(6)} MB`,
    );
  };
  const failed = (step: StepName, why: string | null) => {
    run.status = 'failed';
    run.reason = `${step}: ${why ?? 'failed'}`;
    log(`${input.label} ${engine}: ${run.reason}`);
  };
  const parse = (s: string): Record<string, unknown> | null => {
    try {
      return JSON.parse(s);
    } catch {
      return null;
    }
  };
  try {
    // 1 and 3a: ingest
    const ingest = (step: 'ingest' | 'ingest +1%', file: string): boolean => {
      const args = ['ingest', file, ...g, '--json', '--no-progress'];
      const r = runCli(args, timeoutS, dir);
      if (!r.ok) {
        failed(step, r.failure);
        return false;
      }
      const json = parse(r.stdout) as { totals?: { positions?: number; statics?: number } } | null;
      const positions = json?.totals?.positions;
      if (typeof positions !== 'number') {
        failed(step, 'no totals.positions in the --json summary');
        return false;
      }
      storePositions += positions;
      add(
        {
          step,
          positions,
          seconds: r.wallS,
          command: `node dist/cli/main.js ingest ${rel(file)} ${gShown} --json --no-progress`,
          detail: { statics: json?.totals?.statics ?? null, bytes: statSync(file).size },
        },
        r.peakRssKiB,
      );
      return true;
    };
    // 2 and 3b: detect
    const detect = (step: 'detect' | 'detect again'): boolean => {
      const r = runCli(['detect', ...g, '--json', '--no-progress'], timeoutS, dir);
      if (!r.ok) {
        failed(step, r.failure);
        return false;
      }
      const json = parse(r.stdout) as {
        positions?: number;
        vessels?: number;
        events?: number;
        replaced?: number;
        startedMs?: number;
        finishedMs?: number;
      } | null;
      if (typeof json?.positions !== 'number') {
        failed(step, 'no positions in the --json run');
        return false;
      }
      if (json.positions !== storePositions)
        log(`  note: detect read ${num(json.positions)} positions, ingest stored ${num(storePositions)}`);
      add(
        {
          step,
          positions: json.positions,
          seconds: r.wallS,
          command: `node dist/cli/main.js detect ${gShown} --json --no-progress`,
          detail: {
            vessels: json.vessels ?? null,
            events: json.events ?? null,
            replaced: json.replaced ?? null,
            inProcessS:
              json.finishedMs !== undefined && json.startedMs !== undefined
                ? (json.finishedMs - json.startedMs) / 1000
                : null,
          },
        },
        r.peakRssKiB,
      );
      return true;
    };
    if (!ingest('ingest', input.mainFile)) return run;
    run.storeBytesAfterIngest = await store.bytes();
    if (!detect('detect')) return run;
    if (!ingest('ingest +1%', input.tailFile)) return run;
    if (!detect('detect again')) return run;
    // 4: the map's first request
    const s = await mapFirstRequest(store, mapFirst.fn, timeoutS);
    if (!s.ok) {
      failed('map first request', s.failure);
      return run;
    }
    add(
      {
        step: 'map first request',
        positions: storePositions,
        seconds: s.ms / 1000,
        command: `node dist/cli/main.js serve ${gShown} --port 0, then GET /api/tracks (${mapFirst.via})`,
        detail: {
          responseBytes: s.bytes,
          serverStartS: s.startupS,
          rssOf: 'the server, after the answer (VmHWM)',
        },
      },
      s.peakRssKiB,
    );
    run.storeBytesAtEnd = await store.bytes();
    if (input.expectedPositions !== null && input.expectedPositions !== storePositions)
      log(
        `  note: the generator expected ${num(input.expectedPositions)} positions, the store holds ${num(storePositions)}`,
      );
    return run;
  } finally {
    if (keep)
      log(
        `${input.label} ${engine}: kept the store: ${store.describe}${engine === 'postgres' ? ` (--db '${store.db}')` : ''}`,
      );
    else await store.drop();
  }
}

// ------------------------------------------------------------------------------------------------
// Marginal cost

interface Marginal {
  engine: Engine;
  step: StepName;
  from: string;
  to: string;
  addedPositions: number;
  /** Extra seconds per added position, in µs. */
  usPerPosition: number;
  /** Seconds per position at the smaller size, in µs: a marginal cost above it is superlinear. */
  usPerPositionAvgFrom: number;
  usPerPositionAvgTo: number;
  /** Extra peak RSS per added position, in bytes. */
  rssBytesPerPosition: number | null;
  rssFromMB: number | null;
  rssToMB: number | null;
  time: 'linear or better' | 'superlinear';
  memory: 'flat' | 'grows' | null;
}

function marginalCosts(runs: EngineRun[]): Marginal[] {
  const out: Marginal[] = [];
  for (const engine of ENGINES)
    for (const step of STEPS) {
      const rows = runs
        .filter((r) => r.engine === engine)
        .flatMap((r) => r.steps.filter((s) => s.step === step && s.positions !== null))
        .sort((a, b) => (a.positions ?? 0) - (b.positions ?? 0));
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1];
        const b = rows[i];
        const dn = (b.positions ?? 0) - (a.positions ?? 0);
        if (dn <= 0) continue;
        const us = ((b.seconds - a.seconds) * 1e6) / dn;
        const avgTo = (b.seconds * 1e6) / (b.positions ?? 1);
        const avgFrom = (a.seconds * 1e6) / (a.positions ?? 1);
        const rss =
          a.peakRssMB !== null && b.peakRssMB !== null ? ((b.peakRssMB - a.peakRssMB) * 1e6) / dn : null;
        out.push({
          engine,
          step,
          from: a.size,
          to: b.size,
          addedPositions: dn,
          usPerPosition: us,
          usPerPositionAvgTo: avgTo,
          usPerPositionAvgFrom: avgFrom,
          rssBytesPerPosition: rss,
          rssFromMB: a.peakRssMB,
          rssToMB: b.peakRssMB,
          // t = fixed + k·n: the marginal cost k is at most the average at the smaller size; clearly
          // above it (15%), the cost per position grows with the store
          time: us <= avgFrom * 1.15 ? 'linear or better' : 'superlinear',
          // flat: peak RSS grows by less than a quarter over the step in size
          memory:
            a.peakRssMB === null || b.peakRssMB === null
              ? null
              : b.peakRssMB <= a.peakRssMB * 1.25
                ? 'flat'
                : 'grows',
        });
      }
    }
  return out;
}

function marginalLine(m: Marginal): string {
  const rss =
    m.rssBytesPerPosition === null
      ? 'RSS —'
      : `RSS ${m.rssBytesPerPosition >= 0 ? '+' : ''}${m.rssBytesPerPosition.toFixed(2)} B/position ` +
        `(${num(m.rssFromMB)} → ${num(m.rssToMB)} MB: ${m.memory})`;
  return (
    `${m.engine} ${m.step}, ${m.from} → ${m.to}: ${m.usPerPosition.toFixed(2)} µs per added position ` +
    `(average ${m.usPerPositionAvgFrom.toFixed(2)} → ${m.usPerPositionAvgTo.toFixed(2)} µs: ${m.time}); ${rss}`
  );
}

// ------------------------------------------------------------------------------------------------
// Reports

const TITLE = 'Large stores — SIMULATED input, every step a whole process (wall time, peak RSS)';
const HEAD = ['size', 'engine', 'step', 'positions', 'seconds', 'positions/s', 'peak RSS MB'];

function tableRows(runs: EngineRun[]): string[][] {
  const rows: string[][] = [];
  for (const r of runs) {
    if (r.status === 'skipped') {
      rows.push([r.size, r.engine, `skipped: ${r.reason}`, '', '', '', '']);
      continue;
    }
    for (const s of r.steps)
      rows.push([
        s.size,
        s.engine,
        s.step,
        num(s.positions),
        s.seconds.toFixed(2),
        num(s.positionsPerS),
        num(s.peakRssMB),
      ]);
    if (r.status === 'failed') rows.push([r.size, r.engine, `FAILED: ${r.reason}`, '', '', '', '']);
  }
  return rows;
}

function renderText(res: Results): string {
  const t = new Table({
    head: HEAD,
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  for (const row of tableRows(res.runs)) t.push(row);
  const out = [`${TITLE}`, inputLine(res), t.toString(), ''];
  if (res.marginal.length === 0) out.push('Marginal cost: needs two sizes or more (--sizes 1M,10M).');
  else {
    out.push('Marginal cost between consecutive sizes (slope):');
    for (const m of res.marginal) out.push(`  ${marginalLine(m)}`);
  }
  out.push(mapLine(res), storeLine(res), machineLine(res), '');
  return out.join('\n');
}

function inputLine(res: Results): string {
  return `Input: ${res.inputs
    .map(
      (i) =>
        `${i.label} = ${num(i.mainBytes + i.tailBytes)} bytes of SIMULATED NMEA (${i.source}), its last ${TAIL_FRACTION * 100}% of bytes held back for "ingest +1%"`,
    )
    .join('; ')}`;
}

function mapLine(res: Results): string {
  const parts = res.runs.flatMap((r) =>
    r.steps
      .filter((s) => s.step === 'map first request')
      .map(
        (s) =>
          `${s.size} ${s.engine} server up in ${num(s.detail.serverStartS as number, 2)} s, ` +
          `answer ${num((s.detail.responseBytes as number) / 1e3, 1)} kB as sent`,
      ),
  );
  return parts.length ? `Map first request: ${parts.join('; ')}` : '';
}

function storeLine(res: Results): string {
  const parts = res.runs
    .filter((r) => r.status === 'ok' && r.storeBytesAtEnd)
    .map((r) => {
      const n = r.steps.find((s) => s.step === 'map first request')?.positions ?? 0;
      return `${r.size} ${r.engine} ${num((r.storeBytesAtEnd ?? 0) / 1e6)} MB (${num((r.storeBytesAtEnd ?? 0) / (n || 1))} B/position)`;
    });
  return parts.length ? `Store on disk at the end: ${parts.join('; ')}` : '';
}

function machineLine(res: Results): string {
  const m = res.machine;
  return (
    `Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memGB} GB RAM, ${m.os}, Node ${m.node}; load average ` +
    `${m.loadStart.map((x) => x.toFixed(2)).join(' ')} at the start, ${m.loadEnd.map((x) => x.toFixed(2)).join(' ')} at the end ` +
    '(other work on the machine makes the figures noisy).'
  );
}

function renderMarkdown(res: Results): string {
  const out: string[] = [];
  out.push('## Large stores');
  out.push('');
  out.push(
    `Generated by \`${res.command}\` (\`bench/large.ts\`) on ${res.date}; one run per step, every step a whole ` +
      "`tallyman` process (wall time; peak RSS from GNU time, the server's VmHWM for the map). **SIMULATED** input.",
  );
  out.push('');
  out.push(`- ${inputLine(res)}`);
  out.push(`- ${machineLine(res)}`);
  for (const line of [mapLine(res), storeLine(res)]) if (line) out.push(`- ${line}`);
  out.push('');
  out.push(`| ${HEAD.join(' | ')} |`);
  out.push('| --- | --- | --- | ---: | ---: | ---: | ---: |');
  for (const row of tableRows(res.runs))
    out.push(`| ${row.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`);
  out.push('');
  if (res.marginal.length === 0) out.push('Marginal cost: needs two sizes or more.');
  else {
    out.push('Marginal cost between consecutive sizes (slope):');
    out.push('');
    for (const m of res.marginal) out.push(`- ${marginalLine(m)}`);
  }
  out.push('');
  out.push('Steps: `ingest` (the input less its last 1% of bytes), `detect` (first run), `ingest +1%` (the');
  out.push('held-back newest 1%), `detect again`, `map first request` (`serve --port 0`, then the first');
  out.push('`GET /api/tracks`); positions: ingested by an ingest, in the store otherwise. Peak RSS is the');
  out.push("`tallyman` process's own (the PostgreSQL server's memory is not in it).");
  return out.join('\n');
}

interface Results {
  date: string;
  command: string;
  simulated: true;
  note: string;
  machine: {
    nproc: number;
    cpu: string;
    memGB: number;
    os: string;
    node: string;
    loadStart: number[];
    loadEnd: number[];
    freeDiskGB: number | null;
  };
  peakRss: string;
  mapFirstVia: string;
  inputs: Input[];
  runs: EngineRun[];
  marginal: Marginal[];
}

function machine(): Results['machine'] {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux
  }
  const free = freeDisk();
  return {
    nproc: cpus().length,
    cpu,
    memGB: Math.round(totalmem() / 1e9),
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadStart: loadavg(),
    loadEnd: [],
    freeDiskGB: free === null ? null : Math.round(free / 1e9),
  };
}

function freeDisk(): number | null {
  try {
    mkdirSync(outRoot, { recursive: true });
    const s = statfsSync(outRoot);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

function warnIfDistStale(): void {
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  if (newest(join(root, 'src')) > statSync(cli).mtimeMs)
    log(
      'warning: src/ is newer than dist/: the figures are for the last build (npx tsc -p tsconfig.build.json)',
    );
}

// ------------------------------------------------------------------------------------------------

function report(results: Results, opts: Options): void {
  process.stdout.write(renderText(results));
  if (opts.markdown) {
    const page = join(root, 'docs/BENCHMARKS.md');
    const md = renderMarkdown(results);
    const old = existsSync(page) ? readFileSync(page, 'utf8') : '# Benchmarks\n';
    writeFileSync(page, replaceSection(old, 'large', md));
    process.stdout.write(`\n${md}\n`);
    log('wrote the "Large stores" section of docs/BENCHMARKS.md');
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.report) {
    const results = JSON.parse(readFileSync(opts.report, 'utf8')) as Results;
    results.marginal = marginalCosts(results.runs);
    report(results, opts);
    return;
  }
  if (!existsSync(cli)) {
    log('bench/large: dist/cli/main.js missing: build first (npx tsc -p tsconfig.build.json)');
    process.exit(1);
  }
  warnIfDistStale();
  const m = machine();
  log(
    `large-store benchmark: sizes ${opts.sizes.map(sizeLabel).join(', ')}; engines ${opts.engines.join(', ')}; ` +
      `peak RSS via ${GNU_TIME ? '/usr/bin/time -f "%e %M"' : 'bench/lib/maxrss-wrap.mjs (no /usr/bin/time: apt-get install time)'}`,
  );
  if (opts.huge)
    log(
      `--huge: 100M positions need ~${Math.round((HUGE_SIZE * DISK_BYTES_PER_POSITION) / 1e9)} GB of free disk and take a long time (hours with PostgreSQL)`,
    );
  let pgSkip: string | false = false;
  if (opts.engines.includes('postgres')) {
    pgSkip = await requirePostgres().catch((e: Error) => e.message);
    if (!pgSkip) {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      try {
        await c.connect();
        await c.query('select 1');
      } catch (err) {
        pgSkip = `PostgreSQL at ${POSTGRES_URL}: ${(err as Error).message}`;
        log(`# skipping PostgreSQL: ${pgSkip}`);
      } finally {
        await c.end().catch(() => {});
      }
    }
  }
  const mapFirst = await loadMapFirst();
  log(`map first request: ${mapFirst.via}`);
  const inputs: Input[] = [];
  const runs: EngineRun[] = [];
  for (const size of opts.sizes) {
    const cached = existsSync(join(outRoot, sizeLabel(size), 'input.json'));
    const needed = size * DISK_BYTES_PER_POSITION - (cached ? size * 123 : 0);
    const free = freeDisk();
    if (free !== null && free < needed) {
      const reason = `needs ~${(needed / 1e9).toFixed(0)} GB of free disk, ${(free / 1e9).toFixed(0)} GB free at ${rel(outRoot)}`;
      log(`${sizeLabel(size)}: skipped: ${reason}`);
      for (const engine of opts.engines)
        runs.push({
          size: sizeLabel(size),
          targetPositions: size,
          engine,
          status: 'skipped',
          reason,
          steps: [],
        });
      continue;
    }
    let input: Input;
    try {
      input = await prepareInput(size);
    } catch (err) {
      const reason = `input: ${(err as Error).message}`;
      log(`${sizeLabel(size)}: ${reason}`);
      for (const engine of opts.engines)
        runs.push({
          size: sizeLabel(size),
          targetPositions: size,
          engine,
          status: 'failed',
          reason,
          steps: [],
        });
      continue;
    }
    inputs.push(input);
    for (const engine of opts.engines) runs.push(await runEngine(input, engine, pgSkip, mapFirst, opts.keep));
  }
  m.loadEnd = loadavg();
  const results: Results = {
    date: new Date().toISOString(),
    command: `node --import tsx bench/large.ts${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    simulated: true,
    note: 'SIMULATED input; one run per step on a machine others may be using: load averages recorded, figures noisy.',
    machine: m,
    peakRss: GNU_TIME
      ? '/usr/bin/time -f "%e %M" (ru_maxrss)'
      : 'process.resourceUsage().maxRSS via bench/lib/maxrss-wrap.mjs',
    mapFirstVia: mapFirst.via,
    inputs: inputs.map((i) => ({ ...i, mainFile: rel(i.mainFile), tailFile: rel(i.tailFile) })),
    runs,
    marginal: marginalCosts(runs),
  };
  mkdirSync(dirname(opts.jsonFile), { recursive: true });
  writeFileSync(opts.jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${rel(opts.jsonFile)}`);
  report(results, opts);
  if (runs.some((r) => r.status === 'failed')) process.exitCode = 1;
}

await main();
