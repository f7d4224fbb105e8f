/** Polygons drawn on the map for areas (circles) and the reachable area of a dark leg (ellipse). */
import type { Feature, Polygon } from 'geojson';

const R = 6371008.8;
const rad = Math.PI / 180;

/** A circle of `radiusM` around a point, in a local equirectangular approximation (fine below ~100 km). */
export function circlePolygon(lon: number, lat: number, radiusM: number, steps = 64): Polygon {
  const ring: number[][] = [];
  for (let k = 0; k <= steps; k++) {
    const a = (2 * Math.PI * k) / steps;
    const dy = (radiusM * Math.sin(a)) / R / rad;
    const dx = (radiusM * Math.cos(a)) / (R * Math.cos(lat * rad)) / rad;
    ring.push([lon + dx, lat + dy]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * The ellipse of points P with |AP| + |PB| ≤ majorAxisM (foci A and B: where the ship went silent
 * and where it was heard again), in a local plane around the foci's midpoint. Null when the
 * distance between the foci exceeds the major axis (the fixes are inconsistent with the speed).
 */
export function ellipsePolygon(
  lonA: number,
  latA: number,
  lonB: number,
  latB: number,
  majorAxisM: number,
  steps = 96,
): Feature<Polygon> | null {
  const lat0 = ((latA + latB) / 2) * rad;
  const lon0 = (lonA + lonB) / 2;
  const latM = (latA + latB) / 2;
  const toXY = (lon: number, lat: number) => [
    (lon - lon0) * rad * R * Math.cos(lat0),
    (lat - latM) * rad * R,
  ];
  const [ax, ay] = toXY(lonA, latA) as [number, number];
  const [bx, by] = toXY(lonB, latB) as [number, number];
  const c = Math.hypot(bx - ax, by - ay) / 2;
  const a = majorAxisM / 2;
  if (!(a > c)) return null;
  const b = Math.sqrt(a * a - c * c);
  const theta = Math.atan2(by - ay, bx - ax);
  const ring: number[][] = [];
  for (let k = 0; k <= steps; k++) {
    const t = (2 * Math.PI * k) / steps;
    const x = a * Math.cos(t);
    const y = b * Math.sin(t);
    const rx = x * Math.cos(theta) - y * Math.sin(theta);
    const ry = x * Math.sin(theta) + y * Math.cos(theta);
    ring.push([lon0 + rx / (R * Math.cos(lat0)) / rad, latM + ry / R / rad]);
  }
  return { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } };
}
