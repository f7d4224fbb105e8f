/**
 * From an EstimateInput to the Monte Carlo's plan: the shipments kept (rejected ones left out,
 * the rest in departure order), each one's count model, month, draught change and claim periods,
 * and the document-tonnage claims. Pure; the months run without holes from the first departure
 * to the last so the series has a row for a month with no shipment.
 */
import { countModels } from './counts.js';
import { centre, lognormalShape } from './distributions.js';
import { type EstimateInput, monthOf, type ShipmentInput } from './input.js';
import { type Plan, quantityLog } from './monte-carlo.js';
import type { EstimateParams } from './params.js';

export interface PreparedPlan {
  plan: Plan;
  shipments: ShipmentInput[];
  months: string[];
  rejected: number;
  /** Indices (into input.claims) of the document-tonnage claims, in `plan.documents` order. */
  documentClaims: number[];
  warnings: string[];
}

/** Every month from `first` to `last` inclusive, `YYYY-MM`. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) return out;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

export function preparePlan(input: EstimateInput, params: EstimateParams): PreparedPlan {
  const P = params.file.parameters;
  const shipments = input.shipments
    .filter((s) => s.status !== 'rejected')
    .sort((a, b) => a.departedMs - b.departedMs || a.id.localeCompare(b.id));
  const counts = countModels(
    shipments,
    centre(P.countSpreadLogSd.distribution),
    centre(P.imputedLoadSpreadLogSd.distribution),
  );
  const months =
    shipments.length === 0
      ? []
      : monthRange(monthOf(shipments[0].departedMs), monthOf(shipments[shipments.length - 1].departedMs));
  const monthAt = new Map(months.map((m, i) => [m, i]));
  const S = shipments.length;
  const draughtDeltaM = new Float64Array(S).fill(Number.NaN);
  const lengthBeamM2 = new Float64Array(S).fill(Number.NaN);
  const impliedMu = new Float64Array(S).fill(Number.NaN);
  const impliedSigma = new Float64Array(S).fill(Number.NaN);
  const warnings = [...counts.warnings];
  shipments.forEach((s, i) => {
    const d = s.draught;
    if (d === null) return;
    const { lengthM, beamM } = s.vessel;
    if (d.beforeM !== null && d.afterM !== null && lengthM !== null && beamM !== null) {
      draughtDeltaM[i] = d.afterM - d.beforeM;
      lengthBeamM2[i] = lengthM * beamM;
      if (d.afterM <= d.beforeM)
        warnings.push(
          `shipment ${s.id}: draught did not rise (${d.beforeM} → ${d.afterM} m); the draught path reads ~0 t`,
        );
    } else if (d.impliedCargoTonnes != null && d.impliedCargoTonnes.high > 0) {
      const { mu, sigma } = lognormalShape(
        Math.max(1, d.impliedCargoTonnes.low),
        Math.max(1, d.impliedCargoTonnes.high),
      );
      impliedMu[i] = mu;
      impliedSigma[i] = sigma;
    }
  });
  // Shipments are in departure order, so a claim's period is one run of them.
  const claimFirst = Int32Array.from(input.claims, (c) => {
    const k = shipments.findIndex((s) => s.departedMs >= c.periodFromMs);
    return k < 0 ? S : k;
  });
  const claimEnd = Int32Array.from(input.claims, (c, j) => {
    let k = claimFirst[j];
    while (k < S && shipments[k].departedMs <= c.periodToMs) k++;
    return k;
  });
  const documentClaims = input.claims.flatMap((c, j) => (c.unit === 't' ? [j] : []));
  return {
    plan: {
      counts: counts.models,
      monthIndex: Int32Array.from(shipments, (s) => monthAt.get(monthOf(s.departedMs))!),
      months: months.length,
      draughtDeltaM,
      lengthBeamM2,
      impliedMu,
      impliedSigma,
      claimFirst,
      claimEnd,
      documents: documentClaims.map((j) => quantityLog(input.claims[j].quantity)),
    },
    shipments,
    months,
    rejected: input.shipments.length - shipments.length,
    documentClaims,
    warnings,
  };
}
