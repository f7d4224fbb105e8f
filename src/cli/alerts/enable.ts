/** `tallyman alerts enable|disable`: enable or disable an alert rule (audited). */
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { actorFrom as actorName } from '../ledger-common.js';
import { ruleId, withStore } from './common.js';

export function registerAlertsEnable(alerts: Command): void {
  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const)
    alerts
      .command(verb)
      .description(`${verb} an alert rule (audited)`)
      .argument('<id>')
      .option('--by <name>', 'who (default $TALLYMAN_ANALYST, $USER)')
      .action(async (id: string, o: { by?: string }, cmd: Command) => {
        const { updateRule } = await import('../../live/store.js');
        await withStore(cmd, async (store) => {
          const r = await updateRule(
            await store.db(),
            ruleId(id),
            { enabled },
            { actor: actorName(o.by), nowMs: Date.now() },
          );
          if (r === null) throw new CliError(`no alert rule ${id}`, EXIT.notFound);
          process.stdout.write(`rule ${r.id} ${enabled ? 'enabled' : 'disabled'}\n`);
        });
      });
}
