/**
 * An independent, lower-precision sun for cross-checks where no published NOAA value exists: the
 * Astronomical Almanac's approximate algorithm as given by J. J. Michalsky, "The Astronomical
 * Almanac's algorithm for approximate solar position (1950–2050)", Solar Energy 40 (1988) 227–235,
 * stated good to 0.01°. Different equations (mean sidereal time, right ascension) from the NOAA
 * spreadsheet, so agreement is a real check of the implementation, not of itself.
 */
const RAD = Math.PI / 180;

export function almanacSun(
  tsMs: number,
  lonDeg: number,
  latDeg: number,
): { elevationDeg: number; azimuthDeg: number } {
  const n = tsMs / 86_400_000 + 2440587.5 - 2451545; // days from J2000.0
  const hourUtc = (((tsMs % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000;
  const L = (280.46 + 0.9856474 * n) % 360;
  const g = ((357.528 + 0.9856003 * n) % 360) * RAD;
  const lambda = (L + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * RAD;
  const eps = (23.439 - 0.0000004 * n) * RAD;
  const ra = Math.atan2(Math.cos(eps) * Math.sin(lambda), Math.cos(lambda));
  const dec = Math.asin(Math.sin(eps) * Math.sin(lambda));
  const gmstH = (((6.697375 + 0.0657098242 * n + hourUtc) % 24) + 24) % 24;
  const lmstRad = (gmstH * 15 + lonDeg) * RAD;
  const ha = lmstRad - ra;
  const lat = latDeg * RAD;
  const el = Math.asin(Math.sin(dec) * Math.sin(lat) + Math.cos(dec) * Math.cos(lat) * Math.cos(ha));
  // Azimuth measured from north through east.
  const az = Math.atan2(
    -Math.cos(dec) * Math.sin(ha),
    Math.sin(dec) * Math.cos(lat) - Math.cos(dec) * Math.sin(lat) * Math.cos(ha),
  );
  const elDeg = el / RAD;
  // Refraction after Bennett (1982), for a standard atmosphere; the almanac algorithm's own choice.
  const refr = elDeg > -1 ? 1 / 60 / Math.tan((elDeg + 7.31 / (elDeg + 4.4)) * RAD) : 0;
  return { elevationDeg: elDeg + refr, azimuthDeg: (((az / RAD) % 360) + 360) % 360 };
}
