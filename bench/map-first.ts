/**
 * The map's first request on a large store: `GET /api/tracks` with the map's overview query
 * (web/src/main.ts: 2,000 fixes a vessel, simplified to 250 m) against a freshly started
 * `tallyman serve`, whose answer cache is empty, timed to the last byte of the body as a browser
 * asks for it (gzip accepted). Also the vessel list (`GET /api/vessels`, first page and all).
 *
 *   node --import tsx bench/map-first.ts --db PATH|postgres://… [--repo DIR] [--runs N] [--json]
 *   node --import tsx bench/map-first.ts --url http://127.0.0.1:8080 [--runs N]
 *   node --import tsx bench/map-first.ts --build DIR [--days 4]
 *
 * `--db`: each run starts its own `tallyman serve` (the checkout at `--repo`, default this one,
 * through tsx) on the store and stops it afterwards, so every run is a first request. `--url`:
 * a server already running; only its first request is a first request.
 *
 * `--build DIR`: makes the benchmark store, SIMULATED: scenarios/rajin-shuttle.json re-simulated
 * with 2,000 lane and 600 fishing vessels for `--days` days (default 4; each background vessel
 * makes one voyage, so a longer period adds few fixes) reporting densely (class A underway every
 * 5 s, moored 3 min, class B 15 s, statics every 6 min; three coast stations and a satellite pass
 * every 3 h hear them), written by `tallyman simulate` (1.0 GB of NMEA) and ingested by
 * `tallyman ingest` into DIR/map-first.db: 2,605 vessels, 10,375,697 fixes.
 *
 * For scripts (the benchmark harness): `measureMapFirstRequest({ db | url })` → `{ ms, bytes }`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

const REPO = new URL('../', import.meta.url).pathname;

/** What the map asks for first (web/index.html, web/src/main.ts TRACKS_URL). */
export const MAP_TRACKS_PATH = '/api/tracks?maxPointsPerVessel=2000&toleranceM=250';

export interface FirstRequest {
  /** From sending the request to the last byte of the answer, ms. */
  ms: number;
  /** Bytes of the answer as sent (gzipped when the server chose to). */
  bytes: number;
  /** Bytes of the JSON once decoded. */
  jsonBytes: number;
  status: number;
  /** Tracks in the answer (for /api/tracks). */
  tracks?: number;
}

export interface MeasureOptions {
  /** A store (SQLite path or postgres:// URL): a fresh `tallyman serve` is started on it. */
  db?: string;
  /** A running server's base URL (its first request is the one that counts). */
  url?: string;
  /** The checkout whose `tallyman serve` runs (`--db` only); default this one. */
  repo?: string;
  /** Default: the map's overview query. */
  path?: string;
}

async function timedGet(base: string, path: string): Promise<FirstRequest> {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, {
    headers: { accept: 'application/json', 'accept-encoding': 'gzip' },
    // undici decodes gzip itself unless told not to: the wire bytes are what we count
  });
  const raw = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t0;
  // fetch has already decoded a gzipped body; content-length (when sent) is the wire size
  const wire = Number(res.headers.get('content-length') ?? raw.length);
  let json = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) json = gunzipSync(raw);
  const out: FirstRequest = { ms, bytes: wire, jsonBytes: json.length, status: res.status };
  if (path.startsWith('/api/tracks') && res.status === 200)
    out.tracks = (JSON.parse(json.toString('utf8')) as { tracks: unknown[] }).tracks.length;
  return out;
}

interface Served {
  url: string;
  stop(): Promise<void>;
}

/** `tallyman serve` of the checkout at `repo` on `db`, on a free port; resolves with its URL. */
export function serve(db: string, repo = REPO): Promise<Served> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repo, 'src/cli/main.ts'),
      '--db',
      db.startsWith('postgres') ? db : resolve(db),
      'serve',
      '--port',
      '0',
    ],
    {
      cwd: repo,
      env: { ...process.env, TALLYMAN_DATABASE_URL: '', TALLYMAN_CHECK_RESPONSES: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise((resolveServed, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 120 s:\n${out}`));
    }, 120_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m === null) return;
      clearTimeout(timer);
      resolveServed({
        url: m[1]!.replace(/\/$/, ''),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before serving:\n${out}`));
    });
  });
}

/**
 * The map's first `GET /api/tracks` (or `path`) against a fresh `tallyman serve` on `db`, or
 * against the server at `url`: `{ ms, bytes }` (and more, see FirstRequest).
 */
export async function measureMapFirstRequest(o: MeasureOptions): Promise<FirstRequest> {
  const path = o.path ?? MAP_TRACKS_PATH;
  if (o.url !== undefined) return timedGet(o.url.replace(/\/$/, ''), path);
  if (o.db === undefined) throw new Error('measureMapFirstRequest: give db or url');
  const s = await serve(o.db, o.repo);
  try {
    return await timedGet(s.url, path);
  } finally {
    await s.stop();
  }
}

