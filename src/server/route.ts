/**
 * A route is one typed record: its method, path, zod schemas for params, query and response, and
 * a handler. The same record registers the Fastify handler (inputs parsed by zod, a 400 naming
 * each bad field otherwise) and feeds the OpenAPI document, so the two cannot drift apart.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from './auth.js';
import { Answer } from './cache.js';
import { JSON_MEDIA_SCHEMAS, mediaTypeOf } from './media-types.js';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Who is asking (auth.ts): the local user in single-user mode, else the authenticated user. */
  principal: Principal;
}

/** Checks the caller may use the route (its role in roles.ts) and says who they are; throws 401/403. */
export type Authorize = (route: Route, request: FastifyRequest) => Promise<Principal>;

/**
 * A handler's answer: a JSON value (checked against `response`), or raw text with its type — a
 * cached `Answer` is sent as its stored bytes, gzipped to clients that accept it when that pays.
 */
export interface RawResult {
  raw: string | Buffer | Answer;
  contentType: string;
  status?: number;
}
export type RouteResult<R> = R | RawResult;

export interface Route<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: 'GET' | 'POST';
  url: string;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: z.ZodType<R>;
  /** Extra documented content types (e.g. KML) besides application/json. */
  produces?: string[];
  handler(ctx: RouteContext<P, Q, B>): Promise<RouteResult<R>>;
}

/** Keeps the generic parameters when routes of several shapes go in one list. */
export const defineRoute = <P, Q, B, R>(r: Route<P, Q, B, R>): Route => r as unknown as Route;

/** An error that becomes a JSON answer with its status (404, 409, …) instead of a 500. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const errorSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

function parseOr400<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (schema === undefined) return value as T;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw new HttpError(
    400,
    `invalid ${where}`,
    r.error.issues.map((i) => ({ path: `${where}.${i.path.join('.')}`, message: i.message })),
  );
}

const isRaw = (v: unknown): v is RawResult =>
  typeof v === 'object' && v !== null && 'raw' in v && 'contentType' in v;

const acceptsGzip = (request: FastifyRequest): boolean =>
  /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));

/**
 * Responses are checked against their schema outside production: a handler that drifts from its
 * documented shape fails loudly in the tests instead of quietly in a client.
 */
export function registerRoute(
  app: FastifyInstance,
  route: Route,
  checkResponses: boolean,
  authorize: Authorize,
): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      // Before the input is parsed: an anonymous caller learns nothing of a route's parameters.
      const principal = await authorize(route, request);
      const params = parseOr400(route.params, request.params, 'params');
      const query = parseOr400(route.query, request.query, 'query');
      const body = parseOr400(route.body, request.body, 'body');
      const result = await route.handler({ params, query, body, request, reply, principal });
      if (isRaw(result)) {
        const raw = result.raw;
        if (checkResponses) checkRaw(route, result.contentType, raw);
        reply.code(result.status ?? 200).type(result.contentType);
        if (!(raw instanceof Answer)) return reply.send(raw);
        reply.header('vary', 'accept-encoding');
        const gz = acceptsGzip(request) ? await raw.gzip() : null;
        if (gz === null) return reply.send(raw.bytes);
        reply.header('content-encoding', 'gzip');
        return reply.send(gz);
      }
      if (checkResponses) check(route, result);
      reply.type('application/json; charset=utf-8');
      return reply.send(JSON.stringify(result));
    },
  });
}

/** A raw JSON answer against the route's schema; a GeoJSON one against GeoJSON's (media-types.ts). */
function checkRaw(route: Route, contentType: string, raw: RawResult['raw']): void {
  const type = mediaTypeOf(contentType);
  const schema = type === 'application/json' ? route.response : JSON_MEDIA_SCHEMAS[type];
  if (schema === undefined) return;
  check(route, JSON.parse(raw instanceof Answer ? raw.bytes.toString('utf8') : String(raw)), schema);
}

function check(route: Route, value: unknown, schema: z.ZodType = route.response): void {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new Error(
      `response of ${route.method} ${route.url} does not match its schema: ${r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
}

/**
 * For answers checked by an open ("loose") schema: a typed record (an interface) carries no index
 * signature, so it is widened here; the schema still checks every field it names.
 */
export const open = <T extends object>(x: T): T & Record<string, unknown> => x as T & Record<string, unknown>;
