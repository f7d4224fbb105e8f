/**
 * Speed anomalies and one MMSI in two places. Track cleaning (src/tracks/columns.ts) splits an
 * MMSI's fixes into segments (src/tracks/segments.ts), drops spikes — segments of at most
 * `segmentNoiseMaxFixes` fixes reached faster than `spoofMaxSpeedKnots` (and farther than
 * `spoofJitterM`) — and keeps, but lists, each too-fast switch from one segment to another. It
 * reads the whole MMSI, not one segment: the switches are the evidence. Each becomes a
 * `speed-anomaly`; when ≥ `spoofTwoPlacesMinAnomalies` of them fall within
 * `spoofTwoPlacesWindowMs` of each other, the track is alternating between two places — two
 * transmitters with one MMSI, or a spoofed position stream — and they become one `two-places`.
 */
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { cleanOptionsOf } from './params.js';
import { support } from './track-util.js';
import type { EventOf, SupportRange } from './types.js';

interface Anomaly {
  tsMs: number;
  fromMs: number;
  lon: number;
  lat: number;
  speed: number;
  distanceM: number;
  handling: 'dropped' | 'kept';
  support: SupportRange;
}

export function detectSpoofing(
  t: Track,
  ctx: DetectContext,
): Array<EventOf<'speed-anomaly'> | EventOf<'two-places'>> {
  const p = ctx.params;
  const list: Anomaly[] = [];
  for (const d of t.dropped) {
    if (d.reason !== 'impossible-jump') continue;
    list.push({
      tsMs: d.tsMs,
      fromMs: d.tsMs,
      lon: d.lon,
      lat: d.lat,
      speed: d.impliedSpeedKnots ?? Number.POSITIVE_INFINITY,
      distanceM: d.jumpM ?? 0,
      handling: 'dropped',
      support: { mmsi: t.mmsi, fromPositionId: d.positionId, toPositionId: d.positionId, count: 1 },
    });
  }
  for (const j of t.jumps) {
    list.push({
      tsMs: t.tsMs[j.toIndex],
      fromMs: t.tsMs[j.fromIndex],
      lon: t.lon[j.toIndex],
      lat: t.lat[j.toIndex],
      speed: j.impliedSpeedKnots,
      distanceM: j.distanceM,
      handling: 'kept',
      support: support(t, j.fromIndex, j.toIndex),
    });
  }
  list.sort((a, b) => a.tsMs - b.tsMs || a.support.fromPositionId - b.support.fromPositionId);
  const cleaning = t.cleaning ?? cleanOptionsOf(p);
  const params = {
    paramSet: p.name,
    spoofMaxSpeedKnots: cleaning.maxSpeedKnots,
    spoofJitterM: cleaning.jitterM,
    segmentMaxSilenceMs: cleaning.maxSilenceMs,
    segmentNoiseMaxFixes: cleaning.noiseMaxFixes,
    spoofTwoPlacesMinAnomalies: p.spoofTwoPlacesMinAnomalies,
    spoofTwoPlacesWindowMs: p.spoofTwoPlacesWindowMs,
  };
  const out: Array<EventOf<'speed-anomaly'> | EventOf<'two-places'>> = [];
  let s = 0;
  while (s < list.length) {
    let e = s;
    while (e + 1 < list.length && list[e + 1].tsMs - list[e].tsMs <= p.spoofTwoPlacesWindowMs) e++;
    const group = list.slice(s, e + 1);
    if (group.length >= p.spoofTwoPlacesMinAnomalies) {
      const seps = group.map((g) => g.distanceM).sort((a, b) => a - b);
      out.push({
        id: eventId('two-places', t.mmsi, null, group[0].fromMs),
        type: 'two-places',
        mmsi: t.mmsi,
        mmsi2: null,
        startMs: group[0].fromMs,
        endMs: group[group.length - 1].tsMs,
        lon: group[0].lon,
        lat: group[0].lat,
        confidence: group.length >= 2 * p.spoofTwoPlacesMinAnomalies ? 4 : 3,
        params,
        support: group.map((g) => g.support),
        details: {
          anomalies: group.length,
          maxImpliedSpeedKnots: Math.max(...group.map((g) => g.speed)),
          separationM: seps[seps.length >> 1],
        },
      });
    } else {
      for (const g of group)
        out.push({
          // a stored fix's id is its time, and fixes of one time (a capture given one
          // --received-at) are many: the place of the anomaly keeps their ids apart
          id: eventId(
            'speed-anomaly',
            t.mmsi,
            null,
            g.fromMs,
            `${g.support.fromPositionId}@${g.lon},${g.lat}`,
          ),
          type: 'speed-anomaly',
          mmsi: t.mmsi,
          mmsi2: null,
          startMs: g.fromMs,
          endMs: g.tsMs,
          lon: g.lon,
          lat: g.lat,
          confidence: g.handling === 'dropped' ? 3 : 2,
          params,
          support: [g.support],
          details: { impliedSpeedKnots: g.speed, distanceM: g.distanceM, handling: g.handling },
        });
    }
    s = e + 1;
  }
  return out;
}
