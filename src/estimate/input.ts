/**
 * What the estimate is computed from: shipments with their container observations and draught
 * change, graded claims with quantities, and the fleet's capacity per month. The ledger
 * (src/shipments) builds this from the database; `from-scenario.ts` builds a SIMULATED one; a JSON
 * file of this shape is validated by `parseEstimateInput` with errors naming the JSON path.
 * Times are epoch ms UTC.
 */
import { z } from 'zod';

/** Zod error text: "missing" for an absent value, "expected …" for a wrong type, zod's own otherwise. */
const missingOr = (what: string) => (iss: { input?: unknown; code?: string }) =>
  iss.input === undefined ? 'missing' : iss.code === 'invalid_type' ? `expected ${what}` : undefined;
const nonNeg = z.number({ error: missingOr('a number') }).min(0, { error: 'negative: must be ≥ 0' });
const positive = z.number({ error: missingOr('a number') }).positive({ error: 'must be > 0' });
const tsMs = z
  .number({ error: missingOr('epoch milliseconds') })
  .int({ error: 'expected whole milliseconds' });
const lowHigh = z
  .object({ low: nonNeg, high: nonNeg })
  .strict()
  .refine((r) => r.low <= r.high, { error: 'low > high', path: ['low'] });

export const containerObservationSchema = z
  .object({
    /** A count, or a range read as a 90% interval. */
    count: z.union([nonNeg, lowHigh], { error: 'expected a count or {low, high}' }),
    sizeFt: z.union([z.literal(20), z.literal(40), z.null()], { error: 'expected 20, 40 or null' }),
    /** Loading and discharge counts stand for the whole load; a rail count is a lower bound (one train). */
    where: z.enum(['loading', 'discharge', 'rail'], { error: 'expected loading, discharge or rail' }),
    /** How it was counted, e.g. `imagery-count`, `stack-model`, `document`. */
    method: z.string({ error: missingOr('a string') }),
    evidenceIds: z.array(z.string()).optional(),
    simulated: z.boolean().optional(),
  })
  .strict();

export const shipmentInputSchema = z
  .object({
    id: z.string({ error: missingOr('a string') }).min(1),
    number: z.number().int().positive().nullable().optional(),
    /** `rejected` shipments are left out; `confirmed` and `proposed` are estimated. */
    status: z.enum(['confirmed', 'proposed', 'rejected'], {
      error: 'expected confirmed, proposed or rejected',
    }),
    departedMs: tsMs,
    arrivedMs: tsMs.nullable(),
    vessel: z
      .object({
        /** Groups a vessel's shipments across MMSI/name changes; defaults to the MMSI. */
        id: z.string().optional(),
        mmsi: z.number().int().nullable(),
        name: z.string({ error: missingOr('a string') }),
        lengthM: positive.nullable(),
        beamM: positive.nullable(),
        maxContainers: positive.nullable().optional(),
      })
      .strict(),
    containerObservations: z.array(containerObservationSchema, { error: missingOr('an array') }),
    draught: z
      .object({
        beforeM: positive.nullable(),
        afterM: positive.nullable(),
        /** Cargo mass implied by the draught change, as computed upstream; used when L, B or a draught is unknown. */
        impliedCargoTonnes: lowHigh.nullable().optional(),
      })
      .strict()
      .nullable(),
    simulated: z.boolean().optional(),
  })
  .strict();

export const claimSchema = z
  .object({
    id: z.string({ error: missingOr('a string') }).min(1),
    statement: z.string({ error: missingOr('a string') }),
    quantity: z.union([nonNeg, lowHigh], { error: 'expected a number or {low, high}' }),
    unit: z.enum(['containers', 't', 'rounds', 'USD'], { error: 'expected containers, t, rounds or USD' }),
    periodFromMs: tsMs,
    periodToMs: tsMs,
    /** NATO Admiralty code, e.g. `B2`; null when not graded. */
    grade: z
      .string()
      .regex(/^[A-F][1-6]$/, { error: 'expected an Admiralty grade like B2' })
      .nullable(),
    evidenceIds: z.array(z.string()),
    source: z.string().optional(),
  })
  .strict()
  .refine((c) => c.periodFromMs <= c.periodToMs, {
    error: 'period starts after it ends',
    path: ['periodFromMs'],
  });

export const fleetCapacitySchema = z
  .object({
    /** UTC month, `YYYY-MM`. */
    month: z.string().regex(/^\d{4}-\d\d$/, { error: 'expected YYYY-MM' }),
    containers: nonNeg,
    basis: z.string().optional(),
  })
  .strict();

export const estimateInputSchema = z
  .object({
    /** True when anything in it is simulated: every output then says SIMULATED. */
    simulated: z.boolean(),
    label: z.string().optional(),
    shipments: z.array(shipmentInputSchema, { error: missingOr('an array') }),
    claims: z.array(claimSchema, { error: missingOr('an array') }),
    fleetCapacity: z.array(fleetCapacitySchema, { error: missingOr('an array') }),
  })
  .strict();

export type ContainerObservation = z.infer<typeof containerObservationSchema>;
export type ShipmentInput = z.infer<typeof shipmentInputSchema>;
export type Claim = z.infer<typeof claimSchema>;
export type FleetCapacity = z.infer<typeof fleetCapacitySchema>;
export type EstimateInput = z.infer<typeof estimateInputSchema>;

export interface InputError {
  path: string;
  reason: string;
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(root)' : out;
}

export function parseEstimateInput(
  text: string,
): { ok: true; input: EstimateInput } | { ok: false; errors: InputError[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '(root)', reason: `invalid JSON: ${(e as Error).message}` }] };
  }
  const r = estimateInputSchema.safeParse(data);
  if (!r.success)
    return { ok: false, errors: r.error.issues.map((i) => ({ path: pathText(i.path), reason: i.message })) };
  return { ok: true, input: r.data };
}

/** UTC month `YYYY-MM` of a time. */
export function monthOf(tsMs: number): string {
  return new Date(tsMs).toISOString().slice(0, 7);
}
