/** `tallyman evidence export-ftm`: the evidence graph as FollowTheMoney entities. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withLedger } from '../ledger-common.js';
import type { Opts } from './common.js';

export function registerExportFtm(evidence: Command): void {
  evidence
    .command('export-ftm')
    .description('the evidence graph as FollowTheMoney entities, one JSON object per line (opens in Aleph)')
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(async (o: Opts, cmd: Command) => {
      await withLedger(cmd, async ({ db, store, evidenceDir }) => {
        const { exportLedgerFtm } = await import('../../shipments/ftm-store.js');
        const text = await exportLedgerFtm(db, store, evidenceDir);
        if (o.out === undefined) return void process.stdout.write(text.text);
        writeFileSync(String(o.out), text.text);
        process.stderr.write(`${o.out}: ${text.counts}\n`);
      });
    });
}
