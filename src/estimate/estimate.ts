/**
 * The estimate: EstimateInput + parameters + seed → totals, monthly and cumulative series,
 * per-shipment figures, variance shares, triangulation and claims, each with its 90% interval.
 * Pure: no clock, no I/O; the same input, parameters, seed and sample count give the same result.
 * This is the one entry point the CLI, the server and the ledger wiring call.
 */
import { describe } from './distributions.js';
import type { EstimateInput } from './input.js';
import { PARAM, runMonteCarlo, type Samples } from './monte-carlo.js';
import type { EstimateParams } from './params.js';
import { type PreparedPlan, preparePlan } from './plan.js';
import { overlaps, type Quantiles, Summariser } from './quantiles.js';
import type {
  ClaimFigure,
  Comparison,
  CumulativeFigure,
  EstimateOk,
  EstimateResult,
  EstimateRun,
  MonthFigure,
  ParameterSummary,
  PathFigure,
  ShipmentFigure,
  Totals,
} from './result.js';
import { tornado } from './sensitivity.js';

export interface EstimateOptions {
  seed: number;
  samples: number;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_SAMPLES = 100_000;

export function parameterSummaries(params: EstimateParams): ParameterSummary[] {
  const P = params.file.parameters;
  const out: ParameterSummary[] = [];
  for (const [name, e] of Object.entries(P)) {
    if (name === 'packedMassKg' || name === 'priceUsd') {
      for (const [t, pe] of Object.entries(e as Record<string, (typeof P.priceUsd)[string]>))
        out.push({
          name: `${name}.${t}`,
          unit: pe.unit,
          distribution: describe(pe.distribution),
          source: pe.source,
          note: pe.note,
        });
    } else {
      const pe = e as typeof P.countBias | typeof P.mixShares;
      out.push({
        name,
        unit: pe.unit,
        distribution: describe(pe.distribution),
        source: pe.source,
        note: pe.note,
      });
    }
  }
  return out;
}

/** Rounds in draw s from munitions tonnes. */
const roundsOf = (x: Samples, s: number, munT: number) => (munT * 1000) / x.meanMassKg[s];

/** Rounds and value per draw, over all draws. */
function roundsAndValue(x: Samples): { rounds: Float64Array; value: Float64Array } {
  const rounds = new Float64Array(x.n);
  const value = new Float64Array(x.n);
  for (let s = 0; s < x.n; s++) {
    rounds[s] = roundsOf(x, s, x.totalMunitionsT[s]);
    value[s] = rounds[s] * x.meanPriceUsd[s];
  }
  return { rounds, value };
}

function totals(x: Samples, rounds: Float64Array, value: Float64Array, q: Summariser): Totals {
  const n = x.n;
  const roundsByType: Record<string, Quantiles> = {};
  const valueUsdByType: Record<string, Quantiles> = {};
  x.types.forEach((t, k) => {
    const mix = x.params[x.mixAt + k];
    const price = x.params[x.priceAt + k];
    roundsByType[t] = q.map(n, (s) => rounds[s] * mix[s]);
    valueUsdByType[t] = q.map(n, (s) => rounds[s] * mix[s] * price[s]);
  });
  return {
    containers: q.of(x.totalContainers),
    teu: q.of(x.totalTeu),
    munitionsTonnes: q.of(x.totalMunitionsT),
    cargoTonnes: q.of(x.totalCargoT),
    rounds: q.of(rounds),
    valueUsd: q.of(value),
    roundsByType,
    valueUsdByType,
  };
}

function series(
  x: Samples,
  prep: PreparedPlan,
  capacity: Map<string, number>,
  q: Summariser,
): { monthly: MonthFigure[]; cumulative: CumulativeFigure[] } {
  const n = x.seriesN;
  const cumC = new Float64Array(n);
  const cumT = new Float64Array(n);
  const monthly: MonthFigure[] = [];
  const cumulative: CumulativeFigure[] = [];
  prep.months.forEach((month, k) => {
    const c = x.monthContainers[k];
    const t = x.monthMunitionsT[k];
    for (let s = 0; s < n; s++) {
      cumC[s] += c[s];
      cumT[s] += t[s];
    }
    monthly.push({
      month,
      shipments: prep.plan.monthIndex.filter((m) => m === k).length,
      containers: q.of(c),
      containersMax: x.monthContainersMax[k],
      munitionsTonnes: q.of(t),
      rounds: q.map(n, (s) => roundsOf(x, s, t[s])),
      valueUsd: q.map(n, (s) => roundsOf(x, s, t[s]) * x.meanPriceUsd[s]),
      capacityContainers: capacity.get(month) ?? null,
    });
    cumulative.push({
      month,
      containers: q.of(cumC),
      rounds: q.map(n, (s) => roundsOf(x, s, cumT[s])),
      valueUsd: q.map(n, (s) => roundsOf(x, s, cumT[s]) * x.meanPriceUsd[s]),
    });
  });
  return { monthly, cumulative };
}

/** Per-draw munitions tonnes of shipment i's draw s. */
function shipmentMunitionsT(x: Samples, i: number, s: number): number {
  const f = x.shipmentFortyShare[i] >= 0 ? x.shipmentFortyShare[i] : x.params[PARAM.fortyFootShare][s];
  return x.shipmentContainers[i][s] * x.loadedShare[s] * ((1 - f) * x.payload20T[s] + f * x.payload40T[s]);
}

function perShipment(x: Samples, prep: PreparedPlan, q: Summariser): ShipmentFigure[] {
  const n = x.seriesN;
  const mun = new Float64Array(n);
  return prep.shipments.map((sh, i) => {
    for (let s = 0; s < n; s++) mun[s] = shipmentMunitionsT(x, i, s);
    const m = prep.plan.counts[i];
    const d = x.shipmentDraughtCargoT[i];
    return {
      id: sh.id,
      number: sh.number ?? null,
      vessel: sh.vessel.name,
      status: sh.status,
      departedMs: sh.departedMs,
      month: prep.months[prep.plan.monthIndex[i]],
      countSource: m.source,
      observations: m.wholeObservations + m.railObservations,
      containers: q.of(x.shipmentContainers[i]),
      munitionsTonnes: q.of(mun),
      rounds: q.map(n, (s) => roundsOf(x, s, mun[s])),
      valueUsd: q.map(n, (s) => roundsOf(x, s, mun[s]) * x.meanPriceUsd[s]),
      draughtCargoTonnes: d === null ? null : q.of(d),
    };
  });
}

/** Share of a loaded box's cargo mass that is munitions, per draw (to read a draught as munitions). */
function munitionsShareOfCargo(x: Samples, s: number): number {
  const f = x.params[PARAM.fortyFootShare][s];
  const pay = x.loadedShare[s] * ((1 - f) * x.payload20T[s] + f * x.payload40T[s]);
  const tare = (1 - f) * x.params[PARAM.tare20T][s] + f * x.params[PARAM.tare40T][s];
  return pay / (pay + tare);
}

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');

function triangulation(
  x: Samples,
  prep: PreparedPlan,
  input: EstimateInput,
  q: Summariser,
): { comparisons: Comparison[]; paths: PathFigure[] } {
  const n = x.n;
  const paths: PathFigure[] = [
    {
      path: 'count',
      scope: `all ${prep.shipments.length} shipments`,
      quantity: 'munitions tonnes',
      figure: q.of(x.totalMunitionsT),
      rounds: q.map(n, (s) => roundsOf(x, s, x.totalMunitionsT[s])),
    },
  ];
  const comparisons: Comparison[] = [];
  const withDraught = x.shipmentDraughtCargoT.flatMap((d) => (d === null ? [] : [d]));
  if (withDraught.length > 0) {
    const sub = x.seriesN;
    const cargo = new Float64Array(sub);
    for (const d of withDraught) for (let s = 0; s < sub; s++) cargo[s] += d[s];
    paths.push({
      path: 'draught',
      scope: `${withDraught.length} shipments with a draught change`,
      quantity: 'cargo tonnes',
      figure: q.of(cargo),
      rounds: q.map(sub, (s) => roundsOf(x, s, cargo[s] * munitionsShareOfCargo(x, s))),
    });
  }
  if (x.bothShipments > 0) {
    const scope = `${x.bothShipments} shipments with both a container count and a draught change`;
    const a: PathFigure = {
      path: 'count',
      scope,
      quantity: 'cargo tonnes',
      figure: q.of(x.bothCountCargoT),
      rounds: null,
    };
    const b: PathFigure = {
      path: 'draught',
      scope,
      quantity: 'cargo tonnes',
      figure: q.of(x.bothDraughtCargoT),
      rounds: null,
    };
    const ok = overlaps(a.figure, b.figure);
    comparisons.push({
      scope,
      quantity: 'cargo tonnes',
      a,
      b,
      overlap: ok,
      warning: ok
        ? null
        : `count and draught paths disagree over ${scope}: cargo ${fmt(a.figure.p5)}–${fmt(a.figure.p95)} t vs ${fmt(b.figure.p5)}–${fmt(b.figure.p95)} t (90% intervals do not overlap)`,
    });
  }
  prep.documentClaims.forEach((j, k) => {
    const c = input.claims[j];
    const doc = x.documentMunitionsT[k];
    const shipments = prep.plan.claimEnd[j] - prep.plan.claimFirst[j];
    const scope = `claim ${c.id} (${new Date(c.periodFromMs).toISOString().slice(0, 10)} – ${new Date(c.periodToMs).toISOString().slice(0, 10)}, ${shipments} shipments)`;
    const b: PathFigure = {
      path: 'document',
      scope: `claim ${c.id}: ${c.statement}`,
      quantity: 'munitions tonnes',
      figure: q.of(doc),
      rounds: q.map(n, (s) => roundsOf(x, s, doc[s])),
    };
    paths.push(b);
    const inPeriod = x.claimMunitionsT[j];
    const a: PathFigure = {
      path: 'count',
      scope,
      quantity: 'munitions tonnes',
      figure: q.of(inPeriod),
      rounds: q.map(n, (s) => roundsOf(x, s, inPeriod[s])),
    };
    const ok = shipments > 0 && overlaps(a.figure, b.figure);
    comparisons.push({
      scope,
      quantity: 'munitions tonnes',
      a,
      b,
      overlap: ok,
      warning: ok
        ? null
        : `count and document paths disagree for ${scope}: munitions ${fmt(a.figure.p5)}–${fmt(a.figure.p95)} t vs ${fmt(b.figure.p5)}–${fmt(b.figure.p95)} t (90% intervals do not overlap)`,
    });
  });
  return { comparisons, paths };
}

function claims(x: Samples, prep: PreparedPlan, input: EstimateInput, q: Summariser): ClaimFigure[] {
  const n = x.n;
  return input.claims.map((c, j) => {
    const cont = x.claimContainers[j];
    const mun = x.claimMunitionsT[j];
    const model =
      c.unit === 'containers'
        ? q.of(cont)
        : c.unit === 't'
          ? q.of(mun)
          : c.unit === 'rounds'
            ? q.map(n, (s) => roundsOf(x, s, mun[s]))
            : q.map(n, (s) => roundsOf(x, s, mun[s]) * x.meanPriceUsd[s]);
    const [lo, hi] =
      typeof c.quantity === 'number' ? [c.quantity, c.quantity] : [c.quantity.low, c.quantity.high];
    return {
      id: c.id,
      statement: c.statement,
      unit: c.unit,
      quantity: c.quantity,
      periodFromMs: c.periodFromMs,
      periodToMs: c.periodToMs,
      grade: c.grade,
      source: c.source ?? null,
      shipments: prep.plan.claimEnd[j] - prep.plan.claimFirst[j],
      model,
      withinModelInterval: lo <= model.p95 && model.p5 <= hi,
    };
  });
}

export function estimate(
  input: EstimateInput,
  params: EstimateParams,
  options: EstimateOptions,
): EstimateResult {
  const samples = Math.max(1, Math.floor(options.samples));
  const run: EstimateRun = {
    samples,
    seed: options.seed,
    simulated: input.simulated,
    label: input.label ?? null,
    parameters: parameterSummaries(params),
  };
  const prep = preparePlan(input, params);
  const observed = prep.plan.counts.filter((m) => m.source.startsWith('observed')).length;
  if (prep.shipments.length === 0 || observed === 0) {
    return {
      ...run,
      kind: 'no-observations',
      reason:
        prep.shipments.length === 0
          ? `no shipments to estimate (${prep.rejected} rejected)`
          : `no container observations in ${prep.shipments.length} shipments: nothing to count from or impute with`,
      shipments: prep.shipments.length,
      claims: input.claims.length,
    };
  }
  const x = runMonteCarlo(prep.plan, params, options.seed, samples);
  const q = new Summariser(samples);
  const capacity = new Map(input.fleetCapacity.map((c) => [c.month, c.containers]));
  const { monthly, cumulative } = series(x, prep, capacity, q);
  const { rounds, value } = roundsAndValue(x);
  const inputs = [
    { name: 'container counts (observations and imputation)', x: x.totalContainers },
    ...x.paramNames.map((name, k) => ({ name, x: x.params[k] })),
  ];
  const tri = triangulation(x, prep, input, q);
  const warnings = [...prep.warnings];
  for (const m of monthly) {
    if (m.capacityContainers !== null && m.containers.p95 > m.capacityContainers)
      warnings.push(
        `${m.month}: ${fmt(m.containers.p95)} containers (95th percentile) exceed the fleet's capacity of ${fmt(m.capacityContainers)}`,
      );
  }
  for (const c of tri.comparisons) if (c.warning !== null) warnings.push(c.warning);
  const imputed = prep.plan.counts.length - observed;
  if (imputed > observed)
    warnings.push(`${imputed} of ${prep.shipments.length} shipments have no count and are imputed`);
  const result: EstimateOk = {
    ...run,
    kind: 'estimate',
    shipments: {
      used: prep.shipments.length,
      observed,
      imputed,
      rejected: prep.rejected,
      draughtObserved: x.shipmentDraughtCargoT.filter((d) => d !== null).length,
    },
    totals: totals(x, rounds, value, q),
    monthly,
    cumulative,
    perShipment: perShipment(x, prep, q),
    sensitivity: {
      rounds: tornado('rounds', rounds, inputs, x.seriesN),
      valueUsd: tornado('valueUsd', value, inputs, x.seriesN),
    },
    triangulation: tri,
    claims: claims(x, prep, input, q),
    warnings,
  };
  return result;
}
