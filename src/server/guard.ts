/**
 * The web defences wired into Fastify (the decisions are in defences.ts): security headers through
 * @fastify/helmet, the Host allowlist and the cross-site check on every request before its body is
 * read, and answers to OPTIONS. Registered before any route, so they cover the API, the web app's
 * files and the 404s alike.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Auth, hasBearer } from './auth.js';
import {
  allowedMethods,
  cspDirectives,
  type HostName,
  hostAllowlist,
  type InlineHashes,
  inlineHashes,
  type RouteShape,
  refusalLine,
  refuseCrossSite,
  refuseHost,
  STATE_CHANGING_METHODS,
} from './defences.js';

export interface GuardOptions {
  /** The address the server listens on (also allowed as a Host name). */
  boundHost?: string;
  /** Extra names the server is reached by (--allowed-host, TALLYMAN_ALLOWED_HOSTS). */
  allowedHosts?: readonly HostName[];
  /**
   * See CrossSiteInput.allowHeaderless. Unset: decided per request by the mode (auth.ts): in
   * single-user loopback mode curl and scripts may post without Origin; in accounts mode only a
   * request carrying an API token may (a page cannot send Authorization to another site).
   */
  allowHeaderless?: boolean;
  /** Where refusals are logged (one line each); stderr by default. */
  log?: (line: string) => void;
}

/** The inline scripts and styles of every built page, hashed once at start. */
function builtPageHashes(webRoot: string): InlineHashes {
  const all: InlineHashes = { scripts: [], styles: [] };
  if (!existsSync(webRoot)) return all;
  for (const f of readdirSync(webRoot).filter((n) => n.endsWith('.html'))) {
    const h = inlineHashes(readFileSync(join(webRoot, f), 'utf8'));
    all.scripts.push(...h.scripts);
    all.styles.push(...h.styles);
  }
  return { scripts: [...new Set(all.scripts)], styles: [...new Set(all.styles)] };
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

export async function registerGuards(
  app: FastifyInstance,
  routes: readonly RouteShape[],
  webRoot: string,
  opts: GuardOptions,
  auth?: Pick<Auth, 'mode'>,
): Promise<void> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const allowed = hostAllowlist(opts.boundHost, opts.allowedHosts ?? []);
  const allowHeaderless = async (request: FastifyRequest): Promise<boolean> => {
    if (opts.allowHeaderless !== undefined) return opts.allowHeaderless;
    if (auth === undefined || (await auth.mode()) === 'single-user') return true;
    return hasBearer(request);
  };

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(builtPageHashes(webRoot)) },
    // Served over plain HTTP on loopback: HSTS there means nothing, and on a shared name it would be
    // the TLS proxy's to send (docs/security.md).
    strictTransportSecurity: false,
    // The legacy header agrees with frame-ancestors 'none' for browsers that predate CSP 2.
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

  // onRequest runs before the body is read: a refused request costs no parsing.
  app.addHook('onRequest', async (request, reply) => {
    const refuse = (status: number, reason: string) => {
      log(refusalLine(status, request.method, request.url, reason));
      return reply.code(status).send({ error: String(status), message: `refused: ${reason}` });
    };
    const host = header(request, 'host');
    const badHost = refuseHost(host, allowed);
    if (badHost !== null) return refuse(421, badHost);
    const crossSite = refuseCrossSite({
      method: request.method,
      host: host ?? '',
      origin: header(request, 'origin'),
      secFetchSite: header(request, 'sec-fetch-site'),
      allowHeaderless: STATE_CHANGING_METHODS.has(request.method) ? await allowHeaderless(request) : true,
    });
    if (crossSite !== null) return refuse(403, crossSite);
  });

  // OPTIONS says what a path answers; no Access-Control-* header is ever sent, so a foreign
  // origin's preflight fails and its request is never made.
  app.route({
    method: 'OPTIONS',
    url: '*',
    handler: async (request, reply) => {
      const methods = allowedMethods(routes, request.url.split('?')[0]!);
      if (methods === null) {
        return reply.code(404).send({ error: '404', message: `no route ${request.url}` });
      }
      return reply.code(204).header('allow', methods.join(', ')).send();
    },
  });
}

/**
 * 405 with Allow for a path served under other methods (GET /api/verify), else the usual 404 —
 * for the not-found handler.
 */
export function methodNotAllowed(routes: readonly RouteShape[], request: FastifyRequest): string[] | null {
  const path = request.url.split('?')[0]!;
  if (!path.startsWith('/api/')) return null;
  const methods = allowedMethods(routes, path);
  return methods !== null && !methods.includes(request.method) ? methods : null;
}
