/**
 * `tallyman ingest INPUT…`: read files, folders, stdin or a live TCP feed into the store.
 *
 * Each input is one ingest run recognised by the SHA-256 of its raw bytes, so re-ingesting a file
 * adds nothing. Records land in batches, each in its own transaction; the run is marked complete
 * only at the end. A crash leaves an incomplete run whose rows are replayed harmlessly by the
 * re-run (positions and reports are unique), so a re-run gives the same database as one clean run.
 * An input whose content another live process is ingesting at the same moment is left to it
 * (store.claimIngest): reported "in-progress", exit code 6 (EXIT.inProgress) when nothing failed.
 */
import type { Command } from 'commander';
import { describeStore, storeLocationFrom } from '../config.js';
import type { ContentHashes } from '../sources/content-hash.js';
import type { InputRef, Source, SourceCounts, SourceReject } from '../sources/index.js';
import type { Store } from '../store/index.js';
import { batchPositionCount, batchStaticCount } from '../store/types.js';
import { CliError, EXIT } from './exit-codes.js';
import type { IngestOutcome } from './ingest-summary.js';
import { parseTimeOption } from './time-option.js';

interface IngestOptions {
  format?: string;
  map?: string;
  timeFormat?: string;
  receivedAt?: string;
  lenient?: boolean;
  json?: boolean;
  verbose?: boolean;
  progress?: boolean;
  db?: string;
}

/** How many rejects per input are printed without --verbose. */
const REJECTS_SHOWN = 10;

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('ingest AIS files, folders, stdin (-) or tcp://HOST:PORT into the store')
    .argument('<inputs...>', 'files (also .gz), folders, - for stdin, tcp://HOST:PORT')
    .option('--map <mapping>', 'generic CSV: field=Column,… (fields: mmsi,tsMs,lat,lon,speedKnots,…)')
    .option('--time-format <fmt>', 'generic CSV time column: iso | epoch-s | epoch-ms | dmy', 'iso')
    .option('--received-at <time>', 'receive time for NMEA messages that carry none (ISO 8601)')
    .option(
      '--lenient',
      "NMEA: decode messages shorter than their type's length rule (gpsd drops them) as far as they go; counted as short",
    )
    .option('--json', 'print the summary as JSON')
    .option('--verbose', 'print every rejected line (FILE:LINE: reason: text)')
    .option('--no-progress', 'no progress bar even on a terminal')
    .action(async (inputs: string[], opts: IngestOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals() as IngestOptions;
      process.exitCode = await runIngest(inputs, { ...opts, db: global.db });
    });
}

