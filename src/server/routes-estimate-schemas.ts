/** Schemas of the estimate route (routes-estimate.ts). */
import { z } from 'zod';
import { simulatedFlag } from './schemas.js';

export const estimateQuery = z.object({
  basis: z
    .enum(['confirmed', 'all'])
    .default('confirmed')
    .describe(
      'confirmed shipments only (what a published figure rests on; with TALLYMAN_FOUR_EYES=1 only those also approved by a second person), or confirmed and proposed',
    ),
  seed: z.coerce.number().int().min(0).max(4294967295).default(1),
  samples: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
});

export const estimateResponse = z.object({
  simulated: simulatedFlag,
  basis: z.enum(['confirmed', 'all']),
  fourEyes: z
    .boolean()
    .describe('TALLYMAN_FOUR_EYES: the confirmed basis counts only shipments approved by a second person'),
  basisText: z
    .string()
    .describe('the basis in words, e.g. "confirmed and approved by a second person (four-eyes)"'),
  shipmentsCounted: z.number().describe('shipments on the basis (the estimate is over these)'),
  seed: z.number(),
  samples: z.number(),
  paramsFile: z.string(),
  paramsSha256: z
    .string()
    .describe('SHA-256 of the parameter file: with the seed and input, reproduces every figure'),
  inputSha256: z.string(),
  shipmentsInLedger: z.object({
    proposed: z.number(),
    confirmed: z.number(),
    rejected: z.number(),
    approved: z.number().describe('confirmed ones approved by a second person (four-eyes)'),
  }),
  result: z.object({ kind: z.enum(['estimate', 'no-observations']) }).loose(),
});
