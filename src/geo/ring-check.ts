/**
 * Whether a polygon a person hands in can be used as drawn, repaired, or refused — before any
 * point-in-polygon test sees it. Planar even–odd tests on raw lon/lat read a ring crossing the
 * antimeridian (179 → -179) as spanning the whole globe the other way, so its "inside" silently
 * becomes the complement; a ring that crosses itself has an inside nobody drew.
 *
 * - Unclosed rings are closed (warning): GeoJSON (RFC 7946 §3.1.6) wants them closed, a hand-typed
 *   `--polygon` seldom is.
 * - A ring crossing the antimeridian (an edge spanning more than 180° of longitude: the short way
 *   round is meant) is unwrapped (warning): its longitudes are made continuous, so east of 180
 *   they read 180…360 (e.g. 179 … 181). `pointInPolygon` tries a fix's longitude + 360 against
 *   such a ring. A ring whose unwrapped longitudes do not come back to the start goes round a pole
 *   and is refused.
 * - Self-intersection (two edges that are not neighbours meet) is refused, naming the edges.
 *   O(n²) with a bounding-box test per pair, so the vertex count is capped (`RING_MAX_VERTICES`).
 * - Fewer than three distinct vertices, or no area, is refused.
 */
import type { Ring } from './polygon.js';

/** Vertices per polygon (all rings): an area of interest is a port or an anchorage, drawn by hand. */
export const RING_MAX_VERTICES = 5_000;

export type PolygonCheck =
  | { ok: true; rings: Array<Array<[number, number]>>; warnings: string[] }
  | { ok: false; reason: string };

// Longitudes already in range are left exactly as given: the modulo arithmetic would move 133.05
// to 133.04999999999995.
const wrap180 = (lon: number): number =>
  lon >= -180 && lon <= 180 ? lon : ((((lon + 180) % 360) + 360) % 360) - 180;

export function checkPolygon(rings: ReadonlyArray<Ring>): PolygonCheck {
  if (rings.length === 0) return { ok: false, reason: 'a polygon needs an outer ring' };
  let total = 0;
  for (const r of rings) total += r.length;
  if (total > RING_MAX_VERTICES)
    return { ok: false, reason: `${total} vertices: at most ${RING_MAX_VERTICES} per polygon` };
  const warnings: string[] = [];
  const out: Array<Array<[number, number]>> = [];
  for (let k = 0; k < rings.length; k++) {
    const name = k === 0 ? 'outer ring' : `hole ${k}`;
    const ring = rings[k] as Ring;
    for (const [x, y] of ring)
      if (!(Number.isFinite(x) && Number.isFinite(y) && y >= -90 && y <= 90 && x >= -540 && x <= 540))
        return { ok: false, reason: `${name}: vertex ${x}, ${y} is not a WGS84 lon, lat` };
    const pts: Array<[number, number]> = [];
    for (const [x, y] of ring) {
      const lon = x > 180 && wrap180(x) === -180 ? 180 : wrap180(x);
      const prev = pts.at(-1);
      // a vertex repeated at once adds no edge, only a zero-length one that would read as a crossing
      if (prev === undefined || prev[0] !== lon || prev[1] !== y) pts.push([lon, y]);
    }
    const first = pts[0];
    const last = pts.at(-1);
    if (first === undefined || last === undefined) return { ok: false, reason: `${name}: no vertices` };
    if (pts.length > 1 && (first[0] !== last[0] || first[1] !== last[1])) {
      pts.push([first[0], first[1]]);
      warnings.push(`${name} was not closed: closed it by repeating its first vertex`);
    }
    const distinct = new Set(pts.map((p) => `${p[0]},${p[1]}`)).size;
    if (distinct < 3)
      return { ok: false, reason: `${name}: needs at least 3 distinct vertices (has ${distinct})` };
    // Unwrap: each step takes the short way round (|Δlon| ≤ 180).
    let crossed = false;
    const un: Array<[number, number]> = [[pts[0]![0], pts[0]![1]]];
    for (let i = 1; i < pts.length; i++) {
      const prev = un[i - 1]![0];
      let x = pts[i]![0];
      while (x - prev > 180) x -= 360;
      while (x - prev < -180) x += 360;
      if (x !== pts[i]![0]) crossed = true;
      un.push([x, pts[i]![1]]);
    }
    if (Math.abs(un.at(-1)![0] - un[0]![0]) > 1e-9)
      return {
        ok: false,
        reason: `${name} goes round a pole (its longitudes do not come back to the start): split it`,
      };
    // Keep the west edge in [-180, 180), so plain longitudes test first.
    let west = Number.POSITIVE_INFINITY;
    for (const p of un) west = Math.min(west, p[0]);
    const shift = west < -180 ? 360 : west >= 180 ? -360 : 0;
    if (shift !== 0) for (const p of un) p[0] += shift;
    if (k > 0 && out[0] !== undefined) {
      // A hole lies inside its outer ring: on the same side of the antimeridian.
      const [ow, oe] = lonRange(out[0]);
      const [hw, he] = lonRange(un);
      if (hw < ow && he + 360 <= oe) for (const p of un) p[0] += 360;
    }
    if (crossed) {
      const [w, east] = lonRange(un);
      west = w;
      warnings.push(
        `${name} crosses the antimeridian: read the short way round, longitudes ${west} … ${east} (east of 180 written as 180 + degrees)`,
      );
    }
    const cross = selfIntersection(un);
    if (cross !== null)
      return {
        ok: false,
        reason: `${name} crosses itself: edge ${cross[0]} (${fmt(un[cross[0]]!)} → ${fmt(un[cross[0] + 1]!)}) meets edge ${cross[1]} (${fmt(un[cross[1]]!)} → ${fmt(un[cross[1] + 1]!)})`,
      };
    if (Math.abs(shoelace(un)) === 0)
      return { ok: false, reason: `${name} has no area (its vertices are on one line)` };
    out.push(un);
  }
  return { ok: true, rings: out, warnings };
}

