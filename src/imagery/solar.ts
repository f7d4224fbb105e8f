/**
 * Solar position from NOAA's published algorithm: the equations of the NOAA Solar Calculator
 * spreadsheet (gml.noaa.gov/grad/solcalc/calcdetails.html, NOAA_Solar_Calculations_day.xls), which
 * are Jean Meeus, "Astronomical Algorithms" (1991), chapters 24–25, low-precision sun, plus NOAA's
 * piecewise refraction model. NOAA gives the result as good to ~0.01° for 1800–2100 (the spreadsheet
 * ignores ΔT, nutation beyond the main term and parallax — all far below a shadow measurement's error).
 */

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;
const MS_PER_DAY = 86_400_000;
/** Julian Date of the Unix epoch, 1970-01-01T00:00Z. */
const JD_UNIX_EPOCH = 2440587.5;
const JD_J2000 = 2451545;

export interface SunPosition {
  /** Apparent elevation above the horizon, refraction included (NOAA's model), degrees. */
  elevationDeg: number;
  /** Geometric elevation, no refraction, degrees. */
  geometricElevationDeg: number;
  /** Degrees clockwise from true north, [0, 360). */
  azimuthDeg: number;
  declinationDeg: number;
  /** Equation of time, minutes (apparent minus mean solar time). */
  equationOfTimeMin: number;
  /** Hour angle, degrees, negative before local solar noon. */
  hourAngleDeg: number;
}

export function julianDay(tsMs: number): number {
  return tsMs / MS_PER_DAY + JD_UNIX_EPOCH;
}

/**
 * NOAA's atmospheric refraction correction (degrees) for a geometric elevation: Sæmundsson-like
 * series above 5°, a polynomial from −0.575° to 5°, a tangent law below; none above 85°.
 */
export function refractionDeg(geometricElevationDeg: number): number {
  const e = geometricElevationDeg;
  if (e > 85) return 0;
  const t = Math.tan(e * RAD);
  let arcsec: number;
  if (e > 5) arcsec = 58.1 / t - 0.07 / t ** 3 + 0.000086 / t ** 5;
  else if (e > -0.575) arcsec = 1735 + e * (-518.2 + e * (103.4 + e * (-12.79 + e * 0.711)));
  else arcsec = -20.772 / t;
  return arcsec / 3600;
}

const mod = (x: number, m: number) => ((x % m) + m) % m;

/** Sun position at `tsMs` (UTC epoch ms) seen from (lonDeg, latDeg), WGS84 degrees, east and north positive. */
export function sunPosition(tsMs: number, lonDeg: number, latDeg: number): SunPosition {
  const jd = julianDay(tsMs);
  const t = (jd - JD_J2000) / 36525; // Julian centuries since J2000.0

  const meanLong = mod(280.46646 + t * (36000.76983 + t * 0.0003032), 360);
  const meanAnom = 357.52911 + t * (35999.05029 - 0.0001537 * t);
  const ecc = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
  const mRad = meanAnom * RAD;
  const centre =
    Math.sin(mRad) * (1.914602 - t * (0.004817 + 0.000014 * t)) +
    Math.sin(2 * mRad) * (0.019993 - 0.000101 * t) +
    Math.sin(3 * mRad) * 0.000289;
  const trueLong = meanLong + centre;
  const omega = 125.04 - 1934.136 * t;
  const appLong = trueLong - 0.00569 - 0.00478 * Math.sin(omega * RAD);
  const meanObliq = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
  const obliq = meanObliq + 0.00256 * Math.cos(omega * RAD);
  const declRad = Math.asin(Math.sin(obliq * RAD) * Math.sin(appLong * RAD));

  const y = Math.tan((obliq / 2) * RAD) ** 2;
  const l0 = meanLong * RAD;
  const eotMin =
    4 *
    DEG *
    (y * Math.sin(2 * l0) -
      2 * ecc * Math.sin(mRad) +
      4 * ecc * y * Math.sin(mRad) * Math.cos(2 * l0) -
      0.5 * y * y * Math.sin(4 * l0) -
      1.25 * ecc * ecc * Math.sin(2 * mRad));

  const minutesUtc = mod(tsMs, MS_PER_DAY) / 60_000;
  const trueSolarMin = mod(minutesUtc + eotMin + 4 * lonDeg, 1440);
  const hourAngle = trueSolarMin / 4 < 0 ? trueSolarMin / 4 + 180 : trueSolarMin / 4 - 180;

  const latRad = latDeg * RAD;
  const cosZen =
    Math.sin(latRad) * Math.sin(declRad) + Math.cos(latRad) * Math.cos(declRad) * Math.cos(hourAngle * RAD);
  const zenRad = Math.acos(Math.max(-1, Math.min(1, cosZen)));
  const geometric = 90 - zenRad * DEG;

  // Azimuth from the zenith triangle; the sign of the hour angle says east or west of the meridian.
  const denom = Math.cos(latRad) * Math.sin(zenRad);
  let azimuth: number;
  if (Math.abs(denom) < 1e-12) {
    azimuth = latDeg > 0 ? 180 : 0; // sun at the zenith or observer at a pole: azimuth undefined
  } else {
    const c = Math.max(-1, Math.min(1, (Math.sin(latRad) * Math.cos(zenRad) - Math.sin(declRad)) / denom));
    const a = Math.acos(c) * DEG;
    azimuth = hourAngle > 0 ? mod(a + 180, 360) : mod(540 - a, 360);
  }

  return {
    elevationDeg: geometric + refractionDeg(geometric),
    geometricElevationDeg: geometric,
    azimuthDeg: azimuth,
    declinationDeg: declRad * DEG,
    equationOfTimeMin: eotMin,
    hourAngleDeg: hourAngle,
  };
}
