/**
 * `tallyman estimate [--params FILE] [--seed N] [--samples N] [--input FILE.json | --scenario [FILE]]
 * [--basis all|confirmed] [--json | --csv]`: the Monte Carlo estimate of containers, tonnes, rounds and dollars with 90%
 * intervals (src/estimate). Sources: the shipment ledger in the store (default), an EstimateInput
 * JSON file, or a scenario's ground truth with simulated observations (the output then says SIMULATED).
 * `--json` carries the parameter file's SHA-256, the input's SHA-256 and the seed, so a published
 * figure can be reproduced exactly. From the ledger, `--basis confirmed` keeps the confirmed shipments
 * only (under TALLYMAN_FOUR_EYES=1 only those a second person approved); the source line says which.
 */
import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import type { EstimateInput, EstimateParams } from '../estimate/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { readInputText } from './read-input.js';
import { BUNDLED_SCENARIO } from './simulate.js';

export const DEFAULT_PARAMS_FILE = new URL('../../data/estimate-params.json', import.meta.url).pathname;

interface EstimateOpts {
  params: string;
  seed: string;
  samples: string;
  input?: string;
  scenario?: string | boolean;
  basis?: string;
  json?: boolean;
  csv?: boolean;
}

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new CliError(`${name} must be a whole number from ${min} to ${max}, not "${text}"`, EXIT.usage);
  return v;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Loads and validates a parameter file; refuses it with every problem named. */
export async function loadParams(file: string): Promise<{ params: EstimateParams; sha256: string }> {
  const { formatParamErrors, parseParams } = await import('../estimate/index.js');
  const text = readInputText(file);
  const r = parseParams(text);
  if (!r.ok)
    throw new CliError(`bad parameter file, refused:\n${formatParamErrors(file, r.errors)}`, EXIT.badInput);
  return { params: r.params, sha256: sha256(text) };
}

/**
 * Runs the estimate over any EstimateInput and renders it, whichever source it came from.
 */