function parseMap(map: string | undefined): Record<string, string> | undefined {
  if (map === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const pair of map.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--map: "${pair}" is not field=Column`, EXIT.usage);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

// The store, readers and progress bar load only when ingest runs, so `decode` starts fast.
async function makeProgress(enabled: boolean, totalBytes: number | null) {
  if (!enabled) return null;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        totalBytes === null
          ? '{file} | {mb} MB | {rate} msg/s | {positions} positions'
          : '{bar} {percentage}% | {mb}/{totalMb} MB | {rate} msg/s | ETA {eta_formatted} | {file}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes ?? 1, 0, { file: '', mb: '0', totalMb: mb(totalBytes ?? 0), rate: '0', positions: 0 });
  return bar;
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function printRejects(rejects: SourceReject[], shown: { n: number }, verbose: boolean): void {
  for (const r of rejects) {
    if (!verbose && shown.n >= REJECTS_SHOWN) return;
    shown.n++;
    process.stderr.write(`${r.file}:${r.line}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}: ${r.text}\n`);
  }
}

function rejectedTotal(c: SourceCounts): number {
  let n = 0;
  for (const v of Object.values(c.rejectedByReason)) n += v;
  return n;
}

function failed(name: string, error: string): IngestOutcome {
  return { name, format: null, status: 'failed', error, sha256: null, counts: null, ms: 0 };
}

async function ingestOne(
  store: Store,
  source: Source,
  opts: IngestOptions,
  progress: Awaited<ReturnType<typeof makeProgress>>,
  doneBytes: number,
  hashes: ContentHashes,
): Promise<IngestOutcome> {
  const t0 = performance.now();
  const preHash = source.totalBytes !== null && source.name !== '-' ? await hashes.get(source.name) : null;
  // Content hashed only at the end (stdin, TCP) cannot be claimed; a duplicate of it is recorded
  // as such when it finishes (store/README.md).
  const claim = preHash === null ? null : await store.claimIngest(preHash);
  if (preHash !== null && claim === null) {
    // Its batches are never asked for: a reader thread already started for it does not keep the
    // process alive (worker-source.ts).
    return {
      name: source.name,
      format: source.format,
      status: 'in-progress',
      error: 'another process is ingesting the same content now; run again when it has finished',
      sha256: preHash,
      counts: null,
      ms: 0,
    };
  }
  let completed = false;
  try {
    const outcome = await ingestClaimed(store, source, opts, progress, doneBytes, preHash, t0);
    completed = true;
    return outcome;
  } finally {
    await claim?.release(completed);
  }
}

async function ingestClaimed(
  store: Store,
  source: Source,
  opts: IngestOptions,
  progress: Awaited<ReturnType<typeof makeProgress>>,
  doneBytes: number,
  preHash: string | null,
  t0: number,
): Promise<IngestOutcome> {
  const run = await store.beginIngest({
    sourceName: source.name,
    contentSha256: preHash,
    format: source.format,
    sizeBytes: source.totalBytes,
    optionsJson: storedOptionsJson(opts, source.format),
  });
  if (run.alreadyIngested) {
    return {
      name: source.name,
      format: source.format,
      status: 'already-ingested',
      sha256: preHash,
      counts: null,
      ms: 0,
    };
  }
  const shown = { n: 0 };
  let stored = 0;
  let readError: string | null = null;
  let unreadable: Error | null = null;
  try {
    ({ stored, readError } = await writeBatches(
      store,
      run.runId,
      source,
      opts,
      progress,
      doneBytes,
      t0,
      shown,
    ));
  } catch (err) {
    // The options do not fit the file (a --map column it lacks): nothing from it is stored.
    const { SourceError } = await import('../sources/open.js');
    if (!(err instanceof SourceError)) throw err;
    unreadable = err;
  }
  const sha256 = unreadable === null ? source.sha256() : preHash;
  const rejected = rejectedTotal(source.counts);
  if (!opts.verbose && rejected > shown.n && shown.n > 0) {
    process.stderr.write(`${source.name}: … ${rejected - shown.n} more rejected (see --verbose)\n`);
  }
  const outcome =
    readError !== null
      ? 'broken'
      : unreadable !== null || (source.counts.records === 0 && rejected > 0)
        ? 'rejected'
        : 'completed';
  await store.finishIngest(run.runId, { contentSha256: sha256, counts: source.counts, outcome });
  const ms = performance.now() - t0;
  if (outcome === 'completed')
    return {
      name: source.name,
      format: source.format,
      status: 'ingested',
      sha256,
      counts: source.counts,
      ms,
    };
  // Not marked ingested: the same file is taken again, with corrected options or repaired.
  const error =
    unreadable !== null
      ? unreadable.message
      : outcome === 'broken'
        ? `${readError}; the lines before it were read and their ${stored.toLocaleString('en-US')} positions stored`
        : `all ${rejected.toLocaleString('en-US')} rows rejected, nothing stored (not marked ingested: run it again with the right options)`;
  process.stderr.write(`tallyman ingest: ${source.name}: ${error}\n`);
  return {
    name: source.name,
    format: source.format,
    status: 'failed',
    error,
    sha256,
    counts: source.counts,
    ms,
  };
}

/**
 * The options that change what this input stores, as canonical JSON ('' for none): part of the
 * run's identity, so a file ingested under a wrong --map is ingested again under the right one.
 */
export function storedOptionsJson(opts: IngestOptions, format: string): string {
  const o: Record<string, unknown> = {};
  if (format === 'csv-mapped') {
    if (opts.map !== undefined) o.map = parseMap(opts.map);
    o.timeFormat = opts.timeFormat ?? 'iso';
  }
  if (format === 'nmea') {
    if (opts.receivedAt !== undefined) o.receivedAtMs = parseTimeOption('--received-at', opts.receivedAt);
    if (opts.lenient === true) o.lenient = true;
  }
  const keys = Object.keys(o).sort();
  if (keys.length === 0) return '';
  const sorted = (v: unknown): unknown =>
    v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
        )
      : v;
  return JSON.stringify(sorted(o));
}

async function writeBatches(
  store: Store,
  runId: number,
  source: Source,
  opts: IngestOptions,
  progress: Awaited<ReturnType<typeof makeProgress>>,
  doneBytes: number,
  t0: number,
  shown: { n: number },
): Promise<{ stored: number; readError: string | null }> {
  let stored = 0;
  // The reader's words on where the input broke off (its read-error reject), if it did.
  let readError: string | null = null;
  for await (const batch of source.batches()) {
    const fixes = batchPositionCount(batch);
    if (fixes > 0 || batchStaticCount(batch) > 0) await store.writeBatch(runId, batch);
    for (const r of batch.rejects)
      if (r.reason === 'read-error')
        readError = `broke off at line ${r.line} (${(r.line - 1).toLocaleString('en-US')} whole lines before it): ${r.detail ?? 'read error'}`;
    stored += fixes;
    if (batch.rejects.length > 0) printRejects(batch.rejects, shown, opts.verbose === true);
    if (progress) {
      const secs = (performance.now() - t0) / 1000;
      const msgs = source.counts.decode?.messages ?? source.counts.records;
      progress.update(doneBytes + source.bytesRead(), {
        file: source.name,
        mb: mb(doneBytes + source.bytesRead()),
        rate: secs > 0 ? Math.round(msgs / secs).toLocaleString('en-US') : '0',
        positions: stored,
      });
    }
  }
  return { stored, readError };
}

export async function runIngest(inputs: string[], opts: IngestOptions): Promise<number> {
  const location = storeLocationFrom(process.env, opts.db);
  const receivedAtMs = parseTimeOption('--received-at', opts.receivedAt);
  const columnMap = parseMap(opts.map);
  const timeFormat = opts.timeFormat as 'iso' | 'epoch-s' | 'epoch-ms' | 'dmy' | undefined;
  if (timeFormat && !['iso', 'epoch-s', 'epoch-ms', 'dmy'].includes(timeFormat)) {
    throw new CliError(
      `--time-format: "${timeFormat}" is not one of iso, epoch-s, epoch-ms, dmy`,
      EXIT.usage,
    );
  }
  const { openRef, resolveInputs, SourceError, totalSize } = await import('../sources/index.js');
  const { openRefOnWorker, useWorkerFor } = await import('../sources/worker-source.js');
  const { ContentHashes } = await import('../sources/content-hash.js');
  const sourceOpts = { columnMap, timeFormat, receivedAtMs, lenient: opts.lenient === true };
  const open = (ref: InputRef): Promise<Source> =>
    ref.kind === 'file' && useWorkerFor(ref) ? openRefOnWorker(ref, sourceOpts) : openRef(ref, sourceOpts);
  // The first file's hash (it decides the run) and its reader thread start before the store's code
  // is even loaded (~0.15 s), so that hashing, decoding and opening the store overlap. A reader
  // thread never asked for its batches does not keep the process alive.
  const hashes = new ContentHashes();
  let firstRefs: Promise<InputRef[]> | undefined;
  let firstSource: Promise<Source> | undefined;
  if (inputs.length > 0) {
    firstRefs = resolveInputs(inputs[0]);
    firstRefs.catch(() => {});
    const first = await firstRefs.then(
      (refs) => refs[0],
      () => undefined,
    );
    if (first?.kind === 'file') {
      hashes.start(first.path, first.size);
      if (useWorkerFor(first)) {
        firstSource = open(first);
        firstSource.catch(() => {});
      }
    }
  }
  const { openStore } = await import('../store/index.js');
  const { renderIngestSummary } = await import('./ingest-summary.js');
  const store = await openStore(location);
  const outcomes: IngestOutcome[] = [];
  let failedInputs = 0;
  try {
    let total: number | null = 0;
    for (const input of inputs) {
      try {
        const s = await totalSize(input);
        total = total === null || s === null ? null : total + s;
      } catch {
        // Reported below, when the input is opened.
      }
    }
    const progress = await makeProgress(
      opts.progress !== false && !opts.json && process.stderr.isTTY === true,
      total,
    );
    let doneBytes = 0;
    for (const [inputIndex, input] of inputs.entries()) {
      let refs: InputRef[];
      try {
        refs = await (inputIndex === 0 && firstRefs !== undefined ? firstRefs : resolveInputs(input));
      } catch (err) {
        failedInputs++;
        outcomes.push(failed(input, (err as Error).message));
        process.stderr.write(`tallyman ingest: ${(err as Error).message}\n`);
        continue;
      }
      const fromFolder = refs.length > 1 || (refs[0]?.kind === 'file' && refs[0].path !== input);
      for (const [i, ref] of refs.entries()) {
        // The next file's hash runs beside this file's ingest, ready when its turn comes.
        if (ref.kind === 'file') hashes.start(ref.path, ref.size);
        const next = refs[i + 1];
        if (next?.kind === 'file') hashes.start(next.path, next.size);
        let source: Source;
        try {
          source = await (inputIndex === 0 && i === 0 && firstSource !== undefined ? firstSource : open(ref));
        } catch (err) {
          if (!(err instanceof SourceError)) throw err;
          const name = ref.kind === 'file' ? ref.path : input;
          // A file that is not AIS data inside a folder (a README, say) is skipped, not a failure.
          if (fromFolder && /neither AIS NMEA sentences nor a CSV header/.test(err.message)) {
            outcomes.push({ ...failed(name, err.message), status: 'skipped' });
          } else {
            failedInputs++;
            outcomes.push(failed(name, err.message));
            process.stderr.write(`tallyman ingest: ${err.message}\n`);
          }
          if (ref.kind === 'file') doneBytes += ref.size;
          continue;
        }
        outcomes.push(await ingestOne(store, source, opts, progress, doneBytes, hashes));
        doneBytes += source.totalBytes ?? 0;
      }
    }
    progress?.stop();
  } finally {
    await store.close();
  }
  const summary = renderIngestSummary(outcomes, describeStore(location), opts.json === true);
  process.stdout.write(summary);
  const busy = outcomes.filter((o) => o.status === 'in-progress');
  for (const o of busy)
    process.stderr.write(
      `tallyman ingest: ${o.name}: already in progress in another process; nothing done for it here\n`,
    );
  // An input that could not be read, broke off part way, or had every row rejected: exit 3, the
  // other inputs done as usual.
  if (failedInputs > 0 || outcomes.some((o) => o.status === 'failed')) return EXIT.badInput;
  return busy.length > 0 ? EXIT.inProgress : EXIT.ok;
}
