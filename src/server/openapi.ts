/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas (zod 4's `z.toJSONSchema`,
 * whose draft 2020-12 output is OpenAPI 3.1's schema dialect). Pure: routes in, document out.
 */
import { z } from 'zod';
import { SESSION_COOKIE } from './auth.js';
import { JSON_MEDIA_SCHEMAS, nonJsonBodySchema } from './media-types.js';
import { ROUTE_ROLES, routeKey } from './roles.js';
import { errorSchema, type Route } from './route.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** `/api/vessels/:mmsi` → `/api/vessels/{mmsi}` */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(route: Route): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (where: 'path' | 'query', s: z.ZodType | undefined) => {
    if (s === undefined) return;
    const js = schemaOf(s, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      const { description, ...rest } = schema as { description?: string };
      out.push({
        name,
        in: where,
        required: where === 'path' || (js.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  };
  add('path', route.params as z.ZodType | undefined);
  add('query', route.query as z.ZodType | undefined);
  return out;
}

/**
 * The 200 answer's media types. A route whose JSON schema is a bare string only ever answers its
 * `produces` types (a file: CSV, KML, an image), so it lists no application/json; a JSON-based
 * media type (GeoJSON) gets its real schema from media-types.ts.
 */
function okContent(r: Route): Record<string, unknown> {
  const json = schemaOf(r.response as z.ZodType, 'output');
  const fileOnly = (r.produces ?? []).length > 0 && json.type === 'string' && Object.keys(json).length === 1;
  const content: Record<string, unknown> = fileOnly ? {} : { 'application/json': { schema: json } };
  for (const type of r.produces ?? []) {
    const known = JSON_MEDIA_SCHEMAS[type];
    content[type] = { schema: known ? schemaOf(known, 'output') : nonJsonBodySchema(type) };
  }
  return content;
}

/**
 * Who may call a route: the minimum role from roles.ts, and the two ways to present it in
 * accounts mode. In single-user loopback mode (no accounts) nothing is asked for.
 */
function security(r: Route): Record<string, unknown> {
  const role = ROUTE_ROLES[routeKey(r)] ?? 'admin';
  if (role === 'anonymous') return { security: [], 'x-tallyman-role': role };
  return { security: [{ sessionCookie: [] }, { apiToken: [] }], 'x-tallyman-role': role };
}

const SECURITY_SCHEMES = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'Accounts mode: the session cookie set by POST /api/login. A POST on a session also sends its CSRF token in X-CSRF-Token (from GET /api/session).',
  },
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'Accounts mode: an API token made by `tallyman users token NAME` (`tm_…`).',
  },
};

const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  accounts: 'the session, logging in and out, the user list (accounts mode)',
  dataset: 'vessels and their tracks, as ingested',
  estimate: 'the Monte Carlo estimate over the ledger',
  events: 'events found by `tallyman detect`, and the areas of interest',
  evidence: 'evidence items, claims, the audit chain and verify',
  export: 'files for other tools: GeoJSON, KML, CSV, FollowTheMoney',
  imagery: 'stored images and their measurements',
  ledger: 'the shipment ledger and analysts’ decisions',
  meta: 'what the store holds, and this document',
};

export function openApiDocument(routes: readonly Route[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = openApiPath(r.url);
    const content = okContent(r);
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      ...security(r),
      operationId: `${r.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      parameters: parameters(r),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(r.body as z.ZodType, 'input') } },
            },
          }
        : {}),
      responses: {
        '200': { description: 'OK', content },
        '400': {
          description: 'Invalid parameters',
          content: { 'application/json': { schema: schemaOf(errorSchema, 'output') } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'The tallyman workbench API. Every response from a simulated dataset is marked: see /api/meta `simulated` and the `X-Tallyman-Simulated` header. ' +
        'In single-user loopback mode (a store with no accounts) no credentials are asked for; in accounts mode each operation needs at least the role in its `x-tallyman-role`, presented by a session cookie or an API token.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((r) => r.tag))]
      .sort()
      .map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name })),
    paths,
    components: { securitySchemes: SECURITY_SCHEMES },
  };
}
