/**
 * Large SIMULATED benchmark inputs: the bundled scenario's background traffic grown
 * (background.laneVessels, background.fishingVessels, 10 : 3 as in the bundled file) at ITU-R
 * M.1371-5 reporting rates (class A underway 10 s, moored 3 min, class B 30 s, static every 6 min,
 * as scripts/bench.mjs's dense input), over a period of 10 days per 10 million positions (at least
 * 2 days) from 2023-09-01, for a target number of received position reports (1M, 10M, 100M…).
 *
 * The background vessel counts come from a pilot run of the same period with 100 lane vessels and
 * 30 fishing boats, counted without writing anything: each background vessel has its own random
 * stream, so the pilot's vessels are the first ones of the large run, and the shuttle's own
 * reports do not depend on the background. The result lands within a few per cent of the target;
 * `expectedPositions` is the exact count of the written file (from its truth).
 *
 *   node --import tsx bench/large-input.ts --positions 10M [--out bench-out/large-input] [--scenario-only]
 *
 * writes `<out>/bench-large-10m.simulated-scenario.json` and, unless --scenario-only, runs
 * `tallyman simulate` on it in a child process (from source, through tsx, so never a stale
 * dist/), leaving `bench-large-10m.simulated.nmea` and `bench-large-10m.simulated-truth.json`
 * beside it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario, runSimulation, type Scenario } from '../src/scenario/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUNDLED = join(root, 'scenarios/rajin-shuttle.json');
/** The CLI from source (as the CLI tests run it): never a stale dist/. */
const CLI_TS = join(root, 'src/cli/main.ts');

/** ITU-R M.1371-5 Table 1 rates, as the dense ingest input (scripts/bench.mjs). */
export const ITU_REPORTING = {
  underwayIntervalS: 10,
  mooredIntervalS: 180,
  classBIntervalS: 30,
  staticIntervalS: 360,
  writeDmaCsv: false,
} as const;

export const START = '2023-09-01T00:00:00Z';
const DAY_MS = 86_400_000;
/** Lane vessels : fishing boats, as in the bundled scenario (400 : 120). */
const LANE_SHARE = 10;
const FISHING_SHARE = 3;
const PILOT_LANES = 100;
const PILOT_FISHING = 30;

/** 1M, 10M, 2.5M, 100k, 1e6, 1000000 → a count. */
export function parseCount(text: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?(?:e[0-9]+)?)\s*([kKmMgG]?)$/.exec(text.trim());
  if (m === null) throw new Error(`not a count: ${text}`);
  const mult = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * mult);
}

/** 1000000 → "1m", 2500000 → "2.5m", 100000 → "100k". */
function label(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(2)}m`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(2)}k`;
  return String(n);
}

/** The bundled scenario file, as JSON, over `days` from START at ITU rates. */
// biome-ignore lint/suspicious/noExplicitAny: the scenario file as written, validated by parse()
function baseJson(days: number): any {
  const raw = JSON.parse(readFileSync(BUNDLED, 'utf8'));
  const start = Date.parse(START);
  raw.period = { start: START, end: new Date(start + days * DAY_MS).toISOString() };
  raw.reporting = { ...raw.reporting, ...ITU_REPORTING };
  return raw;
}

function parse(raw: unknown): Scenario {
  const r = parseScenario(JSON.stringify(raw));
  if (!r.ok) throw new Error(`the grown scenario does not parse: ${JSON.stringify(r.errors)}`);
  return r.scenario;
}

export interface LargeScenario {
  /** The scenario file's JSON (what is written). */
  json: Record<string, unknown> & { name: string };
  scenario: Scenario;
  days: number;
  laneVessels: number;
  fishingVessels: number;
  /** Positions the pilot predicts for this scenario. */
  estimatedPositions: number;
}

