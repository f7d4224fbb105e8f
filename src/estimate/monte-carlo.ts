/**
 * The Monte Carlo: for each draw, one value of every global parameter (the analyst's uncertainty
 * about the world: fill, mix, masses, prices…), then every shipment's container count (its own
 * observation error or imputation), then containers → tonnes → rounds → dollars, summed per
 * shipment, month, claim period and path. Everything lands in typed arrays, one slot per draw, so
 * the summaries (quantiles, variance shares) read them afterwards. Pure and seeded: the same plan,
 * parameters, seed and sample count give the same arrays.
 *
 * Chain per draw (docs/sources.md, Containers and Munitions):
 *   payload per loaded box (t)   = (maxGross − tare) · fill            (20 ft and 40 ft apart)
 *   packed munitions (t)         = containers · (1 − emptyShare) · payload
 *   mean packed mass per round   = Σ mix_k · packedMass_k
 *   rounds                       = munitions t · 1000 / mean packed mass;  rounds_k = rounds · mix_k
 *   value                        = Σ rounds_k · price_k
 * Draught path: cargo t = Δdraught (cm) · TPC, TPC = Cw · L · B · ρ / 100 (docs/sources.md, Ships and draught).
 * Document path: munitions t = stated t · documentMunitionsShare.
 */
import type { CountModel } from './counts.js';
import { type Distribution, fill, fillShares, lognormalShape } from './distributions.js';
import type { EstimateParams, ScalarParamName } from './params.js';
import { Stream } from './random.js';

/** Global parameters drawn once per sample, in this order (then mix shares, masses, prices per type). */
export const SCALAR_GLOBALS = [
  'countBias',
  'emptyContainerShare',
  'fortyFootShare',
  'maxGross20T',
  'maxGross40T',
  'tare20T',
  'tare40T',
  'payloadFill20',
  'payloadFill40',
  'documentMunitionsShare',
  'waterplaneCoefficient',
  'seawaterDensityTM3',
] as const satisfies readonly ScalarParamName[];

/** Index of each scalar global in `Samples.params`. */
export const PARAM = Object.fromEntries(SCALAR_GLOBALS.map((name, i) => [name, i])) as Record<
  (typeof SCALAR_GLOBALS)[number],
  number
>;

/** The shipments and claims as the loop needs them, prepared once. */
export interface Plan {
  counts: CountModel[];
  /** Month index of each shipment. */
  monthIndex: Int32Array;
  months: number;
  /** Per shipment: observed draught change (m) and L·B (m²), or NaN when absent. */
  draughtDeltaM: Float64Array;
  lengthBeamM2: Float64Array;
  /** Per shipment: implied cargo tonnes (lognormal μ, σ) when the draught itself cannot be used, else NaN. */
  impliedMu: Float64Array;
  impliedSigma: Float64Array;
  /** Per claim, the shipments in its period: indices [claimFirst, claimEnd) (shipments are in departure order). */
  claimFirst: Int32Array;
  claimEnd: Int32Array;
  /** Document-tonnage claims: quantity as lognormal (μ, σ) (σ 0 for a single number). */
  documents: { mu: number; sigma: number }[];
}

export interface Samples {
  n: number;
  /** Draws kept per shipment and month (the first `seriesN`; totals use all `n`). */
  seriesN: number;
  paramNames: string[];
  /** One array per global parameter (in `paramNames` order). */
  params: Float64Array[];
  /** Index of mix share / packed mass / price of type k in `params`. */
  mixAt: number;
  massAt: number;
  priceAt: number;
  types: string[];
  meanMassKg: Float64Array;
  meanPriceUsd: Float64Array;
  /** Per draw, payload per loaded container and tare (t), 20 and 40 ft, and loaded share. */
  payload20T: Float64Array;
  payload40T: Float64Array;
  loadedShare: Float64Array;
  totalContainers: Float64Array;
  totalTeu: Float64Array;
  totalMunitionsT: Float64Array;
  totalCargoT: Float64Array;
  /** Per shipment, its first `seriesN` draws. */
  shipmentContainers: Float32Array[];
  shipmentFortyShare: Float64Array;
  /** Per month, the first `seriesN` draws, and the largest monthly total over all `n` (0 for an empty month). */
  monthContainers: Float64Array[];
  monthMunitionsT: Float64Array[];
  monthContainersMax: Float64Array;
  claimContainers: Float64Array[];
  claimMunitionsT: Float64Array[];
  /** Draught-path cargo tonnes per shipment with a draught (NaN-free arrays, empty when none). */
  shipmentDraughtCargoT: (Float32Array | null)[];
  /** Over shipments with both an observed count and a draught: count-path and draught-path cargo t. */
  bothCountCargoT: Float64Array;
  bothDraughtCargoT: Float64Array;
  bothShipments: number;
  /** Per document claim: munitions tonnes. */
  documentMunitionsT: Float64Array[];
}

