/** `tallyman detect`: run the event detectors over the store and save the events (a re-run replaces). */
import type { Command } from 'commander';
import { storeLocationFrom } from '../config.js';
import { DEFAULT_BATCH_POSITIONS, DEFAULT_MEMORY_POSITIONS } from '../events/batch-sizes.js';
import { CliError, EXIT } from './exit-codes.js';
import { PARAM_SET_HELP, paramSetNamed } from './param-set.js';
import { parseTimeOption } from './time-option.js';

interface DetectOpts {
  since?: string;
  until?: string;
  area?: string[];
  params: string;
  json?: boolean;
  progress?: boolean;
  full?: boolean;
  batchPositions: string;
  memoryPositions: string;
}

export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description(
      'detect events (port calls, gaps, encounters, spoofing, …) over the stored tracks and save them',
    )
    .option('--since <time>', 'events starting at or after (ISO 8601, UTC when no zone; or epoch ms)')
    .option('--until <time>', 'events starting at or before')
    .option('--area <id...>', 'only vessels seen within gapNearAreaM of these areas')
    .option('--params <set>', PARAM_SET_HELP, 'shuttle')
    .option(
      '--full',
      'detect over the whole store even when only new inputs changed since the last run (default: only the time range they changed)',
    )
    .option(
      '--batch-positions <n>',
      'fixes read per batch of vessels: bounds memory (~150 bytes a fix); the events do not depend on it',
      String(DEFAULT_BATCH_POSITIONS),
    )
    .option(
      '--memory-positions <n>',
      "fixes kept in memory between the detectors' rounds (~60 bytes a fix); the batches beyond wait in a temporary file. Bounds memory; the events do not depend on it",
      String(DEFAULT_MEMORY_POSITIONS),
    )
    .option('--json', 'print the run as JSON')
    .option('--no-progress', 'no progress bar')
    .action(async (opts: DetectOpts, cmd: Command) => {
      const { db } = cmd.optsWithGlobals() as { db?: string };
      const sinceMs = parseTimeOption('--since', opts.since) ?? null;
      const untilMs = parseTimeOption('--until', opts.until) ?? null;
      if (sinceMs !== null && untilMs !== null && sinceMs > untilMs)
        throw new CliError('--since is after --until', EXIT.usage);
      const paramSet = paramSetNamed(opts.params);
      // commander fills in the defaults above
      const batchPositions = wholeNumberOption('--batch-positions', opts.batchPositions, 1);
      const memoryPositions = wholeNumberOption('--memory-positions', opts.memoryPositions, 0);
      const { openStore } = await import('../store/index.js');
      const { BUNDLED_AREAS, mergeAreas } = await import('../areas/index.js');
      const { loadUserAreas } = await import('../areas/store.js');
      const { detectInStore, incrementalRange } = await import('../events/detect-store.js');
      const { loadSurface } = await import('../geodata/surface.js');
      const store = await openStore(storeLocationFrom(process.env, db));
      try {
        const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(await store.db()));
        const unknown = (opts.area ?? []).filter((id) => !areas.some((a) => a.id === id));
        if (unknown.length > 0)
          throw new CliError(
            `--area: no area ${unknown.join(', ')} (see tallyman areas list)`,
            EXIT.notFound,
          );
        let bar: { update(n: number): void; setTotal(n: number): void; stop(): void } | null = null;
        if (opts.progress !== false && !opts.json && process.stderr.isTTY === true) {
          const { default: cliProgress } = await import('cli-progress');
          const b = new cliProgress.SingleBar(
            {
              stream: process.stderr,
              format: 'detecting {bar} {value}/{total} vessels (4 rounds)',
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          );
          b.start(1, 0);
          bar = b;
        }
        const params = paramSet;
        // with no range or area asked for, a store detected before needs only the time its new
        // inputs touched (and the context around it) detected again
        const incremental =
          opts.full || sinceMs !== null || untilMs !== null || opts.area !== undefined
            ? null
            : await incrementalRange(store, areas, params);
        if (incremental !== null && !opts.json) process.stderr.write(`${incremental.reason}\n`);
        if (incremental?.upToDate) {
          if (opts.json)
            process.stdout.write(`${JSON.stringify({ upToDate: true, reason: incremental.reason })}\n`);
          else
            process.stdout.write('nothing to detect: no input was ingested since the last detection run\n');
          return;
        }
        // The map's overview (src/server/overview-store.ts): a run over the whole store reads every
        // vessel's whole track anyway, so its rows cost only the simplification; whatever is still
        // stale after (an incremental run reads only its window) is read and made at the end.
        const overview = await import('../server/overview.js');
        const overviewRows: import('../server/overview.js').OverviewRow[] = [];
        const whole = incremental === null && sinceMs === null && untilMs === null;
        const { run, replaced, batches, spilledBatches } = await detectInStore(store, {
          sinceMs: incremental?.sinceMs ?? sinceMs,
          untilMs: incremental?.untilMs ?? untilMs,
          batchPositions,
          memoryPositions,
          ...(incremental !== null ? { complete: true } : {}),
          areas,
          areaFilter: opts.area ?? null,
          params,
          land: loadSurface(),
          ...(whole
            ? {
                onTrackBatch: (tracks: readonly import('../tracks/columns.js').Track[]) => {
                  for (const r of overview.overviewRowsOf(tracks)) overviewRows.push(r);
                },
              }
            : {}),
          onProgress: (done, total) => {
            bar?.setTotal(total);
            bar?.update(done);
          },
        });
        bar?.stop();
        const overviews = await import('../server/overview-store.js');
        try {
          const db = await store.db();
          for (let i = 0; i < overviewRows.length; i += 500)
            await overviews.writeOverviews(db, overviewRows.slice(i, i + 500));
          await overviews.refreshOverviews(store);
        } catch (err) {
          process.stderr.write(
            `tallyman detect: the map overview was not stored (the workbench makes it on first use): ${(err as Error).message}\n`,
          );
        }
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ ...run, params: run.params.name, replaced, batches, spilledBatches, incremental: incremental !== null }, null, 2)}\n`,
          );
          return;
        }
        const lines = Object.entries(run.countsByType)
          .filter(([, n]) => n > 0)
          .map(([t, n]) => `  ${t.padEnd(16)} ${n.toLocaleString('en-US').padStart(8)}`);
        const range = `${run.sinceMs === null ? 'start' : new Date(run.sinceMs).toISOString()} … ${run.untilMs === null ? 'end' : new Date(run.untilMs).toISOString()}`;
        process.stdout.write(
          `detection run ${run.id} (${params.name}): ${run.vessels.toLocaleString('en-US')} vessels, ` +
            `${run.positions.toLocaleString('en-US')} positions, ${range}, ${batches} batch${batches === 1 ? '' : 'es'}\n` +
            `${lines.join('\n')}${lines.length ? '\n' : ''}` +
            `${run.events.toLocaleString('en-US')} events stored (${replaced.toLocaleString('en-US')} replaced) in ${((run.finishedMs - run.startedMs) / 1000).toFixed(1)} s\n`,
        );
      } finally {
        await store.close();
      }
    });
}

function wholeNumberOption(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`${flag}: "${text}" is not a whole number of at least ${min}`, EXIT.usage);
  return n;
}
