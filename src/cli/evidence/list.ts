/** `tallyman evidence list`: the current versions of every item. */
import type { Command } from 'commander';
import { withLedger } from '../ledger-common.js';
import type { Opts } from './common.js';

export function registerList(evidence: Command): void {
  evidence
    .command('list')
    .description('current versions (--all: every version)')
    .option('--all')
    .option('--json')
    .action(async (o: Opts, cmd: Command) => {
      await withLedger(cmd, async ({ db }) => {
        const { listEvidence } = await import('../../evidence/store.js');
        const items = await listEvidence(db, { all: o.all === true });
        if (o.json) return void process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        const { default: Table } = await import('cli-table3');
        const t = new Table({
          head: ['id', 'v', 'grade', 'kind', 'title', 'publisher', 'obtained', 'sha256'],
          style: { head: [], border: [] },
        });
        for (const i of items)
          t.push([
            i.id + (i.replacesId ? ` (fixes ${i.replacesId})` : ''),
            i.version,
            `${i.grade.reliability}${i.grade.credibility}`,
            i.kind + (i.simulated ? ' (simulated)' : ''),
            i.title,
            i.publisher ?? '',
            i.obtainedMs === null ? '' : new Date(i.obtainedMs).toISOString().slice(0, 10),
            i.sha256.slice(0, 16),
          ]);
        process.stdout.write(`${t.toString()}\n${items.length} items\n`);
      });
    });
}
