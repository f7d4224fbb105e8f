/** `tallyman claim add`: a statement with a quantity, linked to evidence. */
import type { Command } from 'commander';
import { actorFrom, positiveId, rangeOpt, withLedger } from '../ledger-common.js';
import { parseTimeOption } from '../time-option.js';
import { type Opts, str } from './common.js';

export function registerClaimAdd(claim: Command): void {
  claim
    .command('add')
    .argument('<statement>')
    .option(
      '--measure <key>',
      'what is quantified, e.g. containers-total (claims on one measure are compared)',
    )
    .option('--quantity <n>', 'a number or a range (6700, 4200000-5800000)')
    .option('--unit <unit>')
    .option('--from <time>', 'period start')
    .option('--to <time>', 'period end')
    .option('--place <text>')
    .option('--evidence <ids>', 'evidence ids, comma-separated')
    .option('--replaces <id>', 'this claim corrects an earlier one')
    .option('--by <name>')
    .action(async (statement: string, o: Opts, cmd: Command) => {
      const q = rangeOpt('--quantity', (o.quantity as string | undefined)?.replace(/,(?=\d{3})/g, ''));
      const evidenceIds =
        o.evidence === undefined
          ? []
          : String(o.evidence)
              .split(',')
              .map((x) => positiveId('--evidence', x.trim()));
      const replaces = o.replaces === undefined ? null : positiveId('--replaces', String(o.replaces));
      await withLedger(cmd, async ({ db }) => {
        const { addClaim } = await import('../../evidence/store.js');
        const id = await addClaim(
          db,
          {
            statement,
            measure: str(o.measure),
            quantityMin: q?.min ?? null,
            quantityMax: q?.max ?? null,
            unit: str(o.unit),
            periodFromMs: parseTimeOption('--from', o.from as string | undefined) ?? null,
            periodToMs: parseTimeOption('--to', o.to as string | undefined) ?? null,
            place: str(o.place),
            evidenceIds,
          },
          actorFrom(o.by as string | undefined),
          Date.now(),
          replaces,
        );
        process.stdout.write(`claim ${id}\n`);
      });
    });
}
