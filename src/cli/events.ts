/** `tallyman events`: the stored events, as a table, JSON, GeoJSON or CSV. */
import type { Command } from 'commander';
import { storeLocationFrom } from '../config.js';
import { CliError, EXIT } from './exit-codes.js';
import { parseTimeOption } from './time-option.js';

interface EventsOpts {
  vessel?: string;
  type?: string[];
  since?: string;
  until?: string;
  json?: boolean;
  geojson?: boolean;
  csv?: boolean;
  limit?: string;
}

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('list the stored events (run `tallyman detect` first)')
    .option(
      '--vessel <vessel>',
      'events of this vessel (either side of an encounter): MMSI, IMO, call sign or name (current or former)',
    )
    .option('--type <type...>', 'only these event types')
    .option('--since <time>', 'events ending at or after (ISO 8601, UTC when no zone)')
    .option('--until <time>', 'events starting at or before')
    .option('--json', 'JSON array')
    .option('--geojson', 'GeoJSON FeatureCollection (a Point per event)')
    .option('--csv', 'CSV')
    .option('--limit <n>', 'table only: at most N rows')
    .action(async (opts: EventsOpts, cmd: Command) => {
      const { db } = cmd.optsWithGlobals() as { db?: string };
      const { EVENT_TYPES } = await import('../events/types.js');
      if ([opts.json, opts.geojson, opts.csv].filter(Boolean).length > 1)
        throw new CliError('choose one of --json, --geojson, --csv', EXIT.usage);
      let mmsi: number | undefined;
      if (opts.vessel !== undefined && opts.vessel.trim() === '')
        throw new CliError('--vessel: empty (give an MMSI, IMO, call sign or name)', EXIT.usage);
      const bad = (opts.type ?? []).filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
      if (bad.length > 0)
        throw new CliError(`--type: ${bad.join(', ')} not one of ${EVENT_TYPES.join(', ')}`, EXIT.usage);
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
        throw new CliError(`--limit: "${opts.limit}" is not a positive whole number`, EXIT.usage);
      const sinceMs = parseTimeOption('--since', opts.since);
      const untilMs = parseTimeOption('--until', opts.until);
      if (sinceMs !== undefined && untilMs !== undefined && sinceMs > untilMs)
        throw new CliError('--since is after --until', EXIT.usage);
      const { openStore } = await import('../store/index.js');
      const { queryEvents } = await import('../events/store.js');
      const { eventSummary, eventsToCsv, eventsToGeoJson, isoMs } = await import('../events/format.js');
      const store = await openStore(storeLocationFrom(process.env, db));
      try {
        if (opts.vessel !== undefined) {
          const { resolveVesselArg } = await import('./vessel-arg.js');
          mmsi = await resolveVesselArg(await store.db(), opts.vessel, '--vessel');
        }
        const rows = await queryEvents(await store.db(), {
          ...(mmsi === undefined ? {} : { mmsi }),
          ...(opts.type ? { types: opts.type as (typeof EVENT_TYPES)[number][] } : {}),
          ...(sinceMs === undefined ? {} : { sinceMs }),
          ...(untilMs === undefined ? {} : { untilMs }),
        });
        const events = rows.map((r) => r.event);
        const { simulatedNotice, simulatedSources } = await import('../store/simulated.js');
        const sources = await simulatedSources(await store.db());
        const simulated = { simulated: sources.length > 0 };
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify(
              rows.map((r) => ({ ...r.event, detectionRunId: r.detectionRunId })),
              null,
              2,
            )}\n`,
          );
          return;
        }
        if (opts.geojson) {
          process.stdout.write(`${JSON.stringify(eventsToGeoJson(events, simulated))}\n`);
          return;
        }
        if (opts.csv) {
          process.stdout.write(eventsToCsv(events, simulated));
          return;
        }
        const { default: Table } = await import('cli-table3');
        const t = new Table({
          head: ['start (UTC)', 'end (UTC)', 'type', 'MMSI', 'other', 'conf', 'lon, lat', 'what'],
          style: { head: [], border: [] },
        });
        const shown = limit === undefined ? events : events.slice(0, limit);
        for (const e of shown)
          t.push([
            isoMs(e.startMs),
            isoMs(e.endMs),
            e.type,
            e.mmsi,
            e.mmsi2 ?? '',
            e.confidence,
            `${e.lon.toFixed(4)}, ${e.lat.toFixed(4)}`,
            eventSummary(e),
          ]);
        const notice = simulatedNotice(sources);
        process.stdout.write(
          `${t.toString()}\n${shown.length} of ${events.length} events\n${notice ? `${notice}\n` : ''}`,
        );
      } finally {
        await store.close();
      }
    });
}
