/**
 * `tallyman sanctions import FILE` (OpenSanctions FtM JSON lines or maritime CSV) and
 * `tallyman sanctions [--json]`: the fleet's vessels matched by IMO, then MMSI, with sanctions
 * and port-state detentions listed apart (src/evidence/sanctions.ts).
 */
import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { withLedger } from './ledger-common.js';
import { readInputText } from './read-input.js';

type Opts = Record<string, string | boolean | undefined>;

export function registerSanctions(program: Command): void {
  program
    .command('sanctions')
    .description(
      'fleet vessels on OpenSanctions lists (sanctions and detentions apart); `sanctions import FILE` to load records',
    )
    .argument('[action]', '"import": load an OpenSanctions file (FtM JSON lines or maritime CSV)')
    .argument('[file]', 'import: the file')
    .option('--json', 'print JSON')
    .action(async (action: string | undefined, file: string | undefined, o: Opts, cmd: Command) => {
      if (action !== undefined && action !== 'import')
        throw new CliError(`unknown action "${action}" (did you mean "sanctions import FILE"?)`, EXIT.usage);
      const { parseSanctionsFile } = await import('../evidence/sanctions.js');
      const s = await import('../evidence/sanctions-store.js');
      if (action === 'import') {
        if (file === undefined) throw new CliError('sanctions import needs a FILE', EXIT.usage);
        const parsed = parseSanctionsFile(readInputText(file));
        const fatal = parsed.errors.find((e) => e.where === 'file' || e.reason.startsWith('missing column'));
        if (fatal) throw new CliError(`${file}: ${fatal.where}: ${fatal.reason}`, EXIT.badInput);
        await withLedger(cmd, async ({ db }) => {
          const r = await s.storeSanctionRecords(db, parsed.records, file, Date.now());
          const kinds = { sanction: 0, detention: 0, other: 0 };
          for (const x of parsed.records) kinds[x.kind]++;
          const summary = {
            format: parsed.format,
            ...r,
            kinds,
            skipped: parsed.skipped,
            errors: parsed.errors,
          };
          if (o.json) return void process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          const lines = [
            `${file} (${parsed.format}): ${parsed.records.length} vessel records (${kinds.sanction} sanction, ${kinds.detention} detention, ${kinds.other} other): ` +
              `${r.added} added, ${r.replaced} replaced; ${parsed.errors.length} rejected` +
              (Object.keys(parsed.skipped).length
                ? `; skipped (not vessels): ${Object.entries(parsed.skipped)
                    .map(([k, n]) => `${n} ${k}`)
                    .join(', ')}`
                : ''),
            ...parsed.errors.map((e) => `  ${file} ${e.where}: ${e.reason}`),
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
        });
        return;
      }
      if (file !== undefined) throw new CliError(`unexpected argument "${file}"`, EXIT.usage);
      await withLedger(cmd, async ({ db }) => {
        const flagged = await s.fleetSanctions(db);
        // The ledger side: each flagged vessel's shipments (id, number, status).
        const ships = await db
          .selectFrom('shipments')
          .select(['id', 'number', 'status', 'mmsi'])
          .orderBy('depart_ms')
          .execute();
        const list = flagged.map((v) => ({
          ...v,
          shipments: ships
            .filter((x) => Number(x.mmsi) === v.vessel.mmsi)
            .map((x) => ({ id: Number(x.id), number: x.number, status: x.status })),
        }));
        if (o.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        const describe = (m: import('../evidence/sanctions.js').SanctionMatch) =>
          `    ${m.record.name ?? m.record.sourceId} (${m.record.sourceId}; by ${m.by.toUpperCase()}` +
          `${m.record.imo !== null ? ` IMO ${m.record.imo}` : ''}${m.record.mmsi !== null ? ` MMSI ${m.record.mmsi}` : ''}): ` +
          `${m.record.topics.join(', ') || 'no topics'}${m.record.datasets.length ? ` [${m.record.datasets.join(', ')}]` : ''}`;
        const lines: string[] = [];
        for (const v of list) {
          lines.push(
            `${v.vessel.name ?? '(no name)'} MMSI ${v.vessel.mmsi}${v.vessel.imo !== null ? ` IMO ${v.vessel.imo}` : ''}`,
          );
          if (v.sanctions.length) lines.push('  sanctions:', ...v.sanctions.map(describe));
          if (v.detentions.length) lines.push('  port-state detentions:', ...v.detentions.map(describe));
          if (v.shipments.length)
            lines.push(
              `  ledger: ${v.shipments.map((x) => `shipment ${x.id}${x.number !== null ? ` (no. ${x.number})` : ''} ${x.status}`).join(', ')}`,
            );
        }
        lines.push(
          `${list.length} fleet vessel(s) flagged: ${list.filter((v) => v.sanctions.length).length} sanctioned, ${list.filter((v) => v.detentions.length).length} with detentions`,
        );
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
