/**
 * Rows of many vessels, given as columns, put in (vessel, …) order: what the store's writers need
 * before an insert, because its tables are keyed by vessel first while AIS arrives with every
 * vessel interleaved.
 */

/**
 * Indices 0…n-1 grouped by MMSI (ascending) with a stable counting sort, and within each vessel in
 * `cmp` order; where each vessel's run starts (one more entry: the end). A vessel's rows nearly
 * always arrive already in order (time order), so a run is sorted only when it is not. `cmp` must
 * break ties by index to keep equal rows in arrival order.
 */
export function vesselOrder(
  mmsi: ArrayLike<number>,
  n: number,
  cmp: (a: number, b: number) => number,
): { order: Uint32Array; vesselStarts: number[] } {
  const count = new Map<number, number>();
  for (let i = 0; i < n; i++) count.set(mmsi[i], (count.get(mmsi[i]) ?? 0) + 1);
  const vessels = [...count.keys()].sort((a, b) => a - b);
  const next = new Map<number, number>();
  const vesselStarts: number[] = [];
  let at = 0;
  for (const v of vessels) {
    vesselStarts.push(at);
    next.set(v, at);
    at += count.get(v) ?? 0;
  }
  vesselStarts.push(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = next.get(mmsi[i]) ?? 0;
    order[k] = i;
    next.set(mmsi[i], k + 1);
  }
  for (let v = 0; v + 1 < vesselStarts.length; v++) {
    const from = vesselStarts[v];
    const to = vesselStarts[v + 1];
    for (let k = from + 1; k < to; k++) {
      if (cmp(order[k - 1], order[k]) > 0) {
        order.subarray(from, to).sort(cmp);
        break;
      }
    }
  }
  return { order, vesselStarts };
}
