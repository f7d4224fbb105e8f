/**
 * `tallyman shipments import FILE.csv|FILE.json [--json] [--by NAME]`: the ledger back from what
 * `tallyman shipments --csv|--json` wrote (`src/shipments/import.ts` for the rules). Bad records
 * are listed by line (CSV) or index (JSON) with the reason; the good ones still land. Exit 3 when
 * the file cannot be read or is missing a required column, else 0.
 */
import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { actorFrom, withLedger } from './ledger-common.js';
import { readInputText } from './read-input.js';

export async function importShipmentsCli(
  file: string | undefined,
  opts: Record<string, string | boolean | undefined>,
  cmd: Command,
): Promise<void> {
  if (file === undefined) throw new CliError('shipments import needs a FILE (.csv or .json)', EXIT.usage);
  const text = readInputText(file);
  const { parseLedgerFile } = await import('../shipments/import.js');
  const { importLedger } = await import('../shipments/import-store.js');
  const { DEFAULT_SHIPMENT_PARAMS } = await import('../shipments/params.js');
  const { areaCentre, BUNDLED_AREAS, mergeAreas } = await import('../areas/index.js');
  const { loadUserAreas } = await import('../areas/store.js');
  await withLedger(cmd, async ({ db }) => {
    const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(db));
    // areaCentre: a ring unwrapped across the antimeridian still centres on a WGS84 longitude
    const centres = new Map(areas.map((a) => [a.id, areaCentre(a)]));
    const parsed = parseLedgerFile(text, (id) => centres.get(id) ?? null);
    // An unreadable file or a missing column: nothing could be read, so nothing is written.
    const fatal = parsed.errors.find((e) => e.where === 'file' || e.reason.startsWith('missing column'));
    if (fatal) throw new CliError(`${file}: ${fatal.where}: ${fatal.reason}`, EXIT.badInput);
    const r = await importLedger(
      db,
      parsed,
      file,
      DEFAULT_SHIPMENT_PARAMS,
      actorFrom(opts.by as string | undefined),
      Date.now(),
    );
    if (opts.json) return void process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    const lines = [
      `${file} (${r.format}): ${r.added.length} added, ${r.unchanged} already in the ledger, ` +
        `${r.differs.length} differing (skipped), ${r.errors.length} rejected`,
    ];
    for (const a of r.added)
      lines.push(
        `  ${a.where}: shipment ${a.id} ${a.status}${a.number !== null ? ` number ${a.number}` : ''}${a.note ? ` (${a.note})` : ''}`,
      );
    for (const d of r.differs)
      lines.push(
        `  ${d.record.where}: differs from ${d.storedId === null ? 'an earlier record of the file' : `shipment ${d.storedId}`}, skipped: ` +
          d.differences
            .map((x) => `${x.field} ${x.stored ?? '-'} here, ${x.file ?? '-'} in the file`)
            .join('; '),
      );
    for (const n of r.renumberedFromFile)
      lines.push(
        `  ${n.where}: number ${n.fileNumber} in the file is ${n.number ?? 'none'} here (date order)`,
      );
    for (const e of r.errors) lines.push(`  ${file} ${e.where}: ${e.reason}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
