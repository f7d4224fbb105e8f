import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refractionDeg, sunPosition } from '../../src/imagery/solar.js';
import { almanacSun } from './almanac.js';

interface Row {
  place: string;
  lonDeg: number;
  latDeg: number;
  iso: string;
  elevationDeg: number;
  azimuthDeg: number;
  /** the published value is the geometric elevation (no refraction). */
  geometric?: boolean;
  source: string;
}

/*
 * Published NOAA values.
 * - NOAA GML "Solar Geometry Calculator" (esrl.noaa.gov/gmd/grad/neubrew/SolarCalc.jsp?mu=on&sza=on&el=on&az=on),
 *   stored page outputs for 2013-05-24 (elevation corrected for refraction) and 2026-06-10 (header: "SolarZen
 *   and Elev Uncorrected for Atmospheric Refraction"). The page's coordinates are not in the stored text;
 *   both tables are reproduced to 0.006° by exactly 40°N 105°W, the calculator's default near Boulder.
 * - NOAA Solar Calculator for Helsinki, 60.17°N 24.94°E, 2022-09-04 10:19:29 UTC: elevation 36.96°
 *   (refraction-corrected), azimuth 180.05°, as quoted in discourse.elm-lang.org/t/testing-solar-calculator-in-elm/8628.
 */
const NOAA_GML = 'NOAA GML Solar Geometry Calculator';
const NOAA: Row[] = [
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2013-05-24T12:00:00Z',
    elevationDeg: 3.2706,
    azimuthDeg: 65.12067,
    source: NOAA_GML,
  },
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2013-05-24T15:00:00Z',
    elevationDeg: 36.55868,
    azimuthDeg: 92.4596,
    source: NOAA_GML,
  },
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2013-05-24T18:00:00Z',
    elevationDeg: 67.37362,
    azimuthDeg: 143.3945,
    source: NOAA_GML,
  },
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2013-05-24T19:00:00Z',
    elevationDeg: 70.8952,
    azimuthDeg: 182.22688,
    source: NOAA_GML,
  },
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2013-05-24T21:00:00Z',
    elevationDeg: 57.60266,
    azimuthDeg: 243.11147,
    source: NOAA_GML,
  },
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2013-05-25T00:00:00Z',
    elevationDeg: 23.95969,
    azimuthDeg: 277.93833,
    source: NOAA_GML,
  },
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2013-05-25T02:00:00Z',
    elevationDeg: 2.32467,
    azimuthDeg: 295.93783,
    source: NOAA_GML,
  },
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2026-06-10T12:00:00Z',
    elevationDeg: 4.04524,
    azimuthDeg: 63.08685,
    geometric: true,
    source: NOAA_GML,
  },
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2026-06-10T15:00:00Z',
    elevationDeg: 37.25377,
    azimuthDeg: 89.78743,
    geometric: true,
    source: NOAA_GML,
  },
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2026-06-10T19:00:00Z',
    elevationDeg: 73.05173,
    azimuthDeg: 180.36129,
    geometric: true,
    source: NOAA_GML,
  },
  {
    place: 'Boulder 40N',
    lonDeg: -105,
    latDeg: 40,
    iso: '2026-06-10T22:00:00Z',
    elevationDeg: 48.5241,
    azimuthDeg: 259.79509,
    geometric: true,
    source: NOAA_GML,
  },
  {
    place: 'Helsinki 60.17N',
    lonDeg: 24.94,
    latDeg: 60.17,
    iso: '2022-09-04T10:19:29Z',
    elevationDeg: 36.96,
    azimuthDeg: 180.05,
    source: 'NOAA Solar Calculator (elm-lang discourse)',
  },
];

/*
 * The case's places and the latitudes the issue asks for. No published NOAA output for these was
 * found in the stored sources, so they are checked against an independent algorithm (almanac.ts).
 */
const SITES: { place: string; lonDeg: number; latDeg: number; isos: string[] }[] = [
  {
    place: 'Rajin 42.25N',
    lonDeg: 130.3,
    latDeg: 42.25,
    isos: ['2023-09-07T02:30:00Z', '2023-12-21T03:10:00Z', '2024-06-21T23:45:00Z'],
  },
  {
    place: 'Vostochny 42.73N',
    lonDeg: 133.0667,
    latDeg: 42.7333,
    isos: ['2023-10-05T01:00:00Z', '2024-03-14T04:20:00Z'],
  },
  {
    place: 'Equator (Libreville)',
    lonDeg: 9.45,
    latDeg: 0.39,
    isos: ['2024-03-20T08:00:00Z', '2024-09-22T15:30:00Z'],
  },
  {
    place: 'Sydney 33.87S',
    lonDeg: 151.21,
    latDeg: -33.87,
    isos: ['2024-01-15T23:00:00Z', '2024-07-01T02:00:00Z'],
  },
  {
    place: 'Tromso 69.65N',
    lonDeg: 18.96,
    latDeg: 69.65,
    isos: ['2024-06-21T22:00:00Z', '2024-04-10T11:00:00Z'],
  },
  { place: 'Antarctic 72S', lonDeg: 2.53, latDeg: -72.01, isos: ['2024-12-21T12:00:00Z'] },
];