export async function renderEstimate(
  input: EstimateInput,
  source: string,
  opts: {
    paramsFile: string;
    /** Already loaded (so a bad file is refused before any input is built); else read from paramsFile. */
    loaded?: { params: EstimateParams; sha256: string };
    seed: number;
    samples: number;
    format: 'table' | 'json' | 'csv';
  },
): Promise<string> {
  const { estimate, toCsv, toTable } = await import('../estimate/index.js');
  const { params, sha256: paramsSha256 } = opts.loaded ?? (await loadParams(opts.paramsFile));
  const result = estimate(input, params, { seed: opts.seed, samples: opts.samples });
  if (opts.format === 'csv') return toCsv(result);
  if (opts.format === 'json') {
    const doc = {
      tool: 'tallyman estimate',
      simulated: input.simulated,
      source,
      seed: opts.seed,
      samples: opts.samples,
      paramsFile: opts.paramsFile,
      paramsSha256,
      inputSha256: sha256(JSON.stringify(input)),
      result,
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
  return toTable(result, { paramsFile: opts.paramsFile, paramsSha256, source });
}

async function inputFromOptions(
  opts: EstimateOpts,
  cmd: Command,
): Promise<{ input: EstimateInput; source: string }> {
  if (opts.input !== undefined && opts.scenario !== undefined)
    throw new CliError('give either --input or --scenario, not both', EXIT.usage);
  if (opts.basis !== undefined && opts.basis !== 'all' && opts.basis !== 'confirmed')
    throw new CliError(`--basis: "${opts.basis}" is not all or confirmed`, EXIT.usage);
  if (opts.basis !== undefined && (opts.input !== undefined || opts.scenario !== undefined))
    throw new CliError('--basis applies to the ledger only (not with --input or --scenario)', EXIT.usage);
  if (opts.input !== undefined) {
    const { parseEstimateInput } = await import('../estimate/index.js');
    const r = parseEstimateInput(readInputText(opts.input));
    if (!r.ok)
      throw new CliError(
        `bad estimate input, refused:\n${r.errors.map((e) => `${opts.input}: ${e.path}: ${e.reason}`).join('\n')}`,
        EXIT.badInput,
      );
    return { input: r.input, source: `input ${opts.input}${r.input.simulated ? ' (SIMULATED)' : ''}` };
  }
  if (opts.scenario !== undefined) {
    const file = opts.scenario === true ? BUNDLED_SCENARIO : String(opts.scenario);
    const { formatScenarioErrors, parseScenario, simulateScenario } = await import('../scenario/index.js');
    const { inputFromScenario } = await import('../estimate/index.js');
    const parsed = parseScenario(readInputText(file));
    if (!parsed.ok) throw new CliError(formatScenarioErrors(file, parsed.errors), EXIT.badInput);
    const { truth } = simulateScenario(parsed.scenario);
    return {
      input: inputFromScenario(parsed.scenario, truth, parsed.scenario.seed),
      source: `SIMULATED scenario ${file}`,
    };
  }
  // The default: the shipment ledger in the store (confirmed and proposed shipments, rejected ones
  // left out, with their container observations, draught and the claims); `--basis confirmed`: the
  // confirmed ones only, and under the four-eyes rule only those a second person approved.
  const { withLedger } = await import('./ledger-common.js');
  const { estimateInputFromLedger } = await import('../shipments/estimate-input.js');
  const fe = await import('../shipments/four-eyes.js');
  const basis = opts.basis === 'confirmed' ? 'confirmed' : 'all';
  const fourEyes = fe.fourEyesFrom();
  return withLedger(cmd, async ({ db, store }) => {
    let input = await estimateInputFromLedger(db);
    if (basis === 'confirmed') {
      const approved = await fe.approvedShipmentIds(db);
      input = { ...input, shipments: fe.confirmedOnBasis(input.shipments, fourEyes, approved) };
    }
    const where = store.engine === 'sqlite' ? 'the ledger (SQLite)' : 'the ledger (PostgreSQL)';
    return {
      input,
      source: `${where}${input.simulated ? ' (SIMULATED)' : ''}, basis: ${fe.basisText(basis, fourEyes)} shipments`,
    };
  });
}

export function registerEstimate(program: Command): void {
  program
    .command('estimate')
    .description('Monte Carlo estimate of containers, tonnes, rounds and value with 90% intervals')
    .option('--params <file>', 'parameter file (JSON)', DEFAULT_PARAMS_FILE)
    .option('--seed <n>', 'random seed', '1')
    .option('--samples <n>', 'Monte Carlo samples', '100000')
    .option('--input <file>', 'an EstimateInput JSON file')
    .option(
      '--scenario [file]',
      'a scenario with simulated observations (default: the bundled Rajin shuttle)',
    )
    .option(
      '--basis <basis>',
      'from the ledger: all (confirmed and proposed, the default) or confirmed (with TALLYMAN_FOUR_EYES=1: confirmed and approved by a second person)',
    )
    .option('--json', 'print everything as JSON, with the parameter file SHA-256 and the seed')
    .option('--csv', 'print one CSV row per figure')
    .action(async (opts: EstimateOpts, cmd: Command) => {
      if (opts.json && opts.csv) throw new CliError('give either --json or --csv', EXIT.usage);
      const seed = wholeNumber('--seed', opts.seed, 0, 4294967295);
      const samples = wholeNumber('--samples', opts.samples, 100, 10_000_000);
      const loaded = await loadParams(opts.params);
      const { input, source } = await inputFromOptions(opts, cmd);
      const text = await renderEstimate(input, source, {
        paramsFile: opts.params,
        loaded,
        seed,
        samples,
        format: opts.json ? 'json' : opts.csv ? 'csv' : 'table',
      });
      process.stdout.write(text);
    });
}
