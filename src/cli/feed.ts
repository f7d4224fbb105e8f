/**
 * `tallyman feed --to nats://HOST:PORT [--stream NAME] INPUT…`: publish raw AIS sentences to a
 * JetStream stream, partitioned by MMSI, for `tallyman worker`s to consume (src/scale/README.md).
 */
import type { Command } from 'commander';
import { DEFAULT_PARTITIONS, DEFAULT_STREAM } from '../scale/subjects.js';
import { CliError, EXIT } from './exit-codes.js';
import { parseTimeOption } from './time-option.js';

interface FeedCliOptions {
  to: string;
  stream: string;
  partitions: string;
  maxAgeHours: string;
  maxBytes: string;
  dedupeWindowS: string;
  receivedAt?: string;
  rate?: string;
  json?: boolean;
  verbose?: boolean;
}

const REJECTS_SHOWN = 10;

function positiveNumber(name: string, v: string, integer: boolean): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new CliError(`${name}: "${v}" is not a ${integer ? 'whole ' : ''}number above 0`, EXIT.usage);
  return n;
}

export function registerFeed(program: Command): void {
  program
    .command('feed')
    .description('publish AIS sentences from files, stdin (-) or tcp://HOST:PORT to a NATS JetStream stream')
    .argument('<inputs...>', 'files (also .gz), folders, - for stdin, tcp://HOST:PORT')
    .requiredOption('--to <url>', 'NATS server, nats://HOST:PORT')
    .option('--stream <name>', 'JetStream stream (made when missing)', DEFAULT_STREAM)
    .option(
      '--partitions <n>',
      'partitions of a new stream (an existing one keeps its own)',
      String(DEFAULT_PARTITIONS),
    )
    .option('--max-age-hours <h>', 'a new stream keeps sentences this long', '168')
    .option('--max-bytes <n>', 'a new stream keeps at most this many bytes (-1: no limit)', '-1')
    .option('--dedupe-window-s <s>', "a new stream's Nats-Msg-Id duplicate window", '120')
    .option('--received-at <time>', 'receive time for sentences in a file that carry none (ISO 8601)')
    .option('--rate <n>', 'publish at most n messages a second (default: as fast as the server acks)')
    .option('--json', 'print the summary as JSON')
    .option('--verbose', 'print every rejected line (FILE:LINE: reason: text)')
    .action(async (inputs: string[], opts: FeedCliOptions) => {
      const { checkStreamName } = await import('../scale/subjects.js');
      const bad = checkStreamName(opts.stream);
      if (bad !== null) throw new CliError(`--stream: ${bad}`, EXIT.usage);
      let servers: string;
      try {
        const u = new URL(opts.to);
        if (u.protocol !== 'nats:') throw new Error('not nats');
        servers = `${u.hostname}:${u.port || '4222'}`;
      } catch {
        throw new CliError(`--to: "${opts.to}" is not a nats://HOST:PORT address`, EXIT.usage);
      }
      const settings = {
        partitions: positiveNumber('--partitions', opts.partitions, true),
        maxAgeMs: positiveNumber('--max-age-hours', opts.maxAgeHours, false) * 3_600_000,
        maxBytes: opts.maxBytes === '-1' ? -1 : positiveNumber('--max-bytes', opts.maxBytes, true),
        duplicateWindowMs: positiveNumber('--dedupe-window-s', opts.dedupeWindowS, false) * 1000,
      };
      if (settings.partitions > 1024) throw new CliError('--partitions: at most 1024', EXIT.usage);
      const ratePerS = opts.rate === undefined ? undefined : positiveNumber('--rate', opts.rate, false);
      const receivedAtMs = parseTimeOption('--received-at', opts.receivedAt);
      const { resolveInputs } = await import('../sources/input.js');
      const refs: Array<{ ref: import('../sources/input.js').InputRef; name: string }> = [];
      for (const input of inputs) {
        let found: import('../sources/input.js').InputRef[];
        try {
          found = await resolveInputs(input);
        } catch (err) {
          throw new CliError((err as Error).message, EXIT.badInput);
        }
        for (const ref of found)
          refs.push({ ref, name: ref.kind === 'file' ? ref.path : ref.kind === 'tcp' ? ref.url : 'stdin' });
      }
      const { connect } = await import('@nats-io/transport-node');
      const { jetstream, jetstreamManager } = await import('@nats-io/jetstream');
      const { ensureStream } = await import('../scale/stream.js');
      const { Publisher, emptyFeedCounts, feedInput } = await import('../scale/feed.js');
      const nc = await connect({ servers, name: 'tallyman-feed' });
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const started = Date.now();
      try {
        const jsm = await jetstreamManager(nc);
        const { partitions, created } = await ensureStream(jsm, opts.stream, settings);
        const counts = emptyFeedCounts();
        const feedOpts = {
          stream: opts.stream,
          partitions,
          ...(receivedAtMs !== undefined ? { receivedAtMs } : {}),
          ...(ratePerS !== undefined ? { ratePerS } : {}),
          signal: abort.signal,
          onReject: (file: string, r: { line: number; reason: string; text: string }) => {
            const n = Object.values(counts.rejectedByReason).reduce((a, b) => a + b, 0);
            if (opts.verbose || n <= REJECTS_SHOWN)
              process.stderr.write(`${file}:${r.line}: ${r.reason}: ${r.text}\n`);
          },
        };
        const pub = new Publisher(jetstream(nc), feedOpts, counts);
        for (const { ref, name } of refs) {
          await feedInput(ref, name, pub, feedOpts);
          if (abort.signal.aborted) break;
        }
        await pub.drain();
        const seconds = (Date.now() - started) / 1000;
        const summary = {
          stream: opts.stream,
          created,
          partitions,
          ...counts,
          seconds,
          messagesPerSec: Math.round(counts.messages / seconds),
        };
        if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else {
          const rejected = Object.entries(counts.rejectedByReason)
            .map(([r, n]) => `${r} ${n}`)
            .join(', ');
          process.stdout.write(
            `${opts.stream}${created ? ' (made)' : ''}, ${partitions} partitions: ${counts.lines.toLocaleString('en-US')} lines, ` +
              `${counts.messages.toLocaleString('en-US')} messages, ${counts.published.toLocaleString('en-US')} published, ` +
              `${counts.duplicates.toLocaleString('en-US')} already in the stream, in ${seconds.toFixed(1)} s` +
              `${rejected ? `; rejected: ${rejected}` : ''}\n`,
          );
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await nc.drain();
      }
    });
}
