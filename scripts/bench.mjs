#!/usr/bin/env node
// `npm run bench`: builds the decode benchmark input from the shared real captures, then times
// tallyman and every peer decoder installed here in the same run (whole process, wall time),
// measures tallyman's peak memory on a ~1 GB input and its ingest rate, and writes
// bench-out/results.json. `--markdown` also prints Markdown and writes docs/BENCHMARKS.md.
// `--large` (opt-in) then runs the large-store benchmark, bench/large.ts, at 1M and 10M positions;
// `--huge` adds 100M (~45 GB of free disk, a long time). `--watch[=SECONDS]` (opt-in) runs
// bench/watch.ts: the SIMULATED scenario replayed into `tallyman watch` at 5,000 msg/s (60 s by
// default), message → alert latency. `--scale` (opt-in) runs bench/scale.ts:
// feed → NATS JetStream → 1 and 2 workers → PostgreSQL: throughput, latency at 5,000 msg/s, recovery.
//
//   npm run bench -- [--runs N] [--quick] [--skip-big] [--markdown] [--build] [--large] [--huge] [--scale] [--watch[=S]]
//
// The shared data folder is ../shared beside the checkout, or $TALLYMAN_SHARED.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { countOutputLines, timeRun, which } from '../bench/lib/proc.mjs';
import { renderMarkdownPage, renderMarkdownTable, renderText } from '../bench/lib/report.mjs';
import { keepSections } from '../bench/lib/sections.mjs';
import { lastJsonLine, median, tallymanCounts } from '../bench/lib/stats.mjs';

const EXPECTED_SHA256 = 'df2af7ce82e2aa13a1731d412f50937cbf6dcd5dd4bb530f07d60dc3da4bcaa2';
// Copies of the bench file concatenated for the memory run: 21 × 48 MB ≈ 1 GB.
const BIG_COPIES = 21;
const PEAK_RSS_TARGET_MB = 300;
const INGEST_TARGET_PER_S = 300_000;
const SYSTEM_PYTHON = '/usr/bin/python3';

const root = resolve(new URL('..', import.meta.url).pathname);
const outDir = join(root, 'bench-out');
const sharedDir = resolve(root, process.env.TALLYMAN_SHARED ?? '../shared');
const cli = join(root, 'dist/cli/main.js');

const opts = parseArgs(process.argv.slice(2));
const log = (s) => process.stderr.write(`${s}\n`);
const rel = (p) => relative(root, p);

