/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas (zod 4's `z.toJSONSchema`,
 * whose draft 2020-12 output is OpenAPI 3.1's schema dialect). Pure: routes in, document out.
 */
import { z } from 'zod';
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

export function openApiDocument(routes: readonly Route[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = openApiPath(r.url);
    const content: Record<string, unknown> = {
      'application/json': { schema: schemaOf(r.response as z.ZodType, 'output') },
    };
    for (const type of r.produces ?? []) content[type] = { schema: { type: 'string' } };
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
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
        'The tallyman workbench API. Every response from a simulated dataset is marked: see /api/meta `simulated` and the `X-Tallyman-Simulated` header.',
    },
    servers: [{ url: '/' }],
    paths,
  };
}
