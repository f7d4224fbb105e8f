/** `tallyman alerts rm`: delete an alert rule (audited). */
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { actorFrom as actorName } from '../ledger-common.js';
import { ruleId, withStore } from './common.js';

export function registerAlertsRm(alerts: Command): void {
  alerts
    .command('rm')
    .description('delete an alert rule (audited; the alerts it raised stay)')
    .argument('<id>')
    .option('--by <name>', 'who (default $TALLYMAN_ANALYST, $USER)')
    .option('--reason <text>', 'why (kept in the audit log)')
    .action(async (id: string, o: { by?: string; reason?: string }, cmd: Command) => {
      const { deleteRule } = await import('../../live/store.js');
      await withStore(cmd, async (store) => {
        const ok = await deleteRule(await store.db(), ruleId(id), {
          actor: actorName(o.by),
          nowMs: Date.now(),
          reason: o.reason ?? null,
        });
        if (!ok) throw new CliError(`no alert rule ${id}`, EXIT.notFound);
        process.stdout.write(`rule ${id} deleted\n`);
      });
    });
}