mkdirSync(outDir, { recursive: true });
if (opts.build) {
  log('building: npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
warnIfDistStale();

const input = buildInput();
const benchFile = input.path;

const decoders = defineDecoders(benchFile);
detectAll(decoders);
timeAll(decoders, opts.runs);
await countAll(decoders);
finishFigures(decoders, input.messages);

const memory = opts.skipBig ? { status: 'skipped', reason: '--skip-big' } : measureMemory(decoders, input);
const ingest = measureIngest(opts.runs);
const storeIngest = runStoreIngest();
const large = opts.large ? runLarge() : { status: 'skipped', reason: 'opt-in: npm run bench -- --large' };
const scale = opts.scale ? runScale() : { status: 'skipped', reason: 'opt-in: npm run bench -- --scale' };
const watch =
  opts.watch !== null
    ? runWatch(opts.watch)
    : { status: 'skipped', reason: 'opt-in: npm run bench -- --watch' };

const results = {
  date: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  machine: machineInfo(),
  input: {
    file: rel(benchFile),
    bytes: input.bytes,
    sentences: input.sentences,
    messages: input.messages,
    sha256: input.sha256,
    expectedSha256: EXPECTED_SHA256,
    shaOk: input.sha256 === EXPECTED_SHA256,
  },
  runs: opts.runs,
  decoders: decoders.map(({ run, count, detect, parse, ...d }) => ({
    ...d,
    version: typeof d.version === 'string' ? d.version : null,
  })),
  memory,
  ingest,
  storeIngest,
  large,
  scale,
  watch,
};
results.targets = targets(results);

writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(renderText(results));
log(`\nwrote ${rel(join(outDir, 'results.json'))}`);
if (opts.markdown) {
  process.stdout.write(`\n${renderMarkdownTable(results)}`);
  // bench/large.ts's own section (<!-- large:start --> … <!-- large:end -->) is carried over
  const page = join(root, 'docs/BENCHMARKS.md');
  const old = existsSync(page) ? readFileSync(page, 'utf8') : null;
  writeFileSync(page, keepSections(old, renderMarkdownPage(results), ['large']));
  log('wrote docs/BENCHMARKS.md');
}

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = {
    runs: 5,
    skipBig: false,
    markdown: false,
    build: false,
    large: false,
    huge: false,
    scale: false,
    /** Seconds of the live-watch benchmark, or null: not asked for. */
    watch: null,
  };
  const usage =
    'usage: npm run bench -- [--runs N] [--quick] [--skip-big] [--markdown] [--build] [--large] [--huge] [--scale] [--watch[=S]]\n' +
    '  --watch  also run the live-watch benchmark (bench/watch.ts): the SIMULATED scenario at 5,000 msg/s over TCP into tallyman watch for S seconds (default 60), message → alert latency\n' +
    '  --scale  also run the scale-out benchmark (bench/scale.ts): NATS JetStream + 1 and 2 workers + PostgreSQL\n' +
    '  --large  also run the large-store benchmark (bench/large.ts): 1M and 10M positions, SQLite and PostgreSQL\n' +
    '  --huge   --large with 100M positions too: needs ~45 GB of free disk and takes many minutes (hours on PostgreSQL)';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.runs = 1;
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a.startsWith('--runs=')) o.runs = Number(a.slice(7));
    else if (a === '--skip-big') o.skipBig = true;
    else if (a === '--markdown') o.markdown = true;
    else if (a === '--build') o.build = true;
    else if (a === '--large') o.large = true;
    else if (a === '--huge') o.large = o.huge = true;
    else if (a === '--scale') o.scale = true;
    else if (a === '--watch') o.watch = 60;
    else if (a.startsWith('--watch=')) o.watch = Number(a.slice(8));
    else if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    } else {
      console.error(`bench: unknown argument ${a}\n${usage}`);
      process.exit(1);
    }
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) {
    console.error('bench: --runs needs a positive integer');
    process.exit(1);
  }
  return o;
}

function warnIfDistStale() {
  if (!existsSync(cli)) return;
  const built = statSync(cli).mtimeMs;
  const newest = newestMtime(join(root, 'src'));
  if (newest > built)
    log('warning: src/ is newer than dist/ — tallyman figures are for the last build (use --build)');
}

