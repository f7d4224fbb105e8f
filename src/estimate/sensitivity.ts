/**
 * Which parameters drive the uncertainty of an output: for each input X drawn per sample, the
 * first-order variance share S = Var(E[Y | X]) / Var(Y), estimated by cutting X into 20 bins of
 * equal probability and taking the variance of the bin means of Y (the "correlation ratio"; Saltelli
 * et al., *Global Sensitivity Analysis: The Primer*, 2008, ch. 1). The bottom and top bins give the
 * tornado's ends: the mean output when X sits in its lowest and highest 5%. Shares of a product of
 * uncertain factors do not add up to 1; the rest is interaction, reported as such.
 */

export interface VarianceShare {
  parameter: string;
  /** First-order variance share, 0–1. */
  share: number;
  /** Mean output when the parameter is in its lowest / highest 5% of draws. */
  lowMean: number;
  highMean: number;
}

export interface Tornado {
  output: string;
  /** Sorted by share, largest first; constant parameters left out. */
  shares: VarianceShare[];
  /** Sum of the first-order shares; 1 − this is interaction (and the draws' own noise). */
  firstOrderSum: number;
}

const BINS = 20;
/** Bin edges come from this many evenly spaced draws, sorted (cheaper than sorting all of them). */
const EDGE_SAMPLE = 4096;

function edges(x: ArrayLike<number>, n: number): Float64Array | null {
  const m = Math.min(n, EDGE_SAMPLE);
  const sub = new Float64Array(m);
  for (let i = 0; i < m; i++) sub[i] = x[Math.floor((i * n) / m)];
  sub.sort();
  if (sub[0] === sub[m - 1]) return null;
  const e = new Float64Array(BINS - 1);
  for (let b = 1; b < BINS; b++) e[b - 1] = sub[Math.floor((b * m) / BINS)];
  return e;
}

function binOf(e: Float64Array, v: number): number {
  let lo = 0;
  let hi = e.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v < e[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Variance shares of `y` over its first `n` draws (default all): 20 bins of 500 draws each
 * already give shares to about ±0.01.
 */
export function tornado(
  output: string,
  y: ArrayLike<number>,
  inputs: { name: string; x: ArrayLike<number> }[],
  n = y.length,
): Tornado {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let varY = 0;
  for (let i = 0; i < n; i++) varY += (y[i] - mean) ** 2;
  varY /= n;
  const shares: VarianceShare[] = [];
  const sum = new Float64Array(BINS);
  const count = new Float64Array(BINS);
  for (const { name, x } of inputs) {
    const e = edges(x, n);
    if (e === null || varY === 0) continue;
    sum.fill(0);
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const b = binOf(e, x[i]);
      sum[b] += y[i];
      count[b]++;
    }
    let between = 0;
    for (let b = 0; b < BINS; b++) if (count[b] > 0) between += count[b] * (sum[b] / count[b] - mean) ** 2;
    const share = between / n / varY;
    const lo = count[0] > 0 ? sum[0] / count[0] : Number.NaN;
    const hi = count[BINS - 1] > 0 ? sum[BINS - 1] / count[BINS - 1] : Number.NaN;
    shares.push({ parameter: name, share, lowMean: lo, highMean: hi });
  }
  shares.sort((a, b) => b.share - a.share || a.parameter.localeCompare(b.parameter));
  return { output, shares, firstOrderSum: shares.reduce((s, v) => s + v.share, 0) };
}
