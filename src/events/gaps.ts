/**
 * AIS gaps: two consecutive fixes ≥ `gapMinMs` apart. The threshold is the area's own `gapMinMs`
 * when an end lies within `gapNearAreaM` of an area that sets one (nearest area, start end first),
 * else the set's. Each gap carries its distance and implied speed, the reachable ellipse at
 * `gapMaxSpeedKnots`, the areas near either end, and the evidence that decides what it is:
 *
 *  - **dark** (`likelyCause: transponder-off`): the sources that heard the vessel just before and
 *    just after heard other vessels within `gapReceptionRadiusM` of *each* end in at least
 *    `gapCoverageMinShare` of the gap's whole hours (coverage.ts), the silence is no longer
 *    than `gapDarkMaxMs`, and the ends belong together (implied speed ≤ `gapMaxSpeedKnots`);
 *  - **coverage** (`no-coverage`): the receivers were not hearing the place throughout, or the
 *    silence is longer than `gapDarkMaxMs` — a hole in the data, never a finding;
 *  - **ends-inconsistent**: the ends cannot be one ship sailing (too fast).
 *
 * Only a dark gap yields dark port calls: a callable area (not one either end lies in) whose
 * boundary the vessel could have reached from A, stayed at for the area kind's minimum dwell
 * (`darkCallMinDwellMs`, `darkAnchorageMinDwellMs`, or the area's override), and left in time to
 * reach B, all at ≤ `gapMaxSpeedKnots`. The visit window is [tA + dA/v, tB − dB/v].
 */
import { nearestArea, newHit, signedDistanceM } from '../areas/compile.js';
import { type Area, CALLABLE_KINDS } from '../areas/types.js';
import { haversineM, impliedSpeedKnots, MPS_PER_KNOT, MS_PER_HOUR } from '../geo/distance.js';
import { reachableEllipse } from '../geo/ellipse.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { type CoverageModel, type HeardShares, heardShares, interiorHours, nearRadiusM } from './coverage.js';
import { eventId } from './id.js';
import type { EventParams } from './params.js';
import type { ReceptionCounts } from './reception.js';
import { support } from './track-util.js';
import type { AreaRef, EventOf, GapCoverage } from './types.js';

export function smallestGapMinMs(ctx: DetectContext): number {
  let m = ctx.params.gapMinMs;
  for (const a of ctx.areas) if (a.thresholds?.gapMinMs !== undefined) m = Math.min(m, a.thresholds.gapMinMs);
  return m;
}

/** The minimum stay a dark port call at `area` needs: its override, else its kind's value. */
function darkCallMinDwellFor(p: Readonly<EventParams>, area: Area): number {
  return (
    area.thresholds?.darkCallMinDwellMs ??
    (area.kind === 'anchorage' ? p.darkAnchorageMinDwellMs : p.darkCallMinDwellMs)
  );
}

/**
 * What decides a gap: the hours its sources heard others near each end, the sources' spans, and
 * the verdict. `nearStart` / `nearEnd` are the distinct others heard near each end (reception.ts).
 */