function newestMtime(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Runs the shared make-bench.mjs into bench-out/ and checks the file's SHA-256. */
function buildInput() {
  const maker = join(sharedDir, 'data/ais/bench/make-bench.mjs');
  if (!existsSync(maker)) {
    console.error(`bench: ${maker} not found (set TALLYMAN_SHARED to the shared folder)`);
    process.exit(1);
  }
  const path = join(outDir, 'bench.nmea');
  log(`building input: node ${maker} ${rel(path)}`);
  const r = timeRun(process.execPath, [maker, path], { cwd: root });
  if (!r.ok) {
    console.error(`bench: make-bench failed: ${r.failure}`);
    process.exit(1);
  }
  const summary = lastJsonLine(r.stderr) ?? {};
  const data = readFileSync(path);
  const sha256 = createHash('sha256').update(data).digest('hex');
  if (sha256 === EXPECTED_SHA256) log(`input: ${data.length} bytes, sha256 ${sha256} (as expected)`);
  else
    log(`WARNING: input sha256 ${sha256} is not the expected ${EXPECTED_SHA256}; figures are not comparable`);
  return {
    path,
    bytes: data.length,
    sha256,
    sentences: summary.sentences ?? null,
    messages: summary.messages ?? null,
  };
}

/**
 * Each decoder: how to detect it, the timed command (whole process), and where its counts come
 * from — its own JSON from the timed runs, or one separate counting run.
 */
function defineDecoders(file) {
  const f = rel(file);
  const node = process.execPath;
  const peer = (name) => join(root, 'bench/peers', name);
  return [
    {
      id: 'tallyman',
      label: 'tallyman decode',
      command: `node dist/cli/main.js decode --stats --json ${f}`,
      notes: 'Full decode of every message (all fields), counts only.',
      detect: detectTallyman,
      version: tallymanVersion,
      run: () => timeRun(node, [cli, 'decode', '--stats', '--json', file], { cwd: root }),
      parse: (r) => {
        const json = lastJsonLine(r.stdout);
        if (!json) return null;
        const c = tallymanCounts(json);
        return { decoded: c.decoded, rejected: c.rejected, rejectedNote: 'sentences rejected', detail: json };
      },
    },
    {
      id: 'tallyman-gpsd',
      label: 'tallyman gpsd -u',
      command: `node dist/cli/main.js decode --format gpsd --unscaled ${f} > /dev/null`,
      notes: 'gpsd-compatible JSON lines, unscaled, to /dev/null; compared with `gpsdecode -u`.',
      detect: detectTallyman,
      version: tallymanVersion,
      run: () =>
        timeRun(node, [cli, 'decode', '--format', 'gpsd', '--unscaled', file], {
          cwd: root,
          discardStdout: true,
        }),
    },
    {
      id: 'gpsdecode',
      label: 'gpsdecode -u',
      command: `gpsdecode -u < ${f} > /dev/null 2>/dev/null`,
      countCommand: `gpsdecode -u -s < ${f} | wc -l`,
      notes:
        'Debian gpsd-clients. Decoded = JSON lines with -s (each type 24 half on its own line), counted in a separate ' +
        'run; gpsdecode reports only some rejects on stderr, so rejected = messages in the input − decoded.',
      detect: () =>
        which('gpsdecode')
          ? null
          : { status: 'not installed', reason: 'install: apt-get install gpsd-clients' },
      version: () => `gpsd-clients ${debianVersion('gpsd-clients')}`,
      run: () =>
        timeRun(which('gpsdecode'), ['-u'], {
          cwd: root,
          stdinFile: file,
          discardStdout: true,
          discardStderr: true,
        }),
      count: async () => {
        const r = await countOutputLines(which('gpsdecode'), ['-u', '-s'], { cwd: root, stdinFile: file });
        return r.ok
          ? { decoded: r.lines, rejected: null, rejectedNote: 'input − decoded' }
          : { failure: r.failure };
      },
    },
    {
      id: 'libais',
      label: 'libais (Python)',
      command: `/usr/bin/python3 bench/peers/libais_decode.py ${f}`,
      notes:
        'Debian python3-ais under the system Python: the script joins multi-part payloads and calls `ais.decode(payload, fill_bits)` per message; an exception counts as rejected.',
      detect: () => detectLibais(),
      version: () => `python3-ais ${debianVersion('python3-ais')}`,
      run: () => timeRun(SYSTEM_PYTHON, [peer('libais_decode.py'), file], { cwd: root }),
      parse: peerJson('exceptions'),
    },
    {
      id: 'ggencoder',
      label: 'ggencoder (npm)',
      command: `node bench/peers/ggencoder.mjs ${f}`,
      notes:
        '`new AisDecode(sentence, session)` per line with one shared session for multi-part messages; decoded = `valid`.',
      detect: () => detectNpm('ggencoder'),
      version: () => npmVersion('ggencoder'),
      run: () => timeRun(node, [peer('ggencoder.mjs'), file], { cwd: root }),
      parse: peerJson('valid = false'),
    },
    {
      id: 'ais-stream-decoder',
      label: 'ais-stream-decoder (npm)',
      command: `node bench/peers/ais-stream-decoder.mjs ${f}`,
      countCommand: `node bench/peers/ais-stream-decoder.mjs ${f} --count-errors`,
      notes:
        'Its Transform stream, one `write` per line, `{ silent: true }` as in its README; supports types 1–5, 8, 18, 24 ' +
        'and drops the rest silently. Errors are counted in a separate non-silent run.',
      detect: () => detectNpm('ais-stream-decoder'),
      version: () => npmVersion('ais-stream-decoder'),
      run: () => timeRun(node, [peer('ais-stream-decoder.mjs'), file], { cwd: root }),
      parse: peerJson('stream errors'),
      count: async () => {
        const r = timeRun(node, [peer('ais-stream-decoder.mjs'), file, '--count-errors'], { cwd: root });
        const p = r.ok ? peerJson('stream errors')(r) : null;
        return p ?? { failure: r.failure ?? 'no JSON output' };
      },
    },
  ];
}

function peerJson(rejectedNote) {
  return (r) => {
    const json = lastJsonLine(r.stdout);
    if (!json) return null;
    return { decoded: json.decoded ?? null, rejected: json.rejected ?? null, rejectedNote, detail: json };
  };
}

/** tallyman counts as present when it is built; a failing run then marks it not available. */
function detectTallyman() {
  return existsSync(cli)
    ? null
    : { status: 'not available', reason: 'dist/cli/main.js missing (npm run build)' };
}

function detectLibais() {
  if (!existsSync(SYSTEM_PYTHON)) return { status: 'not installed', reason: `${SYSTEM_PYTHON} missing` };
  const r = timeRun(SYSTEM_PYTHON, ['-c', 'import ais'], { cwd: root, timeoutS: 60 });
  return r.ok ? null : { status: 'not installed', reason: 'install: apt-get install python3-ais' };
}

function detectNpm(name) {
  return existsSync(join(root, 'node_modules', name, 'package.json'))
    ? null
    : { status: 'not installed', reason: `install: npm ci (${name} is a devDependency)` };
}

function tallymanVersion() {
  return `tallyman ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}`;
}

function npmVersion(name) {
  return `${name} ${JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version}`;
}

/** Installed version of a Debian package, or 'version unknown' off Debian. */
function debianVersion(pkg) {
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
    return execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg], {
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim();
  } catch {
    return 'version unknown';
  }
}

