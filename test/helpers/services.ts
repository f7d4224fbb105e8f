/**
 * Access to the real services some tests need. On a user's machine a missing service skips those
 * tests with a printed reason; in CI (CI=true) a missing service is a failure, never a silent skip.
 */
import { Socket } from 'node:net';

export const inCI = process.env.CI === 'true';

export const POSTGRES_URL =
  process.env.TALLYMAN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether a TCP connection opens. A service that is not there refuses at once; only a busy machine
 * (a loaded CI box running tests two at a time) makes a connect slow, so the wait is long.
 */
function portOpen(host: string, port: number, timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs);
    s.once('connect', () => done(true));
    s.once('timeout', () => done(false));
    s.once('error', () => done(false));
    s.connect(port, host);
  });
}

/**
 * Returns a skip reason (string) when the service is unreachable outside CI, false when it is
 * reachable, and throws in CI when it is not.
 */
export async function requireService(name: string, host: string, port: number): Promise<string | false> {
  if (await portOpen(host, port)) return false;
  const reason = `${name} not reachable at ${host}:${port}`;
  if (inCI) throw new Error(`${reason} (CI=true: a missing service fails the run)`);
  console.log(`# skipping: ${reason}`);
  return reason;
}

export function requirePostgres(): Promise<string | false> {
  const u = new URL(POSTGRES_URL);
  return requireService('PostgreSQL', u.hostname, Number(u.port || 5432));
}
