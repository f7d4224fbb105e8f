/**
 * AIS gaps ("going dark"): two consecutive fixes ≥ `gapMinMs` apart. The threshold is the area's
 * own `gapMinMs` when an end lies within `gapNearAreaM` of an area that sets one (nearest area,
 * start end first), else the set's. Each gap carries its distance and implied speed, the reachable
 * ellipse at `gapMaxSpeedKnots`, the areas near either end, and its reception context (other
 * vessels heard within `gapReceptionRadiusM` of each end during the silence).
 *
 * Dark port calls: a callable area (not one either end lies in) whose boundary the vessel could
 * have reached from A, stayed at for ≥ `darkCallMinDwellMs`, and left in time to reach B, all at
 * ≤ `gapMaxSpeedKnots`. The visit window is [tA + dA/v, tB − dB/v].
 */
import { nearestArea, newHit, signedDistanceM } from '../areas/compile.js';
import { CALLABLE_KINDS } from '../areas/types.js';
import { haversineM, impliedSpeedKnots, MPS_PER_KNOT } from '../geo/distance.js';
import { reachableEllipse } from '../geo/ellipse.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import type { ReceptionCounts } from './reception.js';
import { support } from './track-util.js';
import type { AreaRef, EventOf } from './types.js';

export function smallestGapMinMs(ctx: DetectContext): number {
  let m = ctx.params.gapMinMs;
  for (const a of ctx.areas) if (a.thresholds?.gapMinMs !== undefined) m = Math.min(m, a.thresholds.gapMinMs);
  return m;
}

export function detectGaps(
  t: Track,
  ctx: DetectContext,
  reception: ReceptionCounts | null,
  selfIndex: number,
): Array<EventOf<'gap'> | EventOf<'dark-port-call'>> {
  const p = ctx.params;
  const out: Array<EventOf<'gap'> | EventOf<'dark-port-call'>> = [];
  const floor = smallestGapMinMs(ctx);
  const { tsMs, lon, lat } = t;
  for (let i = 1; i < t.length; i++) {
    const dt = tsMs[i] - tsMs[i - 1];
    if (dt < floor) continue;
    const a = i - 1;
    const hitA = newHit();
    const hitB = newHit();
    nearestArea(ctx.awayIndex, lon[a], lat[a], p.gapNearAreaM, false, hitA);
    nearestArea(ctx.awayIndex, lon[i], lat[i], p.gapNearAreaM, false, hitB);
    const areaA = hitA.index >= 0 ? ctx.areas[hitA.index] : null;
    const areaB = hitB.index >= 0 ? ctx.areas[hitB.index] : null;
    const gapMinMs = areaA?.thresholds?.gapMinMs ?? areaB?.thresholds?.gapMinMs ?? p.gapMinMs;
    if (dt < gapMinMs) continue;
    const distanceM = haversineM(lon[a], lat[a], lon[i], lat[i]);
    const speed = impliedSpeedKnots(distanceM, dt);
    const e = reachableEllipse(lon[a], lat[a], lon[i], lat[i], dt, p.gapMaxSpeedKnots);
    const [nearStart, nearEnd] = reception ? reception.get(selfIndex, a) : [0, 0];
    const id = eventId('gap', t.mmsi, null, tsMs[a]);
    const ref = (k: number, d: number): AreaRef | null =>
      k >= 0 ? { areaId: ctx.areas[k].id, distanceM: d } : null;
    const dark: EventOf<'dark-port-call'>[] = [];
    const vMps = p.gapMaxSpeedKnots * MPS_PER_KNOT;
    for (const area of ctx.areas) {
      if (!CALLABLE_KINDS.has(area.kind)) continue;
      const dA = signedDistanceM(area, lon[a], lat[a]);
      const dB = signedDistanceM(area, lon[i], lat[i]);
      const margin = area.thresholds?.portExitMarginM ?? p.portExitMarginM;
      if (dA <= margin || dB <= margin) continue;
      const earliestArrivalMs = tsMs[a] + (dA / vMps) * 1000;
      const latestDepartureMs = tsMs[i] - (dB / vMps) * 1000;
      const maxDwellMs = latestDepartureMs - earliestArrivalMs;
      if (maxDwellMs < p.darkCallMinDwellMs) continue;
      dark.push({
        id: eventId('dark-port-call', t.mmsi, null, tsMs[a], area.id),
        type: 'dark-port-call',
        mmsi: t.mmsi,
        mmsi2: null,
        startMs: tsMs[a],
        endMs: tsMs[i],
        lon: area.geometry.type === 'circle' ? area.geometry.lon : lon[a],
        lat: area.geometry.type === 'circle' ? area.geometry.lat : lat[a],
        confidence: nearStart > 0 ? 2 : 1,
        params: {
          paramSet: p.name,
          gapMinMs,
          gapMaxSpeedKnots: p.gapMaxSpeedKnots,
          darkCallMinDwellMs: p.darkCallMinDwellMs,
          portExitMarginM: margin,
        },
        support: [support(t, a, i)],
        details: {
          areaId: area.id,
          areaKind: area.kind,
          gapEventId: id,
          earliestArrivalMs: Math.round(earliestArrivalMs),
          latestDepartureMs: Math.round(latestDepartureMs),
          maxDwellMs: Math.round(maxDwellMs),
          detourM: dA + dB - distanceM,
        },
      });
    }
    const consistent = speed <= p.gapMaxSpeedKnots;
    out.push({
      id,
      type: 'gap',
      mmsi: t.mmsi,
      mmsi2: null,
      startMs: tsMs[a],
      endMs: tsMs[i],
      lon: lon[a],
      lat: lat[a],
      confidence: consistent ? ((2 + (nearStart > 0 ? 1 : 0) + (nearEnd > 0 ? 1 : 0)) as 2 | 3 | 4) : 1,
      params: {
        paramSet: p.name,
        gapMinMs,
        gapMaxSpeedKnots: p.gapMaxSpeedKnots,
        gapNearAreaM: p.gapNearAreaM,
        gapReceptionRadiusM: p.gapReceptionRadiusM,
      },
      support: [support(t, a, i)],
      details: {
        durationMs: dt,
        distanceM,
        impliedSpeedKnots: speed,
        reachable: {
          lonA: e.lonA,
          latA: e.latA,
          lonB: e.lonB,
          latB: e.latB,
          majorAxisM: e.majorAxisM,
          semiMinorAxisM: e.semiMinorAxisM,
          maxSpeedKnots: e.maxSpeedKnots,
        },
        startNear: ref(hitA.index, hitA.distanceM),
        endNear: ref(hitB.index, hitB.distanceM),
        othersHeardNearStart: nearStart,
        othersHeardNearEnd: nearEnd,
        likelyCause: nearStart > 0 ? 'transponder-off' : 'coverage-or-unknown',
        darkPortCallAreaIds: dark.map((d) => d.details.areaId),
      },
    });
    out.push(...dark);
  }
  return out;
}
