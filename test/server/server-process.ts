/**
 * A real `tallyman serve` in a child process (the CLI built in dist/, as the tests run it),
 * on a free loopback port; resolves once it prints its URL. Used by the API, e2e tests and bench.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { CLI_MAIN, REPO } from '../helpers/dist.js';

export { REPO };

export interface RunningServer {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startServer(
  dbArg: string,
  opts: { env?: NodeJS.ProcessEnv; extraArgs?: string[]; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [CLI_MAIN, '--db', dbArg, 'serve', '--port', '0', ...(opts.extraArgs ?? [])],
    {
      cwd: REPO,
      env: { ...process.env, TALLYMAN_DATABASE_URL: '', TALLYMAN_CHECK_RESPONSES: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${opts.timeoutMs ?? 60_000} ms:\n${out}`));
    }, opts.timeoutMs ?? 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!.replace(/\/$/, ''),
          child,
          output: () => out,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
}
