/**
 * Which commands only read the store, and the check that refuses them a SQLite store that does not
 * exist. Opening a SQLite path creates the file, so a typo in `--db` (or TALLYMAN_DB) used to give
 * a new, empty store and an empty answer that looked like "nothing found". The commands that load
 * data (`ingest`, `simulate`, `observe import`, `evidence add`, `image add`, `sanctions import`,
 * `shipments import`, `areas add|import`, `users add`, …) still create the store; every command
 * not named here is left as it was. A PostgreSQL URL naming a database that does not exist already
 * fails to connect, with the server's message.
 */
import { existsSync } from 'node:fs';
import { storeLocationFrom } from '../config.js';
import { CliError, EXIT } from './exit-codes.js';

/** Command paths (sub-commands joined by a space) that need a store that is already there. */
export const READS_STORE: ReadonlySet<string> = new Set([
  'vessels',
  'track',
  'detect',
  'events',
  'export',
  'serve',
  'brief',
  'shipments', // but not `shipments import FILE`, which loads a ledger
  'shipment',
  'sanctions', // but not `sanctions import FILE`
  'estimate', // but not from --input or --scenario, which read no store
  'claims',
  'verify',
  'evidence list',
  'evidence correct',
  'evidence link',
  'evidence export-ftm',
  'claim add',
  'image list',
  'areas list',
  'areas export',
  'areas rm',
  'users list',
  'users token',
  'users passwd',
  'users role',
  'users disable',
  'users enable',
  // `alerts add` creates the store, as `areas add` does; the rest act on rules and alerts in one
  'alerts list',
  'alerts rm',
  'alerts enable',
  'alerts disable',
  'alerts test',
  'alerts raised',
]);

export interface CommandLike {
  name(): string;
  parent: CommandLike | null;
  args: readonly string[];
  optsWithGlobals(): Record<string, unknown>;
}

/** `observe import` for the `import` command under `observe` (the program itself left out). */
export function commandPath(cmd: CommandLike): string {
  const names: string[] = [];
  for (let c: CommandLike | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function readsOnly(
  path: string,
  args: readonly string[],
  opts: Record<string, unknown> = {},
): boolean {
  if ((path === 'shipments' || path === 'sanctions') && args[0] === 'import') return false;
  if (path === 'estimate' && (opts.input !== undefined || opts.scenario !== undefined)) return false;
  return READS_STORE.has(path);
}

/** Throws (exit 4) when the command only reads and its SQLite store is not there. */
export function refuseMissingStore(cmd: CommandLike, env: NodeJS.ProcessEnv): void {
  const path = commandPath(cmd);
  const opts = cmd.optsWithGlobals();
  if (!readsOnly(path, cmd.args, opts)) return;
  const db = opts.db as string | undefined;
  const loc = storeLocationFrom(env, db);
  if (loc.path === undefined || loc.path === '' || loc.path === ':memory:' || existsSync(loc.path)) return;
  const given = db !== undefined ? '--db' : env.TALLYMAN_DB ? 'TALLYMAN_DB' : 'the default';
  throw new CliError(
    `no store at ${loc.path} (${given}): \`${path}\` only reads a store and will not create one; check the path, or load data first (tallyman ingest, simulate, observe import)`,
    EXIT.notFound,
  );
}