function detectAll(list) {
  for (const d of list) {
    const miss = d.detect();
    d.status = miss ? miss.status : 'ok';
    d.version = !miss && typeof d.version === 'function' ? d.version() : null;
    if (miss) {
      d.reason = miss.reason;
      log(`${d.label}: ${d.status}: ${d.reason}`);
    }
    d.wallS = [];
  }
}

/** Interleaved rounds, so load from elsewhere on the machine spreads over every decoder alike. */
function timeAll(list, runs) {
  for (let round = 1; round <= runs; round++) {
    for (const d of list) {
      if (d.status !== 'ok') continue;
      const r = d.run();
      if (!r.ok) {
        d.status = 'not available';
        d.reason =
          round > 1 ? `${r.failure} (in round ${round}; earlier rounds ran — was dist/ rebuilt?)` : r.failure;
        log(`${d.label}: failed: ${r.failure}`);
        continue;
      }
      if (d.parse && d.decoded === undefined) {
        const p = d.parse(r);
        if (!p) {
          d.status = 'not available';
          d.reason = 'no JSON counts on stdout';
          log(`${d.label}: ${d.reason}`);
          continue;
        }
        Object.assign(d, p);
      }
      d.wallS.push(r.wallS);
      log(`round ${round}/${runs}  ${d.label.padEnd(26)} ${r.wallS.toFixed(2)} s`);
    }
  }
}

async function countAll(list) {
  for (const d of list) {
    if (d.status !== 'ok' || !d.count) continue;
    log(`counting: ${d.countCommand}`);
    const c = await d.count();
    if (c.failure) {
      d.countFailure = c.failure;
      log(`${d.label}: count run failed: ${c.failure}`);
      continue;
    }
    if (d.decoded !== undefined && d.decoded !== c.decoded) {
      log(`warning: ${d.label}: count run decoded ${c.decoded}, timed runs ${d.decoded}`);
    }
    Object.assign(d, c);
  }
}

function finishFigures(list, messages) {
  const t = list.find((d) => d.id === 'tallyman');
  const tg = list.find((d) => d.id === 'tallyman-gpsd');
  for (const d of list) {
    if (d.status !== 'ok') continue;
    d.medianS = median(d.wallS);
    d.minS = Math.min(...d.wallS);
    d.messagesPerS = messages ? messages / d.medianS : null;
    if (d.decoded === undefined) d.decoded = null;
    if (d.rejected === null && typeof d.decoded === 'number' && messages) d.rejected = messages - d.decoded;
    if (d.rejected === undefined) d.rejected = null;
  }
  // peers against tallyman's full decode; tallyman's gpsd output against gpsdecode -u
  const gd = list.find((d) => d.id === 'gpsdecode');
  for (const d of list) {
    if (d.status !== 'ok' || d.id.startsWith('tallyman')) continue;
    d.tallymanSpeedup = t?.status === 'ok' ? d.medianS / t.medianS : null;
  }
  if (tg?.status === 'ok') tg.tallymanSpeedup = gd?.status === 'ok' ? gd.medianS / tg.medianS : null;
}

