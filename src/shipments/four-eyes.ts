/**
 * The four-eyes rule (src/shipments/README.md): with `TALLYMAN_FOUR_EYES=1`, a confirmed shipment
 * counts toward published figures (the estimate's "confirmed" basis, the brief) only once a
 * reviewer other than its confirmer has approved it (`tallyman shipment approve`,
 * `POST /api/shipments/:id/approve`). Off by default: then every confirmed shipment counts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** `TALLYMAN_FOUR_EYES`: `1`, `true`, `yes` or `on` switch the rule on; anything else leaves it off. */
export function fourEyesFrom(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['1', 'true', 'yes', 'on'].includes((env.TALLYMAN_FOUR_EYES ?? '').trim().toLowerCase());
}

export type EstimateBasis = 'confirmed' | 'all';

/** The basis of a figure, in words, as the estimate answer and the brief state it. */
export function basisText(basis: EstimateBasis, fourEyes: boolean): string {
  if (basis === 'all')
    return 'confirmed and proposed (rejected left out; no confirmation or approval required)';
  return fourEyes ? 'confirmed and approved by a second person (four-eyes)' : 'confirmed';
}

/** Whether a shipment counts on the basis: `confirmed` under four-eyes also needs an approval. */
export function countsOnBasis(
  s: { status: string; approvedBy: string | null },
  basis: EstimateBasis,
  fourEyes: boolean,
): boolean {
  if (basis === 'all') return s.status !== 'rejected';
  return s.status === 'confirmed' && (!fourEyes || s.approvedBy !== null);
}

/**
 * The estimator's shipments on the `confirmed` basis: the confirmed ones, and under four-eyes only
 * those whose id is in `approved` (approvedShipmentIds).
 */
export function confirmedOnBasis<S extends { id: string; status: string }>(
  shipments: readonly S[],
  fourEyes: boolean,
  approved: ReadonlySet<string>,
): S[] {
  return shipments.filter((s) => s.status === 'confirmed' && (!fourEyes || approved.has(s.id)));
}

/** Ids (as text, as the estimator's input has them) of the confirmed shipments approved by a second person. */
export async function approvedShipmentIds(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('shipments')
    .select('id')
    .where('status', '=', 'confirmed')
    .where('approved_by', 'is not', null)
    .execute();
  return new Set(rows.map((r) => String(r.id)));
}
