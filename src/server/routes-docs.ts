/**
 * The repository's docs that the workbench cites (sources, confidence), served from `docs/` so a
 * link works offline and on a clone without a forge. Only the listed files: never a path.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineRoute, HttpError, type Route } from './route.js';

export const SERVED_DOCS = ['sources.md', 'confidence.md'] as const;
const DOCS_DIR = new URL('../../docs/', import.meta.url);

const docParam = z.object({ name: z.enum(SERVED_DOCS).describe('one of the cited docs') });

export function docsRoutes(): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/docs/:name',
      summary: 'a cited doc from the repository (docs/sources.md, docs/confidence.md) as Markdown text',
      tag: 'dataset',
      params: docParam,
      response: z.string(),
      produces: ['text/markdown'],
      async handler({ params }) {
        try {
          return {
            raw: readFileSync(new URL(params.name, DOCS_DIR), 'utf8'),
            contentType: 'text/markdown; charset=utf-8',
          };
        } catch {
          throw new HttpError(404, `docs/${params.name} is not installed beside this build`);
        }
      },
    }),
  ];
}
