/**
 * Anchorages inferred from the data: places where at least `anchorageMinVessels` distinct vessels
 * made a stop (see stops.ts), found on a grid of `anchorageCellM` cells. The bundled and user areas
 * never list every port a background ship calls at; two ships moored side by side in such a port
 * look exactly like a ship-to-ship meeting. GFW avoids that by measuring encounters away from
 * anchorages it derives from where many vessels stopped; this does the same from the tracks in
 * hand. Two vessels that stop together once make one place with two vessels: a meeting at sea
 * stays a meeting.
 */
import type { Area } from '../areas/types.js';
import { metresToLatDeg, metresToLonDeg } from '../geo/distance.js';
import type { EventParams } from './params.js';
import type { EventOf } from './types.js';

interface Cell {
  row: number;
  col: number;
  vessels: Set<number>;
  sumLon: number;
  sumLat: number;
  n: number;
}

/**
 * Inferred anchorages as areas (kind `anchorage`, a circle of half a cell around the mean of its
 * stops), ids `inferred-anchorage-<row>-<col>`. A cell counts the distinct vessels of its own
 * stops and of its eight neighbours, so a berth split by a cell edge is not lost.
 */
export function inferAnchorages(
  stops: readonly EventOf<'stop'>[],
  p: Readonly<Pick<EventParams, 'anchorageMinVessels' | 'anchorageCellM'>>,
): Area[] {
  if (stops.length === 0 || p.anchorageMinVessels <= 0) return [];
  const dLat = metresToLatDeg(p.anchorageCellM);
  let maxAbsLat = 0;
  for (const s of stops) maxAbsLat = Math.max(maxAbsLat, Math.abs(s.lat));
  // one column width for all: the widest a cell gets (at the highest latitude) keeps cells ≥ the size
  const dLon = metresToLonDeg(p.anchorageCellM, Math.min(maxAbsLat + dLat, 89));
  const cells = new Map<string, Cell>();
  for (const s of stops) {
    const row = Math.floor(s.lat / dLat);
    const col = Math.floor((s.lon + 180) / dLon);
    const key = `${row},${col}`;
    let c = cells.get(key);
    if (!c) {
      c = { row, col, vessels: new Set(), sumLon: 0, sumLat: 0, n: 0 };
      cells.set(key, c);
    }
    c.vessels.add(s.mmsi);
    c.sumLon += s.lon;
    c.sumLat += s.lat;
    c.n++;
  }
  const out: Area[] = [];
  for (const c of [...cells.values()].sort((a, b) => a.row - b.row || a.col - b.col)) {
    const vessels = new Set<number>();
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++)
        for (const m of cells.get(`${c.row + dr},${c.col + dc}`)?.vessels ?? []) vessels.add(m);
    if (vessels.size < p.anchorageMinVessels) continue;
    out.push({
      id: `inferred-anchorage-${c.row}-${c.col}`,
      name: `inferred anchorage (${vessels.size} vessels stopped)`,
      kind: 'anchorage',
      geometry: { type: 'circle', lon: c.sumLon / c.n, lat: c.sumLat / c.n, radiusM: p.anchorageCellM / 2 },
      source: 'inferred from stops in the data',
    });
  }
  return out;
}
