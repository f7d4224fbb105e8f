/** `tallyman observe import`: sightings, container and rail observations from one JSON file. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { actorFrom, withLedger } from '../ledger-common.js';
import type { Opts } from './common.js';

export function registerObserveImport(observe: Command): void {
  observe
    .command('import')
    .argument('<file>', 'JSON: { sightings: [...], containers: [...], rail: [...] }')
    .option('--by <name>')
    .action(async (file: string, o: Opts, cmd: Command) => {
      let doc: unknown;
      try {
        doc = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new CliError(`${file}: ${(e as Error).message}`, EXIT.badInput);
      }
      await withLedger(cmd, async ({ db }) => {
        const { importObservations } = await import('../../shipments/observe.js');
        const r = await importObservations(db, doc, actorFrom(o.by as string | undefined));
        for (const e of r.errors) process.stderr.write(`${file}: ${e.path}: ${e.reason}\n`);
        process.stdout.write(
          `${file}: ${r.sightings} sightings, ${r.containers} container observations, ${r.rail} rail observations; ${r.errors.length} rejected\n`,
        );
        if (r.sightings + r.containers + r.rail === 0 && r.errors.length > 0)
          throw new CliError(`${file}: nothing imported`, EXIT.badInput);
      });
    });
}