function judgeGap(
  t: Track,
  a: number,
  b: number,
  p: Readonly<EventParams>,
  darkMaxMs: number,
  coverage: CoverageModel | null,
  nearStart: number,
  nearEnd: number,
): GapCoverage {
  const fromMs = t.tsMs[a];
  const toMs = t.tsMs[b];
  const [h0, h1] = interiorHours(fromMs, toMs);
  const hours = Math.max(0, h1 - h0 + 1);
  const sources = t.sourceNo[a] === t.sourceNo[b] ? [t.sourceNo[a]] : [t.sourceNo[a], t.sourceNo[b]];
  let startHours = 0;
  let endHours = 0;
  // a gap with no whole hour inside (an area's short gapMinMs) falls back on "anyone heard"
  let shares: HeardShares = {
    startShare: nearStart > 0 ? 1 : 0,
    endShare: nearEnd > 0 ? 1 : 0,
    share: nearStart > 0 && nearEnd > 0 ? 1 : 0,
  };
  if (hours > 0) {
    let heardA: number[] = [];
    let heardB: number[] = [];
    if (coverage) {
      const near = (n: number) =>
        nearRadiusM(coverage.spans[n], p.gapReceptionRadiusM, p.gapCoverageMaxRadiusM);
      heardA = coverage.heardHours(sources, t.lon[a], t.lat[a], fromMs, toMs, near);
      heardB = coverage.heardHours(sources, t.lon[b], t.lat[b], fromMs, toMs, near);
    }
    startHours = heardA.length;
    endHours = heardB.length;
    const binHours = Math.max(1, Math.round(p.gapCoverageBinMs / MS_PER_HOUR));
    shares = heardShares(heardA, heardB, h0, h1, binHours);
  }
  const durationMs = toMs - fromMs;
  const speed = impliedSpeedKnots(haversineM(t.lon[a], t.lat[a], t.lon[b], t.lat[b]), durationMs);
  const cause: GapCoverage['cause'] =
    speed > p.gapMaxSpeedKnots
      ? 'ends-inconsistent'
      : durationMs > darkMaxMs
        ? 'longer-than-max'
        : shares.share >= p.gapCoverageMinShare
          ? 'others-heard-throughout'
          : 'sources-not-hearing';
  return {
    cause,
    hours,
    startHeardHours: startHours,
    endHeardHours: endHours,
    startHeardShare: shares.startShare,
    endHeardShare: shares.endShare,
    heardShare: shares.share,
    darkMaxMs,
    sources: sources.map((n) => {
      const sp = coverage?.spans[n];
      return {
        name: sp?.name ?? `source ${n}`,
        firstMs: sp?.firstMs ?? null,
        lastMs: sp?.lastMs ?? null,
        nearM: Math.round(nearRadiusM(sp, p.gapReceptionRadiusM, p.gapCoverageMaxRadiusM)),
      };
    }),
  };
}

export function detectGaps(
  t: Track,
  ctx: DetectContext,
  reception: ReceptionCounts | null,
  selfIndex: number,
  coverage: CoverageModel | null = null,
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
    const darkMaxMs = areaA?.thresholds?.gapDarkMaxMs ?? areaB?.thresholds?.gapDarkMaxMs ?? p.gapDarkMaxMs;
    const distanceM = haversineM(lon[a], lat[a], lon[i], lat[i]);
    const speed = impliedSpeedKnots(distanceM, dt);
    const e = reachableEllipse(lon[a], lat[a], lon[i], lat[i], dt, p.gapMaxSpeedKnots);
    const [nearStart, nearEnd] = reception ? reception.get(selfIndex, a) : [0, 0];
    const judged = judgeGap(t, a, i, p, darkMaxMs, coverage, nearStart, nearEnd);
    const isDark = judged.cause === 'others-heard-throughout';
    const id = eventId('gap', t.mmsi, null, tsMs[a]);
    const ref = (k: number, d: number): AreaRef | null =>
      k >= 0 ? { areaId: ctx.areas[k].id, distanceM: d } : null;
    // heard in ≥ 90 % of the hours at both ends, by several others: as strong as AIS evidence gets
    const gapConfidence: 1 | 2 | 3 | 4 = !isDark
      ? 1
      : ((2 + (judged.heardShare >= 0.9 ? 1 : 0) + (nearStart >= 2 && nearEnd >= 2 ? 1 : 0)) as 2 | 3 | 4);
    const dark = isDark ? darkPortCalls(t, a, i, ctx, id, distanceM, gapMinMs, gapConfidence) : [];
    out.push({
      id,
      type: 'gap',
      mmsi: t.mmsi,
      mmsi2: null,
      startMs: tsMs[a],
      endMs: tsMs[i],
      lon: lon[a],
      lat: lat[a],
      confidence: gapConfidence,
      params: {
        paramSet: p.name,
        gapMinMs,
        gapMaxSpeedKnots: p.gapMaxSpeedKnots,
        gapNearAreaM: p.gapNearAreaM,
        gapReceptionRadiusM: p.gapReceptionRadiusM,
        gapCoverageMinShare: p.gapCoverageMinShare,
        gapDarkMaxMs: darkMaxMs,
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
        likelyCause: isDark
          ? 'transponder-off'
          : judged.cause === 'ends-inconsistent'
            ? 'ends-inconsistent'
            : 'no-coverage',
        coverage: judged,
        darkPortCallAreaIds: dark.map((d) => d.details.areaId),
      },
    });
    out.push(...dark);
  }
  return out;
}

