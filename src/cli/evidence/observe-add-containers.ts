/** `tallyman observe add-containers`: one container count at a place. */
import type { Command } from 'commander';
import { CONTAINER_METHODS } from '../../shipments/types.js';
import { actorFrom, numberOpt, rangeOpt, withLedger } from '../ledger-common.js';
import type { Opts } from './common.js';

export function registerObserveAddContainers(observe: Command): void {
  observe
    .command('add-containers')
    .requiredOption('--time <time>')
    .requiredOption('--place <area or name>')
    .requiredOption('--count <n>', 'a count or a range 230-270')
    .requiredOption('--method <m>', CONTAINER_METHODS.join(' | '))
    .option('--size <ft>', '20 or 40')
    .option('--lon <deg>')
    .option('--lat <deg>')
    .option('--image-evidence <id>')
    .option('--sighting <id>')
    .option('--simulated')
    .option('--by <name>')
    .action(async (o: Opts, cmd: Command) => {
      const r = rangeOpt('--count', o.count as string);
      const input = {
        observed: String(o.time),
        place: String(o.place),
        countMin: r?.min,
        countMax: r?.max,
        method: o.method,
        sizeFt: numberOpt('--size', o.size as string | undefined) ?? null,
        lon: numberOpt('--lon', o.lon as string | undefined) ?? null,
        lat: numberOpt('--lat', o.lat as string | undefined) ?? null,
        imageEvidenceId: numberOpt('--image-evidence', o.imageEvidence as string | undefined) ?? null,
        sightingId: numberOpt('--sighting', o.sighting as string | undefined) ?? null,
        simulated: o.simulated === true,
      };
      await withLedger(cmd, async ({ db }) => {
        const { recordContainerObservation } = await import('../../shipments/observe.js');
        const id = await recordContainerObservation(
          db,
          input as never,
          actorFrom(o.by as string | undefined),
        );
        process.stdout.write(`container observation ${id}\n`);
      });
    });
}