function lonRange(ring: ReadonlyArray<[number, number]>): [number, number] {
  let w = Number.POSITIVE_INFINITY;
  let e = Number.NEGATIVE_INFINITY;
  for (const p of ring) {
    w = Math.min(w, p[0]);
    e = Math.max(e, p[0]);
  }
  return [w, e];
}

const fmt = (p: [number, number]): string => `${p[0]}, ${p[1]}`;

function shoelace(ring: ReadonlyArray<[number, number]>): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s / 2;
}

const orient = (a: [number, number], b: [number, number], c: [number, number]): number =>
  Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));

function onSegment(a: [number, number], b: [number, number], p: [number, number]): boolean {
  return (
    p[0] >= Math.min(a[0], b[0]) &&
    p[0] <= Math.max(a[0], b[0]) &&
    p[1] >= Math.min(a[1], b[1]) &&
    p[1] <= Math.max(a[1], b[1])
  );
}

function segmentsMeet(
  a: [number, number],
  b: [number, number],
  c: [number, number],
  d: [number, number],
): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

/** The first pair of edges (i < j, not neighbours) that meet, or null. Edge i runs from vertex i to i + 1. */
export function selfIntersection(ring: ReadonlyArray<[number, number]>): [number, number] | null {
  const n = ring.length - 1; // closed: the last vertex repeats the first
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    const minX = Math.min(a[0], b[0]);
    const maxX = Math.max(a[0], b[0]);
    const minY = Math.min(a[1], b[1]);
    const maxY = Math.max(a[1], b[1]);
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the closing edge's neighbour
      const c = ring[j]!;
      const d = ring[j + 1]!;
      if (Math.max(c[0], d[0]) < minX || Math.min(c[0], d[0]) > maxX) continue;
      if (Math.max(c[1], d[1]) < minY || Math.min(c[1], d[1]) > maxY) continue;
      if (segmentsMeet(a, b, c, d)) return [i, j];
    }
  }
  return null;
}
