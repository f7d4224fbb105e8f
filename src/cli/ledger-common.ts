/** What the ledger commands share: opening the store, who is acting, turning ledger errors into exit codes. */
import type { Command } from 'commander';
import { storeLocationFrom } from '../config.js';
import { CliError, EXIT } from './exit-codes.js';

export function actorFrom(by: string | undefined): string {
  return by || process.env.TALLYMAN_ANALYST || process.env.USER || 'analyst';
}

export async function withLedger<T>(
  cmd: Command,
  fn: (ctx: {
    db: Awaited<ReturnType<import('../store/types.js').Store['db']>>;
    evidenceDir: string;
    store: import('../store/types.js').Store;
  }) => Promise<T>,
): Promise<T> {
  const { db: dbOpt, evidenceDir: dirOpt } = cmd.optsWithGlobals() as { db?: string; evidenceDir?: string };
  const loc = storeLocationFrom(process.env, dbOpt);
  const { openStore } = await import('../store/index.js');
  const { evidenceDirFrom } = await import('../evidence/files.js');
  const { LedgerError } = await import('../audit/ledger-error.js');
  const { ObservationInputError } = await import('../shipments/observe.js');
  const store = await openStore(loc);
  try {
    return await fn({ db: await store.db(), evidenceDir: evidenceDirFrom(process.env, loc, dirOpt), store });
  } catch (err) {
    if (err instanceof LedgerError)
      throw new CliError(err.message, err.kind === 'not-found' ? EXIT.notFound : EXIT.usage);
    if (err instanceof ObservationInputError) throw new CliError(err.message, EXIT.badInput);
    throw err;
  } finally {
    await store.close();
  }
}

export function positiveId(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`${name} "${v}" is not a positive whole number`, EXIT.usage);
  return n;
}

export function numberOpt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new CliError(`${name}: "${v}" is not a number`, EXIT.usage);
  return n;
}

/** `250`, `230-270` or `230..270` → a range. */
export function rangeOpt(name: string, v: string | undefined): { min: number; max: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:(?:-|\.\.|–)\s*(\d+(?:\.\d+)?))?\s*$/.exec(v);
  if (!m) throw new CliError(`${name}: "${v}" is not a count or a range like 230-270`, EXIT.usage);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw new CliError(`${name}: range "${v}" runs backwards`, EXIT.usage);
  return { min, max };
}
