/** `tallyman alerts test`: what a rule would have raised over the stored data. */
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { parseTimeOption } from '../time-option.js';
import { ruleId, withStore } from './common.js';

export function registerAlertsTest(alerts: Command): void {
  alerts
    .command('test')
    .description('what a rule would have raised over the stored fixes and events (nothing stored or sent)')
    .argument('<id>')
    .option('--since <time>', 'from (ISO 8601 or epoch ms; default: the whole store)')
    .option('--until <time>', 'to')
    .option('--limit <n>', 'print at most this many', '50')
    .option('--json', 'as JSON lines')
    .action(
      async (
        id: string,
        o: { since?: string; until?: string; limit: string; json?: boolean },
        cmd: Command,
      ) => {
        const sinceMs = parseTimeOption('--since', o.since) ?? null;
        const untilMs = parseTimeOption('--until', o.until) ?? null;
        const { getRule, sanctionedSet } = await import('../../live/store.js');
        const { replayAlerts } = await import('../../live/replay.js');
        const { readTracks, currentEvents } = await import('../../events/detect-store.js');
        const { BUNDLED_AREAS, mergeAreas } = await import('../../areas/index.js');
        const { loadUserAreas } = await import('../../areas/store.js');
        const { simulatedSources } = await import('../../store/simulated.js');
        await withStore(cmd, async (store) => {
          const db = await store.db();
          const rule = await getRule(db, ruleId(id));
          if (rule === null) throw new CliError(`no alert rule ${id}`, EXIT.notFound);
          const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(db));
          const { tracks } = await readTracks(store, { fromMs: sinceMs, toMs: untilMs });
          const cur = await currentEvents(store, { areas });
          const events = cur.events.filter(
            (e) => (sinceMs === null || e.endMs >= sinceMs) && (untilMs === null || e.startMs <= untilMs),
          );
          const found = replayAlerts(tracks, events, {
            rules: [{ ...rule, enabled: true }],
            areas,
            params: cur.params,
            sanctioned: await sanctionedSet(db),
          }).sort((a, b) => a.tsMs - b.tsMs);
          const simulated = (await simulatedSources(db)).length > 0;
          const limit = Math.max(0, Number(o.limit) || 0);
          if (o.json) {
            for (const a of found.slice(0, limit))
              process.stdout.write(`${JSON.stringify({ ...a, simulated })}\n`);
            return;
          }
          if (simulated)
            process.stdout.write(
              'SIMULATED: this store holds simulated inputs; these alerts are built from them.\n',
            );
          for (const a of found.slice(0, limit))
            process.stdout.write(
              `${new Date(a.tsMs).toISOString()}  ${a.title}  (${a.evidence.positions.length} fixes, ${a.evidence.events.length} events)\n`,
            );
          process.stdout.write(
            `rule ${rule.id} (${rule.name}) would have raised ${found.length} alert(s)${found.length > limit ? ` (${limit} shown)` : ''}\n`,
          );
        });
      },
    );
}
