/**
 * Estimate benchmark: the Monte Carlo over the bundled (SIMULATED) Rajin scenario's 64 shipments
 * with the default parameters, timed as the whole `estimate()` (draws plus every summary) and as
 * the draws alone; best and median of the runs after one warm-up, with CPU time beside wall time
 * because the machine is shared.
 *
 *   node --import tsx bench/estimate.ts                 # 100,000 samples, 5 runs
 *   node --import tsx bench/estimate.ts --samples 1000000 --runs 3
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { estimate, inputFromScenario, parseParams } from '../src/estimate/index.js';
import { runMonteCarlo } from '../src/estimate/monte-carlo.js';
import { preparePlan } from '../src/estimate/plan.js';
import { parseScenario, simulateScenario } from '../src/scenario/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const samples = arg('--samples', 100_000);
const runs = arg('--runs', 5);
const scenario = parseScenario(
  readFileSync(new URL('../scenarios/rajin-shuttle.json', import.meta.url), 'utf8'),
);
const params = parseParams(readFileSync(new URL('../data/estimate-params.json', import.meta.url), 'utf8'));
if (!scenario.ok || !params.ok) throw new Error('bundled scenario or parameters do not parse');
const input = inputFromScenario(
  scenario.scenario,
  simulateScenario(scenario.scenario).truth,
  scenario.scenario.seed,
);

function time(f: () => void): { wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const p = params.params;
const plan = preparePlan(input, p).plan;
const full: { wallMs: number; cpuMs: number }[] = [];
const draws: { wallMs: number; cpuMs: number }[] = [];
time(() => estimate(input, p, { seed: 1, samples })); // warm-up
for (let r = 0; r < runs; r++) {
  draws.push(time(() => runMonteCarlo(plan, p, 1, samples)));
  full.push(time(() => estimate(input, p, { seed: 1, samples })));
}
const line = (label: string, xs: { wallMs: number; cpuMs: number }[]) => {
  const best = Math.min(...xs.map((x) => x.wallMs));
  const med = median(xs.map((x) => x.wallMs));
  const cpu = median(xs.map((x) => x.cpuMs));
  console.log(
    `${label.padEnd(26)} best ${best.toFixed(0).padStart(5)} ms  median ${med.toFixed(0).padStart(5)} ms (cpu ${cpu.toFixed(0)} ms)  ${Math.round((samples / best) * 1000).toLocaleString('en-US')} samples/s`,
  );
};
console.log(
  `estimate bench: ${input.shipments.length} shipments (SIMULATED scenario), ${samples.toLocaleString('en-US')} samples, ${runs} runs; ${cpus().length} cores ${cpus()[0]?.model ?? ''}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, node ${process.version}`,
);
line('draws only (runMonteCarlo)', draws);
line('whole estimate()', full);
