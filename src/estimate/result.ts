/**
 * What an estimate returns. Every figure is a distribution summary (median, 5–95% interval, mean)
 * over the Monte Carlo draws; `simulated` is carried from the input so no consumer can show a
 * simulated figure as real. An input with nothing to count from gives `kind: 'no-observations'`,
 * never a table of zeros.
 */
import type { CountSource } from './counts.js';
import type { Quantiles } from './quantiles.js';
import type { Tornado } from './sensitivity.js';

export interface Totals {
  containers: Quantiles;
  teu: Quantiles;
  /** Packed munitions (rounds with charges, cases and crates). */
  munitionsTonnes: Quantiles;
  /** Munitions plus container tare: what a ship's draught sees. */
  cargoTonnes: Quantiles;
  rounds: Quantiles;
  valueUsd: Quantiles;
  roundsByType: Record<string, Quantiles>;
  valueUsdByType: Record<string, Quantiles>;
}

export interface MonthFigure {
  month: string;
  shipments: number;
  containers: Quantiles;
  /** The largest monthly total among all draws. */
  containersMax: number;
  munitionsTonnes: Quantiles;
  rounds: Quantiles;
  valueUsd: Quantiles;
  capacityContainers: number | null;
}

export interface CumulativeFigure {
  month: string;
  containers: Quantiles;
  rounds: Quantiles;
  valueUsd: Quantiles;
}

export interface ShipmentFigure {
  id: string;
  number: number | null;
  vessel: string;
  status: string;
  departedMs: number;
  month: string;
  countSource: CountSource;
  observations: number;
  containers: Quantiles;
  munitionsTonnes: Quantiles;
  rounds: Quantiles;
  valueUsd: Quantiles;
  /** Cargo tonnes from the draught change (the draught path), when a draught was observed. */
  draughtCargoTonnes: Quantiles | null;
}

export interface PathFigure {
  path: 'count' | 'draught' | 'document';
  /** Which shipments or document the figure covers. */
  scope: string;
  quantity: 'cargo tonnes' | 'munitions tonnes';
  figure: Quantiles;
  rounds: Quantiles | null;
}

export interface Comparison {
  /** What is compared and over which shipments. */
  scope: string;
  quantity: 'cargo tonnes' | 'munitions tonnes';
  a: PathFigure;
  b: PathFigure;
  overlap: boolean;
  /** Set when the 90% intervals do not overlap. */
  warning: string | null;
}

export interface ClaimFigure {
  id: string;
  statement: string;
  unit: 'containers' | 't' | 'rounds' | 'USD';
  quantity: number | { low: number; high: number };
  periodFromMs: number;
  periodToMs: number;
  grade: string | null;
  source: string | null;
  /** Shipments the model counts in the claim's period. */
  shipments: number;
  model: Quantiles;
  /** The claim (or its range) meets the model's 90% interval. */
  withinModelInterval: boolean;
}

export interface ParameterSummary {
  name: string;
  unit: string;
  distribution: string;
  source: string;
  note: string;
}

export interface EstimateRun {
  samples: number;
  seed: number;
  simulated: boolean;
  label: string | null;
  parameters: ParameterSummary[];
}

export interface EstimateOk extends EstimateRun {
  kind: 'estimate';
  shipments: {
    used: number;
    observed: number;
    imputed: number;
    rejected: number;
    draughtObserved: number;
  };
  totals: Totals;
  monthly: MonthFigure[];
  cumulative: CumulativeFigure[];
  perShipment: ShipmentFigure[];
  sensitivity: { rounds: Tornado; valueUsd: Tornado };
  triangulation: { comparisons: Comparison[]; paths: PathFigure[] };
  claims: ClaimFigure[];
  warnings: string[];
}

export interface EstimateNone extends EstimateRun {
  kind: 'no-observations';
  reason: string;
  shipments: number;
  claims: number;
}

export type EstimateResult = EstimateOk | EstimateNone;
