/**
 * `tallyman worker --from nats://HOST:PORT --db postgres://…`: consume a feed's stream into a
 * PostgreSQL store, detect incrementally, publish events (src/scale/README.md). Start as many as
 * needed, on any hosts: they share the partitions.
 */
import type { Command } from 'commander';
import { storeLocationFrom } from '../config.js';
import { DEFAULT_EVENTS_PREFIX, DEFAULT_STREAM } from '../scale/subjects.js';
import { CliError, EXIT } from './exit-codes.js';
import { PARAM_SET_HELP, paramSetNamed } from './param-set.js';

interface WorkerCliOptions {
  from: string;
  stream: string;
  eventsPrefix: string;
  alertsPrefix: string;
  params: string;
  batch: string;
  lingerMs: string;
  exitWhenIdle?: string;
  latencyLog?: string;
  land: boolean;
  detect: boolean;
  detectOnly?: boolean;
  json?: boolean;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('consume a tallyman feed stream into PostgreSQL, detect events and publish them on NATS')
    .requiredOption('--from <url>', 'NATS server, nats://HOST:PORT')
    .option('--stream <name>', 'JetStream stream made by tallyman feed', DEFAULT_STREAM)
    .option(
      '--events-prefix <subject>',
      'events are published to <subject>.<event type>',
      DEFAULT_EVENTS_PREFIX,
    )
    .option(
      '--alerts-prefix <subject>',
      'alerts (tallyman alerts rules) go to <subject>.<rule kind>',
      'tallyman.alerts',
    )
    .option('--params <set>', PARAM_SET_HELP, 'shuttle')
    .option('--batch <n>', 'messages per commit at most', '5000')
    .option('--linger-ms <ms>', 'longest a message waits for a fuller commit', '100')
    .option('--exit-when-idle <ms>', 'exit once caught up, detected and idle this long (tests, batch runs)')
    .option(
      '--latency-log <file>',
      'append per message its ms from stream arrival to stored and alerted ("c N") and to detected ("d N")',
    )
    .option('--no-land', 'skip the on-land check (saves loading ~300 MB of land polygons)')
    .option('--no-detect', 'only store: leave detection to the workers that run it')
    .option('--detect-only', 'hold no partitions: only detect what the other workers store')
    .option('--json', 'log as JSON lines on stdout')
    .action(async (opts: WorkerCliOptions, cmd: Command) => {
      const { db } = cmd.optsWithGlobals() as { db?: string };
      const loc = storeLocationFrom(process.env, db);
      if (loc.url === undefined)
        throw new CliError(
          'tallyman worker needs a PostgreSQL store: --db postgres://… (or TALLYMAN_DATABASE_URL)',
          EXIT.usage,
        );
      const { checkStreamName } = await import('../scale/subjects.js');
      const bad = checkStreamName(opts.stream);
      if (bad !== null) throw new CliError(`--stream: ${bad}`, EXIT.usage);
      const paramSet = paramSetNamed(opts.params);
      const whole = (name: string, v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1)
          throw new CliError(`${name}: "${v}" is not a whole number of at least 1`, EXIT.usage);
        return n;
      };
      if (opts.detectOnly && !opts.detect)
        throw new CliError('--detect-only and --no-detect leave nothing to do', EXIT.usage);
      const batchMessages = whole('--batch', opts.batch);
      const lingerMs = whole('--linger-ms', opts.lingerMs);
      const exitWhenIdleMs =
        opts.exitWhenIdle === undefined ? null : whole('--exit-when-idle', opts.exitWhenIdle);
      const { runWorker } = await import('../scale/run-worker.js');
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const log = (e: Record<string, unknown>) => {
        if (opts.json) process.stdout.write(`${JSON.stringify({ tMs: Date.now(), ...e })}\n`);
        else if (e.kind !== 'commit' || process.env.TALLYMAN_WORKER_VERBOSE)
          process.stderr.write(
            `worker: ${Object.entries(e)
              .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
              .join(' ')}\n`,
          );
      };
      try {
        await runWorker({
          natsUrl: opts.from,
          stream: opts.stream,
          dbUrl: loc.url,
          eventsPrefix: opts.eventsPrefix,
          alertsPrefix: opts.alertsPrefix,
          params: paramSet,
          batchMessages,
          lingerMs,
          exitWhenIdleMs,
          latencyLog: opts.latencyLog ?? null,
          land: opts.land,
          detect: opts.detect,
          detectOnly: opts.detectOnly === true,
          log,
          signal: abort.signal,
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
