#!/usr/bin/env node
/**
 * The tallyman CLI. Every command's errors end here: a CliError carries its exit code (see
 * exit-codes.ts), anything else is a failure (exit 1) with its message and, with DEBUG, its stack.
 */
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../config.js';
import { CliError, EXIT } from './exit-codes.js';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs: module loading is most of a short
 * run's start-up (about 80 ms for all of them), and `decode` in a pipeline pays it every time.
 * Help, an unknown command or no command loads them all.
 */
const MODULES: Record<string, () => Promise<Register>> = {
  decode: async () => (await import('./decode.js')).registerDecode,
  ingest: async () => (await import('./ingest.js')).registerIngest,
  vessels: async () => (await import('./vessels.js')).registerVessels,
  simulate: async () => (await import('./simulate.js')).registerSimulate,
  detect: async () => (await import('./detect.js')).registerDetect,
  events: async () => (await import('./events.js')).registerEvents,
  export: async () => (await import('./export.js')).registerExport,
  areas: async () => (await import('./areas.js')).registerAreas,
  serve: async () => (await import('./serve.js')).registerServe,
  shipments: async () => (await import('./shipments.js')).registerShipments,
  evidence: async () => (await import('./evidence/index.js')).registerEvidence,
  estimate: async () => (await import('./estimate.js')).registerEstimate,
  image: async () => (await import('./image.js')).registerImage,
  measure: async () => (await import('./measure.js')).registerMeasure,
  sanctions: async () => (await import('./sanctions.js')).registerSanctions,
  users: async () => (await import('./users.js')).registerUsers,
  watch: async () => (await import('./watch.js')).registerWatch,
  alerts: async () => (await import('./alerts/index.js')).registerAlerts,
  feed: async () => (await import('./feed.js')).registerFeed,
  worker: async () => (await import('./worker.js')).registerWorker,
  brief: async () => (await import('./brief.js')).registerBrief,
};
/** Commands registered by a module under another name. */
const MODULE_OF: Record<string, string> = {
  track: 'vessels',
  shipment: 'shipments',
  claim: 'evidence',
  claims: 'evidence',
  verify: 'evidence',
  observe: 'evidence',
};
/** Global options that take a value as the next argument. */
const GLOBAL_WITH_VALUE = new Set(['--db', '--evidence-dir']);

/** The command named on the command line (the first argument that is not a global option). */
function commandName(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (GLOBAL_WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return null;
}

const program = new Command('tallyman')
  .description('OSINT workbench for covert seaborne shipments: AIS in, tracks, events and evidence out')
  .option(
    '--db <path|url>',
    'SQLite file or postgres:// URL (default: $TALLYMAN_DATABASE_URL, $TALLYMAN_DB, ./tallyman.db)',
  )
  .option(
    '--evidence-dir <dir>',
    'evidence file store (default $TALLYMAN_EVIDENCE_DIR, ./evidence beside the database)',
  )
  .version(packageVersion(), '-V, --version', 'print the version of tallyman')
  .showHelpAfterError()
  .exitOverride()
  // A command that only reads is refused a SQLite store that is not there (a --db typo would
  // otherwise create an empty one): store-required.ts lists them.
  .hook('preAction', async (_program, action) => {
    const { refuseMissingStore } = await import('./store-required.js');
    refuseMissingStore(action, process.env);
  });

const name = commandName(process.argv.slice(2));
const only = name === null ? undefined : (MODULES[name] ?? MODULES[MODULE_OF[name] ?? '']);
for (const load of only && name !== 'help' ? [only] : Object.values(MODULES)) (await load())(program);

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version print themselves and exit 0; anything else is a usage error.
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (err instanceof CliError) {
    process.stderr.write(`tallyman: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`tallyman: ${(err as Error).message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = EXIT.failure;
  }
}
