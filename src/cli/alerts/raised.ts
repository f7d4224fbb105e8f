/** `tallyman alerts raised`: the alerts watch raised. */
import type { Command } from 'commander';
import { ruleId, withStore } from './common.js';

export function registerAlertsRaised(alerts: Command): void {
  alerts
    .command('raised')
    .description('the alerts watch raised, latest last')
    .option('--rule <id>', 'only this rule')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'as JSON lines, with their evidence')
    .action(async (o: { rule?: string; limit: string; json?: boolean }, cmd: Command) => {
      const { listAlerts } = await import('../../live/store.js');
      const { alertPayload } = await import('../../live/deliveries.js');
      await withStore(cmd, async (store) => {
        const list = await listAlerts(await store.db(), {
          ...(o.rule !== undefined ? { ruleId: ruleId(o.rule) } : {}),
          limit: Math.max(1, Number(o.limit) || 50),
        });
        for (const a of list)
          process.stdout.write(
            o.json
              ? `${JSON.stringify(alertPayload(a))}\n`
              : `${String(a.id).padStart(5)}  ${new Date(a.tsMs).toISOString()}  ${a.simulated ? 'SIMULATED  ' : ''}[${a.ruleName}] ${a.title}\n`,
          );
        if (!o.json && list.length === 0) process.stdout.write('no alerts raised yet\n');
      });
    });
}
