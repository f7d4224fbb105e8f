/**
 * `tallyman serve [--port N] [--host ADDR] [--allowed-host NAME…]`: the workbench (web app and
 * API). Loopback only until the store has accounts (see src/server/host.ts for why); the
 * web defences (src/server/guard.ts) hold on loopback too.
 */
import type { Command } from 'commander';
import { describeStore, storeLocationFrom } from '../config.js';
import { DEFAULT_HOST } from '../server/host.js';
import { CliError, EXIT } from './exit-codes.js';

interface ServeOptions {
  port: string;
  host: string;
  web?: string;
  allowedHost: string[];
  trustProxy?: string;
}

/** `--trust-proxy` / TALLYMAN_TRUST_PROXY → Fastify's trustProxy: `true`, a hop count, or addresses. */
export function trustProxyFrom(
  value: string | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) | undefined {
  if (value === undefined || value.trim() === '' || value === 'false') return undefined;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address: string, hop: number) => hop < hops;
  }
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web workbench and its JSON API (127.0.0.1 unless the store has accounts)')
    .option('--port <n>', 'TCP port (0 = any free port)', '8080')
    .option(
      '--host <addr>',
      'address to listen on (loopback only until the store has an active admin account)',
      DEFAULT_HOST,
    )
    .option(
      '--trust-proxy <value>',
      'behind a TLS reverse proxy: trust its X-Forwarded-* headers (true, a hop count, or comma-separated addresses/CIDRs; also TALLYMAN_TRUST_PROXY)',
    )
    .option('--web <dir>', 'folder of the built web app (default dist/web)')
    .option(
      '--allowed-host <name>',
      'another name the workbench is reached by (NAME or NAME:PORT, repeatable; also TALLYMAN_ALLOWED_HOSTS, comma-separated); requests naming any other Host are refused',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (opts: ServeOptions, cmd: Command) => {
      const { db } = cmd.optsWithGlobals() as { db?: string };
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new CliError(`--port: "${opts.port}" is not a port number (0–65535)`, EXIT.usage);
      }
      const { allowedHostsFrom } = await import('../server/defences.js');
      let allowedHosts: ReturnType<typeof allowedHostsFrom>;
      try {
        allowedHosts = allowedHostsFrom(process.env, opts.allowedHost);
      } catch (err) {
        throw new CliError(`--allowed-host / TALLYMAN_ALLOWED_HOSTS: ${(err as Error).message}`, EXIT.usage);
      }
      const { openStore } = await import('../store/index.js');
      const { buildApp } = await import('../server/app.js');
      const { evidenceDirFrom } = await import('../evidence/files.js');
      const location = storeLocationFrom(process.env, db);
      const store = await openStore(location);
      // Another address than loopback only with accounts (src/server/host.ts).
      const { refuseHost, isLoopback } = await import('../server/host.js');
      const { hasActiveAdmin } = await import('../accounts/store.js');
      const refused = refuseHost(
        opts.host,
        !isLoopback(opts.host) && (await hasActiveAdmin(await store.db())),
      );
      if (refused !== null) {
        await store.close();
        throw new CliError(refused, EXIT.usage);
      }
      const ttlS = Number(process.env.TALLYMAN_SESSION_TTL_S ?? '');
      const { app } = await buildApp({
        store,
        webRoot: opts.web,
        evidenceDir: evidenceDirFrom(process.env, location),
        checkResponses: process.env.TALLYMAN_CHECK_RESPONSES === '1',
        // Headerless clients (curl): allowed in single-user loopback mode, with an API token in
        // accounts mode (decided per request, src/server/guard.ts).
        security: { boundHost: opts.host, allowedHosts },
        trustProxy: trustProxyFrom(opts.trustProxy ?? process.env.TALLYMAN_TRUST_PROXY),
        auth: {
          ...(Number.isFinite(ttlS) && ttlS > 0 ? { sessionTtlMs: ttlS * 1000 } : {}),
          secureCookies: process.env.TALLYMAN_SECURE_COOKIES === '1',
        },
      });
      const stop = async () => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await app.listen({ port, host: opts.host });
      } catch (err) {
        await store.close();
        throw new CliError(`cannot listen on ${opts.host}:${port}: ${(err as Error).message}`, EXIT.failure);
      }
      const addr = app.server.address();
      const actualPort = typeof addr === 'object' && addr !== null ? addr.port : port;
      const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      process.stdout.write(
        `tallyman: workbench on ${describeStore(location)}\ntallyman: serving http://${shownHost}:${actualPort}/\n`,
      );
    });
}