/** Peak RSS of tallyman decode --stats on ~1 GB: the bench file concatenated BIG_COPIES times. */
function measureMemory(list, inp) {
  const t = list.find((d) => d.id === 'tallyman');
  if (t.status !== 'ok') return { status: 'not available', reason: `tallyman decode: ${t.reason}` };
  const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  if (!gnuTime)
    return { status: 'not available', reason: '/usr/bin/time not installed (apt-get install time)' };
  const big = join(outDir, `bench-x${BIG_COPIES}.nmea`);
  if (!existsSync(big) || statSync(big).size !== inp.bytes * BIG_COPIES) {
    log(`building ${rel(big)} (${BIG_COPIES} copies)`);
    const data = readFileSync(inp.path);
    const fd = openSync(big, 'w');
    try {
      for (let i = 0; i < BIG_COPIES; i++) writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
  }
  const rssFile = join(outDir, 'peak-rss.txt');
  log(`memory: /usr/bin/time -f %M node dist/cli/main.js decode --stats --json ${rel(big)}`);
  const r = timeRun(
    gnuTime,
    ['-f', '%M', '-o', rssFile, process.execPath, cli, 'decode', '--stats', '--json', big],
    {
      cwd: root,
    },
  );
  if (!r.ok) return { status: 'not available', reason: r.failure };
  const kib = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  const c = tallymanCounts(lastJsonLine(r.stdout) ?? {});
  if (typeof t.decoded === 'number' && c.decoded !== t.decoded * BIG_COPIES) {
    log(`warning: the ${BIG_COPIES}× file decoded ${c.decoded} messages, not ${BIG_COPIES} × ${t.decoded}`);
  }
  return {
    status: 'ok',
    command: `/usr/bin/time -f %M node dist/cli/main.js decode --stats --json ${rel(big)}`,
    copies: BIG_COPIES,
    bytes: inp.bytes * BIG_COPIES,
    peakRssKiB: kib,
    peakRssMB: (kib * 1024) / 1e6,
    wallS: r.wallS,
    decoded: c.decoded,
    messagesPerS: inp.messages ? (inp.messages * BIG_COPIES) / r.wallS : null,
  };
}

/**
 * Timed `tallyman ingest` runs into a fresh SQLite database each, median of `runs`. The decode bench
 * file carries no receive times (it would yield no positions), so the inputs are SIMULATED:
 *  - `bundled`: the bundled Rajin-shuttle scenario's NMEA, as `npm start` ingests it (sparse: a fix
 *    every 2 min underway, so 29% of its messages are static reports);
 *  - `dense`: the same scenario re-simulated for two days at ITU-R M.1371-5 Table 1 reporting
 *    rates — class A underway 10 s (0–14 kn), moored 3 min, class B 30 s, static and voyage data
 *    every 6 min — about 1.2 M fixes and 0.2 M static reports, the mix a receiver really hears.
 */
function measureIngest(runs) {
  if (!existsSync(cli))
    return { status: 'not available', reason: 'dist/cli/main.js missing (npm run build)' };
  const simDir = join(outDir, 'sim');
  const bundled = join(simDir, 'rajin-shuttle.simulated.nmea');
  if (!existsSync(bundled)) {
    log('ingest: writing the simulated scenario (node dist/cli/main.js simulate --out bench-out/sim)');
    const g = timeRun(process.execPath, [cli, 'simulate', '--out', simDir], { cwd: root });
    if (!g.ok) return { status: 'not available', reason: `tallyman simulate: ${g.failure}` };
  }
  const denseDir = join(outDir, 'sim-dense');
  const dense = join(denseDir, 'bench-dense.simulated.nmea');
  if (!existsSync(dense)) {
    const scenario = JSON.parse(readFileSync(join(root, 'scenarios/rajin-shuttle.json'), 'utf8'));
    scenario.name = 'bench-dense';
    scenario.description = `${scenario.description} — re-simulated for the ingest benchmark: two days at ITU-R M.1371-5 reporting rates.`;
    scenario.period = { start: '2023-09-01T00:00:00Z', end: '2023-09-03T00:00:00Z' };
    Object.assign(scenario.reporting, {
      underwayIntervalS: 10,
      mooredIntervalS: 180,
      classBIntervalS: 30,
      staticIntervalS: 360,
      writeDmaCsv: false,
    });
    mkdirSync(denseDir, { recursive: true });
    const scenarioFile = join(denseDir, 'bench-dense.json');
    writeFileSync(scenarioFile, `${JSON.stringify(scenario, null, 2)}\n`);
    log(
      'ingest: writing the dense simulated scenario (node dist/cli/main.js simulate bench-out/sim-dense/bench-dense.json)',
    );
    const g = timeRun(process.execPath, [cli, 'simulate', scenarioFile, '--out', denseDir], { cwd: root });
    if (!g.ok) return { status: 'not available', reason: `tallyman simulate (dense): ${g.failure}` };
  }
  const out = { status: 'ok', inputs: [] };
  for (const [name, nmea] of [
    ['bundled', bundled],
    ['dense', dense],
  ]) {
    const db = join(outDir, 'ingest.db');
    const times = [];
    let json = null;
    for (let i = 0; i < runs; i++) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(db + suffix, { force: true });
      const args = ['--db', db, 'ingest', '--json', nmea];
      if (i === 0)
        log(
          `ingest (${name}): node dist/cli/main.js ${args.map((a) => (a.startsWith('/') ? rel(a) : a)).join(' ')}`,
        );
      const r = timeRun(process.execPath, [cli, ...args], { cwd: root });
      if (!r.ok) return { status: 'not available', reason: `tallyman ingest: ${r.failure}` };
      try {
        json = JSON.parse(r.stdout);
      } catch {
        return { status: 'not available', reason: 'the --json summary did not parse' };
      }
      times.push({ wallS: r.wallS, loopMs: json?.inputs?.[0]?.ms ?? null });
    }
    const positions = json?.totals?.positions;
    if (typeof positions !== 'number')
      return { status: 'not available', reason: 'no totals.positions in the --json summary' };
    const wallS = median(times.map((t) => t.wallS));
    const loopMs = times.every((t) => t.loopMs !== null) ? median(times.map((t) => t.loopMs)) : null;
    out.inputs.push({
      name,
      command: `node dist/cli/main.js --db bench-out/ingest.db ingest --json ${rel(nmea)}`,
      runs,
      wallS,
      wallsS: times.map((t) => t.wallS),
      positions,
      statics: json.totals.statics,
      positionsPerS: positions / wallS,
      loopPositionsPerS: loopMs ? Math.round(positions / (loopMs / 1000)) : null,
    });
  }
  return out;
}

