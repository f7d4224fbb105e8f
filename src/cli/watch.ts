/**
 * `tallyman watch FEED…`: live feeds into the store, detection run incrementally as data arrives,
 * alert rules evaluated and their alerts delivered (stdout, webhook, MQTT; the workbench reads
 * them from the store). Runs until the feeds end (stdin closed) or SIGINT/SIGTERM, then finishes
 * the ingest runs and makes one last detection pass.
 */
import type { Command } from 'commander';
import { storeLocationFrom } from '../config.js';
import { CliError, EXIT } from './exit-codes.js';
import { PARAM_SET_HELP, paramSetNamed } from './param-set.js';

interface WatchOpts {
  params: string;
  detectEvery: string;
  flushMs: string;
  webhook?: string[];
  mqtt?: string;
  mqttTopic: string;
  json?: boolean;
  quiet?: boolean;
}

function wholeNumber(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`${name}: "${v}" is not a whole number of at least ${min}`, EXIT.usage);
  return n;
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description('live mode: read feeds into the store, detect incrementally, raise and deliver alerts')
    .argument(
      '<feeds...>',
      'tcp://HOST:PORT (connect), udp://HOST:PORT (listen), a file being appended (followed), - for stdin',
    )
    .option('--params <set>', PARAM_SET_HELP, 'shuttle')
    .option(
      '--detect-every <ms>',
      'shortest time between two detection passes (a pass starts once data came in and the last one ended)',
      '250',
    )
    .option('--flush-ms <ms>', 'longest a fix waits in a feed buffer before it is stored', '250')
    .option('--webhook <url...>', 'POST each alert here, signed with $TALLYMAN_WEBHOOK_SECRET (HMAC-SHA256)')
    .option('--mqtt <url>', 'publish each alert to this MQTT broker (e.g. mqtt://127.0.0.1:1883)')
    .option('--mqtt-topic <topic>', 'topic prefix: <topic>/<rule kind>/<MMSI>', 'tallyman/alerts')
    .option('--json', 'alerts and the final summary as JSON lines')
    .option('--quiet', 'no log lines on stderr (alerts still on stdout)')
    .action(async (feeds: string[], opts: WatchOpts, cmd: Command) => {
      const { db } = cmd.optsWithGlobals() as { db?: string };
      const paramSet = paramSetNamed(opts.params);
      const detectEveryMs = wholeNumber('--detect-every', opts.detectEvery, 100);
      const flushMs = wholeNumber('--flush-ms', opts.flushMs, 1);
      for (const w of opts.webhook ?? [])
        if (!/^https?:\/\//.test(w))
          throw new CliError(`--webhook: "${w}" is not an http(s) URL`, EXIT.usage);
      const stdinFeeds = feeds.filter((f) => f === '-').length;
      if (stdinFeeds > 1) throw new CliError('stdin (-) can be one feed only', EXIT.usage);

      const { openStore } = await import('../store/index.js');
      const { BUNDLED_AREAS, mergeAreas } = await import('../areas/index.js');
      const { loadUserAreas } = await import('../areas/store.js');
      const { runWatch } = await import('../live/watch.js');
      const { Deliveries } = await import('../live/deliveries.js');

      const log = opts.quiet ? () => {} : (s: string) => process.stderr.write(`tallyman watch: ${s}\n`);
      const deliveries = new Deliveries({
        webhooks: opts.webhook ?? [],
        webhookSecret: process.env.TALLYMAN_WEBHOOK_SECRET ?? null,
        log,
      });
      if (opts.mqtt !== undefined) {
        try {
          await deliveries.connectMqtt(opts.mqtt, opts.mqttTopic);
        } catch (err) {
          throw new CliError(`--mqtt: ${opts.mqtt}: ${(err as Error).message}`, EXIT.failure);
        }
      }
      if ((opts.webhook ?? []).length > 0 && process.env.TALLYMAN_WEBHOOK_SECRET === undefined)
        log('TALLYMAN_WEBHOOK_SECRET is not set: webhooks are sent unsigned');

      const location = storeLocationFrom(process.env, db);
      const store = await openStore(location);
      const stop = new AbortController();
      const onSignal = () => {
        log('stopping: finishing the feeds and one last detection pass');
        stop.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(await store.db()));
        log(`watching ${feeds.join(', ')} (parameters ${opts.params}, detection every ${detectEveryMs} ms)`);
        const summary = await runWatch({
          feeds,
          store,
          // detection passes on a thread and connection of their own: the feed never waits for one
          detectThread: { location, land: true },
          areas,
          params: paramSet,
          signal: stop.signal,
          detectEveryMs,
          flushMs,
          log,
          deliver: async (alerts) => {
            for (const a of alerts) {
              process.stdout.write(
                opts.json
                  ? `${JSON.stringify({ alert: a })}\n`
                  : `${new Date(a.tsMs).toISOString()}  ${a.simulated ? 'SIMULATED  ' : ''}[${a.ruleName}] ${a.title}\n`,
              );
            }
            deliveries.send(alerts);
          },
        });
        await deliveries.close();
        if (opts.json)
          process.stdout.write(`${JSON.stringify({ summary, deliveries: deliveries.counts })}\n`);
        else
          process.stderr.write(
            `tallyman watch: ${summary.feeds.map((f) => `${f.name}: ${f.positions} positions, ${f.statics} static reports, ${f.rejected} rejected`).join('; ')}; ` +
              `${summary.detectionPasses} detection passes (${summary.passesFromMemory} with the window from memory); events ${summary.events.decided} decided, ${summary.events.revised} revised, ${summary.events.withdrawn} withdrawn; ${summary.alerts} alerts` +
              `; webhook ${deliveries.counts.webhookOk} sent, ${deliveries.counts.webhookFailed} failed; MQTT ${deliveries.counts.mqtt} published\n`,
          );
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await store.close();
      }
    });
}
