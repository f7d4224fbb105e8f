/**
 * Great-circle distance on a sphere of the IUGG mean earth radius (6,371,008.8 m; Moritz,
 * "Geodetic Reference System 1980"). Spherical error is under 0.5 % — far below AIS position
 * noise over the distances events care about — and the formula is hot-path cheap.
 */

export const EARTH_RADIUS_M = 6371008.8;
export const METRES_PER_NM = 1852;
/** One knot in metres per second (1 nm per hour). */
export const MPS_PER_KNOT = METRES_PER_NM / 3600;
export const MS_PER_HOUR = 3_600_000;

export const RAD = Math.PI / 180;

/** Haversine distance in metres between two WGS84 points given in degrees. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return haversineCosM(lon1, lat1, Math.cos(lat1 * RAD), lon2, lat2, Math.cos(lat2 * RAD));
}

/**
 * `haversineM` with each latitude's cosine given (`Math.cos(lat * RAD)`), bit for bit the same
 * result: for one point against many whose cosines are kept.
 */
export function haversineCosM(
  lon1: number,
  lat1: number,
  cosLat1: number,
  lon2: number,
  lat2: number,
  cosLat2: number,
): number {
  const sLat = Math.sin((lat2 - lat1) * RAD * 0.5);
  const sLon = Math.sin((lon2 - lon1) * RAD * 0.5);
  const h = sLat * sLat + cosLat1 * cosLat2 * sLon * sLon;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Speed in knots to cover `distanceM` in `durationMs`; Infinity for a jump in no time. */
export function impliedSpeedKnots(distanceM: number, durationMs: number): number {
  if (durationMs <= 0) return distanceM > 0 ? Number.POSITIVE_INFINITY : 0;
  return distanceM / (durationMs / 1000) / MPS_PER_KNOT;
}

/** Metres covered in `durationMs` at `speedKnots`. */
export function reachM(speedKnots: number, durationMs: number): number {
  return speedKnots * MPS_PER_KNOT * (durationMs / 1000);
}

/** Degrees of latitude spanned by `metres` (for bounding boxes and grid cells). */
export function metresToLatDeg(metres: number): number {
  return metres / (EARTH_RADIUS_M * RAD);
}

/**
 * Degrees of longitude spanned by `metres` at latitude `latDeg`; capped near the poles so a box
 * never wraps the globe by accident.
 */
export function metresToLonDeg(metres: number, latDeg: number): number {
  const c = Math.max(Math.cos(Math.min(Math.abs(latDeg), 89) * RAD), 1e-6);
  return Math.min(metres / (EARTH_RADIUS_M * RAD * c), 360);
}

/**
 * Equirectangular distance in metres: within 0.1 % of the haversine for the sub-50 km steps
 * between consecutive fixes at mid latitudes, at a third of the cost. For sums along a track,
 * never across an antimeridian or a long jump.
 */
export function localDistanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const x = (lon2 - lon1) * Math.cos((lat1 + lat2) * 0.5 * RAD);
  const y = lat2 - lat1;
  return Math.sqrt(x * x + y * y) * EARTH_RADIUS_M * RAD;
}
