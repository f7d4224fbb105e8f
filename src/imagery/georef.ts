/**
 * What makes an image metric: its pixel → map affine and CRS, and what follows from them — pixel to
 * lon/lat, the ground sample distance, the footprint, and the local linear map from a pixel vector
 * to metres east/north (distances through src/geo's haversine, so the image's numbers and the
 * track's numbers use one earth).
 */
import { haversineM } from '../geo/distance.js';
import { type Affine, applyAffine } from './affine.js';
import { type Crs, toLonLat } from './crs.js';

export type GeorefSource = 'geotiff' | 'worldfile' | 'gcp';

export interface Georef {
  source: GeorefSource;
  affine: Affine;
  crs: Crs;
  /** For GCP fits: residual per point in metres and their RMS; null otherwise. */
  gcpResidualsM: number[] | null;
  gcpRmsM: number | null;
}

/** Metres east and north per pixel step in x and per pixel step in y, at one place in the image. */
export interface MetricJacobian {
  eastPerX: number;
  northPerX: number;
  eastPerY: number;
  northPerY: number;
}

export interface ImageGeometry {
  widthPx: number;
  heightPx: number;
  /** Ground size of one pixel along x and along y, metres, at the image centre. */
  gsdXM: number;
  gsdYM: number;
  /** Geometric mean of the two: the one number quoted as "the GSD". */
  gsdM: number;
  /** Corners TL, TR, BR, BL as [lon, lat], closed ring (first repeated last), GeoJSON order. */
  footprint: [number, number][];
  centre: [number, number];
  areaKm2: number;
}

export function pixelToLonLat(g: Georef, x: number, y: number): [number, number] {
  const [mx, my] = applyAffine(g.affine, x, y);
  return toLonLat(g.crs, mx, my);
}

const signedEastM = (lon0: number, lat0: number, lon1: number) =>
  Math.sign(((lon1 - lon0 + 540) % 360) - 180) * haversineM(lon0, lat0, lon1, lat0);
const signedNorthM = (lon0: number, lat0: number, lat1: number) =>
  Math.sign(lat1 - lat0) * haversineM(lon0, lat0, lon0, lat1);

/**
 * The local pixel → metres map at (x, y), from finite differences over `stepPx` pixels (long
 * enough that rounding in degrees is negligible, short enough to stay local).
 */
export function metricJacobian(g: Georef, x: number, y: number, stepPx = 8): MetricJacobian {
  const [lon0, lat0] = pixelToLonLat(g, x, y);
  const [lonX, latX] = pixelToLonLat(g, x + stepPx, y);
  const [lonY, latY] = pixelToLonLat(g, x, y + stepPx);
  return {
    eastPerX: signedEastM(lon0, lat0, lonX) / stepPx,
    northPerX: signedNorthM(lon0, lat0, latX) / stepPx,
    eastPerY: signedEastM(lon0, lat0, lonY) / stepPx,
    northPerY: signedNorthM(lon0, lat0, latY) / stepPx,
  };
}

/** Length in metres of the pixel vector (dx, dy) under the local map `j`. */
export function vectorLengthM(j: MetricJacobian, dx: number, dy: number): number {
  return Math.hypot(j.eastPerX * dx + j.eastPerY * dy, j.northPerX * dx + j.northPerY * dy);
}

/** Bearing (degrees clockwise from true north, [0, 360)) of the pixel direction (dx, dy). */
export function vectorBearingDeg(j: MetricJacobian, dx: number, dy: number): number {
  const e = j.eastPerX * dx + j.eastPerY * dy;
  const n = j.northPerX * dx + j.northPerY * dy;
  return ((Math.atan2(e, n) * 180) / Math.PI + 360) % 360;
}

/** Pixel direction (unit vector) that points along the ground bearing `bearingDeg`. */
export function pixelDirectionOfBearing(j: MetricJacobian, bearingDeg: number): [number, number] {
  const b = (bearingDeg * Math.PI) / 180;
  const e = Math.sin(b);
  const n = Math.cos(b);
  // Solve [eX eY; nX nY]·[dx; dy] = [e; n].
  const det = j.eastPerX * j.northPerY - j.eastPerY * j.northPerX;
  const dx = (j.northPerY * e - j.eastPerY * n) / det;
  const dy = (-j.northPerX * e + j.eastPerX * n) / det;
  const len = Math.hypot(dx, dy);
  return [dx / len, dy / len];
}

export function imageGeometry(g: Georef, widthPx: number, heightPx: number): ImageGeometry {
  const cx = widthPx / 2;
  const cy = heightPx / 2;
  const j = metricJacobian(g, cx, cy);
  const gsdXM = Math.hypot(j.eastPerX, j.northPerX);
  const gsdYM = Math.hypot(j.eastPerY, j.northPerY);
  const corners: [number, number][] = [
    pixelToLonLat(g, 0, 0),
    pixelToLonLat(g, widthPx, 0),
    pixelToLonLat(g, widthPx, heightPx),
    pixelToLonLat(g, 0, heightPx),
  ];
  const det = Math.abs(j.eastPerX * j.northPerY - j.eastPerY * j.northPerX);
  return {
    widthPx,
    heightPx,
    gsdXM,
    gsdYM,
    gsdM: Math.sqrt(gsdXM * gsdYM),
    footprint: [...corners, corners[0] as [number, number]],
    centre: pixelToLonLat(g, cx, cy),
    areaKm2: (det * widthPx * heightPx) / 1e6,
  };
}

/** Residuals of a GCP fit in metres (haversine between each fitted and given position). */
export function residualsM(
  points: readonly { lon: number; lat: number }[],
  residuals: readonly { dLon: number; dLat: number }[],
): number[] {
  return points.map((p, i) => {
    const r = residuals[i] ?? { dLon: 0, dLat: 0 };
    return haversineM(p.lon, p.lat, p.lon + r.dLon, p.lat + r.dLat);
  });
}

export const rms = (xs: readonly number[]) =>
  xs.length === 0 ? 0 : Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
