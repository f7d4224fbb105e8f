#!/usr/bin/env node
// `npm start`: the workbench on the bundled SIMULATED Rajin-shuttle scenario.
//
//   1. builds what is stale (the CLI/server with tsc, the web app with Vite);
//   2. on first run fills the store (./tallyman.db, or TALLYMAN_DB / TALLYMAN_DATABASE_URL): writes the
//      scenario (scenarios/rajin-shuttle.json) into .tallyman/scenario/, ingests it, and runs the
//      later steps whose commands exist in this build (event detection, simulated observations,
//      shipment proposals) — each step once per store, recorded in .tallyman/setup.json, so a step
//      that lands in a later build runs on the next start;
//   3. serves the workbench on 127.0.0.1 and prints the URL. It opens nothing else on the network.
//
//   npm start -- [--port N]     (or PORT=N npm start; 0 picks a free port)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/cli/main.js');
const dataDir = join(process.cwd(), '.tallyman');
const scenarioDir = join(dataDir, 'scenario');
const setupFile = join(dataDir, 'setup.json');
const scenarioFile = join(root, 'scenarios/rajin-shuttle.json');

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? args[portArg + 1] : (process.env.PORT ?? '8080');

const storeKey =
  process.env.TALLYMAN_DATABASE_URL ||
  `sqlite:${join(process.cwd(), process.env.TALLYMAN_DB || 'tallyman.db')}`;

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    t = Math.max(t, newestMtime(join(path, e.name)));
  }
  return t;
}

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

/** Runs a step quietly; its output is shown only when it fails. */
function run(label, argv, opts = {}) {
  const r = spawnSync(process.execPath, argv, { cwd: process.cwd(), encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${r.status}):\n${r.stdout ?? ''}${r.stderr ?? ''}\n`);
    process.exit(r.status ?? 1);
  }
  return r.stdout;
}

const isTty = process.stdout.isTTY === true;
let bar = null;
async function progress(total) {
  if (!isTty) return;
  const { default: cliProgress } = await import('cli-progress');
  bar = new cliProgress.SingleBar(
    { format: 'tallyman setup [{bar}] {value}/{total} {step}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { step: '' });
}
function step(i, text) {
  if (bar) bar.update(i, { step: text.padEnd(60) });
  else console.log(`tallyman setup ${i + 1}: ${text}`);
}

// 1. Build what is stale.
const srcNewest = newestMtime(join(root, 'src'));
const needCli = mtime(cli) < srcNewest;
const needWeb =
  mtime(join(root, 'dist/web/index.html')) <
  Math.max(newestMtime(join(root, 'web')), newestMtime(join(root, 'src/server')));

// 2. Which setup steps this build offers, and which this store still lacks.
const setup = existsSync(setupFile) ? JSON.parse(readFileSync(setupFile, 'utf8')) : {};
// A SQLite store deleted since its setup is set up again: the commands that only read (serve,
// detect) refuse a store that is not there (src/cli/store-required.ts) rather than create it empty.
const storeGone = storeKey.startsWith('sqlite:') && !existsSync(storeKey.slice('sqlite:'.length));
const done = new Set(storeGone ? [] : (setup[storeKey] ?? []));
// A deleted SQLite file is a new store: every step runs again.
if (storeKey.startsWith('sqlite:') && !existsSync(storeKey.slice('sqlite:'.length))) done.clear();
const firstRun = done.size === 0;

await progress((needCli ? 1 : 0) + (needWeb ? 1 : 0) + 6);
let i = 0;
if (needCli) {
  step(i++, 'building the CLI and server (tsc) …');
  const startedMs = Date.now();
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  // tsc still writes JavaScript when it reports type errors (exit 2): say so and go on with it.
  if (r.status !== 0) {
    const emitted = mtime(cli) >= startedMs - 1000;
    process.stderr.write(`\ntsc reported errors (exit ${r.status}):\n${r.stdout}${r.stderr}\n`);
    if (r.status !== 2 || !emitted) process.exit(r.status ?? 1);
    process.stderr.write('continuing with the JavaScript tsc emitted despite the type errors above\n');
  }
}
if (needWeb) {
  step(i++, 'building the web app (vite) …');
  run(
    'web build',
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'error',
    ],
    {
      cwd: root,
    },
  );
}

const help = run('help', [cli, '--help']);
const has = (command) => new RegExp(`^\\s+${command}\\b`, 'm').test(help);
const subHelp = (command) => (has(command) ? run('help', [cli, command, '--help']) : '');
const hasSub = (command, sub) => new RegExp(`^\\s+${sub}\\b`, 'm').test(subHelp(command));

const steps = [
  {
    id: 'simulate',
    label: 'writing the SIMULATED scenario (rajin-shuttle) …',
    available: true,
    run: () => {
      const { files } = JSON.parse(
        run('simulate', [cli, 'simulate', scenarioFile, '--out', scenarioDir, '--json']),
      );
      setup.files = files.map((f) => f.path);
    },
  },
  {
    id: 'ingest',
    label: 'ingesting the simulated AIS …',
    available: true,
    run: () => {
      const nmea = readdirSync(scenarioDir).filter((f) => f.endsWith('.simulated.nmea'));
      run('ingest', [cli, 'ingest', ...nmea.map((f) => join(scenarioDir, f))]);
    },
  },
  {
    id: 'detect',
    label: 'detecting events …',
    available: has('detect'),
    run: () => run('detect', [cli, 'detect']),
  },
  {
    id: 'observations',
    label: 'importing simulated imagery, container and rail observations …',
    available: hasSub('observe', 'simulate') && hasSub('observe', 'import'),
    run: () => {
      const file = join(scenarioDir, 'rajin-shuttle.simulated-observations.json');
      run('observe simulate', [cli, 'observe', 'simulate', scenarioFile, '--out', file]);
      run('observe import', [cli, 'observe', 'import', file, '--by', 'npm start (simulated)']);
    },
  },
  {
    id: 'sample-image',
    label: 'adding the SIMULATED sample image for the Imagery page …',
    available: hasSub('image', 'sample'),
    run: () => run('image sample', [cli, 'image', 'sample']),
  },
  {
    id: 'propose',
    label: 'proposing shipments …',
    // `shipments propose` is an action argument of `shipments`, not a subcommand.
    available: has('shipments') && /"propose"/.test(subHelp('shipments')),
    run: () => run('propose', [cli, 'shipments', 'propose', '--by', 'npm start']),
  },
];

mkdirSync(dataDir, { recursive: true });
for (const s of steps) {
  // Re-simulate when the scenario files are gone; every other step runs once per store.
  const needed =
    s.id === 'simulate' ? !existsSync(scenarioDir) || readdirSync(scenarioDir).length === 0 : !done.has(s.id);
  if (s.available && needed) {
    step(i, s.label);
    s.run();
    if (s.id !== 'simulate') done.add(s.id);
    setup[storeKey] = [...done];
    writeFileSync(setupFile, `${JSON.stringify(setup, null, 2)}\n`);
  }
  i++;
}
step(i, firstRun ? 'store ready' : 'store up to date');
bar?.stop();
const missing = steps.filter((s) => !s.available).map((s) => s.id);
if (missing.length > 0) console.log(`(not in this build yet: ${missing.join(', ')})`);

// 3. Serve; the server prints the URL.
console.log(
  'SIMULATED DATA: the bundled scenario follows the public record in its totals, but its tracks are invented.',
);
const server = spawn(process.execPath, [cli, 'serve', '--port', String(port)], { stdio: 'inherit' });
const forward = (sig) => () => server.kill(sig);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
server.on('exit', (code) => process.exit(code ?? 0));
