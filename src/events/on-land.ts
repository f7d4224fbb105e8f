/**
 * Positions on land: a spoofed (or mistyped) position stream shows a ship inland. Each run of
 * consecutive fixes that lie at least `landToleranceM` inland (land.ts) is one `on-land` event;
 * fixes inside or within the exit margin of a callable area (a port's berths) are never flagged.
 */
import { nearestArea } from '../areas/compile.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { isInland, isLandCell, type LandMask } from './land.js';
import { meanPosition, support } from './track-util.js';
import type { EventOf } from './types.js';

export const LAND_SOURCE = 'Natural Earth 1:50m land (npm world-atlas land-50m.json)';

export function detectOnLand(t: Track, ctx: DetectContext, land: LandMask): EventOf<'on-land'>[] {
  const p = ctx.params;
  const out: EventOf<'on-land'>[] = [];
  const { lon, lat, tsMs } = t;
  let s = -1;
  const close = (e: number) => {
    const [x, y] = meanPosition(t, s, e);
    out.push({
      id: eventId('on-land', t.mmsi, null, tsMs[s]),
      type: 'on-land',
      mmsi: t.mmsi,
      mmsi2: null,
      startMs: tsMs[s],
      endMs: tsMs[e],
      lon: x,
      lat: y,
      confidence: e > s ? 3 : 2,
      params: { paramSet: p.name, landToleranceM: p.landToleranceM, landCellDeg: land.cellDeg },
      support: [support(t, s, e)],
      details: { fixes: e - s + 1, landSource: LAND_SOURCE },
    });
    s = -1;
  };
  for (let i = 0; i < t.length; i++) {
    const inland =
      isLandCell(land, lon[i], lat[i]) &&
      isInland(land, lon[i], lat[i], p.landToleranceM) &&
      nearestArea(ctx.portIndex, lon[i], lat[i], ctx.portIndex.marginM, true) < 0;
    if (inland) {
      if (s < 0) s = i;
    } else if (s >= 0) close(i - 1);
  }
  if (s >= 0) close(t.length - 1);
  return out;
}

/** The box the tracks cover, padded by the tolerance and a cell: the land mask's extent. */
export function tracksBox(tracks: readonly Track[], padM: number): [number, number, number, number] | null {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const t of tracks)
    for (let i = 0; i < t.length; i++) {
      const x = t.lon[i];
      const y = t.lat[i];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  if (x0 > x1) return null;
  const padDeg =
    padM / 111_000 / Math.max(Math.cos((Math.max(Math.abs(y0), Math.abs(y1)) * Math.PI) / 180), 0.05);
  return [
    Math.max(-180, x0 - padDeg),
    Math.max(-90, y0 - padDeg),
    Math.min(180, x1 + padDeg),
    Math.min(90, y1 + padDeg),
  ];
}
