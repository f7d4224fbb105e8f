/** What the alerts subcommands share: option parsing and opening the store. */
import type { Command } from 'commander';
import { storeLocationFrom } from '../../config.js';
import { CliError, EXIT } from '../exit-codes.js';

export interface AddOpts {
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

export const numbers = (flag: string, list: string[] | undefined): number[] =>
  (list ?? []).flatMap((v) =>
    v.split(',').map((s) => {
      const n = Number(s.trim());
      if (!Number.isInteger(n) || n <= 0) throw new CliError(`${flag}: "${s}" is not a number`, EXIT.usage);
      return n;
    }),
  );

export function ruleId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`"${v}" is not a rule id`, EXIT.usage);
  return n;
}

export async function withStore<T>(
  cmd: Command,
  f: (store: import('../../store/types.js').Store) => Promise<T>,
): Promise<T> {
  const { db } = cmd.optsWithGlobals() as { db?: string };
  const { openStore } = await import('../../store/index.js');
  const store = await openStore(storeLocationFrom(process.env, db));
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}
