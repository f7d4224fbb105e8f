/** `tallyman verify`: every evidence file hash, the audit chain, audited rows and orphan files. */
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { withLedger } from '../ledger-common.js';
import type { Opts } from './common.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'recompute every evidence file hash, the audit chain and its head, audited rows, orphan files; exit 5 on any break',
    )
    .option('--json')
    .action(async (o: Opts, cmd: Command) => {
      await withLedger(cmd, async ({ db, evidenceDir }) => {
        const { verifyLedger } = await import('../../evidence/verify.js');
        const r = await verifyLedger(db, evidenceDir);
        if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else {
          const lines = [
            `audit log: ${r.auditEntries} entries, ${r.chainBreak ? `FIRST BREAK at entry ${r.chainBreak.seq}: ${r.chainBreak.reason}` : 'chain intact'}`,
            `evidence files: ${r.filesChecked} checked in ${evidenceDir}, ${r.fileProblems.length} problem(s)`,
            ...r.fileProblems.map(
              (p) =>
                `  evidence ${p.evidenceId}: file ${p.problem} (expected sha256 ${p.sha256}${p.actualSha256 ? `, found ${p.actualSha256}` : ''})`,
            ),
            `orphan files: ${r.orphanFiles.length} in ${evidenceDir} that no evidence item refers to`,
            ...r.orphanFiles.map(
              (f) => `  ${f}: no row refers to this file (added or left outside tallyman)`,
            ),
            `audited rows: ${r.rowsChecked} checked, ${r.rowProblems.length} problem(s)`,
            ...r.rowProblems.map((p) => `  ${p.entity} ${p.id}: ${p.problem}`),
            r.ok ? 'verify: OK' : 'verify: FAILED',
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        if (!r.ok) throw new CliError('verification failed', EXIT.verifyFailed);
      });
    });
}
