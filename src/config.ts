/**
 * Runtime configuration from the environment, read once at the shell's edge and passed down.
 *
 * TALLYMAN_DATABASE_URL  postgres://… selects the PostgreSQL team store
 * TALLYMAN_DB            path of the embedded SQLite database (default ./tallyman.db)
 */
import { readFileSync } from 'node:fs';

export interface StoreLocation {
  /** postgres://… when the team backend is chosen. */
  url?: string;
  /** SQLite file path otherwise. */
  path?: string;
}

export const DEFAULT_SQLITE_PATH = './tallyman.db';

export function storeLocationFrom(env: NodeJS.ProcessEnv, dbOption?: string): StoreLocation {
  if (dbOption) {
    return /^postgres(ql)?:\/\//.test(dbOption) ? { url: dbOption } : { path: dbOption };
  }
  const url = env.TALLYMAN_DATABASE_URL;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(`TALLYMAN_DATABASE_URL must start with postgres:// (got "${url.slice(0, 40)}")`);
    }
    return { url };
  }
  return { path: env.TALLYMAN_DB || DEFAULT_SQLITE_PATH };
}

/** Describes where data goes without printing a password. */
export function describeStore(loc: StoreLocation): string {
  if (loc.url) {
    const u = new URL(loc.url);
    if (u.password) u.password = '***';
    return `PostgreSQL ${u.toString()}`;
  }
  return `SQLite ${loc.path}`;
}

/** tallyman's version, from package.json (src/config.ts and dist/config.js sit one folder below it). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return '0.0.0';
  }
}
