/** Typed arrays that grow as values are pushed: compact state for streamed detection. */

/** The first index of the ascending `a[0, n)` whose value is ≥ x (n when none). */
export function lowerBound(a: ArrayLike<number>, x: number, n = a.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class GrowableF64 {
  data = new Float64Array(1024);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < this.length + extra) size *= 2;
    const d = new Float64Array(size);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }

  push(x: number): void {
    this.ensure(1);
    this.data[this.length++] = x;
  }

  push6(a: number, b: number, c: number, d: number, e: number, f: number): void {
    this.ensure(6);
    const x = this.data;
    let n = this.length;
    x[n++] = a;
    x[n++] = b;
    x[n++] = c;
    x[n++] = d;
    x[n++] = e;
    x[n++] = f;
    this.length = n;
  }

  /** The values pushed, as a copy of exactly that length. */
  view(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableI32 {
  data = new Int32Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }

  view(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