const get = (p: EstimateParams, name: ScalarParamName): Distribution => p.file.parameters[name].distribution;

/**
 * Per-shipment, monthly and cumulative intervals and the variance shares are read from the first
 * this-many draws: several hundred such summaries over all 100,000 draws would cost more than the
 * run itself, and 10,000 draws pin a 5th percentile to about ±0.2 percentile points.
 */
export const SERIES_DRAWS = 10_000;

export function runMonteCarlo(plan: Plan, params: EstimateParams, seed: number, n: number): Samples {
  const rng = new Stream(seed);
  const drawn = drawParameters(params, rng, n);
  const out = emptySamples(plan, params, drawn, n);
  derivePerDraw(out);
  drawShipments(plan, params, out, rng);
  drawDocuments(plan, out, rng);
  return out;
}

/** The global parameters' draws, one column each (the run is column-wise: tight loops, sequential memory). */
function drawParameters(params: EstimateParams, rng: Stream, n: number) {
  const types = params.types;
  const T = types.length;
  const P = params.file.parameters;
  const paramNames = [
    ...SCALAR_GLOBALS,
    ...types.map((t) => `mixShares.${t}`),
    ...types.map((t) => `packedMassKg.${t}`),
    ...types.map((t) => `priceUsd.${t}`),
  ];
  const mixAt = SCALAR_GLOBALS.length;
  const massAt = mixAt + T;
  const priceAt = massAt + T;
  const cols = paramNames.map(() => new Float64Array(n));
  SCALAR_GLOBALS.forEach((name, k) => {
    fill(get(params, name), cols[k], rng);
  });
  fillShares(P.mixShares.distribution, types, cols.slice(mixAt, massAt), rng);
  types.forEach((t, k) => {
    fill(P.packedMassKg[t].distribution, cols[massAt + k], rng);
    fill(P.priceUsd[t].distribution, cols[priceAt + k], rng);
  });
  return { paramNames, cols, mixAt, massAt, priceAt };
}

/** The result's columns, zeroed: totals over all n draws, series over the first SERIES_DRAWS. */
function emptySamples(
  plan: Plan,
  params: EstimateParams,
  drawn: ReturnType<typeof drawParameters>,
  n: number,
): Samples {
  const sub = Math.min(n, SERIES_DRAWS);
  const M = plan.months;
  const C = plan.claimFirst.length;
  const f64 = () => new Float64Array(n);
  return {
    n,
    seriesN: sub,
    paramNames: drawn.paramNames,
    params: drawn.cols,
    mixAt: drawn.mixAt,
    massAt: drawn.massAt,
    priceAt: drawn.priceAt,
    types: params.types,
    meanMassKg: f64(),
    meanPriceUsd: f64(),
    payload20T: f64(),
    payload40T: f64(),
    loadedShare: f64(),
    totalContainers: f64(),
    totalTeu: f64(),
    totalMunitionsT: f64(),
    totalCargoT: f64(),
    shipmentContainers: plan.counts.map(() => new Float32Array(sub)),
    shipmentFortyShare: Float64Array.from(plan.counts, (m) => m.fortyShare),
    monthContainers: Array.from({ length: M }, () => new Float64Array(sub)),
    monthMunitionsT: Array.from({ length: M }, () => new Float64Array(sub)),
    monthContainersMax: new Float64Array(M),
    claimContainers: Array.from({ length: C }, f64),
    claimMunitionsT: Array.from({ length: C }, f64),
    shipmentDraughtCargoT: plan.counts.map((_, i) =>
      Number.isNaN(plan.draughtDeltaM[i]) && Number.isNaN(plan.impliedMu[i]) ? null : new Float32Array(sub),
    ),
    bothCountCargoT: f64(),
    bothDraughtCargoT: f64(),
    bothShipments: 0,
    documentMunitionsT: plan.documents.map(f64),
  };
}

