/**
 * Rotated rectangles and polygons in pixel coordinates (x right, y down). A rectangle's angle is
 * that of its length axis, degrees clockwise from the +x axis as seen on screen (y down).
 */

export interface RotatedRect {
  cx: number;
  cy: number;
  lengthPx: number;
  widthPx: number;
  angleDeg: number;
}

export type Point = [number, number];

export function rectAxes(r: RotatedRect): { u: Point; v: Point } {
  const a = (r.angleDeg * Math.PI) / 180;
  return { u: [Math.cos(a), Math.sin(a)], v: [-Math.sin(a), Math.cos(a)] };
}

export function rectCorners(r: RotatedRect): Point[] {
  const { u, v } = rectAxes(r);
  const hl = r.lengthPx / 2;
  const hw = r.widthPx / 2;
  return [
    [r.cx - u[0] * hl - v[0] * hw, r.cy - u[1] * hl - v[1] * hw],
    [r.cx + u[0] * hl - v[0] * hw, r.cy + u[1] * hl - v[1] * hw],
    [r.cx + u[0] * hl + v[0] * hw, r.cy + u[1] * hl + v[1] * hw],
    [r.cx - u[0] * hl + v[0] * hw, r.cy - u[1] * hl + v[1] * hw],
  ];
}

/** The first corner outside [0, w] × [0, h], or null when the rectangle lies within the image. */
export function cornerOutside(r: RotatedRect, widthPx: number, heightPx: number): Point | null {
  for (const c of rectCorners(r)) if (c[0] < 0 || c[1] < 0 || c[0] > widthPx || c[1] > heightPx) return c;
  return null;
}

function convexHull(points: readonly Point[]): Point[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const q of p) {
    while (
      lower.length >= 2 &&
      cross(lower[lower.length - 2] as Point, lower[lower.length - 1] as Point, q) <= 0
    )
      lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i] as Point;
    while (
      upper.length >= 2 &&
      cross(upper[upper.length - 2] as Point, upper[upper.length - 1] as Point, q) <= 0
    )
      upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/**
 * Vertices a stack polygon may have (API and CLI): far more than a hand draws, and the hull below is
 * O(n log n), so the cap bounds the work, not the algorithm's shape.
 */
export const POLYGON_MAX_VERTICES = 10_000;

/**
 * The minimum-area rectangle around a polygon (one side of it lies on a hull edge — Freeman &
 * Shapira 1975), length the longer side. Null for fewer than three distinct, non-collinear points.
 * Rotating calipers (Toussaint 1983): the three extreme hull points (furthest along the edge, either
 * way, and furthest from it) only move forward as the edge turns, so after the O(n log n) hull the
 * search is O(h) — not O(h²), which took 16 s on a 40,000-point hull.
 */
export function polygonToRect(polygon: readonly Point[]): RotatedRect | null {
  const hull = convexHull(polygon);
  const h = hull.length;
  if (h < 3) return null;
  // counter-clockwise (in x-right, y-up terms), so the hull lies to the left of every edge
  if (signedArea(hull) < 0) hull.reverse();
  const at = (i: number) => hull[i % h] as Point;
  let best: RotatedRect | null = null;
  let bestArea = Number.POSITIVE_INFINITY;
  let iMaxU = -1;
  let iMaxV = -1;
  let iMinU = -1;
  for (let i = 0; i < h; i++) {
    const a = at(i);
    const b = at(i + 1);
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    const du = (q: Point) => q[0] * ux + q[1] * uy;
    const dv = (q: Point) => -q[0] * uy + q[1] * ux;
    if (iMaxU < 0) {
      iMaxU = i + 1;
      iMaxV = i + 1;
      iMinU = i;
      for (let k = 0; k < h; k++) {
        if (du(at(k)) > du(at(iMaxU))) iMaxU = k;
        if (dv(at(k)) > dv(at(iMaxV))) iMaxV = k;
        if (du(at(k)) < du(at(iMinU))) iMinU = k;
      }
    } else {
      // Unimodal along a convex hull: step forward while the next point is further.
      for (let n = 0; n < h && du(at(iMaxU + 1)) > du(at(iMaxU)); n++) iMaxU++;
      for (let n = 0; n < h && dv(at(iMaxV + 1)) > dv(at(iMaxV)); n++) iMaxV++;
      for (let n = 0; n < h && du(at(iMinU + 1)) < du(at(iMinU)); n++) iMinU++;
    }
    const minU = du(at(iMinU));
    const maxU = du(at(iMaxU));
    const minV = dv(a);
    const maxV = dv(at(iMaxV));
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const mu = (minU + maxU) / 2;
      const mv = (minV + maxV) / 2;
      const cx = mu * ux - mv * uy;
      const cy = mu * uy + mv * ux;
      const lu = maxU - minU;
      const lv = maxV - minV;
      const angle = (Math.atan2(uy, ux) * 180) / Math.PI;
      best =
        lu >= lv
          ? { cx, cy, lengthPx: lu, widthPx: lv, angleDeg: normaliseAngle(angle) }
          : { cx, cy, lengthPx: lv, widthPx: lu, angleDeg: normaliseAngle(angle + 90) };
    }
  }
  return bestArea > 0 ? best : null;
}

function signedArea(ring: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Point;
    const b = ring[(i + 1) % ring.length] as Point;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** An axis has no direction: fold angles into [0, 180). */
export function normaliseAngle(deg: number): number {
  return ((deg % 180) + 180) % 180;
}
