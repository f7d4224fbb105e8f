/**
 * The API's shared schema building blocks (zod): time ranges, ids, text limits, the `simulated` flag
 * and page cursors. Each route's own schemas live beside it (routes-core-schemas.ts, …); inputs are
 * parsed with them and the OpenAPI document is made from them.
 */
import { z } from 'zod';
import { parseTime, TIME_FORMS, TIME_LIMIT_MS } from '../time/parse-time.js';

/**
 * Text limits, in characters. Every text field has one: a field without is an open door for a
 * megabyte stored once and served back on every request (the body limit, defences.ts, caps the
 * total).
 */
export const REASON_MAX_CHARS = 10_000;
export const TIME_MAX_CHARS = 64;

export { TIME_LIMIT_MS };

const isoOrMs = z
  .string()
  .max(TIME_MAX_CHARS)
  .transform((s, ctx) => {
    const r = parseTime(s);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: `"${s}": ${r.reason}` });
      return z.NEVER;
    }
    return r.tsMs;
  })
  .describe(TIME_FORMS);

export const mmsiParam = z.object({
  mmsi: z.coerce.number().int().min(1).max(999_999_999).describe('the vessel MMSI'),
});

export const rangeQuery = z.object({ from: isoOrMs.optional(), to: isoOrMs.optional() });

export const nullableNumber = z.number().nullable();

/** Present on every dataset-derived answer, so no client can forget to say "simulated". */
export const simulatedFlag = z.boolean().describe('true when the data comes from a simulated scenario');

export const pageNext = z
  .string()
  .nullable()
  .describe('the cursor of the next page (pass it as `cursor`), or null on the last page');

export const idParam = z.object({ id: z.coerce.number().int().min(1).describe('the shipment id') });

export const openApiResponse = z.object({ openapi: z.string() }).loose();
