/** `tallyman observe simulate`: SIMULATED observations for a scenario file. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { numberOpt } from '../ledger-common.js';
import type { Opts } from './common.js';

export function registerObserveSimulate(observe: Command): void {
  observe
    .command('simulate')
    .description('write simulated observations (sightings, containers, rail) for a scenario file')
    .argument('<scenario>', 'scenario JSON (e.g. scenarios/test-small.json)')
    .requiredOption('--out <file>')
    .option('--seed <n>')
    .action(async (scenarioFile: string, o: Opts) => {
      const { parseScenario, formatScenarioErrors, simulateScenario } = await import(
        '../../scenario/index.js'
      );
      const { simulateObservations } = await import('../../scenario/observations.js');
      let text: string;
      try {
        text = readFileSync(scenarioFile, 'utf8');
      } catch (e) {
        throw new CliError(`${scenarioFile}: ${(e as Error).message}`, EXIT.badInput);
      }
      const r = parseScenario(text);
      if (!r.ok) throw new CliError(formatScenarioErrors(scenarioFile, r.errors), EXIT.badInput);
      const seed = numberOpt('--seed', o.seed as string | undefined);
      const obs = simulateObservations(simulateScenario(r.scenario), undefined, seed);
      writeFileSync(String(o.out), `${JSON.stringify(obs, null, 2)}\n`);
      process.stdout.write(
        `${o.out}: ${obs.sightings.length} sightings, ${obs.containers.length} container counts, ${obs.rail.length} rail counts (simulated)\n`,
      );
    });
}
