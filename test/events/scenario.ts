/**
 * Synthetic but realistic tracks for the detector tests, built with tallyman's own geodesy on the
 * bundled places: a shuttle ship Rajin → Vostochny → (dark) → Rajin, two ships meeting at sea, a
 * spoofed jump, two transmitters on one MMSI, a renamed ship and an IMO under a second MMSI.
 */
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { destinationPoint, initialBearingDeg } from '../../src/geo/bearing.js';
import { haversineM, MPS_PER_KNOT } from '../../src/geo/distance.js';
import { type PositionRecord, type StaticRecord, staticRecord } from '../../src/tracks/records.js';

export const MIN = 60_000;
export const H = 3_600_000;
export const T0 = Date.UTC(2024, 2, 12, 0, 0, 0);

export function place(id: string): [number, number] {
  const g = BUNDLED_AREAS.find((a) => a.id === id)!.geometry;
  if (g.type !== 'circle') throw new Error('circle expected');
  return [g.lon, g.lat];
}

export function pos(
  mmsi: number,
  tsMs: number,
  lon: number,
  lat: number,
  speedKnots: number | null,
): PositionRecord {
  return {
    mmsi,
    tsMs,
    lon,
    lat,
    speedKnots,
    courseDeg: null,
    headingDeg: null,
    navStatus: null,
    msgType: 1,
    source: 'test',
  };
}

export function stat(mmsi: number, tsMs: number | null, s: Partial<StaticRecord>): StaticRecord {
  return staticRecord(mmsi, tsMs, { shipType: 79, msgType: 5, source: 'test', ...s });
}

/** Fixes every `everyMs` from (lon, lat) toward a bearing at a speed, for a duration (inclusive ends). */
export function steam(
  mmsi: number,
  startMs: number,
  lon: number,
  lat: number,
  bearingDeg: number,
  speedKnots: number,
  durationMs: number,
  everyMs: number,
): PositionRecord[] {
  const out: PositionRecord[] = [];
  for (let dt = 0; dt <= durationMs; dt += everyMs) {
    const [x, y] = destinationPoint(lon, lat, bearingDeg, speedKnots * MPS_PER_KNOT * (dt / 1000));
    out.push(pos(mmsi, startMs + dt, x, y, speedKnots));
  }
  return out;
}

/** Great-circle leg from A to B at a speed: fixes every `everyMs`, the last one at B. */
export function leg(
  mmsi: number,
  startMs: number,
  a: [number, number],
  b: [number, number],
  speedKnots: number,
  everyMs: number,
): PositionRecord[] {
  const dist = haversineM(a[0], a[1], b[0], b[1]);
  const durMs = (dist / (speedKnots * MPS_PER_KNOT)) * 1000;
  const out: PositionRecord[] = [];
  for (let dt = 0; dt < durMs; dt += everyMs) {
    // re-aim at B each fix: a great circle, not a rhumb line
    const [x, y] = destinationPoint(
      a[0],
      a[1],
      initialBearingDeg(a[0], a[1], b[0], b[1]),
      (dist * dt) / durMs,
    );
    out.push(pos(mmsi, startMs + dt, x, y, speedKnots));
  }
  out.push(pos(mmsi, startMs + Math.round(durMs), b[0], b[1], speedKnots));
  return out;
}

export function hold(
  mmsi: number,
  startMs: number,
  at: [number, number],
  durationMs: number,
  everyMs: number,
): PositionRecord[] {
  const out: PositionRecord[] = [];
  for (let dt = 0; dt <= durationMs; dt += everyMs) out.push(pos(mmsi, startMs + dt, at[0], at[1], 0));
  return out;
}

export const SHUTTLE = 273_000_001;
export const WITNESS = 273_000_003;
export const MOORED_AT_RAJIN = 273_000_004;
export const MEET_A = 273_000_010;
export const MEET_B = 273_000_011;
export const SPOOFED = 273_000_020;
export const TWIN = 273_000_021;
export const RENAMED = 273_000_030;
export const SECOND_MMSI = 273_000_040;
export const ANGARA_IMO = 9179842;

export interface Story {
  positions: PositionRecord[];
  statics: StaticRecord[];
  /** Times the tests reason about. */
  t: Record<string, number>;
  at: Record<string, [number, number]>;
}

