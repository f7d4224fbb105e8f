/** `tallyman observe add-rail`: one rail count (railcars or tonnes). */
import type { Command } from 'commander';
import { RAIL_UNITS } from '../../shipments/types.js';
import { actorFrom, numberOpt, positiveId, rangeOpt, withLedger } from '../ledger-common.js';
import type { Opts } from './common.js';

export function registerObserveAddRail(observe: Command): void {
  observe
    .command('add-rail')
    .requiredOption('--time <time>')
    .requiredOption('--place <name>')
    .requiredOption('--count <n>', 'a count or a range')
    .option('--unit <u>', RAIL_UNITS.join(' | '), 'railcars')
    .option('--shipments <ids>', 'shipment ids, comma-separated')
    .option('--lon <deg>')
    .option('--lat <deg>')
    .option('--evidence <id>')
    .option('--simulated')
    .option('--by <name>')
    .action(async (o: Opts, cmd: Command) => {
      const r = rangeOpt('--count', o.count as string);
      const input = {
        observed: String(o.time),
        place: String(o.place),
        unit: o.unit,
        countMin: r?.min,
        countMax: r?.max,
        shipmentIds: o.shipments
          ? String(o.shipments)
              .split(',')
              .map((x) => positiveId('--shipments', x.trim()))
          : [],
        lon: numberOpt('--lon', o.lon as string | undefined) ?? null,
        lat: numberOpt('--lat', o.lat as string | undefined) ?? null,
        evidenceId: numberOpt('--evidence', o.evidence as string | undefined) ?? null,
        simulated: o.simulated === true,
      };
      await withLedger(cmd, async ({ db }) => {
        const { recordRailObservation } = await import('../../shipments/observe.js');
        const id = await recordRailObservation(db, input as never, actorFrom(o.by as string | undefined));
        process.stdout.write(`rail observation ${id}\n`);
      });
    });
}
