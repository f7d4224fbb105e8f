/**
 * Summaries of a sample: median, 5th and 95th percentiles (the 90% interval) and mean, found by
 * selection (Hoare's quickselect, O(n)) in a scratch copy rather than a full sort, because an
 * estimate summarises a few hundred arrays of 100,000 draws. Percentiles use the nearest-rank
 * definition on the sorted draws: index floor(p·(n−1)).
 */

export interface Quantiles {
  median: number;
  p5: number;
  p95: number;
  mean: number;
}

/** Rearranges a[lo..hi] so that a[k] holds the k-th smallest (a[<k] ≤ a[k] ≤ a[>k]). */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    // Median of three as the pivot: sorted or constant inputs stay linear.
    const mid = (lo + hi) >>> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** A reusable scratch buffer, so summaries do not allocate per array. */
export class Summariser {
  private scratch: Float64Array;

  constructor(n: number) {
    this.scratch = new Float64Array(n);
  }

  /** Quantiles of `values` (left untouched). */
  of(values: ArrayLike<number>): Quantiles {
    const n = values.length;
    if (this.scratch.length < n) this.scratch = new Float64Array(n);
    const a = this.scratch;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      a[i] = values[i];
      sum += values[i];
    }
    return this.fromScratch(n, sum);
  }

  /** Quantiles of f(i) for i < n, computed into the scratch buffer. */
  map(n: number, f: (i: number) => number): Quantiles {
    if (this.scratch.length < n) this.scratch = new Float64Array(n);
    const a = this.scratch;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = f(i);
      a[i] = v;
      sum += v;
    }
    return this.fromScratch(n, sum);
  }

  private fromScratch(n: number, sum: number): Quantiles {
    const a = this.scratch;
    if (n === 0) return { median: Number.NaN, p5: Number.NaN, p95: Number.NaN, mean: Number.NaN };
    const k50 = Math.floor(0.5 * (n - 1));
    const k5 = Math.floor(0.05 * (n - 1));
    const k95 = Math.floor(0.95 * (n - 1));
    const median = select(a, k50, 0, n - 1);
    // After selecting the median, the lower and upper percentiles lie on their own sides.
    const p5 = select(a, k5, 0, k50);
    const p95 = select(a, k95, k50, n - 1);
    return { median, p5, p95, mean: sum / n };
  }
}

/** Quantiles of one array (allocates a scratch buffer). */
export function quantiles(values: ArrayLike<number>): Quantiles {
  return new Summariser(values.length).of(values);
}

/** Whether two 90% intervals share any value. */
export function overlaps(a: Quantiles, b: Quantiles): boolean {
  return a.p5 <= b.p95 && b.p5 <= a.p95;
}
