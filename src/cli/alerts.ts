/**
 * `tallyman alerts add|list|rm|enable|disable|test|raised`: alert rules in the store (audited) and
 * the alerts `tallyman watch` raised.
 */
import type { Command } from 'commander';
import { storeLocationFrom } from '../config.js';
import { RULE_KINDS } from '../live/rule-kinds.js';
import { CliError, EXIT } from './exit-codes.js';
import { actorFrom as actorName } from './ledger-common.js';
import { parseTimeOption } from './time-option.js';

interface AddOpts {
  kind: string;
  area?: string;
  mmsi?: string[];
  imo?: string[];
  vesselName?: string[];
  sanctioned?: boolean;
  nearM?: string;
  silenceMin?: string;
  by?: string;
  reason?: string;
  json?: boolean;
}

const numbers = (flag: string, list: string[] | undefined): number[] =>
  (list ?? []).flatMap((v) =>
    v.split(',').map((s) => {
      const n = Number(s.trim());
      if (!Number.isInteger(n) || n <= 0) throw new CliError(`${flag}: "${s}" is not a number`, EXIT.usage);
      return n;
    }),
  );

function ruleId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`"${v}" is not a rule id`, EXIT.usage);
  return n;
}

async function withStore<T>(
  cmd: Command,
  f: (store: import('../store/types.js').Store) => Promise<T>,
): Promise<T> {
  const { db } = cmd.optsWithGlobals() as { db?: string };
  const { openStore } = await import('../store/index.js');
  const store = await openStore(storeLocationFrom(process.env, db));
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

export function registerAlerts(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('alert rules for tallyman watch, and the alerts raised');

  alerts
    .command('add')
    .description('add an alert rule (audited)')
    .argument('<name>', 'a name for people')
    .requiredOption('--kind <kind>', RULE_KINDS.join(' | '))
    .option(
      '--area <id>',
      'area id (tallyman areas list): area-enter, area-leave, dark; optional for dark-port-call',
    )
    .option('--mmsi <n...>', 'watch these MMSIs')
    .option('--imo <n...>', 'watch these IMO numbers')
    .option('--vessel-name <name...>', 'watch these names (case, spaces and punctuation ignored)')
    .option('--sanctioned', 'watch every vessel the OpenSanctions import holds as sanctioned')
    .option('--near-m <m>', 'dark: how far outside the area the last fix may be (default gapNearAreaM)')
    .option(
      '--silence-min <min>',
      "dark: minutes of silence that make a vessel dark (default the area's gapMinMs)",
    )
    .option('--by <name>', 'who adds it (default $TALLYMAN_ANALYST, $USER)')
    .option('--reason <text>', 'why (kept in the audit log)')
    .option('--json', 'print the rule as JSON')
    .action(async (name: string, o: AddOpts, cmd: Command) => {
      const { parseRuleSpec, describeRule } = await import('../live/rules.js');
      const vessels = {
        mmsis: numbers('--mmsi', o.mmsi),
        imos: numbers('--imo', o.imo),
        names: o.vesselName ?? [],
        sanctioned: o.sanctioned === true,
      };
      const hasVessels =
        vessels.mmsis.length + vessels.imos.length + vessels.names.length > 0 || vessels.sanctioned;
      let spec: import('../live/rules.js').RuleSpec;
      try {
        spec = parseRuleSpec({
          kind: o.kind,
          ...(hasVessels ? { vessels } : {}),
          ...(o.area !== undefined ? { area: o.area } : {}),
          ...(o.nearM !== undefined ? { nearM: Number(o.nearM) } : {}),
          ...(o.silenceMin !== undefined ? { silenceMs: Math.round(Number(o.silenceMin) * 60_000) } : {}),
        });
      } catch (err) {
        throw new CliError(`alerts add: ${(err as Error).message}`, EXIT.usage);
      }
      await withStore(cmd, async (store) => {
        const db = await store.db();
        if (spec.area !== undefined) {
          const { BUNDLED_AREAS, mergeAreas } = await import('../areas/index.js');
          const { loadUserAreas } = await import('../areas/store.js');
          const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(db));
          if (!areas.some((a) => a.id === spec.area))
            throw new CliError(`--area: no area ${spec.area} (see tallyman areas list)`, EXIT.notFound);
        }
        const { addRule } = await import('../live/store.js');
        const rule = await addRule(db, name, spec, {
          actor: actorName(o.by),
          nowMs: Date.now(),
          reason: o.reason ?? null,
        });
        process.stdout.write(
          o.json
            ? `${JSON.stringify(rule, null, 2)}\n`
            : `rule ${rule.id} added: ${rule.name}: ${describeRule(rule.spec)}\n`,
        );
      });
    });

  alerts
    .command('list')
    .description('the alert rules')
    .option('--json', 'as JSON')
    .option('--audit', 'also the audit entries of the rules (who created, changed, deleted which, when)')
    .action(async (o: { json?: boolean; audit?: boolean }, cmd: Command) => {
      const { describeRule } = await import('../live/rules.js');
      const { listRules, ruleAudit } = await import('../live/store.js');
      await withStore(cmd, async (store) => {
        const db = await store.db();
        const rules = await listRules(db);
        const audit = o.audit ? await ruleAudit(db) : null;
        if (o.json) {
          process.stdout.write(`${JSON.stringify(audit === null ? rules : { rules, audit }, null, 2)}\n`);
          return;
        }
        if (rules.length === 0) process.stdout.write('no alert rules (tallyman alerts add)\n');
        for (const r of rules)
          process.stdout.write(
            `${String(r.id).padStart(4)}  ${r.enabled ? 'on ' : 'off'}  ${r.name}: ${describeRule(r.spec)}  (by ${r.createdBy}, ${new Date(r.createdMs).toISOString()})\n`,
          );
        for (const a of audit ?? [])
          process.stdout.write(
            `audit ${a.seq}  ${new Date(a.tsMs).toISOString()}  ${a.actor}  ${a.action} rule ${a.ruleId}: ${a.detail ?? ''}\n`,
          );
      });
    });

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const)
    alerts
      .command(verb)
      .description(`${verb} an alert rule (audited)`)
      .argument('<id>')
      .option('--by <name>', 'who (default $TALLYMAN_ANALYST, $USER)')
      .action(async (id: string, o: { by?: string }, cmd: Command) => {
        const { updateRule } = await import('../live/store.js');
        await withStore(cmd, async (store) => {
          const r = await updateRule(
            await store.db(),
            ruleId(id),
            { enabled },
            { actor: actorName(o.by), nowMs: Date.now() },
          );
          if (r === null) throw new CliError(`no alert rule ${id}`, EXIT.notFound);
          process.stdout.write(`rule ${r.id} ${enabled ? 'enabled' : 'disabled'}\n`);
        });
      });

  alerts
    .command('rm')
    .description('delete an alert rule (audited; the alerts it raised stay)')
    .argument('<id>')
    .option('--by <name>', 'who (default $TALLYMAN_ANALYST, $USER)')
    .option('--reason <text>', 'why (kept in the audit log)')
    .action(async (id: string, o: { by?: string; reason?: string }, cmd: Command) => {
      const { deleteRule } = await import('../live/store.js');
      await withStore(cmd, async (store) => {
        const ok = await deleteRule(await store.db(), ruleId(id), {
          actor: actorName(o.by),
          nowMs: Date.now(),
          reason: o.reason ?? null,
        });
        if (!ok) throw new CliError(`no alert rule ${id}`, EXIT.notFound);
        process.stdout.write(`rule ${id} deleted\n`);
      });
    });

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
        const { getRule, sanctionedSet } = await import('../live/store.js');
        const { replayAlerts } = await import('../live/replay.js');
        const { readTracks, currentEvents } = await import('../events/detect-store.js');
        const { BUNDLED_AREAS, mergeAreas } = await import('../areas/index.js');
        const { loadUserAreas } = await import('../areas/store.js');
        const { simulatedSources } = await import('../store/simulated.js');
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

  alerts
    .command('raised')
    .description('the alerts watch raised, latest last')
    .option('--rule <id>', 'only this rule')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'as JSON lines, with their evidence')
    .action(async (o: { rule?: string; limit: string; json?: boolean }, cmd: Command) => {
      const { listAlerts } = await import('../live/store.js');
      const { alertPayload } = await import('../live/deliveries.js');
      await withStore(cmd, async (store) => {
        const list = await listAlerts(await store.db(), {
          ...(o.rule !== undefined ? { ruleId: ruleId(o.rule) } : {}),
          limit: Math.max(1, Number(o.limit) || 50),
        });
        for (const a of list)
          process.stdout.write(
            o.json
              ? `${JSON.stringify(alertPayload(a))}\n`
              : `${String(a.id).padStart(5)}  ${new Date(a.tsMs).toISOString()}  ${a.simulated ? 'SIMULATED  ' : ''}[${a.ruleName}] ${a.title}\n`,
          );
        if (!o.json && list.length === 0) process.stdout.write('no alerts raised yet\n');
      });
    });
}
