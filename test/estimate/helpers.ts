/** Shared fixtures for the estimate tests: the shipped parameters, the bundled scenario's input, a small input. */
import { readFileSync } from 'node:fs';
import {
  type EstimateInput,
  type EstimateParams,
  inputFromScenario,
  parseParams,
} from '../../src/estimate/index.js';
import { parseScenario, simulateScenario } from '../../src/scenario/index.js';
import type { Truth } from '../../src/scenario/truth.js';

export const PARAMS_FILE = new URL('../../data/estimate-params.json', import.meta.url);

export function paramsText(): string {
  return readFileSync(PARAMS_FILE, 'utf8');
}

export function defaultParams(): EstimateParams {
  const r = parseParams(paramsText());
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.reason}`).join('\n'));
  return r.params;
}

let cached: { input: EstimateInput; truth: Truth } | null = null;

/** The bundled Rajin scenario simulated once per test file, with its simulated observations. */
export function scenarioInput(): { input: EstimateInput; truth: Truth } {
  if (cached !== null) return cached;
  const r = parseScenario(
    readFileSync(new URL('../../scenarios/rajin-shuttle.json', import.meta.url), 'utf8'),
  );
  if (!r.ok) throw new Error('bundled scenario does not parse');
  const { truth } = simulateScenario(r.scenario);
  cached = { input: inputFromScenario(r.scenario, truth, r.scenario.seed), truth };
  return cached;
}

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2024, 0, 3);

/** Six shipments of two ships; `counts[i]` null = not counted. */
export function smallInput(
  counts: (number | { low: number; high: number } | null)[] = [200, 220, null, 250, null, 240],
): EstimateInput {
  return {
    simulated: false,
    shipments: counts.map((c, i) => ({
      id: `s${i + 1}`,
      number: i + 1,
      status: 'confirmed' as const,
      departedMs: T0 + i * 12 * DAY_MS,
      arrivedMs: T0 + i * 12 * DAY_MS + DAY_MS,
      vessel: {
        mmsi: i % 2 === 0 ? 273000001 : 273000002,
        name: i % 2 === 0 ? 'ALPHA' : 'BRAVO',
        lengthM: 120,
        beamM: 18,
        maxContainers: 400,
      },
      containerObservations:
        c === null
          ? []
          : [{ count: c, sizeFt: 20 as const, where: 'loading' as const, method: 'imagery-count' }],
      draught: i === 0 ? { beforeM: 4.4, afterM: 6.6 } : null,
    })),
    claims: [],
    fleetCapacity: [],
  };
}
