/**
 * `tallyman serve [--port N] [--host ADDR] [--allowed-host NAME…]`: the workbench (web app and
 * API) on this machine. Loopback only until accounts exist (see src/server/host.ts for why); the
 * web defences (src/server/guard.ts) hold on loopback too.
 */
import type { Command } from 'commander';
import { describeStore, storeLocationFrom } from '../config.js';
import { CliError, EXIT } from './exit-codes.js';

interface ServeOptions {
  port: string;
  host: string;
  web?: string;
  allowedHost: string[];
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web workbench and its JSON API on 127.0.0.1')
    .option('--port <n>', 'TCP port (0 = any free port)', '8080')
    .option('--host <addr>', 'address to listen on (loopback only until accounts exist)', '127.0.0.1')
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
      const { refuseHost } = await import('../server/host.js');
      const refused = refuseHost(opts.host);
      if (refused !== null) throw new CliError(refused, EXIT.usage);
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
      const { app } = await buildApp({
        store,
        webRoot: opts.web,
        evidenceDir: evidenceDirFrom(process.env, location),
        checkResponses: process.env.TALLYMAN_CHECK_RESPONSES === '1',
        // Single-user loopback mode: curl and scripts (no Origin, no Sec-Fetch-Site) may post.
        security: { boundHost: opts.host, allowedHosts, allowHeaderless: true },
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
