/**
 * The reachable area of an AIS gap: every point P a vessel could have visited between leaving A at
 * tA and reappearing at B at tB without exceeding vMax satisfies |AP| + |PB| ≤ vMax·(tB − tA) —
 * an ellipse with foci A and B (on the sphere, the set bounded by that sum of great-circle
 * distances). Containment is tested with that inequality directly, so no projection is needed.
 */
import { haversineM, MPS_PER_KNOT } from './distance.js';

export interface ReachableEllipse {
  /** Focus A (last fix before the gap) and focus B (first fix after), degrees. */
  lonA: number;
  latA: number;
  lonB: number;
  latB: number;
  /** Sum of distances to the foci a point may have: vMax × duration (the major axis). */
  majorAxisM: number;
  /** Half the distance between the foci; semi-minor axis b = sqrt(a² − c²). */
  focalHalfDistanceM: number;
  semiMinorAxisM: number;
  maxSpeedKnots: number;
}

export function reachableEllipse(
  lonA: number,
  latA: number,
  lonB: number,
  latB: number,
  durationMs: number,
  maxSpeedKnots: number,
): ReachableEllipse {
  const majorAxisM = maxSpeedKnots * MPS_PER_KNOT * (durationMs / 1000);
  const c = haversineM(lonA, latA, lonB, latB) / 2;
  const a = majorAxisM / 2;
  return {
    lonA,
    latA,
    lonB,
    latB,
    majorAxisM,
    focalHalfDistanceM: c,
    semiMinorAxisM: a > c ? Math.sqrt(a * a - c * c) : 0,
    maxSpeedKnots,
  };
}
