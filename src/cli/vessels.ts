/** `tallyman vessels` and `tallyman track MMSI`: read the store. */
import type { Command } from 'commander';
import { storeLocationFrom } from '../config.js';
import { CliError, EXIT } from './exit-codes.js';
import { parseTimeOption } from './time-option.js';

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().replace('.000Z', 'Z'));

export function registerVessels(program: Command): void {
  program
    .command('vessels')
    .description(
      'list the vessels in the store with their latest identity (base stations, aids to navigation and other stations only with --all)',
    )
    .option('--json', 'print JSON')
    .option('--limit <n>', 'at most N vessels (most positions first)')
    .option('--all', 'every station, not only vessels, each with its kind')
    .action(async (opts: { json?: boolean; limit?: string; all?: boolean }, cmd: Command) => {
      const { db } = cmd.optsWithGlobals() as { db?: string };
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
        throw new CliError(`--limit: "${opts.limit}" is not a positive whole number`, EXIT.usage);
      }
      const { openStore } = await import('../store/index.js');
      const { default: Table } = await import('cli-table3');
      const { isVesselStation, STATION_LABEL } = await import('../tracks/station.js');
      const store = await openStore(storeLocationFrom(process.env, db));
      try {
        const all = await store.listVessels();
        const listed = opts.all ? all : all.filter((v) => isVesselStation(v.kind));
        const vessels = [...listed].sort((a, b) => b.positionCount - a.positionCount || a.mmsi - b.mmsi);
        const shown = limit === undefined ? vessels : vessels.slice(0, limit);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
          return;
        }
        const t = new Table({
          head: [
            'MMSI',
            'kind',
            'IMO',
            'name',
            'call sign',
            'flag',
            'type',
            'L×B m',
            'first seen',
            'last seen',
            'positions',
          ],
          style: { head: [], border: [] },
        });
        for (const v of shown) {
          t.push([
            v.mmsi,
            STATION_LABEL[v.kind],
            v.imo ?? '',
            v.name ?? '',
            v.callSign ?? '',
            v.flag ?? '',
            v.shipType ?? '',
            v.lengthM !== null && v.beamM !== null ? `${v.lengthM}×${v.beamM}` : '',
            iso(v.firstSeenMs),
            iso(v.lastSeenMs),
            v.positionCount.toLocaleString('en-US'),
          ]);
        }
        const { simulatedNotice, simulatedSources } = await import('../store/simulated.js');
        const notice = simulatedNotice(await simulatedSources(await store.db()));
        const hidden = all.length - listed.length;
        const others = hidden > 0 ? ` (${hidden} other stations not listed: --all)` : '';
        process.stdout.write(
          `${t.toString()}\n${shown.length} of ${vessels.length} ${opts.all ? 'stations' : 'vessels'}${others}\n${notice ? `${notice}\n` : ''}`,
        );
      } finally {
        await store.close();
      }
    });

  program
    .command('track')
    .description("one vessel's time-ordered track")
    .argument('<vessel>', 'the vessel: MMSI, IMO, call sign or name (current or former)')
    .option('--from <time>', 'start (ISO 8601, UTC when no zone)')
    .option('--to <time>', 'end (ISO 8601, UTC when no zone)')
    .option('--format <fmt>', 'geojson | csv', 'geojson')
    .action(async (mmsiArg: string, opts: { from?: string; to?: string; format: string }, cmd: Command) => {
      const { db } = cmd.optsWithGlobals() as { db?: string };
      if (mmsiArg.trim() === '')
        throw new CliError('track: give an MMSI, IMO, call sign or name', EXIT.usage);
      if (opts.format !== 'geojson' && opts.format !== 'csv') {
        throw new CliError(`--format: "${opts.format}" is not geojson or csv`, EXIT.usage);
      }
      const fromMs = parseTimeOption('--from', opts.from);
      const toMs = parseTimeOption('--to', opts.to);
      if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) {
        throw new CliError('--from is after --to', EXIT.usage);
      }
      const { openStore } = await import('../store/index.js');
      const { positionsToCsv, trackToGeoJson } = await import('../tracks/export.js');
      const store = await openStore(storeLocationFrom(process.env, db));
      try {
        const { resolveVesselArg } = await import('./vessel-arg.js');
        const mmsi = await resolveVesselArg(await store.db(), mmsiArg, 'track');
        const vessel = await store.getVessel(mmsi);
        if (!vessel) throw new CliError(`no vessel with MMSI ${mmsi} in the store`, EXIT.notFound);
        const positions = await store.track(mmsi, { fromMs, toMs });
        const { simulatedSources } = await import('../store/simulated.js');
        const simulated = { simulated: (await simulatedSources(await store.db())).length > 0 };
        process.stdout.write(
          opts.format === 'csv'
            ? positionsToCsv(positions, simulated)
            : `${JSON.stringify(trackToGeoJson(mmsi, positions, simulated))}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
