/**
 * A beta distribution whose 5th and 95th percentiles are a given "low to high" range, the way a
 * share entered as a range is read. The beta CDF is the regularised incomplete beta function,
 * evaluated by its continued fraction (Abramowitz & Stegun 26.5.8) with the modified Lentz method;
 * ln Γ by the Lanczos approximation (g = 7, nine coefficients, as tabulated by Lanczos' method in
 * Press et al., Numerical Recipes, 3rd ed., §6.1 — the public constants, not its code). The fit is a
 * nested bisection: for a concentration a + b, the mean that puts `low` at the 5th percentile;
 * then the concentration that puts `high` at the 95th (wider → less concentrated, monotone).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** 1 + d1/(1 + d2/(1 + …)) for the incomplete beta's continued fraction, by modified Lentz. */
function continuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let f = 1;
  let c = 1;
  let d = 0;
  for (let j = 1; j < 1000; j++) {
    const m = Math.floor(j / 2);
    const dj =
      j % 2 === 1
        ? (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
        : (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + dj * d;
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    c = 1 + dj / c;
    if (Math.abs(c) < tiny) c = tiny;
    const step = c * d;
    f *= step;
    if (Math.abs(step - 1) < 1e-14) break;
  }
  return f;
}

/** Regularised incomplete beta I_x(a, b): the Beta(a, b) CDF at x. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnPre = a * Math.log(x) + b * Math.log(1 - x) + lnGamma(a + b) - lnGamma(a) - lnGamma(b);
  // The fraction converges fast below the mean-ish point; use the symmetry above it.
  if (x < (a + 1) / (a + b + 2)) return Math.exp(lnPre) / a / continuedFraction(x, a, b);
  return 1 - Math.exp(lnPre) / b / continuedFraction(1 - x, b, a);
}

/**
 * Beta shape with `low` at the 5th and `high` at the 95th percentile, or null when no beta has
 * them (0 < low < high < 1 is needed).
 */
export function betaFromRange(low: number, high: number): { a: number; b: number } | null {
  if (!(low > 0 && high < 1 && low < high)) return null;
  const meanFor = (k: number) => {
    // F(low) falls as the mean rises: find the mean that puts low at the 5th percentile.
    let lo = 1e-9;
    let hi = 1 - 1e-9;
    for (let i = 0; i < 80; i++) {
      const m = (lo + hi) / 2;
      if (betaCdf(low, m * k, (1 - m) * k) > 0.05) lo = m;
      else hi = m;
    }
    return (lo + hi) / 2;
  };
  let kLo = Math.log(1e-2);
  let kHi = Math.log(1e8);
  for (let i = 0; i < 80; i++) {
    const lk = (kLo + kHi) / 2;
    const k = Math.exp(lk);
    const m = meanFor(k);
    if (betaCdf(high, m * k, (1 - m) * k) < 0.95) kLo = lk;
    else kHi = lk;
  }
  const k = Math.exp((kLo + kHi) / 2);
  const m = meanFor(k);
  const a = m * k;
  const b = (1 - m) * k;
  const ok = Math.abs(betaCdf(low, a, b) - 0.05) < 1e-4 && Math.abs(betaCdf(high, a, b) - 0.95) < 1e-4;
  return ok ? { a, b } : null;
}
