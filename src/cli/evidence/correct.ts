/** `tallyman evidence correct`: a corrected version of an item. */
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { actorFrom, positiveId, withLedger } from '../ledger-common.js';
import { parseTimeOption } from '../time-option.js';
import type { Opts } from './common.js';

export function registerCorrect(evidence: Command): void {
  evidence
    .command('correct')
    .description('a corrected version of an item (new metadata, same file); the old one stays')
    .argument('<id>')
    .requiredOption('--reason <text>')
    .option('--title <text>')
    .option('--grade <code>')
    .option('--source <text>')
    .option('--url <url>')
    .option('--publisher <text>')
    .option('--obtained <time>')
    .option('--collector <name>')
    .option('--language <code>')
    .option('--by <name>')
    .action(async (idArg: string, o: Opts, cmd: Command) => {
      const id = positiveId('evidence id', idArg);
      const { parseGrade } = await import('../../evidence/grade.js');
      const changes: Record<string, unknown> = {};
      if (o.grade !== undefined) {
        const g = parseGrade(String(o.grade));
        if (!g.ok) throw new CliError(g.error, EXIT.usage);
        changes.grade = g.grade;
      }
      for (const k of ['title', 'source', 'url', 'publisher', 'collector', 'language'])
        if (o[k] !== undefined) changes[k] = String(o[k]);
      if (o.obtained !== undefined) changes.obtainedMs = parseTimeOption('--obtained', String(o.obtained));
      if (Object.keys(changes).length === 0)
        throw new CliError('evidence correct: nothing to change', EXIT.usage);
      await withLedger(cmd, async ({ db }) => {
        const { correctEvidence } = await import('../../evidence/store.js');
        const item = await correctEvidence(
          db,
          id,
          changes,
          String(o.reason),
          actorFrom(o.by as string | undefined),
          Date.now(),
        );
        process.stdout.write(`evidence ${item.id} (version ${item.version}) replaces ${id}\n`);
      });
    });
}
