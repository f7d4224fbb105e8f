/**
 * `tallyman export positions|tracks|events|shipments --out FILE.parquet`: GeoParquet 1.1 for DuckDB,
 * QGIS and GeoPandas (`src/export/geoparquet.ts`). GeoJSON, KML and CSV stay with the commands that
 * list the same things (`track`, `events`, `shipments`).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { withLedger } from './ledger-common.js';
import { parseTimeOption } from './time-option.js';

const WHAT = ['positions', 'tracks', 'events', 'shipments'] as const;
type What = (typeof WHAT)[number];

interface ExportOpts {
  out?: string;
  format: string;
  vessel?: string;
  from?: string;
  to?: string;
  status?: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'write positions, tracks, events or the shipment ledger as GeoParquet 1.1 (WKB geometry, `geo` metadata)',
    )
    .argument('<what>', WHAT.join(' | '))
    .requiredOption('--out <file>', 'the .parquet file to write')
    .option(
      '--format <format>',
      'geoparquet (the only one here: GeoJSON, KML and CSV are on track, events, shipments)',
      'geoparquet',
    )
    .option('--vessel <mmsi>', 'positions, tracks, events: one vessel')
    .option('--from <time>', 'positions, tracks, events: from (ISO 8601, UTC when no zone)')
    .option('--to <time>', 'positions, tracks, events: to')
    .option('--status <status>', 'shipments: proposed | confirmed | rejected')
    .action(async (what: string, opts: ExportOpts, cmd: Command) => {
      if (!(WHAT as readonly string[]).includes(what))
        throw new CliError(`export: "${what}" is not one of ${WHAT.join(', ')}`, EXIT.usage);
      if (opts.format !== 'geoparquet')
        throw new CliError(`--format: "${opts.format}" is not geoparquet`, EXIT.usage);
      let mmsi: number | undefined;
      if (opts.vessel !== undefined) {
        mmsi = Number(opts.vessel);
        if (!Number.isInteger(mmsi) || mmsi < 1 || mmsi > 999_999_999)
          throw new CliError(`--vessel: "${opts.vessel}" is not an MMSI (1 to 999999999)`, EXIT.usage);
      }
      if (opts.status !== undefined && !['proposed', 'confirmed', 'rejected'].includes(opts.status))
        throw new CliError(`--status: "${opts.status}" is not proposed, confirmed or rejected`, EXIT.usage);
      const fromMs = parseTimeOption('--from', opts.from);
      const toMs = parseTimeOption('--to', opts.to);
      if (fromMs !== undefined && toMs !== undefined && fromMs > toMs)
        throw new CliError('--from is after --to', EXIT.usage);
      await withLedger(cmd, async ({ db, store }) => {
        const { simulatedNotice, simulatedSources } = await import('../store/simulated.js');
        const sources = await simulatedSources(db);
        const simulated = { simulated: sources.length > 0 };
        const { geoParquet } = await import('../export/geoparquet.js');
        const table = await tableOf(what as What, {
          store,
          db,
          mmsi,
          fromMs,
          toMs,
          status: opts.status,
          simulated,
        });
        writeFileSync(opts.out!, geoParquet(table));
        const notice = simulatedNotice(sources);
        process.stderr.write(
          `${what}: ${table.geometries.length} rows written to ${opts.out} (GeoParquet 1.1)\n${notice ? `${notice}\n` : ''}`,
        );
      });
    });
}

async function tableOf(
  what: What,
  q: {
    store: import('../store/types.js').Store;
    db: Awaited<ReturnType<import('../store/types.js').Store['db']>>;
    mmsi?: number;
    fromMs?: number;
    toMs?: number;
    status?: string;
    simulated: { simulated: boolean };
  },
): Promise<import('../export/geoparquet.js').GeoTable> {
  if (what === 'shipments') {
    const { listShipments } = await import('../shipments/store.js');
    const { shipmentsTable } = await import('../shipments/export.js');
    const list = await listShipments(q.db, q.status ? { status: q.status as 'proposed' } : {});
    return shipmentsTable(list, q.simulated);
  }
  if (what === 'events') {
    const { queryEvents } = await import('../events/store.js');
    const { eventsTable } = await import('../events/format.js');
    const rows = await queryEvents(q.db, {
      ...(q.mmsi === undefined ? {} : { mmsi: q.mmsi }),
      ...(q.fromMs === undefined ? {} : { sinceMs: q.fromMs }),
      ...(q.toMs === undefined ? {} : { untilMs: q.toMs }),
    });
    return eventsTable(
      rows.map((r) => r.event),
      q.simulated,
    );
  }
  const vessels = (await q.store.listVessels()).filter((v) => q.mmsi === undefined || v.mmsi === q.mmsi);
  if (q.mmsi !== undefined && vessels.length === 0)
    throw new CliError(`no vessel with MMSI ${q.mmsi} in the store`, EXIT.notFound);
  const { positionsTable, tracksTable } = await import('../tracks/export.js');
  if (what === 'positions') {
    const all = [];
    for (const v of vessels) all.push(...(await q.store.track(v.mmsi, { fromMs: q.fromMs, toMs: q.toMs })));
    return positionsTable(all, q.simulated);
  }
  const lines = [];
  for (const v of vessels) {
    const p = await q.store.track(v.mmsi, { fromMs: q.fromMs, toMs: q.toMs });
    lines.push({
      mmsi: v.mmsi,
      name: v.name,
      length: p.length,
      tsMs: p.map((x) => x.tsMs),
      lon: p.map((x) => x.lon),
      lat: p.map((x) => x.lat),
    });
  }
  return tracksTable(lines, q.simulated);
}
