/** `tallyman claims`: claims grouped by measure, conflicting ones side by side. */
import type { Command } from 'commander';
import { withLedger } from '../ledger-common.js';
import type { Opts } from './common.js';

export function registerClaims(program: Command): void {
  program
    .command('claims')
    .description('claims grouped by measure, conflicting ones side by side')
    .option('--json')
    .action(async (o: Opts, cmd: Command) => {
      await withLedger(cmd, async ({ db }) => {
        const { listClaims } = await import('../../evidence/store.js');
        const { groupClaims, currentClaims } = await import('../../evidence/claims.js');
        const all = await listClaims(db);
        const groups = groupClaims(all);
        if (o.json)
          return void process.stdout.write(
            `${JSON.stringify({ claims: currentClaims(all), groups }, null, 2)}\n`,
          );
        const day = (ms: number | null) => (ms === null ? '…' : new Date(ms).toISOString().slice(0, 10));
        const q = (c: (typeof all)[number]) =>
          c.quantityMin === null
            ? ''
            : c.quantityMax !== null && c.quantityMax !== c.quantityMin
              ? `${c.quantityMin}–${c.quantityMax}`
              : `${c.quantityMin}`;
        const lines: string[] = [];
        for (const g of groups) {
          lines.push(
            `${g.measure}${g.unit ? ` (${g.unit})` : ''}${g.conflicts.length ? `: ${g.conflicts.length} conflict(s)` : ''}`,
          );
          for (const c of g.claims) {
            const inConflict = g.conflicts.some(([a, b]) => a === c.id || b === c.id);
            lines.push(
              `  ${inConflict ? '!' : ' '} claim ${c.id}: ${q(c)} ${c.unit ?? ''}, ${day(c.periodFromMs)} – ${day(c.periodToMs)}${c.place ? `, ${c.place}` : ''} [${c.bestGrade ?? 'no evidence'}; evidence ${c.evidenceIds.join(',') || '-'}] ${c.statement}`,
            );
          }
        }
        const loose = currentClaims(all).filter((c) => c.measure === null || c.quantityMin === null);
        if (loose.length) lines.push('other claims');
        for (const c of loose)
          lines.push(`    claim ${c.id}: ${c.statement} [${c.bestGrade ?? 'no evidence'}]`);
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
