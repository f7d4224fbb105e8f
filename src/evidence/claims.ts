/**
 * Claims side by side: current claims (not replaced by a correction) grouped by what they
 * quantify (measure and unit); a group is in conflict when two of its quantity ranges do not
 * overlap for overlapping periods. Nothing is averaged or picked: the estimator and the analyst
 * see every figure with its evidence.
 */
export interface Claim {
  id: number;
  version: number;
  replacesId: number | null;
  statement: string;
  measure: string | null;
  quantityMin: number | null;
  quantityMax: number | null;
  unit: string | null;
  periodFromMs: number | null;
  periodToMs: number | null;
  place: string | null;
  evidenceIds: number[];
  /** The best grade of its evidence, e.g. `B2`, or null without evidence. */
  bestGrade: string | null;
  createdMs: number;
  createdBy: string;
}

export interface ClaimGroup {
  measure: string;
  unit: string | null;
  claims: Claim[];
  /** Pairs of claim ids whose quantities cannot both be true for overlapping periods. */
  conflicts: Array<[number, number]>;
}

/** Two period ends this close are "the same date" for comparing (figures are reported by month). */
export const SAME_END_MS = 31 * 86_400_000;

const overlaps = (a0: number | null, a1: number | null, b0: number | null, b1: number | null) =>
  (a0 ?? Number.NEGATIVE_INFINITY) <= (b1 ?? Number.POSITIVE_INFINITY) &&
  (b0 ?? Number.NEGATIVE_INFINITY) <= (a1 ?? Number.POSITIVE_INFINITY);

/** Whether `id` has been replaced by another claim in the list. */
export function currentClaims(all: readonly Claim[]): Claim[] {
  const replaced = new Set(all.map((c) => c.replacesId).filter((x): x is number => x !== null));
  return all.filter((c) => !replaced.has(c.id));
}

export function groupClaims(all: readonly Claim[]): ClaimGroup[] {
  const groups = new Map<string, ClaimGroup>();
  for (const c of currentClaims(all)) {
    if (c.measure === null || c.quantityMin === null) continue;
    const key = `${c.measure}\u0000${c.unit ?? ''}`;
    const g = groups.get(key) ?? { measure: c.measure, unit: c.unit, claims: [], conflicts: [] };
    g.claims.push(c);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    g.claims.sort((a, b) => (a.periodToMs ?? 0) - (b.periodToMs ?? 0) || a.id - b.id);
    for (let i = 0; i < g.claims.length; i++)
      for (let j = i + 1; j < g.claims.length; j++) {
        const a = g.claims[i];
        const b = g.claims[j];
        // Cumulative figures to different end dates differ legitimately: compare claims whose
        // periods overlap and end within a month of each other.
        if (!overlaps(a.periodFromMs, a.periodToMs, b.periodFromMs, b.periodToMs)) continue;
        if (Math.abs((a.periodToMs ?? 0) - (b.periodToMs ?? 0)) > SAME_END_MS) continue;
        const aMax = a.quantityMax ?? a.quantityMin ?? 0;
        const bMax = b.quantityMax ?? b.quantityMin ?? 0;
        if (!overlaps(a.quantityMin, aMax, b.quantityMin, bMax)) g.conflicts.push([a.id, b.id]);
      }
  }
  return [...groups.values()].sort((a, b) => (a.measure < b.measure ? -1 : 1));
}
