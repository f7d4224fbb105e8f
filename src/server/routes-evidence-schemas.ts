/** Schemas of the evidence routes (routes-evidence.ts): evidence, claims, audit log, verify. */
import { z } from 'zod';
import { simulatedFlag } from './schemas.js';

export const evidenceResponse = z.object({
  simulated: simulatedFlag,
  items: z.array(
    z
      .object({
        id: z.number(),
        version: z.number(),
        title: z.string(),
        kind: z.string(),
        sha256: z.string(),
        grade: z.object({ reliability: z.string(), credibility: z.number() }),
        simulated: z.boolean(),
      })
      .loose(),
  ),
  claimGroups: z.array(
    z.object({
      measure: z.string(),
      unit: z.string().nullable(),
      claims: z.array(z.object({ id: z.number(), statement: z.string() }).loose()),
      conflicts: z.array(z.tuple([z.number(), z.number()])),
    }),
  ),
  claims: z.array(z.object({ id: z.number(), statement: z.string() }).loose()),
});

export const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(200) });

export const auditResponse = z.object({
  simulated: simulatedFlag,
  total: z.number(),
  entries: z.array(
    z.object({
      seq: z.number(),
      tsMs: z.number(),
      actor: z.string(),
      action: z.string(),
      entity: z.string(),
      entityId: z.string(),
      detail: z.string().nullable(),
      hash: z.string(),
    }),
  ),
});

export const verifyResponse = z
  .object({
    ok: z.boolean(),
    auditEntries: z.number(),
    chainBreak: z.object({ seq: z.number(), reason: z.string() }).nullable(),
    filesChecked: z.number(),
    rowsChecked: z.number(),
  })
  .loose();
