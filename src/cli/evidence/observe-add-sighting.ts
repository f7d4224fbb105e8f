/** `tallyman observe add-sighting`: one imagery sighting of a ship. */
import type { Command } from 'commander';
import { actorFrom, numberOpt, withLedger } from '../ledger-common.js';
import { type Opts, str } from './common.js';

export function registerObserveAddSighting(observe: Command): void {
  observe
    .command('add-sighting')
    .requiredOption('--provider <name>')
    .requiredOption('--image <id>')
    .requiredOption('--time <time>')
    .requiredOption('--lon <deg>')
    .requiredOption('--lat <deg>')
    .option('--gsd <m>')
    .option('--mmsi <mmsi>')
    .option('--name <vessel>')
    .option('--identified-by <list>', 'length,shape,markings,ais-correlation,other')
    .option('--confidence <0-1>')
    .option('--evidence <id>')
    .option('--simulated')
    .option('--by <name>')
    .action(async (o: Opts, cmd: Command) => {
      const input = {
        provider: String(o.provider),
        imageId: String(o.image),
        acquired: String(o.time),
        lon: numberOpt('--lon', o.lon as string),
        lat: numberOpt('--lat', o.lat as string),
        gsdM: numberOpt('--gsd', o.gsd as string | undefined) ?? null,
        mmsi: numberOpt('--mmsi', o.mmsi as string | undefined) ?? null,
        vesselName: str(o.name),
        identifiedBy: o.identifiedBy ? String(o.identifiedBy).split(',') : [],
        idConfidence: numberOpt('--confidence', o.confidence as string | undefined),
        evidenceId: numberOpt('--evidence', o.evidence as string | undefined) ?? null,
        simulated: o.simulated === true,
      };
      await withLedger(cmd, async ({ db }) => {
        const { recordSighting } = await import('../../shipments/observe.js');
        const id = await recordSighting(db, input as never, actorFrom(o.by as string | undefined));
        process.stdout.write(`sighting ${id}\n`);
      });
    });
}
