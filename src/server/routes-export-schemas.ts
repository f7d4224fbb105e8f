/** Schemas of the export routes (routes-export.ts). */
import { z } from 'zod';
import { rangeQuery } from './schemas.js';

export const exportQuery = rangeQuery.extend({
  vessel: z.coerce
    .number()
    .int()
    .min(1)
    .max(999_999_999)
    .optional()
    .describe('one vessel (MMSI); all when absent'),
  minPositions: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000_000)
    .default(1)
    .describe('only vessels with at least this many fixes'),
});

export const positionsCsvQuery = rangeQuery.extend({
  vessel: z.coerce.number().int().min(1).max(999_999_999).describe('the vessel (MMSI)'),
});
