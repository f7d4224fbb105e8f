/**
 * A store filled the way a user fills one: the small bundled scenario (scenarios/test-small.json,
 * SIMULATED) written by `tallyman simulate`, ingested by `tallyman ingest`, events found by
 * `tallyman detect` when this build has it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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