/**
 * The callable areas a dark gap from fix a to fix b leaves time to visit: reach, stay the area's
 * minimum dwell, and go on to b, at `gapMaxSpeedKnots`. Confidence follows the dwell budget and
 * the competition: 1, +1 when the window allows twice the minimum dwell, +1 when no other area
 * competes for the gap, +1 when the gap itself is strongly dark (confidence ≥ 3).
 */
function darkPortCalls(
  t: Track,
  a: number,
  b: number,
  ctx: DetectContext,
  gapId: string,
  distanceM: number,
  gapMinMs: number,
  gapConfidence: number,
): EventOf<'dark-port-call'>[] {
  const p = ctx.params;
  const { tsMs, lon, lat } = t;
  const vMps = p.gapMaxSpeedKnots * MPS_PER_KNOT;
  const found: Array<{
    area: Area;
    margin: number;
    minDwellMs: number;
    earliestArrivalMs: number;
    latestDepartureMs: number;
    dA: number;
    dB: number;
  }> = [];
  for (const area of ctx.areas) {
    if (!CALLABLE_KINDS.has(area.kind)) continue;
    const dA = signedDistanceM(area, lon[a], lat[a]);
    const dB = signedDistanceM(area, lon[b], lat[b]);
    const margin = area.thresholds?.portExitMarginM ?? p.portExitMarginM;
    if (dA <= margin || dB <= margin) continue;
    const earliestArrivalMs = tsMs[a] + (dA / vMps) * 1000;
    const latestDepartureMs = tsMs[b] - (dB / vMps) * 1000;
    const minDwellMs = darkCallMinDwellFor(p, area);
    if (latestDepartureMs - earliestArrivalMs < minDwellMs) continue;
    found.push({ area, margin, minDwellMs, earliestArrivalMs, latestDepartureMs, dA, dB });
  }
  return found.map((f) => {
    const maxDwellMs = f.latestDepartureMs - f.earliestArrivalMs;
    const confidence = (1 +
      (maxDwellMs >= 2 * f.minDwellMs ? 1 : 0) +
      (found.length === 1 ? 1 : 0) +
      (gapConfidence >= 3 ? 1 : 0)) as 1 | 2 | 3 | 4;
    const { area } = f;
    return {
      id: eventId('dark-port-call', t.mmsi, null, tsMs[a], area.id),
      type: 'dark-port-call' as const,
      mmsi: t.mmsi,
      mmsi2: null,
      startMs: tsMs[a],
      endMs: tsMs[b],
      lon: area.geometry.type === 'circle' ? area.geometry.lon : lon[a],
      lat: area.geometry.type === 'circle' ? area.geometry.lat : lat[a],
      confidence,
      params: {
        paramSet: p.name,
        gapMinMs,
        gapMaxSpeedKnots: p.gapMaxSpeedKnots,
        darkCallMinDwellMs: f.minDwellMs,
        portExitMarginM: f.margin,
      },
      support: [support(t, a, b)],
      details: {
        areaId: area.id,
        areaKind: area.kind,
        gapEventId: gapId,
        earliestArrivalMs: Math.round(f.earliestArrivalMs),
        latestDepartureMs: Math.round(f.latestDepartureMs),
        maxDwellMs: Math.round(maxDwellMs),
        minDwellMs: f.minDwellMs,
        competingAreas: found.length - 1,
        detourM: f.dA + f.dB - distanceM,
      },
    };
  });
}
