/**
 * A shipment's route for maps, as legs: stretches heard on AIS (the vessel's fixes) and dark
 * stretches (a silence of at least `gapMinMs` between fixes, or an end that was not on AIS),
 * drawn solid and dashed. Pure: a track's columns in, legs out; long AIS stretches are thinned
 * to at most `maxPointsPerLeg` points (first and last kept).
 */
import { DEFAULT_PARAMS } from '../events/params.js';
import type { Track } from '../tracks/columns.js';
import type { Proposal } from './types.js';

export interface Leg {
  dark: boolean;
  /** [lon, lat] */
  coordinates: Array<[number, number]>;
}

export interface LegOptions {
  /** A silence at least this long is a dark stretch (the events' `gapMinMs`). */
  gapMinMs: number;
  maxPointsPerLeg: number;
}

export const DEFAULT_LEG_OPTIONS: Readonly<LegOptions> = {
  gapMinMs: DEFAULT_PARAMS.gapMinMs,
  maxPointsPerLeg: 200,
};

function thin(points: Array<[number, number]>, max: number): Array<[number, number]> {
  if (points.length <= max) return points;
  const out: Array<[number, number]> = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]);
  return out;
}

export function shipmentLegs(
  p: Proposal,
  track: Track | null,
  opt: Readonly<LegOptions> = DEFAULT_LEG_OPTIONS,
): Leg[] {
  const start: [number, number] = p.path[0];
  const end: [number, number] = p.path[p.path.length - 1];
  const fixes: Array<{ tsMs: number; at: [number, number] }> = [];
  if (track)
    for (let i = 0; i < track.length; i++) {
      const t = track.tsMs[i];
      if (t > p.departMs && t < p.arriveMs) fixes.push({ tsMs: t, at: [track.lon[i], track.lat[i]] });
    }
  if (fixes.length === 0) return [{ dark: p.dark, coordinates: p.path }];
  const legs: Leg[] = [];
  const push = (dark: boolean, a: [number, number], b: [number, number]) => {
    const last = legs[legs.length - 1];
    if (last && last.dark === dark) last.coordinates.push(b);
    else legs.push({ dark, coordinates: [a, b] });
  };
  // from the origin to the first fix: heard only if the origin call was on AIS and no silence
  push(p.origin.kind !== 'ais' || fixes[0].tsMs - p.departMs >= opt.gapMinMs, start, fixes[0].at);
  for (let i = 1; i < fixes.length; i++)
    push(fixes[i].tsMs - fixes[i - 1].tsMs >= opt.gapMinMs, fixes[i - 1].at, fixes[i].at);
  push(
    p.destination.kind !== 'ais' || p.arriveMs - fixes[fixes.length - 1].tsMs >= opt.gapMinMs,
    fixes[fixes.length - 1].at,
    end,
  );
  return legs.map((l) => ({
    dark: l.dark,
    coordinates: l.dark ? l.coordinates : thin(l.coordinates, opt.maxPointsPerLeg),
  }));
}
