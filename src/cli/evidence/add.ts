/** `tallyman evidence add`: store a file with its metadata and Admiralty grade. */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { EVIDENCE_KINDS } from '../../evidence/kinds.js';
import { CliError, EXIT } from '../exit-codes.js';
import { actorFrom, positiveId, withLedger } from '../ledger-common.js';
import { parseTimeOption } from '../time-option.js';
import { type Opts, str } from './common.js';

export function registerAdd(evidence: Command): void {
  evidence
    .command('add')
    .description('store a file (once per content) with its metadata and Admiralty grade')
    .argument('<file>')
    .requiredOption('--title <text>')
    .requiredOption('--grade <code>', 'Admiralty code: reliability A–F and credibility 1–6, e.g. B2')
    .option('--kind <kind>', EVIDENCE_KINDS.join(' | '), 'document')
    .option('--source <text>')
    .option('--url <url>')
    .option('--publisher <text>')
    .option('--obtained <time>', 'when it was obtained (ISO 8601)')
    .option('--collector <name>')
    .option('--language <code>')
    .option('--simulated', 'mark as simulated')
    .option('--shipment <id>', 'link it to this shipment')
    .option('--by <name>')
    .option('--json')
    .action(async (file: string, o: Opts, cmd: Command) => {
      const { parseGrade } = await import('../../evidence/grade.js');
      const g = parseGrade(String(o.grade));
      if (!g.ok) throw new CliError(g.error, EXIT.usage);
      if (!(EVIDENCE_KINDS as readonly string[]).includes(String(o.kind)))
        throw new CliError(`--kind: "${o.kind}" is not one of ${EVIDENCE_KINDS.join(', ')}`, EXIT.usage);
      if (String(o.title).trim() === '') throw new CliError('--title is empty', EXIT.usage);
      if (o.url !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(String(o.url)))
        throw new CliError(`--url: "${o.url}" is not an absolute URL`, EXIT.usage);
      let bytes: Buffer;
      try {
        if (!statSync(file).isFile()) throw new Error('not a file');
        bytes = readFileSync(file);
      } catch (e) {
        throw new CliError(`${file}: cannot read (${(e as Error).message})`, EXIT.badInput);
      }
      const obtainedMs = parseTimeOption('--obtained', o.obtained as string | undefined) ?? null;
      const shipmentId = o.shipment === undefined ? null : positiveId('--shipment', String(o.shipment));
      const actor = actorFrom(o.by as string | undefined);
      await withLedger(cmd, async ({ db, evidenceDir }) => {
        const { putFile } = await import('../../evidence/files.js');
        const { addEvidence, linkEvidence } = await import('../../evidence/store.js');
        const put = putFile(evidenceDir, bytes);
        const r = await addEvidence(
          db,
          { sha256: put.sha256, sizeBytes: bytes.length },
          {
            fileName: basename(file),
            kind: o.kind as 'document',
            title: String(o.title),
            source: str(o.source),
            url: str(o.url),
            publisher: str(o.publisher),
            obtainedMs,
            collector: str(o.collector),
            language: str(o.language),
            grade: g.grade,
            simulated: o.simulated === true,
          },
          actor,
          Date.now(),
        );
        if (shipmentId !== null) await linkEvidence(db, r.item.id, 'shipment', shipmentId, actor, Date.now());
        if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else
          process.stdout.write(
            r.duplicate
              ? `evidence ${r.item.id}: this content is already stored (sha256 ${r.item.sha256}); nothing added\n`
              : `evidence ${r.item.id}: ${r.item.title} [${g.grade.reliability}${g.grade.credibility}] sha256 ${r.item.sha256}\n`,
          );
      });
    });
}