/** Per draw: payload per loaded box, mean packed mass and price per round, the loaded share. */
function derivePerDraw(out: Samples): void {
  const T = out.types.length;
  const cols = out.params;
  const mix = cols.slice(out.mixAt, out.massAt);
  const mass = cols.slice(out.massAt, out.priceAt);
  const price = cols.slice(out.priceAt, out.priceAt + T);
  const tare20 = cols[PARAM.tare20T];
  const tare40 = cols[PARAM.tare40T];
  for (let s = 0; s < out.n; s++) {
    let mm = 0;
    let mp = 0;
    for (let k = 0; k < T; k++) {
      mm += mix[k][s] * mass[k][s];
      mp += mix[k][s] * price[k][s];
    }
    out.meanMassKg[s] = mm;
    out.meanPriceUsd[s] = mp;
    out.payload20T[s] = Math.max(0, cols[PARAM.maxGross20T][s] - tare20[s]) * cols[PARAM.payloadFill20][s];
    out.payload40T[s] = Math.max(0, cols[PARAM.maxGross40T][s] - tare40[s]) * cols[PARAM.payloadFill40][s];
    out.loadedShare[s] = 1 - cols[PARAM.emptyContainerShare][s];
  }
}

/** One shipment's container count per draw, before its floor and cap. */
function drawCounts(m: Plan['counts'][number], bias: Float64Array, counts: Float64Array, rng: Stream): void {
  const n = counts.length;
  const poolN = m.poolMu.length;
  if (m.source === 'observed') {
    const { mu, sigma } = m;
    for (let s = 0; s < n; s++) counts[s] = Math.exp(mu + sigma * rng.normal()) * bias[s];
  } else if (m.source === 'observed-empty' || poolN === 0) counts.fill(0);
  else {
    const { poolMu, poolSigma } = m;
    for (let s = 0; s < n; s++) {
      const k = Math.floor(rng.next() * poolN);
      counts[s] = Math.exp(poolMu[k] + poolSigma[k] * rng.normal()) * bias[s];
    }
  }
}

/**
 * Shipments, one at a time over all draws, into the totals, months, claims and draught
 * cross-checks. Claim periods are runs of shipments, so a claim's sum is the running total at its
 * end minus the running total at its start. Shipments come in departure order, so a month is one
 * run of them: its sums build in scratch columns over all draws (for the largest monthly total)
 * and are kept for the first `seriesN`.
 */
