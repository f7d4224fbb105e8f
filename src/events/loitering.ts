/**
 * Loitering: a run of fixes below `loiterMaxSpeedKnots` lasting ≥ `loiterMinDurationMs`, every fix
 * farther than `loiterMinAreaDistanceM` from any callable area (GFW: < 2 kn, ≥ 20 nm offshore;
 * without a coastline, areas of interest stand in for the shore). A silence ≥ `gapMinMs` breaks
 * the run: what happened in it is the gap detector's business.
 */
import { nearestArea, newHit } from '../areas/compile.js';
import { impliedSpeedKnots, localDistanceM } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { meanPosition, speedAt, support } from './track-util.js';
import type { EventOf } from './types.js';

function emit(
  t: Track,
  ctx: DetectContext,
  s: number,
  e: number,
  nearest: number,
  out: EventOf<'loitering'>[],
): void {
  const p = ctx.params;
  let distM = 0;
  for (let i = s + 1; i <= e; i++) distM += localDistanceM(t.lon[i - 1], t.lat[i - 1], t.lon[i], t.lat[i]);
  const dur = t.tsMs[e] - t.tsMs[s];
  const [x, y] = meanPosition(t, s, e);
  out.push({
    id: eventId('loitering', t.mmsi, null, t.tsMs[s]),
    type: 'loitering',
    mmsi: t.mmsi,
    mmsi2: null,
    startMs: t.tsMs[s],
    endMs: t.tsMs[e],
    lon: x,
    lat: y,
    confidence: dur >= 2 * p.loiterMinDurationMs ? 3 : 2,
    params: {
      paramSet: p.name,
      loiterMaxSpeedKnots: p.loiterMaxSpeedKnots,
      loiterMinDurationMs: p.loiterMinDurationMs,
      loiterMinAreaDistanceM: p.loiterMinAreaDistanceM,
      gapMinMs: p.gapMinMs,
    },
    support: [support(t, s, e)],
    details: {
      meanSpeedKnots: impliedSpeedKnots(distM, dur),
      distanceM: distM,
      nearestAreaDistanceM: Number.isFinite(nearest) ? nearest : null,
    },
  });
}

export function detectLoitering(t: Track, ctx: DetectContext): EventOf<'loitering'>[] {
  const p = ctx.params;
  const out: EventOf<'loitering'>[] = [];
  const n = t.length;
  const { tsMs, lon, lat } = t;
  const hit = newHit();
  let s = -1;
  let nearest = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= n; i++) {
    const sp = i < n ? t.speedKnots[i] : Number.NaN;
    let ok = i < n && (Number.isNaN(sp) ? speedAt(t, i) : sp) < p.loiterMaxSpeedKnots;
    let d = Number.POSITIVE_INFINITY;
    if (ok && nearestArea(ctx.awayIndex, lon[i], lat[i], ctx.awayIndex.marginM, true, hit) >= 0) {
      d = hit.distanceM;
      if (d <= p.loiterMinAreaDistanceM) ok = false;
    }
    const broken = ok && s >= 0 && tsMs[i] - tsMs[i - 1] >= p.gapMinMs;
    if (s >= 0 && (!ok || broken)) {
      if (tsMs[i - 1] - tsMs[s] >= p.loiterMinDurationMs) emit(t, ctx, s, i - 1, nearest, out);
      s = -1;
    }
    if (!ok) continue;
    if (s < 0) {
      s = i;
      nearest = d;
    } else if (d < nearest) nearest = d;
  }
  return out;
}
