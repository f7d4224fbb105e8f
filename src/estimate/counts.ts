/**
 * How many containers a shipment carried, as a distribution to draw from: combined from its
 * container observations, or imputed from the same vessel's observed loads when it has none.
 *
 * - A count given as one number is lognormal around it with `countSpreadLogSd`; a low–high count
 *   is a 90% interval. Several whole-load observations (loading, discharge) combine by precision
 *   in log space, the way independent measurements of one quantity do.
 * - A rail count covers one train, not the load: it is a floor under the shipment's count.
 * - Imputation draws one of the vessel's observed loads (with its own spread plus
 *   `imputedLoadSpreadLogSd`); a vessel never observed borrows the fleet's loads, scaled by the
 *   ratio of the ships' capacities when both are known.
 * - A draw never exceeds the vessel's `maxContainers` when it is known.
 */
import { Z90 } from './distributions.js';
import type { ContainerObservation, ShipmentInput } from './input.js';

export type CountSource = 'observed' | 'observed-empty' | 'imputed-vessel' | 'imputed-fleet';

export interface CountModel {
  source: CountSource;
  /** Log-space centre and sd (observed). */
  mu: number;
  sigma: number;
  /** Donor loads in log space (imputed). */
  poolMu: Float64Array;
  poolSigma: Float64Array;
  /** Rail-count floor (0 when none). */
  floor: number;
  /** maxContainers, or Infinity. */
  cap: number;
  /** Share of observed containers that were 40 ft, or -1 when no size was observed. */
  fortyShare: number;
  wholeObservations: number;
  railObservations: number;
}

export interface CountModels {
  models: CountModel[];
  /** Shipments whose count was observed (not imputed). */
  observed: number;
  warnings: string[];
}

const centreOf = (c: ContainerObservation['count']) =>
  typeof c === 'number' ? c : c.low === 0 ? c.high / 2 : Math.sqrt(c.low * c.high);
const highOf = (c: ContainerObservation['count']) => (typeof c === 'number' ? c : c.high);
const lowOf = (c: ContainerObservation['count']) => (typeof c === 'number' ? c : c.low);

/** Lognormal (μ, σ) of one whole-load observation. A range starting at 0 is read from 1 up. */
function logOf(c: ContainerObservation['count'], spread: number): { mu: number; sigma: number } {
  if (typeof c === 'number' || c.low === c.high) return { mu: Math.log(lowOf(c)), sigma: spread };
  const low = Math.max(1, c.low);
  const high = Math.max(low, c.high);
  return {
    mu: (Math.log(low) + Math.log(high)) / 2,
    sigma: Math.max(spread, (Math.log(high) - Math.log(low)) / (2 * Z90)),
  };
}

export function vesselKey(s: ShipmentInput): string {
  return s.vessel.id ?? (s.vessel.mmsi !== null ? String(s.vessel.mmsi) : `name:${s.vessel.name}`);
}

export function countModels(
  shipments: readonly ShipmentInput[],
  countSpreadLogSd: number,
  imputedSpreadLogSd: number,
): CountModels {
  const warnings: string[] = [];
  const empty = new Float64Array(0);
  const models: CountModel[] = shipments.map((s) => {
    const whole = s.containerObservations.filter((o) => o.where !== 'rail');
    const rail = s.containerObservations.filter((o) => o.where === 'rail');
    const floor = rail.reduce((m, o) => Math.max(m, lowOf(o.count)), 0);
    const cap = s.vessel.maxContainers ?? Number.POSITIVE_INFINITY;
    let known = 0;
    let forty = 0;
    for (const o of s.containerObservations) {
      if (o.sizeFt === null) continue;
      const c = centreOf(o.count);
      known += c;
      if (o.sizeFt === 40) forty += c;
    }
    const base: CountModel = {
      source: 'observed',
      mu: 0,
      sigma: 0,
      poolMu: empty,
      poolSigma: empty,
      floor,
      cap,
      fortyShare: known > 0 ? forty / known : -1,
      wholeObservations: whole.length,
      railObservations: rail.length,
    };
    if (whole.length === 0) return { ...base, source: 'imputed-vessel' };
    if (whole.some((o) => highOf(o.count) === 0)) return { ...base, source: 'observed-empty' };
    let w = 0;
    let wm = 0;
    for (const o of whole) {
      const { mu, sigma } = logOf(o.count, countSpreadLogSd);
      w += 1 / (sigma * sigma);
      wm += mu / (sigma * sigma);
    }
    const mu = wm / w;
    if (Math.exp(mu) > cap)
      warnings.push(
        `shipment ${s.id}: observed ~${Math.round(Math.exp(mu))} containers, above ${s.vessel.name}'s capacity ${cap}; draws are capped there`,
      );
    if (floor > Math.exp(mu))
      warnings.push(
        `shipment ${s.id}: a rail count (${floor}) exceeds the whole-load count (~${Math.round(Math.exp(mu))})`,
      );
    return { ...base, mu, sigma: Math.sqrt(1 / w) };
  });

  const donors = models.map((m, i) => ({ m, i })).filter(({ m }) => m.source === 'observed');
  const byVessel = new Map<string, number[]>();
  for (const { i } of donors) {
    const k = vesselKey(shipments[i]);
    byVessel.set(k, [...(byVessel.get(k) ?? []), i]);
  }
  const spread2 = imputedSpreadLogSd * imputedSpreadLogSd;
  models.forEach((m, i) => {
    if (m.source !== 'imputed-vessel') return;
    const own = byVessel.get(vesselKey(shipments[i]));
    const from = own ?? donors.map((d) => d.i);
    if (own === undefined) m.source = 'imputed-fleet';
    if (from.length === 0) return;
    const capI = shipments[i].vessel.maxContainers ?? null;
    m.poolMu = Float64Array.from(from, (j) => {
      const capJ = shipments[j].vessel.maxContainers ?? null;
      const scale = own === undefined && capI !== null && capJ !== null ? Math.log(capI / capJ) : 0;
      return models[j].mu + scale;
    });
    m.poolSigma = Float64Array.from(from, (j) => Math.sqrt(models[j].sigma ** 2 + spread2));
  });
  return {
    models,
    observed: donors.length + models.filter((m) => m.source === 'observed-empty').length,
    warnings,
  };
}
