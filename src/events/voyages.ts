/**
 * Voyages: the legs between a vessel's consecutive port calls (from one call's end to the next's
 * start), with the AIS gaps inside them — a leg with a gap is `dark`, and the areas a gap admits
 * a dark call at are listed on the gap. A leg that starts or ends in a dark port call shows up as
 * a dark leg between the observed calls on either side.
 */
import { haversineM } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { firstAtOrAfter, support } from './track-util.js';
import type { EventOf } from './types.js';

export function detectVoyages(
  t: Track,
  ctx: DetectContext,
  portCalls: readonly EventOf<'port-call'>[],
  gaps: readonly EventOf<'gap'>[],
): EventOf<'voyage'>[] {
  const out: EventOf<'voyage'>[] = [];
  const calls = [...portCalls].sort((a, b) => a.startMs - b.startMs);
  for (let k = 0; k + 1 < calls.length; k++) {
    const from = calls[k];
    const to = calls[k + 1];
    const startMs = from.endMs;
    const endMs = to.startMs;
    if (endMs < startMs) continue;
    const a = Math.min(firstAtOrAfter(t, startMs), t.length - 1);
    const b = Math.min(firstAtOrAfter(t, endMs), t.length - 1);
    let distanceM = 0;
    for (let i = a + 1; i <= b; i++) distanceM += haversineM(t.lon[i - 1], t.lat[i - 1], t.lon[i], t.lat[i]);
    const inLeg = gaps.filter((g) => g.startMs >= startMs && g.endMs <= endMs);
    out.push({
      id: eventId('voyage', t.mmsi, null, startMs),
      type: 'voyage',
      mmsi: t.mmsi,
      mmsi2: null,
      startMs,
      endMs,
      lon: t.lon[a],
      lat: t.lat[a],
      confidence: Math.min(from.confidence, to.confidence) as 1 | 2 | 3 | 4,
      params: { paramSet: ctx.params.name, gapMinMs: ctx.params.gapMinMs },
      support: [support(t, a, b)],
      details: {
        fromAreaId: from.details.areaId,
        toAreaId: to.details.areaId,
        dark: inLeg.length > 0,
        gapEventIds: inLeg.map((g) => g.id),
        distanceM,
      },
    });
  }
  return out;
}