function runStoreIngest() {
  const script = join(root, 'bench/store-ingest.ts');
  if (!existsSync(script))
    return { status: 'not available', reason: 'bench/store-ingest.ts not written yet' };
  log('store ingest: node --import tsx bench/store-ingest.ts');
  const r = timeRun(process.execPath, ['--import', 'tsx', script], { cwd: root });
  if (!r.ok) return { status: 'not available', reason: r.failure };
  return {
    status: 'ok',
    command: 'node --import tsx bench/store-ingest.ts',
    output: r.stdout,
    json: lastJsonLine(r.stdout),
  };
}

/**
 * The opt-in large-store benchmark (--large, --huge): bench/large.ts as its own process, its
 * progress and table on this terminal; it writes bench-out/large.json and, with --markdown, its
 * section of docs/BENCHMARKS.md.
 */
function runLarge() {
  const script = join(root, 'bench/large.ts');
  const args = ['--import', 'tsx', script, '--sizes', '1M,10M'];
  if (opts.huge) args.push('--huge');
  if (opts.markdown) args.push('--markdown');
  const command = `node --import tsx bench/large.ts ${args.slice(3).join(' ')}`;
  log(`large stores: ${command}`);
  try {
    execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  } catch (err) {
    return { status: 'failed', command, reason: err.status ? `exit ${err.status}` : err.message };
  }
  return { status: 'ok', command, json: 'bench-out/large.json' };
}

/**
 * The opt-in scale-out benchmark (--scale): bench/scale.ts as its own process (each phase well
 * under a minute); it writes bench-out/scale.json.
 */
