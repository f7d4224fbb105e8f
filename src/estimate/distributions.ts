/**
 * A parameter's uncertainty as a distribution, and how to draw from it. Ranges written "low to
 * high" are 90% intervals (5th to 95th percentile), as Guesstimate reads them: lognormal for
 * positive quantities, beta for shares (fitted to the range, see beta-fit.ts). Shares per type ("mix") are drawn one beta per type and
 * renormalised to sum to 1 each draw (a Dirichlet-like draw that keeps each type's own range).
 */
import { betaFromRange } from './beta-fit.js';
import type { Stream } from './random.js';

/** z of the 95th percentile of a standard normal: a 90% interval is mean ± Z90·sd. */
export const Z90 = 1.6448536269514722;

export type Distribution =
  | { type: 'fixed'; value: number }
  | { type: 'uniform'; low: number; high: number }
  | { type: 'normal'; mean: number; sd: number }
  | { type: 'triangular'; low: number; mode: number; high: number }
  | { type: 'lognormal'; low: number; high: number }
  | { type: 'beta'; low: number; high: number };

/** One type's share: a point or a 90% range. */
export type ShareSpec = number | { low: number; high: number };
export interface SharesDistribution {
  type: 'shares';
  shares: Record<string, ShareSpec>;
}

export type Draw = (s: Stream) => number;

/**
 * Beta shape from a 90% range: fitted so that low and high are its 5th and 95th percentiles. A
 * range touching 0 or 1 cannot be that (a beta's percentiles lie strictly inside), so it is matched
 * on mean (the midpoint) and sd (half-range / Z90) instead. Null: no beta fits (too wide).
 */
export function betaShape(low: number, high: number): { a: number; b: number } | null {
  if (low > 0 && high < 1) {
    const fitted = betaFromRange(low, high);
    if (fitted !== null) return fitted;
  }
  const m = (low + high) / 2;
  const sd = (high - low) / (2 * Z90);
  const k = (m * (1 - m)) / (sd * sd) - 1;
  if (!(k > 0) || m <= 0 || m >= 1) return null;
  return { a: m * k, b: (1 - m) * k };
}

/** Lognormal μ, σ from a 90% range of positive values. */
export function lognormalShape(low: number, high: number): { mu: number; sigma: number } {
  return { mu: (Math.log(low) + Math.log(high)) / 2, sigma: (Math.log(high) - Math.log(low)) / (2 * Z90) };
}

export function compile(d: Distribution): Draw {
  switch (d.type) {
    case 'fixed': {
      const v = d.value;
      return () => v;
    }
    case 'uniform': {
      const { low, high } = d;
      return (s) => low + (high - low) * s.next();
    }
    case 'normal': {
      const { mean, sd } = d;
      return (s) => mean + sd * s.normal();
    }
    case 'triangular': {
      const { low, mode, high } = d;
      if (high === low) return () => low;
      const f = (mode - low) / (high - low);
      return (s) => {
        const u = s.next();
        return u < f
          ? low + Math.sqrt(u * (high - low) * (mode - low))
          : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
      };
    }
    case 'lognormal': {
      if (d.low === d.high) return () => d.low;
      const { mu, sigma } = lognormalShape(d.low, d.high);
      return (s) => Math.exp(mu + sigma * s.normal());
    }
    case 'beta': {
      if (d.low === d.high) return () => d.low;
      const shape = betaShape(d.low, d.high);
      if (shape === null) throw new Error(`beta range ${d.low}–${d.high} is too wide for a share`);
      const { a, b } = shape;
      return (s) => s.beta(a, b);
    }
  }
}

/** Draws all shares at once into `out` (in `keys` order), renormalised to sum to 1. */
export function compileShares(
  d: SharesDistribution,
  keys: readonly string[],
): (s: Stream, out: Float64Array) => void {
  const draws = keys.map((k) => {
    const spec = d.shares[k];
    return typeof spec === 'number'
      ? compile({ type: 'fixed', value: spec })
      : compile({ type: 'beta', ...spec });
  });
  return (s, out) => {
    let sum = 0;
    for (let i = 0; i < draws.length; i++) {
      out[i] = draws[i](s);
      sum += out[i];
    }
    for (let i = 0; i < draws.length; i++) out[i] /= sum;
  };
}

/** The value at the centre of a distribution (median, or the mode for a triangle), for tables. */
export function centre(d: Distribution): number {
  switch (d.type) {
    case 'fixed':
      return d.value;
    case 'normal':
      return d.mean;
    case 'triangular':
      return d.mode;
    case 'lognormal':
      return Math.sqrt(d.low * d.high);
    default:
      return (d.low + d.high) / 2;
  }
}

const num = (x: number) => (Math.abs(x) >= 1000 ? x.toLocaleString('en-US') : String(x));

/** A short human description: "lognormal 55–65 (90%)". */
export function describe(d: Distribution | SharesDistribution): string {
  switch (d.type) {
    case 'fixed':
      return `fixed ${num(d.value)}`;
    case 'normal':
      return `normal mean ${num(d.mean)} sd ${num(d.sd)}`;
    case 'triangular':
      return `triangular ${num(d.low)}–${num(d.mode)}–${num(d.high)}`;
    case 'uniform':
      return `uniform ${num(d.low)}–${num(d.high)}`;
    case 'lognormal':
    case 'beta':
      return `${d.type} ${num(d.low)}–${num(d.high)} (90%)`;
    case 'shares':
      return `shares ${Object.entries(d.shares)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? v : `${v.low}–${v.high}`}`)
        .join(', ')}`;
  }
}

/** Fills `out` with draws of `d`, one per slot (column-wise: one tight loop per distribution). */
export function fill(d: Distribution, out: Float64Array, s: Stream): void {
  const n = out.length;
  switch (d.type) {
    case 'fixed':
      out.fill(d.value);
      return;
    case 'uniform':
      for (let i = 0; i < n; i++) out[i] = d.low + (d.high - d.low) * s.next();
      return;
    case 'normal':
      for (let i = 0; i < n; i++) out[i] = d.mean + d.sd * s.normal();
      return;
    case 'lognormal': {
      if (d.low === d.high) {
        out.fill(d.low);
        return;
      }
      const { mu, sigma } = lognormalShape(d.low, d.high);
      for (let i = 0; i < n; i++) out[i] = Math.exp(mu + sigma * s.normal());
      return;
    }
    default: {
      const draw = compile(d);
      for (let i = 0; i < n; i++) out[i] = draw(s);
    }
  }
}

/** Fills one array per type with share draws that sum to 1 in every slot. */
export function fillShares(
  d: SharesDistribution,
  keys: readonly string[],
  outs: Float64Array[],
  s: Stream,
): void {
  keys.forEach((k, j) => {
    const spec = d.shares[k];
    fill(typeof spec === 'number' ? { type: 'fixed', value: spec } : { type: 'beta', ...spec }, outs[j], s);
  });
  const n = outs[0]?.length ?? 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const o of outs) sum += o[i];
    for (const o of outs) o[i] /= sum;
  }
}