/** First requests to a fresh server, one after the other: the map's tracks and the vessel lists. */
export async function measureFirstPaint(
  o: MeasureOptions,
): Promise<{ tracks: FirstRequest; again: FirstRequest; vessels: FirstRequest; vesselPage: FirstRequest }> {
  const run = async (base: string) => {
    const tracks = await timedGet(base, MAP_TRACKS_PATH);
    const again = await timedGet(base, MAP_TRACKS_PATH);
    const vessels = await timedGet(base, '/api/vessels');
    const vesselPage = await timedGet(base, '/api/vessels?sort=positions&limit=50');
    return { tracks, again, vessels, vesselPage };
  };
  if (o.url !== undefined) return run(o.url.replace(/\/$/, ''));
  if (o.db === undefined) throw new Error('give db or url');
  const s = await serve(o.db, o.repo);
  try {
    return await run(s.url);
  } finally {
    await s.stop();
  }
}

/** The vessel list's first request on a fresh server (its kinds are read once per data version). */
export async function measureVesselListFirst(o: MeasureOptions): Promise<FirstRequest> {
  return measureMapFirstRequest({ ...o, path: o.path ?? '/api/vessels' });
}

/** Writes the SIMULATED benchmark scenario and ingests it into DIR/map-first.db. */
export function buildStore(dir: string, days = 4): string {
  mkdirSync(dir, { recursive: true });
  const scenario = JSON.parse(readFileSync(join(REPO, 'scenarios/rajin-shuttle.json'), 'utf8'));
  scenario.name = 'map-first';
  scenario.description = `${scenario.description} — re-simulated for the map benchmark (bench/map-first.ts): 2,000 lane and 600 fishing vessels, ${days} days, class A underway every 5 s and class B every 15 s.`;
  const start = Date.parse('2023-09-01T00:00:00Z');
  scenario.period = {
    start: new Date(start).toISOString(),
    end: new Date(start + days * 86_400_000).toISOString(),
  };
  Object.assign(scenario.reporting, {
    underwayIntervalS: 5,
    mooredIntervalS: 180,
    classBIntervalS: 15,
    staticIntervalS: 360,
    writeDmaCsv: false,
  });
  scenario.background.laneVessels = 2000;
  scenario.background.fishingVessels = 600;
  const file = join(dir, 'map-first.json');
  writeFileSync(file, `${JSON.stringify(scenario, null, 2)}\n`);
  const cli = (args: string[]) => {
    console.error(`$ tallyman ${args.join(' ')}`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), ...args], {
      cwd: REPO,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`tallyman ${args[0]} failed (${r.status})`);
  };
  if (!readdirSync(dir).some((f) => f.endsWith('.simulated.nmea'))) cli(['simulate', file, '--out', dir]);
  const nmea = join(dir, readdirSync(dir).find((f) => f.endsWith('.simulated.nmea'))!);
  const db = join(dir, 'map-first.db');
  if (!existsSync(db)) cli(['--db', db, 'ingest', '--no-progress', '--verbose', nmea]);
  return db;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const build = arg('--build');
  if (build !== undefined) {
    const db = buildStore(resolve(build), Number(arg('--days') ?? 4));
    console.log(db);
    return;
  }
  const db = arg('--db');
  const url = arg('--url');
  const repo = arg('--repo');
  const runs = Number(arg('--runs') ?? 3);
  if (db === undefined && url === undefined) {
    console.error(
      'usage: bench/map-first.ts --db PATH|URL [--repo DIR] [--runs N] | --url URL | --build DIR',
    );
    process.exit(2);
  }
  const results = [];
  for (let i = 0; i < (url === undefined ? runs : 1); i++) {
    const r = await measureFirstPaint({ db, url, repo: repo === undefined ? undefined : resolve(repo) });
    results.push(r);
    const f = (x: FirstRequest) =>
      `${x.status} ${Math.round(x.ms)} ms ${(x.bytes / 1e6).toFixed(2)} MB${x.tracks === undefined ? '' : ` ${x.tracks} tracks`}`;
    console.error(
      `run ${i + 1}: tracks ${f(r.tracks)} · again ${f(r.again)} · vessels ${f(r.vessels)} · vessel page ${f(r.vesselPage)}`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    JSON.stringify({
      tracksFirstMs: median(results.map((r) => r.tracks.ms)),
      tracksBytes: results[0]!.tracks.bytes,
      tracksJsonBytes: results[0]!.tracks.jsonBytes,
      tracks: results[0]!.tracks.tracks,
      tracksAgainMs: median(results.map((r) => r.again.ms)),
      vesselsFirstMs: median(results.map((r) => r.vessels.ms)),
      vesselsBytes: results[0]!.vessels.bytes,
      vesselPageMs: median(results.map((r) => r.vesselPage.ms)),
      runs: results.map((r) => ({
        tracksMs: Math.round(r.tracks.ms),
        vesselsMs: Math.round(r.vessels.ms),
        vesselPageMs: Math.round(r.vesselPage.ms),
      })),
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  });
}
