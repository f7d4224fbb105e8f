/**
 * Loitering: a run of fixes below `loiterMaxSpeedKnots` lasting ≥ `loiterMinDurationMs`, every fix
 * farther than `loiterMinAreaDistanceM` from any callable area (GFW: < 2 kn, ≥ 20 nm offshore;
 * without a coastline, areas of interest stand in for the shore). A silence ≥ `gapMinMs` breaks
 * the run: what happened in it is the gap detector's business.
 */
import { nearestArea } from '../areas/compile.js';
import { haversineM, impliedSpeedKnots } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { meanPosition, speedAt, support } from './track-util.js';
import type { EventOf } from './types.js';

export function detectLoitering(t: Track, ctx: DetectContext): EventOf<'loitering'>[] {
  const p = ctx.params;
  const out: EventOf<'loitering'>[] = [];
  const n = t.length;
  const { tsMs, lon, lat } = t;
  let s = -1;
  let distM = 0;
  let nearest = Number.POSITIVE_INFINITY;

  const close = (e: number): void => {
    if (s < 0 || e <= s) return;
    const dur = tsMs[e] - tsMs[s];
    if (dur < p.loiterMinDurationMs) return;
    const [x, y] = meanPosition(t, s, e);
    out.push({
      id: eventId('loitering', t.mmsi, null, tsMs[s]),
      type: 'loitering',
      mmsi: t.mmsi,
      mmsi2: null,
      startMs: tsMs[s],
      endMs: tsMs[e],
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
  };

  for (let i = 0; i < n; i++) {
    const slow = speedAt(t, i) < p.loiterMaxSpeedKnots;
    let ok = slow;
    let d = Number.POSITIVE_INFINITY;
    if (ok) {
      const hit = nearestArea(ctx.awayIndex, lon[i], lat[i], ctx.awayIndex.marginM, true);
      if (hit.index >= 0) {
        d = hit.distanceM;
        if (d <= p.loiterMinAreaDistanceM) ok = false;
      }
    }
    if (ok && s >= 0 && tsMs[i] - tsMs[i - 1] >= p.gapMinMs) {
      close(i - 1);
      s = -1;
    }
    if (!ok) {
      close(i - 1);
      s = -1;
      continue;
    }
    if (s < 0) {
      s = i;
      distM = 0;
      nearest = d;
    } else {
      distM += haversineM(lon[i - 1], lat[i - 1], lon[i], lat[i]);
      if (d < nearest) nearest = d;
    }
  }
  close(n - 1);
  return out;
}
