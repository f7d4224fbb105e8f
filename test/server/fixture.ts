/**
 * A store filled the way a user fills one: the small bundled scenario (scenarios/test-small.json,
 * SIMULATED) written by `tallyman simulate`, ingested by `tallyman ingest`, events found by
 * `tallyman detect` when this build has it.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { cli, tempDir } from '../cli/run-cli.js';
import { REPO } from './server-process.js';

export const SMALL_SCENARIO = join(REPO, 'scenarios/test-small.json');

/** `--help` output by command path, read once per process: a build's commands do not change under it. */
const helpTexts = new Map<string, string>();
function help(...path: string[]): string {
  const key = path.join(' ');
  let text = helpTexts.get(key);
  if (text === undefined) {
    text = cli([...path, '--help']).stdout;
    helpTexts.set(key, text);
  }
  return text;
}

export function hasCommand(name: string, sub?: string): boolean {
  const has = (text: string, word: string) => new RegExp(`^\\s+${word}\\b`, 'm').test(text);
  if (!has(help(), name)) return false;
  return sub === undefined || has(help(name), sub);
}

export const RAJIN_SCENARIO = join(REPO, 'scenarios/rajin-shuttle.json');

/** Writes each scenario once per process (the files are read-only inputs). */
const written = new Map<string, string>();
export function scenarioFiles(scenario = SMALL_SCENARIO): { dir: string; nmea: string } {
  let dir = written.get(scenario);
  if (dir === undefined) {
    dir = tempDir('tallyman-scenario-');
    const r = cli(['simulate', scenario, '--out', dir]);
    if (r.status !== 0) throw new Error(`simulate failed: ${r.stderr}`);
    written.set(scenario, dir);
  }
  const nmea = readdirSync(dir).find((f) => f.endsWith('.simulated.nmea'));
  if (!nmea) throw new Error('the scenario wrote no NMEA file');
  return { dir, nmea: join(dir, nmea) };
}

const must = (what: string, r: { status: number | null; stderr: string }) => {
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
};

/** The steps `npm start` runs, each when this build has its command (scripts/start.mjs). */
export function fillStore(
  dbArg: string,
  scenario = SMALL_SCENARIO,
): { detected: boolean; observed: boolean; proposed: boolean } {
  const cached = copyFilled(dbArg, scenario);
  if (cached) return cached;
  return fillFresh(dbArg, scenario);
}

function fillFresh(
  dbArg: string,
  scenario: string,
): { detected: boolean; observed: boolean; proposed: boolean } {
  const { dir, nmea } = scenarioFiles(scenario);
  must('ingest', cli(['--db', dbArg, 'ingest', nmea]));
  const detected = hasCommand('detect');
  if (detected) must('detect', cli(['--db', dbArg, 'detect', '--no-progress']));
  const observed = hasCommand('observe', 'simulate') && hasCommand('observe', 'import');
  if (observed) {
    const file = join(dir, 'observations.simulated.json');
    if (!existsSync(file)) must('observe simulate', cli(['observe', 'simulate', scenario, '--out', file]));
    must('observe import', cli(['--db', dbArg, 'observe', 'import', file, '--by', 'test']));
  }
  const proposed = hasCommand('shipments') && help('shipments').includes('"propose"');
  if (proposed) must('propose', cli(['--db', dbArg, 'shipments', 'propose', '--by', 'test']));
  return { detected, observed, proposed };
}

/**
 * Within one `npm test` run (scripts/run-tests.mjs names a folder for it, and removes it after),
 * each scenario's SQLite store is filled once and copied to every test file that asks for it:
 * filling the bundled Rajin scenario took tens of seconds, and several files test on it. The copy
 * is the same file a fresh fill writes; PostgreSQL stores, and runs outside npm test, fill afresh.
 */
function copyFilled(
  dbArg: string,
  scenario: string,
): { detected: boolean; observed: boolean; proposed: boolean } | null {
  const cacheRoot = process.env.TALLYMAN_TEST_STORE_CACHE;
  if (!cacheRoot || !isAbsolute(dbArg) || existsSync(dbArg)) return null;
  // A dist rebuilt during the run (a source edited meanwhile) fills its own copy.
  // (dist/web, the web app Vite builds, does not fill stores.)
  const buildMs = Math.round(newestMs(join(REPO, 'dist'), join(REPO, 'dist/web')));
  const key = `${scenario.replace(/[^A-Za-z0-9]+/g, '_')}-${buildMs}`;
  const entry = join(cacheRoot, key);
  fillOnce(entry, scenario);
  const target = dirname(dbArg);
  for (const name of readdirSync(entry)) {
    if (name.startsWith('store.db')) cpSync(join(entry, name), dbArg + name.slice('store.db'.length));
    else if (name !== 'flags.json') cpSync(join(entry, name), join(target, name), { recursive: true });
  }
  return JSON.parse(readFileSync(join(entry, 'flags.json'), 'utf8'));
}

/** Fills the cache entry unless it is there; a file that finds another filling it waits for it. */
function fillOnce(entry: string, scenario: string): void {
  const lock = `${entry}.lock`;
  while (!existsSync(join(entry, 'flags.json'))) {
    try {
      mkdirSync(lock);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A filler killed part-way leaves its lock; the longest fill takes about a minute.
      const lockedMs = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
      continue;
    }
    try {
      if (existsSync(join(entry, 'flags.json'))) return;
      const work = `${entry}.${process.pid}`;
      mkdirSync(work, { recursive: true });
      const flags = fillFresh(join(work, 'store.db'), scenario);
      writeFileSync(join(work, 'flags.json'), JSON.stringify(flags));
      renameSync(work, entry);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function newestMs(dir: string, skip: string): number {
  let ms = 0;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory()) {
      if (join(dir, e.name) !== skip) ms = Math.max(ms, newestMs(join(dir, e.name), skip));
    } else if (e.name.endsWith('.js')) ms = Math.max(ms, statSync(join(dir, e.name)).mtimeMs);
  return ms;
}