function runScale() {
  const args = ['--import', 'tsx', join(root, 'bench/scale.ts')];
  const command = 'node --import tsx bench/scale.ts';
  log(`scale-out: ${command}`);
  try {
    execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (err) {
    return { status: 'failed', command, reason: err.status ? `exit ${err.status}` : err.message };
  }
  return {
    status: 'ok',
    command,
    json: 'bench-out/scale.json',
    results: JSON.parse(readFileSync(join(root, 'bench-out/scale.json'), 'utf8')),
  };
}

/**
 * The opt-in live-watch benchmark (--watch[=S]): bench/watch.ts as its own process; it writes
 * bench-out/watch.json.
 */
function runWatch(seconds) {
  const args = ['--import', 'tsx', join(root, 'bench/watch.ts'), '--duration', String(seconds)];
  const command = `node --import tsx bench/watch.ts --duration ${seconds}`;
  log(`live watch: ${command}`);
  try {
    execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    return { status: 'failed', command, reason: err.status ? `exit ${err.status}` : err.message };
  }
  return {
    status: 'ok',
    command,
    json: 'bench-out/watch.json',
    results: JSON.parse(readFileSync(join(root, 'bench-out/watch.json'), 'utf8')),
  };
}

function machineInfo() {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() already gave a model
  }
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    // no coreutils nproc: keep os.cpus()
  }
  return {
    nproc,
    cpu,
    memGB: Math.round(totalmem() / 1e9),
    os: `${process.platform} ${release()}`,
    node: process.version,
  };
}

function targets(res) {
  const by = (id) => res.decoders.find((d) => d.id === id);
  const ok = (d) => d?.status === 'ok';
  const t = by('tallyman');
  const tg = by('tallyman-gpsd');
  const gd = by('gpsdecode');
  const peers = res.decoders.filter((d) => ok(d) && !d.id.startsWith('tallyman'));
  const fastest = peers.reduce((a, d) => (a === null || d.medianS < a.medianS ? d : a), null);
  const out = [];
  out.push(
    ok(t) && fastest
      ? {
          name: `full decode ≥ 5× the fastest peer (${fastest.label})`,
          value: `${(fastest.medianS / t.medianS).toFixed(2)}×`,
          pass: fastest.medianS / t.medianS >= 5,
        }
      : { name: 'full decode ≥ 5× the fastest peer', value: 'tallyman or every peer missing', pass: null },
  );
  out.push(
    ok(tg) && ok(gd)
      ? {
          name: 'gpsd output ≥ 3× gpsdecode -u',
          value: `${(gd.medianS / tg.medianS).toFixed(2)}×`,
          pass: gd.medianS / tg.medianS >= 3,
        }
      : { name: 'gpsd output ≥ 3× gpsdecode -u', value: 'tallyman gpsd or gpsdecode missing', pass: null },
  );
  out.push(
    ok(t) && ok(gd) && typeof t.decoded === 'number' && typeof gd.decoded === 'number'
      ? {
          name: 'decodes ≥ as many messages as gpsdecode -u -s',
          value: `${t.decoded.toLocaleString('en-US')} vs ${gd.decoded.toLocaleString('en-US')}`,
          pass: t.decoded >= gd.decoded,
        }
      : { name: 'decodes ≥ as many messages as gpsdecode -u -s', value: 'counts missing', pass: null },
  );
  const m = res.memory;
  out.push(
    m.status === 'ok'
      ? {
          name: `peak RSS < ${PEAK_RSS_TARGET_MB} MB on ~1 GB`,
          value: `${m.peakRssMB.toFixed(0)} MB`,
          pass: m.peakRssMB < PEAK_RSS_TARGET_MB,
        }
      : {
          name: `peak RSS < ${PEAK_RSS_TARGET_MB} MB on ~1 GB`,
          value: `${m.status}: ${m.reason}`,
          pass: null,
        },
  );
  const g = res.ingest;
  const ingestName = `ingest into SQLite ≥ ${INGEST_TARGET_PER_S.toLocaleString('en-US')} positions/s (whole process)`;
  if (g.status === 'ok') {
    // The target is a throughput, so it is judged on the input large enough to have one (1.2 M
    // fixes). The bundled scenario (215 k fixes) takes ~1.1 s, of which a fixed ~0.3 s is start-up
    // (Node, modules, schema, threads) and the final checkpoint: shown, not judged.
    for (const i of g.inputs)
      out.push({
        name:
          i.name === 'dense'
            ? `${ingestName}, dense simulated feed`
            : `ingest, ${i.name} simulated input (not judged: start-up weighs on a 1 s run)`,
        value: `${Math.round(i.positionsPerS).toLocaleString('en-US')} whole process${
          i.loopPositionsPerS ? `, ${i.loopPositionsPerS.toLocaleString('en-US')} in the ingest loop` : ''
        }`,
        pass: i.name === 'dense' ? i.positionsPerS >= INGEST_TARGET_PER_S : null,
      });
  } else out.push({ name: ingestName, value: `${g.status}: ${g.reason}`, pass: null });
  return out;
}