function drawShipments(plan: Plan, params: EstimateParams, out: Samples, rng: Stream): void {
  const { n, seriesN: sub, params: cols } = out;
  const S = plan.counts.length;
  const C = plan.claimFirst.length;
  const f64 = () => new Float64Array(n);
  const tare20 = cols[PARAM.tare20T];
  const tare40 = cols[PARAM.tare40T];
  const forty = cols[PARAM.fortyFootShare];
  const bias = cols[PARAM.countBias];
  const { payload20T: pay20, payload40T: pay40, loadedShare: loaded } = out;
  const { totalContainers: totC, totalTeu: totTeu, totalMunitionsT: totMun, totalCargoT: totCargo } = out;
  const dErr = params.file.parameters.draughtErrorM.distribution;
  const errCol = f64();
  const tpcPerM2 = f64();
  for (let s = 0; s < n; s++)
    tpcPerM2[s] = (cols[PARAM.waterplaneCoefficient][s] * cols[PARAM.seawaterDensityTM3][s]) / 100;
  const snapshot = (i: number) => {
    for (let k = 0; k < C; k++) {
      const sign = (plan.claimEnd[k] === i ? 1 : 0) - (plan.claimFirst[k] === i ? 1 : 0);
      if (sign === 0) continue;
      const cc = out.claimContainers[k];
      const ct = out.claimMunitionsT[k];
      for (let s = 0; s < n; s++) {
        cc[s] += sign * totC[s];
        ct[s] += sign * totMun[s];
      }
    }
  };
  const monthC = f64();
  const monthT = f64();
  const counts = f64();
  const closeMonth = (k: number) => {
    let max = 0;
    for (let s = 0; s < n; s++) if (monthC[s] > max) max = monthC[s];
    out.monthContainersMax[k] = max;
    out.monthContainers[k].set(monthC.subarray(0, sub));
    out.monthMunitionsT[k].set(monthT.subarray(0, sub));
    monthC.fill(0);
    monthT.fill(0);
  };
  for (let i = 0; i < S; i++) {
    snapshot(i);
    if (i > 0 && plan.monthIndex[i] !== plan.monthIndex[i - 1]) closeMonth(plan.monthIndex[i - 1]);
    const m = plan.counts[i];
    const shipC = out.shipmentContainers[i];
    const floor = m.floor;
    const cap = m.cap;
    const known = m.fortyShare;
    const dArr = out.shipmentDraughtCargoT[i];
    const both = dArr !== null && m.source.startsWith('observed');
    if (both) out.bothShipments++;
    const dd = plan.draughtDeltaM[i];
    const hasDelta = !Number.isNaN(dd);
    const lb = plan.lengthBeamM2[i];
    if (dArr !== null && hasDelta) fill(dErr, errCol, rng);
    // Counts first, one tight loop per kind, then the sums.
    drawCounts(m, bias, counts, rng);
    for (let s = 0; s < n; s++) {
      let c = counts[s];
      if (c < floor) c = floor;
      if (c > cap) c = cap;
      const f40 = known >= 0 ? known : forty[s];
      const mun = c * loaded[s] * ((1 - f40) * pay20[s] + f40 * pay40[s]);
      const cargo = mun + c * ((1 - f40) * tare20[s] + f40 * tare40[s]);
      totC[s] += c;
      totTeu[s] += c * (1 + f40);
      totMun[s] += mun;
      totCargo[s] += cargo;
      monthC[s] += c;
      monthT[s] += mun;
      if (s < sub) shipC[s] = c;
      if (dArr !== null) {
        let dCargo: number;
        if (hasDelta) {
          const delta = dd + errCol[s];
          dCargo = delta > 0 ? delta * 100 * tpcPerM2[s] * lb : 0;
        } else dCargo = Math.exp(plan.impliedMu[i] + plan.impliedSigma[i] * rng.normal());
        if (s < sub) dArr[s] = dCargo;
        if (both) {
          out.bothCountCargoT[s] += cargo;
          out.bothDraughtCargoT[s] += dCargo;
        }
      }
    }
  }
  snapshot(S);
  if (S > 0) closeMonth(plan.monthIndex[S - 1]);
}

/** Munitions tonnes of each document claim per draw: its stated quantity times the munitions share. */
function drawDocuments(plan: Plan, out: Samples, rng: Stream): void {
  const docShare = out.params[PARAM.documentMunitionsShare];
  plan.documents.forEach((d, k) => {
    const o = out.documentMunitionsT[k];
    for (let s = 0; s < out.n; s++)
      o[s] = (d.sigma === 0 ? Math.exp(d.mu) : Math.exp(d.mu + d.sigma * rng.normal())) * docShare[s];
  });
}

/** Lognormal (μ, σ) of a quantity given as a number or a 90% range. */
export function quantityLog(q: number | { low: number; high: number }): { mu: number; sigma: number } {
  if (typeof q === 'number' || q.low === q.high)
    return { mu: Math.log(typeof q === 'number' ? q : q.low), sigma: 0 };
  return lognormalShape(Math.max(q.low, 1e-9), q.high);
}
