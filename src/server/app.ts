/**
 * The workbench server: the JSON API (routes as typed records, see route.ts), its OpenAPI
 * document, and the built web app. Built here, listened on by the caller (cli/serve.ts, tests).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { packageVersion } from '../config.js';
import type { Store } from '../store/types.js';
import { type Auth, type AuthOptions, createAuth } from './auth.js';
import { createContext } from './context.js';
import { BODY_LIMIT_BYTES } from './defences.js';
import { loadFeatures } from './features.js';
import { type GuardOptions, methodNotAllowed, registerGuards } from './guard.js';
import { openApiDocument } from './openapi.js';
import { checkRoleTable } from './roles.js';
import { errorSchema, HttpError, type Route, registerRoute } from './route.js';
import { alertRoutes } from './routes-alerts.js';
import { coreRoutes } from './routes-core.js';
import { docsRoutes } from './routes-docs.js';
import { estimateRoutes } from './routes-estimate.js';
import { evidenceRoutes } from './routes-evidence.js';
import { evidenceItemRoutes } from './routes-evidence-items.js';
import { exportRoutes } from './routes-export.js';
import { imageryRoutes } from './routes-imagery.js';
import { ledgerRoutes } from './routes-ledger.js';
import { searchRoutes } from './routes-search.js';
import { openApiResponse } from './schemas.js';

/** dist/web, whether this file runs from src/server (tsx) or dist/server (built). */
export const DEFAULT_WEB_ROOT = new URL('../../dist/web/', import.meta.url).pathname;

export interface AppOptions {
  store: Store;
  /** Folder of the built web app; the API alone is served when it does not exist. */
  webRoot?: string;
  /** Folder of the content-addressed evidence files (for verify); see src/evidence/files.ts. */
  evidenceDir?: string;
  /** Check every JSON answer against its schema (on in tests, off when serving for real). */
  checkResponses?: boolean;
  logger?: boolean;
  /** Host allowlist, cross-site check and where refusals are logged (guard.ts). */
  security?: GuardOptions;
  /** Sessions, cookies and the single-user actor (auth.ts). */
  auth?: AuthOptions;
  /**
   * Fastify's `trustProxy`: believe X-Forwarded-For / -Proto from these proxies (true, a hop
   * count, or addresses/CIDRs), so that the login rate limit counts clients, not the proxy, and a
   * cookie sent over HTTPS is marked Secure. Only behind a TLS reverse proxy (docs/security.md).
   */
  trustProxy?: boolean | string | string[] | ((address: string, hop: number) => boolean);
}

export async function buildApp(
  opts: AppOptions,
): Promise<{ app: FastifyInstance; routes: Route[]; auth: Auth }> {
  // A body over the limit is refused with 413 from its Content-Length, before it is read.
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: opts.trustProxy ?? false,
  });
  const ctx = createContext(opts.store);
  const auth = createAuth(ctx, opts.auth);
  const features = await loadFeatures(ctx);
  const version = packageVersion();
  const evidenceDir = opts.evidenceDir ?? resolve('evidence');
  const routes: Route[] = [
    ...auth.routes(),
    ...coreRoutes(ctx, features, version),
    ...exportRoutes(ctx, features),
    ...ledgerRoutes(ctx),
    ...evidenceRoutes(ctx, evidenceDir),
    ...evidenceItemRoutes(ctx, evidenceDir),
    ...docsRoutes(),
    ...searchRoutes(ctx, features),
    ...estimateRoutes(ctx),
    ...imageryRoutes(ctx, evidenceDir),
    ...alertRoutes(ctx),
    ...features.routes(),
  ];
  const doc = () => openApiDocument(routes, { title: 'tallyman workbench API', version });
  routes.push({
    method: 'GET',
    url: '/api/openapi.json',
    summary: 'this document',
    tag: 'meta',
    response: openApiResponse,
    handler: async () => doc(),
  });
  // Every route has its minimum role in roles.ts: a route without one is a start-up error.
  checkRoleTable(routes);

  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof HttpError) {
      const body: Record<string, unknown> = { error: String(err.statusCode), message: err.message };
      if (Array.isArray(err.details)) body.issues = err.details;
      return reply.code(err.statusCode).send(errorSchema.parse(body));
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send({ error: String(status), message: (err as Error).message });
    }
    app.log.error(err);
    return reply.code(500).send({ error: '500', message: (err as Error).message });
  });

  // Every answer from a simulated dataset carries the mark, including files and exports.
  await ctx.dataset();
  app.addHook('onSend', async (_request, reply, payload) => {
    if (ctx.peek()?.simulated) reply.header('X-Tallyman-Simulated', 'true');
    return payload;
  });

  const webRoot = opts.webRoot ?? DEFAULT_WEB_ROOT;
  // Before every route, so the headers and checks cover the API, the files and the 404s.
  await registerGuards(app, routes, webRoot, opts.security ?? {}, auth);

  for (const r of routes) registerRoute(app, r, opts.checkResponses ?? false, auth.authorize);

  if (existsSync(`${webRoot}/index.html`)) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: ['index.html'] });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><meta charset="utf-8"><title>tallyman</title><p>The web app is not built (no ${webRoot}index.html): run <code>npm run build:web</code>. The API is at <a href="/api/meta">/api/meta</a>.</p>`,
        ),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const allow = methodNotAllowed(routes, request);
    if (allow !== null) {
      return reply
        .code(405)
        .header('allow', allow.join(', '))
        .send({
          error: '405',
          message: `${request.method} ${request.url}: this path answers ${allow.join(', ')}`,
        });
    }
    return reply.code(404).send({ error: '404', message: `no route ${request.method} ${request.url}` });
  });
  return { app, routes, auth };
}