const angleDiff = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);
const f = (x: number, d = 3) => x.toFixed(d).padStart(8);

test('solar position matches published NOAA calculator values within 0.1° (table printed)', () => {
  const lines = [
    'place              | UTC                  | NOAA el  | ours el  | Δel    | NOAA az  | ours az  | Δaz',
  ];
  for (const r of NOAA) {
    const p = sunPosition(Date.parse(r.iso), r.lonDeg, r.latDeg);
    const el = r.geometric ? p.geometricElevationDeg : p.elevationDeg;
    const dEl = Math.abs(el - r.elevationDeg);
    const dAz = angleDiff(p.azimuthDeg, r.azimuthDeg);
    lines.push(
      `${r.place.padEnd(18)} | ${r.iso} | ${f(r.elevationDeg)} | ${f(el)} | ${dEl.toFixed(4)} | ${f(r.azimuthDeg)} | ${f(p.azimuthDeg)} | ${dAz.toFixed(4)}${r.geometric ? ' (geometric)' : ''}`,
    );
    assert.ok(dEl < 0.1, `${r.place} ${r.iso}: elevation off by ${dEl}`);
    assert.ok(dAz < 0.1, `${r.place} ${r.iso}: azimuth off by ${dAz}`);
  }
  console.log(`NOAA published values\n${lines.join('\n')}`);
});

test('solar position at Rajin, Vostochny, the equator, southern and high latitudes agrees with the almanac algorithm within 0.1°', () => {
  const lines = [
    'place                | UTC                  | almanac el | ours el  | Δel    | almanac az | ours az  | Δaz',
  ];
  let checked = 0;
  for (const s of SITES) {
    for (const iso of s.isos) {
      const ts = Date.parse(iso);
      const p = sunPosition(ts, s.lonDeg, s.latDeg);
      const a = almanacSun(ts, s.lonDeg, s.latDeg);
      const dEl = Math.abs(p.elevationDeg - a.elevationDeg);
      const dAz = angleDiff(p.azimuthDeg, a.azimuthDeg);
      lines.push(
        `${s.place.padEnd(20)} | ${iso} | ${f(a.elevationDeg)}   | ${f(p.elevationDeg)} | ${dEl.toFixed(4)} | ${f(a.azimuthDeg)}   | ${f(p.azimuthDeg)} | ${dAz.toFixed(4)}`,
      );
      // Refraction models differ most near the horizon; every row here is above 2°.
      assert.ok(p.elevationDeg > 2, `${s.place} ${iso}: pick a daytime row`);
      assert.ok(dEl < 0.1, `${s.place} ${iso}: elevation off by ${dEl}`);
      assert.ok(dAz < 0.1, `${s.place} ${iso}: azimuth off by ${dAz}`);
      checked++;
    }
  }
  console.log(`cross-check (Astronomical Almanac / Michalsky 1988)\n${lines.join('\n')}`);
  assert.equal(checked, 12);
});

test('the sun is due south at local solar noon in the north, due north in the south, and refraction vanishes overhead', () => {
  const highest = (dayIso: string, lon: number, lat: number) => {
    let best = sunPosition(Date.parse(dayIso), lon, lat);
    for (let m = 1; m < 1440; m++) {
      const p = sunPosition(Date.parse(dayIso) + m * 60_000, lon, lat);
      if (p.elevationDeg > best.elevationDeg) best = p;
    }
    return best;
  };
  const rajinNoon = highest('2024-06-20T15:00:00Z', 130.3, 42.25);
  assert.ok(angleDiff(rajinNoon.azimuthDeg, 180) < 0.6, `Rajin noon azimuth ${rajinNoon.azimuthDeg}`);
  assert.ok(Math.abs(rajinNoon.elevationDeg - (90 - 42.25 + 23.44)) < 0.1);
  const sydNoon = highest('2024-06-20T14:00:00Z', 151.21, -33.87);
  assert.ok(angleDiff(sydNoon.azimuthDeg, 0) < 0.6, `Sydney noon azimuth ${sydNoon.azimuthDeg}`);
  assert.equal(refractionDeg(89), 0);
  assert.ok(refractionDeg(0) > 0.45 && refractionDeg(0) < 0.5);
});