export function story(): Story {
  const rajin = place('rajin');
  const vost = place('vostochny');
  const P: PositionRecord[] = [];
  const S: StaticRecord[] = [];
  const t: Record<string, number> = {};
  const at: Record<string, [number, number]> = {};

  // the shuttle: 6 h moored at Rajin (draught typed from 4.2 to 6.5 m after loading), 11 kn to
  // Vostochny, 8 h alongside, out again, dark for 14 h, back into Rajin
  S.push(
    stat(SHUTTLE, T0, {
      imo: ANGARA_IMO,
      name: 'ANGARA',
      callSign: 'UBCX7',
      lengthM: 115,
      beamM: 18,
      draughtM: 4.2,
    }),
  );
  P.push(...hold(SHUTTLE, T0, rajin, 6 * H, 3 * MIN));
  S.push(
    stat(SHUTTLE, T0 + 5 * H, { imo: ANGARA_IMO, name: 'ANGARA', lengthM: 115, beamM: 18, draughtM: 6.5 }),
  );
  t.leaveRajin = T0 + 6 * H + MIN;
  const out = leg(SHUTTLE, t.leaveRajin, rajin, vost, 11, MIN);
  P.push(...out);
  t.arriveVost = out[out.length - 1].tsMs;
  t.leaveVost = t.arriveVost + 8 * H;
  P.push(...hold(SHUTTLE, t.arriveVost + 3 * MIN, vost, 8 * H - 6 * MIN, 3 * MIN));
  const back = initialBearingDeg(vost[0], vost[1], rajin[0], rajin[1]);
  const sailOut = steam(SHUTTLE, t.leaveVost, vost[0], vost[1], back, 11, 1 * H, MIN);
  P.push(...sailOut);
  const last = sailOut[sailOut.length - 1];
  t.gapStart = last.tsMs;
  at.gapStart = [last.lon, last.lat];
  t.gapEnd = t.gapStart + 14 * H;
  // reappears 9 km east of Rajin's point and steams in
  const reappear = destinationPoint(rajin[0], rajin[1], 80, 9000) as [number, number];
  at.gapEnd = reappear;
  const home = leg(SHUTTLE, t.gapEnd, reappear, rajin, 11, MIN);
  P.push(...home);
  P.push(...hold(SHUTTLE, home[home.length - 1].tsMs + 3 * MIN, rajin, 2 * H, 3 * MIN));
  S.push(
    stat(SHUTTLE, t.gapEnd + H, { imo: ANGARA_IMO, name: 'ANGARA', lengthM: 115, beamM: 18, draughtM: 6.5 }),
  );

  // a coaster heard 15 km south of where the shuttle went silent, through the silence
  const wStart = destinationPoint(at.gapStart[0], at.gapStart[1], 180, 15_000) as [number, number];
  P.push(...steam(WITNESS, t.gapStart - H, wStart[0], wStart[1], 200, 8, 10 * H, 2 * MIN));
  // and a ship moored at Rajin, heard there through the silence: the receivers were listening
  // where the shuttle reappeared (a silence is dark only when heard around throughout)
  P.push(...hold(MOORED_AT_RAJIN, t.gapStart - H, rajin, 16 * H, 10 * MIN));

  // two ships meet at sea, 300 m apart at 1 kn for 3 h, between 10 kn legs (slice-aligned times)
  t.meet = T0 + 30 * H;
  const sea: [number, number] = [131.6, 42.3];
  const seaB = destinationPoint(sea[0], sea[1], 0, 300) as [number, number];
  for (const [mmsi, p0] of [
    [MEET_A, sea],
    [MEET_B, seaB],
  ] as Array<[number, [number, number]]>) {
    const approach = destinationPoint(p0[0], p0[1], 270, 10 * MPS_PER_KNOT * 3600);
    P.push(...steam(mmsi, t.meet - H, approach[0], approach[1], 90, 10, H - MIN, MIN));
    P.push(...steam(mmsi, t.meet, p0[0], p0[1], 90, 1, 3 * H, MIN));
    const drift = destinationPoint(p0[0], p0[1], 90, 1 * MPS_PER_KNOT * 3 * 3600);
    P.push(...steam(mmsi, t.meet + 3 * H + MIN, drift[0], drift[1], 90, 10, H, MIN));
  }

  // a spoofed jump: one fix 60 km off a steady 10 kn track
  t.spoof = T0 + 40 * H + 30 * MIN;
  const spoofTrack = steam(SPOOFED, T0 + 40 * H, 131.0, 41.8, 45, 10, 2 * H, MIN);
  const k = spoofTrack.findIndex((p) => p.tsMs === t.spoof);
  const [jx, jy] = destinationPoint(spoofTrack[k].lon, spoofTrack[k].lat, 180, 60_000);
  spoofTrack[k] = pos(SPOOFED, t.spoof, jx, jy, 10);
  P.push(...spoofTrack);

  // one MMSI from two transmitters 100 km apart, interleaved for 20 min
  t.twin = T0 + 50 * H;
  const twinA = steam(TWIN, t.twin - H, 131.5, 41.5, 0, 9, 2 * H, MIN);
  for (let m = 0; m < 10; m++) {
    const [x, y] = destinationPoint(131.5, 40.6, 90, m * 150);
    twinA.push(pos(TWIN, t.twin + m * 2 * MIN + 30_000, x, y, 5));
  }
  P.push(...twinA);

  // a renamed ship (name and call sign), and the shuttle's IMO under a second MMSI
  t.rename = T0 + 20 * H;
  P.push(...steam(RENAMED, T0 + 10 * H, 132.0, 41.9, 120, 10, 20 * H, 5 * MIN));
  S.push(stat(RENAMED, T0 + 10 * H, { name: 'SPARTA IV', callSign: 'UAXX4', lengthM: 120, beamM: 20 }));
  S.push(stat(RENAMED, t.rename, { name: 'sparta   iv@@', callSign: 'UAXX4', lengthM: 121, beamM: 20 }));
  S.push(stat(RENAMED, t.rename + 2 * H, { name: 'OMEGA', callSign: 'UAXX9', lengthM: 120, beamM: 20 }));
  P.push(...steam(SECOND_MMSI, T0 + 60 * H, 129.0, 38.0, 0, 10, 2 * H, 5 * MIN));
  S.push(stat(SECOND_MMSI, T0 + 60 * H, { imo: ANGARA_IMO, name: 'ANGARA', lengthM: 115, beamM: 18 }));

  return { positions: P, statics: S, t, at };
}
