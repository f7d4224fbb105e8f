/**
 * `tallyman simulate [SCENARIO.json] [--out DIR]`: run a scenario and write its SIMULATED AIS
 * (NMEA with tag-block receive times, DMA CSV) and ground truth. The default scenario is the
 * bundled Rajin shuttle, which follows the public record but is simulated throughout. The files
 * are streamed as the simulation runs (memory does not grow with them); the summary gives the
 * rate in positions per second.
 */
import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { readInputText } from './read-input.js';

export const BUNDLED_SCENARIO = new URL('../../scenarios/rajin-shuttle.json', import.meta.url).pathname;

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('write a SIMULATED scenario: AIS (NMEA, DMA CSV) and its ground truth')
    .argument('[scenario]', 'scenario JSON file', BUNDLED_SCENARIO)
    .option('--out <dir>', 'output folder', 'simulated')
    .option('--json', 'print the written files as JSON')
    .action(async (file: string, opts: { out: string; json?: boolean }) => {
      const { formatScenarioErrors, parseScenario, writeScenario } = await import('../scenario/index.js');
      const parsed = parseScenario(readInputText(file));
      if (!parsed.ok) throw new CliError(formatScenarioErrors(file, parsed.errors), EXIT.badInput);
      const t0 = performance.now();
      const { files, result } = writeScenario(parsed.scenario, opts.out);
      const seconds = Math.round(performance.now() - t0) / 1000;
      const { positionsReceived: positions, staticsReceived: statics } = result.truth.totals;
      const positionsPerSec = Math.round(positions / seconds);
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ simulated: true, scenario: file, files, positions, statics, seconds, positionsPerSec }, null, 2)}\n`,
        );
        return;
      }
      process.stdout.write(
        `SIMULATED scenario "${result.scenario.name}" (not real data) written to ${opts.out}:\n`,
      );
      for (const f of files) {
        process.stdout.write(
          `  ${f.kind.padEnd(8)} ${f.path}  ${(f.bytes / 1e6).toFixed(1)} MB, ${f.lines} lines\n`,
        );
      }
      process.stdout.write(
        `  ${positions} position and ${statics} static reports received, simulated and written in ` +
          `${seconds.toFixed(1)} s (${positionsPerSec} positions/s)\n`,
      );
    });
}
