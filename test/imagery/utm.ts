/**
 * Longitude/latitude → UTM, for the tests' GeoTIFF fixtures. src/imagery/crs.ts only needs the
 * inverse (an image's UTM corners to degrees); this direction is test-only.
 * WGS84 ellipsoid: a = 6378137 m, 1/f = 298.257223563 (NIMA TR8350.2); UTM scale factor 0.9996.
 */
const RAD = Math.PI / 180;
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const EP2 = E2 / (1 - E2);
const K0 = 0.9996;

/** Forward transverse Mercator (Snyder eqs. 8-9 … 8-10): fixtures in UTM, and the inverse in src/imagery/crs.ts checked against it. */
export function lonLatToUtm(lon: number, lat: number, zone: number, south: boolean): [number, number] {
  const phi = lat * RAD;
  const lam = (lon - (zone * 6 - 183)) * RAD;
  const s = Math.sin(phi);
  const c = Math.cos(phi);
  const n = A / Math.sqrt(1 - E2 * s * s);
  const t = Math.tan(phi) ** 2;
  const cc = EP2 * c * c;
  const a = c * lam;
  const m =
    A *
    ((1 - E2 / 4 - (3 * E2 * E2) / 64 - (5 * E2 ** 3) / 256) * phi -
      ((3 * E2) / 8 + (3 * E2 * E2) / 32 + (45 * E2 ** 3) / 1024) * Math.sin(2 * phi) +
      ((15 * E2 * E2) / 256 + (45 * E2 ** 3) / 1024) * Math.sin(4 * phi) -
      ((35 * E2 ** 3) / 3072) * Math.sin(6 * phi));
  const x =
    K0 * n * (a + ((1 - t + cc) * a ** 3) / 6 + ((5 - 18 * t + t * t + 72 * cc - 58 * EP2) * a ** 5) / 120);
  const y =
    K0 *
    (m +
      n *
        Math.tan(phi) *
        ((a * a) / 2 +
          ((5 - t + 9 * cc + 4 * cc * cc) * a ** 4) / 24 +
          ((61 - 58 * t + t * t + 600 * cc - 330 * EP2) * a ** 6) / 720));
  return [x + 500000, south ? y + 10000000 : y];
}
