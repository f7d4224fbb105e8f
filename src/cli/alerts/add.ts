/** `tallyman alerts add`: an alert rule (audited). */
import type { Command } from 'commander';
import { RULE_KINDS } from '../../live/rule-kinds.js';
import { CliError, EXIT } from '../exit-codes.js';
import { actorFrom as actorName } from '../ledger-common.js';
import { type AddOpts, numbers, withStore } from './common.js';

export function registerAlertsAdd(alerts: Command): void {
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
      const { parseRuleSpec, describeRule } = await import('../../live/rules.js');
      const vessels = {
        mmsis: numbers('--mmsi', o.mmsi),
        imos: numbers('--imo', o.imo),
        names: o.vesselName ?? [],
        sanctioned: o.sanctioned === true,
      };
      const hasVessels =
        vessels.mmsis.length + vessels.imos.length + vessels.names.length > 0 || vessels.sanctioned;
      let spec: import('../../live/rules.js').RuleSpec;
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
          const { BUNDLED_AREAS, mergeAreas } = await import('../../areas/index.js');
          const { loadUserAreas } = await import('../../areas/store.js');
          const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(db));
          if (!areas.some((a) => a.id === spec.area))
            throw new CliError(`--area: no area ${spec.area} (see tallyman areas list)`, EXIT.notFound);
        }
        const { addRule } = await import('../../live/store.js');
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
}
