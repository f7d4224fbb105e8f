/** One search for the workbench's search box: vessels, areas and shipment numbers (src/search). */
import { z } from 'zod';
import { search } from '../search/search.js';
import { candidatesFrom } from '../search/search-store.js';
import type { ServerContext } from './context.js';
import type { FeatureSet } from './features.js';
import { defineRoute, type Route } from './route.js';
import { ledgerVersion } from './routes-ledger.js';

export const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, 'a search needs some text')
    .max(200)
    .describe('a name, MMSI, IMO, call sign, area or shipment number ("no. 5")'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const hitSchema = z.object({
  kind: z.enum(['vessel', 'area', 'shipment']),
  label: z.string(),
  matched: z.string().describe('what matched: mmsi, imo, call sign, name, former name, id, number'),
  exact: z.boolean(),
  score: z.number(),
  mmsi: z.number().optional(),
  id: z.union([z.number(), z.string()]).optional(),
  number: z.number().nullable().optional(),
  lon: z.number().optional(),
  lat: z.number().optional(),
});

export const searchResponse = z.object({
  simulated: z.boolean(),
  query: z.string(),
  hits: z.array(hitSchema),
});

export function searchRoutes(ctx: ServerContext, features: FeatureSet): Route[] {
  // The candidates change only with the data, the areas or the ledger: read once per version.
  let cached: { key: string; value: Awaited<ReturnType<typeof candidatesFrom>> } | null = null;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/search',
      summary: 'vessels by name (current or former), MMSI, IMO or call sign; areas; shipment numbers',
      tag: 'dataset',
      query: searchQuery,
      response: searchResponse,
      async handler({ query }) {
        const ds = await ctx.dataset();
        const db = await ctx.db();
        const { areas } = await features.areas();
        const key = `${ds.version}:${await ledgerVersion(ctx)}:${await features.version()}`;
        if (cached?.key !== key) cached = { key, value: await candidatesFrom(db, areas) };
        return { simulated: ds.simulated, query: query.q, hits: search(query.q, cached.value, query.limit) };
      },
    }),
  ];
}
