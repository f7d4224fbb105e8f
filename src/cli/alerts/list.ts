/** `tallyman alerts list`: the alert rules, and with --audit their audit entries. */
import type { Command } from 'commander';
import { withStore } from './common.js';

export function registerAlertsList(alerts: Command): void {
  alerts
    .command('list')
    .description('the alert rules')
    .option('--json', 'as JSON')
    .option('--audit', 'also the audit entries of the rules (who created, changed, deleted which, when)')
    .action(async (o: { json?: boolean; audit?: boolean }, cmd: Command) => {
      const { describeRule } = await import('../../live/rules.js');
      const { listRules, ruleAudit } = await import('../../live/store.js');
      await withStore(cmd, async (store) => {
        const db = await store.db();
        const rules = await listRules(db);
        const audit = o.audit ? await ruleAudit(db) : null;
        if (o.json) {
          process.stdout.write(`${JSON.stringify(audit === null ? rules : { rules, audit }, null, 2)}\n`);
          return;
        }
        if (rules.length === 0) process.stdout.write('no alert rules (tallyman alerts add)\n');
        for (const r of rules)
          process.stdout.write(
            `${String(r.id).padStart(4)}  ${r.enabled ? 'on ' : 'off'}  ${r.name}: ${describeRule(r.spec)}  (by ${r.createdBy}, ${new Date(r.createdMs).toISOString()})\n`,
          );
        for (const a of audit ?? [])
          process.stdout.write(
            `audit ${a.seq}  ${new Date(a.tsMs).toISOString()}  ${a.actor}  ${a.action} rule ${a.ruleId}: ${a.detail ?? ''}\n`,
          );
      });
    });
}
