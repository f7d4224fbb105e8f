/**
 * The map coordinate systems an image may come in, and their conversion to WGS84 longitude/latitude.
 * Supported: geographic WGS84 (EPSG:4326 and other geographic codes, treated as WGS84 — datum shifts
 * are metres, under a pixel at the resolutions that count boxes), UTM on WGS84 (EPSG:326zz north,
 * 327zz south) and Web Mercator (EPSG:3857). Anything else is reported unsupported by code.
 */

export type Crs =
  | { kind: 'lonlat'; epsg: number | null }
  | { kind: 'utm'; epsg: number; zone: number; south: boolean }
  | { kind: 'webmercator'; epsg: 3857 };

const RAD = Math.PI / 180;
// WGS84 ellipsoid (NIMA TR8350.2).
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const EP2 = E2 / (1 - E2);
const K0 = 0.9996;

export function crsFromEpsg(epsg: number): Crs | null {
  if (epsg === 4326 || (epsg >= 4000 && epsg < 5000)) return { kind: 'lonlat', epsg };
  if (epsg >= 32601 && epsg <= 32660) return { kind: 'utm', epsg, zone: epsg - 32600, south: false };
  if (epsg >= 32701 && epsg <= 32760) return { kind: 'utm', epsg, zone: epsg - 32700, south: true };
  if (epsg === 3857 || epsg === 900913) return { kind: 'webmercator', epsg: 3857 };
  return null;
}

/** Inverse transverse Mercator on the ellipsoid (Snyder, "Map Projections — A Working Manual", USGS PP 1395, eqs. 8-18 … 8-25). */
function utmToLonLat(easting: number, northing: number, zone: number, south: boolean): [number, number] {
  const x = easting - 500000;
  const y = south ? northing - 10000000 : northing;
  const lon0 = (zone * 6 - 183) * RAD;
  const m = y / K0;
  const mu = m / (A * (1 - E2 / 4 - (3 * E2 * E2) / 64 - (5 * E2 ** 3) / 256));
  const e1 = (1 - Math.sqrt(1 - E2)) / (1 + Math.sqrt(1 - E2));
  const phi1 =
    mu +
    ((3 * e1) / 2 - (27 * e1 ** 3) / 32) * Math.sin(2 * mu) +
    ((21 * e1 * e1) / 16 - (55 * e1 ** 4) / 32) * Math.sin(4 * mu) +
    ((151 * e1 ** 3) / 96) * Math.sin(6 * mu) +
    ((1097 * e1 ** 4) / 512) * Math.sin(8 * mu);
  const s = Math.sin(phi1);
  const c = Math.cos(phi1);
  const c1 = EP2 * c * c;
  const t1 = Math.tan(phi1) ** 2;
  const n1 = A / Math.sqrt(1 - E2 * s * s);
  const r1 = (A * (1 - E2)) / (1 - E2 * s * s) ** 1.5;
  const d = x / (n1 * K0);
  const lat =
    phi1 -
    ((n1 * Math.tan(phi1)) / r1) *
      ((d * d) / 2 -
        ((5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * EP2) * d ** 4) / 24 +
        ((61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * EP2 - 3 * c1 * c1) * d ** 6) / 720);
  const lon =
    lon0 +
    (d -
      ((1 + 2 * t1 + c1) * d ** 3) / 6 +
      ((5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * EP2 + 24 * t1 * t1) * d ** 5) / 120) /
      c;
  return [lon / RAD, lat / RAD];
}

export function toLonLat(crs: Crs, x: number, y: number): [number, number] {
  switch (crs.kind) {
    case 'lonlat':
      return [x, y];
    case 'utm':
      return utmToLonLat(x, y, crs.zone, crs.south);
    case 'webmercator':
      return [x / A / RAD, (2 * Math.atan(Math.exp(y / A)) - Math.PI / 2) / RAD];
  }
}
