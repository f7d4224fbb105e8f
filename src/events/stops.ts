/**
 * Stops outside known areas ("unknown anchorages"): a run of fixes that all stay within a circle
 * of `stopDiameterM` for at least `stopMinDurationMs`, whose centre is not inside any area (nor
 * within its exit margin). Streaming: the circle is centred on the running centroid; the first fix
 * outside it closes the run and starts the next one there. A silence ≥ `gapMinMs` also closes it,
 * because a ship that went dark and reappeared in the same place has not shown it stayed.
 */
import { nearestArea, newHit } from '../areas/compile.js';
import { EARTH_RADIUS_M, localDistanceM } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { meanPosition, support } from './track-util.js';
import type { EventOf } from './types.js';

const RAD = Math.PI / 180;
const M_PER_DEG = EARTH_RADIUS_M * RAD;

function emit(t: Track, ctx: DetectContext, s: number, e: number, out: EventOf<'stop'>[]): void {
  const p = ctx.params;
  const { tsMs, lon, lat } = t;
  const [cx, cy] = meanPosition(t, s, e);
  if (nearestArea(ctx.awayIndex, cx, cy, p.portExitMarginM, false) >= 0) return;
  let radiusM = 0;
  for (let i = s; i <= e; i++) radiusM = Math.max(radiusM, localDistanceM(cx, cy, lon[i], lat[i]));
  const near = newHit();
  nearestArea(ctx.awayIndex, cx, cy, ctx.awayIndex.marginM, false, near);
  out.push({
    id: eventId('stop', t.mmsi, null, tsMs[s]),
    type: 'stop',
    mmsi: t.mmsi,
    mmsi2: null,
    startMs: tsMs[s],
    endMs: tsMs[e],
    lon: cx,
    lat: cy,
    confidence: radiusM <= p.stopDiameterM / 4 ? 3 : 2,
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
}

export function detectStops(t: Track, ctx: DetectContext): EventOf<'stop'>[] {
  const p = ctx.params;
  const out: EventOf<'stop'>[] = [];
  const n = t.length;
  const { tsMs, lon, lat } = t;
  // metres, in a local equirectangular frame: exact enough within a 1 km circle, and no trig per fix
  const r2 = (p.stopDiameterM / 2) ** 2;
  let s = 0;
  let sx = 0;
  let sy = 0;
  let kx = 0;
  for (let i = 0; i < n; i++) {
    if (i > s) {
      const k = i - s;
      const dx = (lon[i] - sx / k) * kx;
      const dy = (lat[i] - sy / k) * M_PER_DEG;
      if (dx * dx + dy * dy > r2 || tsMs[i] - tsMs[i - 1] >= p.gapMinMs) {
        if (i - 1 > s && tsMs[i - 1] - tsMs[s] >= p.stopMinDurationMs) emit(t, ctx, s, i - 1, out);
        s = i;
        sx = 0;
        sy = 0;
      }
    }
    if (i === s) kx = Math.cos(lat[i] * RAD) * M_PER_DEG;
    sx += lon[i];
    sy += lat[i];
  }
  if (n > 0 && n - 1 > s && tsMs[n - 1] - tsMs[s] >= p.stopMinDurationMs) emit(t, ctx, s, n - 1, out);
  return out;
}
