/** Runs the real CLI, as built in dist/ (rebuilt first when stale), in a child process, as a user would. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_AIS as SHARED_AIS_URL } from '../helpers/captures.js';
import { CLI_MAIN, REPO } from '../helpers/dist.js';

export { REPO };
/** The shared captures' folder, as a path (test/helpers/captures.ts decides where it is). */
export const SHARED_AIS = SHARED_AIS_URL.pathname;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI_MAIN, ...args], {
    cwd: REPO,
    env: { ...process.env, TALLYMAN_DATABASE_URL: '', ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliAsync(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: REPO,
    env: { ...process.env, TALLYMAN_DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function tempDir(prefix = 'tallyman-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
