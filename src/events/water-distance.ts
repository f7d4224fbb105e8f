/**
 * Distance from a point on land to the nearest water, from the polygons themselves: for fixes
 * farther inland than the raster of land.ts can see. Every edge of a surface source borders water
 * (a land ring the sea, a lake or river ring its water), so the nearest edge is the nearest water.
 * Measured in a plane tangent at the point (equirectangular): within ~1 % up to a few hundred
 * kilometres, which is all an `on-land` event needs to say ("GPS fault 300 km inland").
 */
import { EARTH_RADIUS_M } from '../geo/distance.js';
import type { LandRings, SurfaceSource } from './land.js';

const RAD = Math.PI / 180;
const M_PER_DEG = EARTH_RADIUS_M * RAD;

/**
 * Per layer, each ring's [minLon, minLat, maxLon, maxLat]: filled on first use and kept by the
 * caller (one per detection), not here, so this module holds no state between runs.
 */
export type RingBoundsMemo = Map<LandRings, Float64Array>;

function ringBounds(rings: LandRings, memo: RingBoundsMemo): Float64Array {
  const known = memo.get(rings);
  if (known) return known;
  const b = new Float64Array(rings.length * 4);
  rings.forEach((r, k) => {
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < r.length; i += 2) {
      if (r[i] < x0) x0 = r[i];
      if (r[i] > x1) x1 = r[i];
      if (r[i + 1] < y0) y0 = r[i + 1];
      if (r[i + 1] > y1) y1 = r[i + 1];
    }
    b.set([x0, y0, x1, y1], 4 * k);
  });
  memo.set(rings, b);
  return b;
}

function wrapLon(d: number): number {
  return d > 180 ? d - 360 : d < -180 ? d + 360 : d;
}

/** Metres from (lon, lat) to the nearest edge of `rings`, or `best` if none is nearer. */
function nearestEdgeM(
  rings: LandRings,
  memo: RingBoundsMemo,
  lon: number,
  lat: number,
  best: number,
): number {
  const bounds = ringBounds(rings, memo);
  const kx = Math.cos(lat * RAD) * M_PER_DEG;
  let b = best;
  for (let k = 0; k < rings.length; k++) {
    // lower bound from the ring's box (no box test across the antimeridian: measured directly)
    const x0 = bounds[4 * k];
    const x1 = bounds[4 * k + 2];
    const y0 = bounds[4 * k + 1];
    const y1 = bounds[4 * k + 3];
    const dyBox = lat < y0 ? y0 - lat : lat > y1 ? lat - y1 : 0;
    if (dyBox * M_PER_DEG >= b) continue;
    if (x1 - x0 < 180) {
      const dxBox = lon < x0 ? x0 - lon : lon > x1 ? lon - x1 : 0;
      if (dxBox < 180 && Math.hypot(dxBox * kx, dyBox * M_PER_DEG) >= b) continue;
    }
    const r = rings[k];
    const n = r.length >> 1;
    let ax = wrapLon(r[2 * n - 2] - lon) * kx;
    let ay = (r[2 * n - 1] - lat) * M_PER_DEG;
    for (let i = 0; i < n; i++) {
      const bx = wrapLon(r[2 * i] - lon) * kx;
      const by = (r[2 * i + 1] - lat) * M_PER_DEG;
      // distance from the origin to segment a–b
      const ex = bx - ax;
      const ey = by - ay;
      const len2 = ex * ex + ey * ey;
      const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * ex + ay * ey) / len2)) : 0;
      const d = Math.hypot(ax + t * ex, ay + t * ey);
      if (d < b) b = d;
      ax = bx;
      ay = by;
    }
  }
  return b;
}

/**
 * Metres from a point on land to the nearest water of `source` (its nearest edge; for a point
 * already on water this is the distance to the shore, not 0). Infinity when the source has no edge.
 */
export function polygonDistanceToWaterM(
  source: SurfaceSource,
  memo: RingBoundsMemo,
  lon: number,
  lat: number,
): number {
  let best = Number.POSITIVE_INFINITY;
  if (source.land) best = nearestEdgeM(source.land, memo, lon, lat, best);
  for (const layer of source.water) best = nearestEdgeM(layer, memo, lon, lat, best);
  return best;
}