/** The scenario for about `targetPositions` received position reports (pilot run included). */
export function largeScenario(targetPositions: number): LargeScenario {
  if (!(targetPositions >= 1)) throw new Error(`targetPositions must be ≥ 1, not ${targetPositions}`);
  const days = Math.max(2, Math.round((10 * targetPositions) / 10e6));
  const pilotJson = baseJson(days);
  pilotJson.background.laneVessels = PILOT_LANES;
  pilotJson.background.fishingVessels = PILOT_FISHING;
  const { truth } = runSimulation(parse(pilotJson), () => {});
  let own = 0;
  let lanes = 0;
  let fishing = 0;
  for (const v of truth.vessels) {
    if (v.role !== 'background') own += v.receivedPositions;
    else if (v.aisClass === 'A') lanes += v.receivedPositions;
    else fishing += v.receivedPositions;
  }
  // Positions per "unit" of 10 lane vessels and 3 fishing boats.
  const perUnit = (LANE_SHARE * lanes) / PILOT_LANES + (FISHING_SHARE * fishing) / PILOT_FISHING;
  const units = Math.max(0, (targetPositions - own) / perUnit);
  const laneVessels = Math.round(units * LANE_SHARE);
  const fishingVessels = Math.round(units * FISHING_SHARE);
  const json = baseJson(days);
  json.name = `bench-large-${label(targetPositions).replace('.', '-')}`;
  json.description =
    `${json.description} — SIMULATED benchmark input: background traffic grown to ${laneVessels} lane vessels and ` +
    `${fishingVessels} fishing boats, ${days} days at ITU-R M.1371-5 reporting rates, for about ` +
    `${targetPositions} received position reports.`;
  json.background.laneVessels = laneVessels;
  json.background.fishingVessels = fishingVessels;
  const estimatedPositions = Math.round(
    own + (laneVessels * lanes) / PILOT_LANES + (fishingVessels * fishing) / PILOT_FISHING,
  );
  return { json, scenario: parse(json), days, laneVessels, fishingVessels, estimatedPositions };
}

/** Writes the scenario file; returns its path. */
function writeScenarioFile(outDir: string, json: LargeScenario['json']): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${json.name}.simulated-scenario.json`);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  return file;
}

export interface LargeInput {
  scenarioFile: string;
  nmeaFile: string;
  /** Received position reports in the NMEA file (the truth's count). */
  expectedPositions: number;
  truthFile: string;
  estimatedPositions: number;
  laneVessels: number;
  fishingVessels: number;
  days: number;
  /** Seconds the simulator took (the whole CLI process). */
  simulateS: number;
  /** How it was run. */
  command: string;
}

/**
 * Writes the scenario JSON for about `targetPositions` received positions into `outDir` and runs
 * the simulator on it (`tallyman simulate`, from source, in a child process).
 */
export async function writeLargeScenario(opts: {
  targetPositions: number;
  outDir: string;
}): Promise<LargeInput> {
  const outDir = resolve(opts.outDir);
  const { json, scenario, days, laneVessels, fishingVessels, estimatedPositions } = largeScenario(
    opts.targetPositions,
  );
  const scenarioFile = writeScenarioFile(outDir, json);
  const nmeaFile = join(outDir, `${scenario.name}.simulated.nmea`);
  const truthFile = join(outDir, `${scenario.name}.simulated-truth.json`);
  const t0 = performance.now();
  const command = `node --import tsx src/cli/main.ts simulate ${scenarioFile} --out ${outDir}`;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', CLI_TS, 'simulate', scenarioFile, '--out', outDir, '--json'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`${command} failed (${r.status ?? r.signal})`);
  const simulateS = (performance.now() - t0) / 1000;
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as { totals: { positionsReceived: number } };
  return {
    scenarioFile,
    nmeaFile,
    expectedPositions: truth.totals.positionsReceived,
    truthFile,
    estimatedPositions,
    laneVessels,
    fishingVessels,
    days,
    simulateS,
    command,
  };
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const positions = arg('--positions');
  if (positions === undefined) {
    process.stderr.write(
      'usage: node --import tsx bench/large-input.ts --positions 10M [--out DIR] [--scenario-only]\n',
    );
    process.exitCode = 2;
    return;
  }
  const target = parseCount(positions);
  const outDir = arg('--out') ?? join(root, 'bench-out/large-input');
  if (argv.includes('--scenario-only')) {
    const { json, days, laneVessels, fishingVessels, estimatedPositions } = largeScenario(target);
    const scenarioFile = writeScenarioFile(resolve(outDir), json);
    process.stdout.write(
      `${JSON.stringify({ simulated: true, scenarioFile, days, laneVessels, fishingVessels, estimatedPositions }, null, 2)}\n`,
    );
    return;
  }
  const r = await writeLargeScenario({ targetPositions: target, outDir });
  process.stdout.write(
    `${JSON.stringify({ simulated: true, ...r, positionsPerS: Math.round(r.expectedPositions / r.simulateS) }, null, 2)}\n`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}

/**
 * The NMEA of a large input of about `positions` positions under `dir`, written there the first
 * time (the live benchmarks, bench/watch.ts and bench/scale.ts, replay it for runs longer than the
 * bundled scenario).
 */
export async function cachedLargeNmea(positions: number, dir: string): Promise<string> {
  const cached = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.simulated.nmea')) : undefined;
  if (cached !== undefined) return join(dir, cached);
  return (await writeLargeScenario({ targetPositions: positions, outDir: dir })).nmeaFile;
}
