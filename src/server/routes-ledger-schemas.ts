/** Schemas of the shipment ledger routes (routes-ledger.ts): shipments, decisions, approvals, sightings. */
import { z } from 'zod';
import { nullableNumber, REASON_MAX_CHARS, simulatedFlag } from './schemas.js';

const rangeSchema = z.object({ min: z.number(), max: z.number() }).nullable();

/** Why a stored shipment needs an analyst's look after re-detection (ledger.ts `ReviewFlag`). */
const reviewSchema = z
  .object({
    reason: z.enum(['changed', 'not-detected']),
    detectedMs: z.number(),
    differences: z.array(
      z.object({
        field: z.string(),
        stored: z.union([z.string(), z.number()]).nullable(),
        detected: z.union([z.string(), z.number()]).nullable(),
      }),
    ),
  })
  .nullable()
  .describe('set when a re-detection disagrees with a confirmed or rejected shipment');

/** A shipment as the ledger keeps it (src/shipments/ledger.ts `Shipment`). */
export const shipmentSchema = z
  .object({
    id: z.number(),
    status: z.enum(['proposed', 'confirmed', 'rejected']),
    number: z
      .number()
      .nullable()
      .describe('given on first confirmation and never changed or reused (kept if later rejected)'),
    dateOrder: z
      .number()
      .nullable()
      .optional()
      .describe('confirmed shipments: 1, 2, … in departure order (moves; the number does not)'),
    mmsi: z.number(),
    vesselName: z.string().nullable(),
    originAreaId: z.string(),
    originKind: z.string(),
    destinationAreaId: z.string(),
    destinationKind: z.string(),
    departMs: z.number(),
    arriveMs: z.number(),
    transitMs: z.number(),
    dark: z.boolean(),
    confidence: z.number().describe('1 (weak) … 4 (strong)'),
    supports: z.array(z.object({ kind: z.string(), role: z.string(), ref: z.string() })),
    draughtFromM: nullableNumber,
    draughtToM: nullableNumber,
    cargoMassT: rangeSchema,
    containersLoaded: rangeSchema,
    containersDischarged: rangeSchema,
    path: z.array(z.tuple([z.number(), z.number()])),
    decidedBy: z.string().nullable(),
    decidedMs: nullableNumber,
    decisionReason: z.string().nullable(),
    approvedBy: z
      .string()
      .nullable()
      .describe('four-eyes: who approved the confirmation (never its confirmer)'),
    approvedMs: nullableNumber,
    review: reviewSchema,
    note: z.string().nullable(),
  })
  .loose();

export const shipmentsQuery = z.object({
  status: z.enum(['proposed', 'confirmed', 'rejected']).optional(),
  vessel: z.coerce.number().int().min(1).max(999_999_999).optional(),
});

export const shipmentsResponse = z.object({
  simulated: simulatedFlag,
  counts: z.object({ proposed: z.number(), confirmed: z.number(), rejected: z.number() }),
  shipments: z.array(shipmentSchema),
});

export const shipmentResponse = z.object({
  simulated: simulatedFlag,
  shipment: shipmentSchema,
  evidenceIds: z.array(z.number()).describe('evidence items linked to this shipment'),
  revisions: z.array(z.unknown()).describe('every earlier state of the row'),
});

/** The reason a ledger write must give (`missing`: the message when it is empty). */
const reasonField = (missing: string) =>
  z
    .string()
    .max(REASON_MAX_CHARS, `a reason of at most ${REASON_MAX_CHARS} characters`)
    .trim()
    .min(1, missing);

/** `by`: who acts, as the request names them (single-user mode; accounts mode records the user). */
const byField = (description: string) => z.string().trim().min(1).max(100).optional().describe(description);

export const decisionBody = z.object({
  decision: z.enum(['confirm', 'reject']),
  reason: reasonField('a decision needs a reason'),
  by: byField('who decides (no accounts yet: recorded as given)'),
});

export const approveBody = z.object({
  reason: reasonField('an approval needs a reason'),
  by: byField('who approves (no accounts yet: recorded as given; in accounts mode the logged-in user)'),
});

export const approveResponse = z.object({
  simulated: simulatedFlag,
  shipment: shipmentSchema,
});

export const decisionResponse = z.object({
  simulated: simulatedFlag,
  shipment: shipmentSchema,
  renumbered: z
    .array(z.object({ id: z.number(), from: z.number().nullable(), to: z.number().nullable() }))
    .describe('the number this decision gave (at most one entry; no other number ever changes)'),
});

export const sightingsResponse = z.object({
  simulated: simulatedFlag,
  sightings: z.array(
    z
      .object({
        id: z.number(),
        acquiredMs: z.number(),
        lon: z.number(),
        lat: z.number(),
        mmsi: z.number().nullable(),
        vesselName: z.string().nullable(),
        provider: z.string(),
        simulated: z.boolean(),
      })
      .loose(),
  ),
});
