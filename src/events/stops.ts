/**
 * Stops outside known areas ("unknown anchorages"): a run of fixes that all stay within a circle
 * of `stopDiameterM` for at least `stopMinDurationMs`, whose centre is not inside any area (nor
 * within its exit margin). Streaming: the circle is centred on the running centroid; the first fix
 * outside it closes the run and starts the next one there. A silence ≥ `gapMinMs` also closes it,
 * because a ship that went dark and reappeared in the same place has not shown it stayed.
 */
import { nearestArea } from '../areas/compile.js';
import { haversineM } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { support } from './track-util.js';
import type { EventOf } from './types.js';

export function detectStops(t: Track, ctx: DetectContext): EventOf<'stop'>[] {
  const p = ctx.params;
  const out: EventOf<'stop'>[] = [];
  const n = t.length;
  const { tsMs, lon, lat } = t;
  const r = p.stopDiameterM / 2;
  let s = 0;
  let sx = 0;
  let sy = 0;

  const close = (e: number): void => {
    if (e <= s || tsMs[e] - tsMs[s] < p.stopMinDurationMs) return;
    const k = e - s + 1;
    const cx = sx / k;
    const cy = sy / k;
    if (nearestArea(ctx.awayIndex, cx, cy, p.portExitMarginM, false).index >= 0) return;
    let radiusM = 0;
    for (let i = s; i <= e; i++) radiusM = Math.max(radiusM, haversineM(cx, cy, lon[i], lat[i]));
    const near = nearestArea(ctx.awayIndex, cx, cy, ctx.awayIndex.marginM, false);
    out.push({
      id: eventId('stop', t.mmsi, null, tsMs[s]),
      type: 'stop',
      mmsi: t.mmsi,
      mmsi2: null,
      startMs: tsMs[s],
      endMs: tsMs[e],
      lon: cx,
      lat: cy,
      confidence: radiusM <= r / 2 ? 3 : 2,
      params: {
        paramSet: p.name,
        stopDiameterM: p.stopDiameterM,
        stopMinDurationMs: p.stopMinDurationMs,
        gapMinMs: p.gapMinMs,
      },
      support: [support(t, s, e)],
      details: {
        radiusM,
        nearestAreaId: near.index >= 0 ? ctx.areas[near.index].id : null,
        nearestAreaDistanceM: near.index >= 0 ? near.distanceM : null,
      },
    });
  };

  for (let i = 0; i < n; i++) {
    if (i > s) {
      const k = i - s;
      const inside = tsMs[i] - tsMs[i - 1] < p.gapMinMs && haversineM(sx / k, sy / k, lon[i], lat[i]) <= r;
      if (!inside) {
        close(i - 1);
        s = i;
        sx = 0;
        sy = 0;
      }
    }
    sx += lon[i];
    sy += lat[i];
  }
  if (n > 0) close(n - 1);
  return out;
}
