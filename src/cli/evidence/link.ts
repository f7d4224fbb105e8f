/** `tallyman evidence link`: link evidence to a shipment, sighting or observation. */
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { actorFrom, positiveId, withLedger } from '../ledger-common.js';
import type { Opts } from './common.js';

export function registerLink(evidence: Command): void {
  evidence
    .command('link')
    .description('link evidence to a shipment, sighting or observation')
    .argument('<id>')
    .option('--shipment <id>')
    .option('--sighting <id>')
    .option('--container-observation <id>')
    .option('--rail-observation <id>')
    .option('--by <name>')
    .action(async (idArg: string, o: Opts, cmd: Command) => {
      const id = positiveId('evidence id', idArg);
      const targets = (['shipment', 'sighting', 'containerObservation', 'railObservation'] as const).filter(
        (k) => o[k] !== undefined,
      );
      if (targets.length !== 1)
        throw new CliError(
          'give exactly one of --shipment, --sighting, --container-observation, --rail-observation',
          EXIT.usage,
        );
      const k = targets[0];
      const kind = (
        {
          shipment: 'shipment',
          sighting: 'sighting',
          containerObservation: 'container-observation',
          railObservation: 'rail-observation',
        } as const
      )[k];
      const target = positiveId(`--${kind}`, String(o[k]));
      await withLedger(cmd, async ({ db }) => {
        const { linkEvidence } = await import('../../evidence/store.js');
        const added = await linkEvidence(
          db,
          id,
          kind,
          target,
          actorFrom(o.by as string | undefined),
          Date.now(),
        );
        process.stdout.write(added ? `evidence ${id} → ${kind} ${target}\n` : `already linked\n`);
      });
    });
}
