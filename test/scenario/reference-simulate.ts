/**
 * The simulator as it was before it streamed (git history: src/scenario/simulate.ts before the
 * streamed writer): every reception in one array, sorted at the end; truth counted over that
 * array; a plan cursor that interpolates with polyline.along; coverage that measures every
 * station's distance. Kept here only to check that the streamed simulator gives the same
 * receptions and truth, value for value.
 */
import { METRES_PER_NM, MPS_PER_KNOT } from '../../src/geo/distance.js';
import { planBackground } from '../../src/scenario/background.js';
import { Coverage, STATION_PREFIX } from '../../src/scenario/coverage.js';
import { planFleet } from '../../src/scenario/fleet.js';
import { Places } from '../../src/scenario/places.js';
import {
  inSpans,
  latest,
  NAV_MOORED,
  type Segment,
  type TrueState,
  type VesselPlan,
} from '../../src/scenario/plan.js';
import { along, distanceM, type LatLon } from '../../src/scenario/polyline.js';
import { Rng } from '../../src/scenario/prng.js';
import type { Scenario } from '../../src/scenario/schema.js';
import {
  GENERATOR,
  type PositionReception,
  RECEPTION_GAP_MIN_H,
  type Reception,
  type SimulationResult,
} from '../../src/scenario/simulate.js';
import type { Truth, TruthPortCall, TruthReceptionGap } from '../../src/scenario/truth.js';

/** coverage.ts's receive as it was: the haversine to every station. */
class ReferenceCoverage {
  private readonly passStarts: number[];
  private readonly passMs: number;
  private readonly stations: { id: string; pos: LatLon; rangeM: number; p: number }[];
  private readonly satId: string | null;
  private readonly satP: number;
  private readonly keepDuplicates: boolean;

  constructor(s: Scenario, rng: Rng) {
    const c = s.coverage;
    this.stations = c.stations.map((st) => ({
      id: `${STATION_PREFIX}${st.id}`,
      pos: { lat: st.lat, lon: st.lon },
      rangeM: st.rangeNm * METRES_PER_NM,
      p: st.detectionProbability,
    }));
    this.keepDuplicates = c.keepDuplicates;
    const sat = c.satellite;
    this.satId = sat === null ? null : `${STATION_PREFIX}${sat.id}`;
    this.satP = sat === null ? 0 : sat.detectionProbability;
    this.passMs = sat === null ? 0 : sat.passDurationMin * 60000;
    // The pass times are drawn by the real class from the same stream.
    this.passStarts = new Coverage(s, rng).passes().map((p) => p.t0Ms);
  }

  private inPass(tMs: number): boolean {
    const a = this.passStarts;
    let lo = 0;
    let hi = a.length - 1;
    if (hi < 0 || tMs < a[0]) return false;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (a[mid] <= tMs) lo = mid;
      else hi = mid - 1;
    }
    return tMs < a[lo] + this.passMs;
  }

  receive(pos: LatLon, tMs: number, rng: Rng): string[] {
    const out: string[] = [];
    for (const st of this.stations) {
      if (distanceM(pos, st.pos) <= st.rangeM && rng.chance(st.p)) {
        out.push(st.id);
        if (!this.keepDuplicates) return out;
      }
    }
    if (this.satId !== null && this.inPass(tMs) && rng.chance(this.satP)) out.push(this.satId);
    return out;
  }
}

/** plan.ts's PlanCursor as it was. */
class PlanCursor {
  private i = 0;
  constructor(private readonly segments: readonly Segment[]) {}

  at(tMs: number): TrueState | null {
    const segs = this.segments;
    if (segs.length === 0 || tMs < segs[0].t0Ms || tMs > segs[segs.length - 1].t1Ms) return null;
    if (segs[this.i].t0Ms > tMs) this.i = 0;
    while (this.i < segs.length - 1 && segs[this.i].t1Ms < tMs) this.i++;
    const s = segs[this.i];
    if (s.points.length === 1) {
      return {
        pos: s.points[0],
        speedKnots: 0,
        courseDeg: s.headingDeg,
        headingDeg: s.headingDeg,
        navStatus: s.navStatus,
        placeId: s.placeId,
      };
    }
    const lenM = s.cumM[s.cumM.length - 1];
    const f = s.t1Ms > s.t0Ms ? (tMs - s.t0Ms) / (s.t1Ms - s.t0Ms) : 1;
    const a = along(s.points, s.cumM, f * lenM);
    const speedKnots = lenM / ((s.t1Ms - s.t0Ms) / 1000) / MPS_PER_KNOT;
    return {
      pos: a.pos,
      speedKnots,
      courseDeg: a.courseDeg,
      headingDeg: a.courseDeg,
      navStatus: s.navStatus,
      placeId: null,
    };
  }
}

const q = (x: number, steps: number) => Math.round(x * steps) / steps;

function transmissions(
  s: Scenario,
  plan: VesselPlan,
  index: number,
  coverage: ReferenceCoverage,
  rng: Rng,
  out: Reception[],
): void {
  const segs = plan.segments;
  if (segs.length === 0) return;
  const rep = s.reporting;
  const cursor = new PlanCursor(segs);
  const t0 = segs[0].t0Ms;
  const t1 = segs[segs.length - 1].t1Ms;
  let tS = Math.ceil(t0 / 1000 + rng.uniform(0, rep.underwayIntervalS));
  let nextStaticS = tS + Math.round(rng.uniform(0, rep.staticIntervalS));
  while (tS * 1000 <= t1) {
    const tMs = tS * 1000;
    const st = cursor.at(tMs);
    if (st === null) break;
    const moored = st.navStatus === NAV_MOORED;
    const intervalS =
      plan.aisClass === 'B' ? rep.classBIntervalS : moored ? rep.mooredIntervalS : rep.underwayIntervalS;
    if (inSpans(plan.dark, tMs) === null) {
      const id = latest(plan.identities, tMs);
      const heard = coverage.receive(st.pos, tMs, rng);
      if (heard.length > 0) {
        const spoof = inSpans(plan.spoofs, tMs);
        let shown: LatLon = st.pos;
        if (spoof !== null)
          shown = {
            lat: spoof.reported.lat + rng.uniform(-0.01, 0.01),
            lon: spoof.reported.lon + rng.uniform(-0.01, 0.01),
          };
        const sog = moored
          ? q(rng.uniform(0, 0.1), 10)
          : q(Math.max(0, st.speedKnots + rng.normal(0, s.reporting.speedNoiseKnots)), 10);
        const cog = q((st.courseDeg + (moored ? 0 : rng.normal(0, 1.5)) + 360) % 360, 10) % 360;
        const heading =
          plan.aisClass === 'B'
            ? null
            : Math.round(st.headingDeg + (moored ? 0 : rng.normal(0, 2)) + 360) % 360;
        for (const station of heard) {
          out.push({
            kind: 'position',
            tsMs: tMs,
            vessel: index,
            station,
            mmsi: id.mmsi,
            lat: q(shown.lat, 600000),
            lon: q(shown.lon, 600000),
            speedKnots: sog,
            courseDeg: cog,
            headingDeg: heading,
            navStatus: st.navStatus,
            trueLat: st.pos.lat,
            trueLon: st.pos.lon,
          });
        }
      }
      if (tS >= nextStaticS) {
        for (const station of coverage.receive(st.pos, tMs + 1000, rng)) {
          out.push({ kind: 'static', tsMs: tMs + 1000, vessel: index, station, mmsi: id.mmsi });
        }
      }
    }
    while (nextStaticS <= tS) nextStaticS += rep.staticIntervalS;
    tS += Math.max(1, Math.round(intervalS * rng.uniform(0.9, 1.1)));
  }
}

/** Visits of each vessel to each place's area, from its true track (1-min steps when sailing). */
function portCalls(plans: readonly VesselPlan[], places: Places, rec: readonly Reception[]): TruthPortCall[] {
  const calls: TruthPortCall[] = [];
  const all = places.all();
  const byVessel = positionsByVessel(plans.length, rec);
  plans.forEach((plan, vi) => {
    const segs = plan.segments;
    if (segs.length === 0) return;
    const planStart = segs[0].t0Ms;
    const planEnd = segs[segs.length - 1].t1Ms;
    for (const place of all) {
      const centre = { lat: place.lat, lon: place.lon };
      const spans: { t0: number; t1: number }[] = [];
      const add = (t0: number, t1: number) => {
        const last = spans[spans.length - 1];
        if (last !== undefined && t0 - last.t1 <= 61000) last.t1 = Math.max(last.t1, t1);
        else spans.push({ t0, t1 });
      };
      const cursor = new PlanCursor(segs);
      for (const seg of segs) {
        if (seg.points.length === 1) {
          if (distanceM(seg.points[0], centre) <= place.radiusM) add(seg.t0Ms, seg.t1Ms);
          continue;
        }
        // Skip sailing segments that never come near this place.
        const near = seg.points.some(
          (p) => Math.abs(p.lat - place.lat) < 2 && Math.abs(p.lon - place.lon) < 3,
        );
        if (!near) continue;
        // Spans run from the first to the last sample inside (1-min resolution).
        let inside = false;
        let from = 0;
        let lastIn = 0;
        for (let t = seg.t0Ms; t <= seg.t1Ms; t += 60000) {
          const st = cursor.at(t)!;
          const isIn = distanceM(st.pos, centre) <= place.radiusM;
          if (isIn && !inside) from = t;
          if (!isIn && inside) add(from, lastIn);
          if (isIn) lastIn = t;
          inside = isIn;
        }
        if (inside)
          add(
            from,
            distanceM(seg.points[seg.points.length - 1], centre) <= place.radiusM ? seg.t1Ms : lastIn,
          );
      }
      for (const sp of spans) {
        const id = latest(plan.identities, sp.t0);
        let received = 0;
        for (const r of byVessel[vi]) {
          if (
            r.tsMs >= sp.t0 &&
            r.tsMs <= sp.t1 &&
            distanceM({ lat: r.lat, lon: r.lon }, centre) <= place.radiusM
          ) {
            received++;
          }
        }
        calls.push({
          vessel: plan.key,
          mmsi: id.mmsi,
          name: id.name,
          area: place.id,
          areaOfInterest: place.areaOfInterest,
          arrivalTsMs: sp.t0 <= planStart ? null : sp.t0,
          departureTsMs: sp.t1 >= planEnd ? null : sp.t1,
          receivedPositions: received,
          simulated: true,
        });
      }
    }
  });
  return calls.sort(
    (a, b) => (a.arrivalTsMs ?? 0) - (b.arrivalTsMs ?? 0) || a.vessel.localeCompare(b.vessel),
  );
}

function positionsByVessel(n: number, rec: readonly Reception[]): PositionReception[][] {
  const out: PositionReception[][] = Array.from({ length: n }, () => []);
  for (const r of rec) if (r.kind === 'position') out[r.vessel].push(r);
  return out;
}

function receptionGaps(plans: readonly VesselPlan[], rec: readonly Reception[]): TruthReceptionGap[] {
  const gaps: TruthReceptionGap[] = [];
  const byVessel = positionsByVessel(plans.length, rec);
  plans.forEach((plan, vi) => {
    const ps = byVessel[vi];
    for (let i = 1; i < ps.length; i++) {
      const a = ps[i - 1].tsMs;
      const b = ps[i].tsMs;
      if (b - a < RECEPTION_GAP_MIN_H * 3600000) continue;
      const staged = plan.dark.some((d) => d.t0Ms < b && d.t1Ms > a);
      gaps.push({
        vessel: plan.key,
        mmsi: ps[i - 1].mmsi,
        startTsMs: a,
        endTsMs: b,
        durationH: Math.round(((b - a) / 3600000) * 100) / 100,
        cause: staged ? 'transponder-off' : 'coverage',
        simulated: true,
      });
    }
  });
  return gaps.sort((x, y) => x.startTsMs - y.startTsMs || x.vessel.localeCompare(y.vessel));
}

export function referenceSimulate(s: Scenario): SimulationResult {
  const root = new Rng(s.seed);
  const places = new Places(s);
  const fleet = planFleet(s, root.fork('fleet'));
  const used = new Set(fleet.plans.flatMap((p) => p.identities.map((i) => i.mmsi)));
  const plans = [...fleet.plans, ...planBackground(s, places, root.fork('background'), used)];
  const coverage = new ReferenceCoverage(s, root.fork('coverage'));

  const receptions: Reception[] = [];
  plans.forEach((plan, i) => {
    transmissions(s, plan, i, coverage, root.fork(`tx-${plan.key}`), receptions);
  });
  receptions.sort(
    (a, b) =>
      a.tsMs - b.tsMs ||
      a.vessel - b.vessel ||
      (a.kind === b.kind ? a.station.localeCompare(b.station) : a.kind === 'position' ? -1 : 1),
  );

  const countIn = (vessel: string, t0: number, t1: number) => {
    const vi = plans.findIndex((p) => p.key === vessel);
    let n = 0;
    for (const r of receptions)
      if (r.vessel === vi && r.kind === 'position' && r.tsMs >= t0 && r.tsMs < t1) n++;
    return n;
  };

  const byShipN: Record<string, number> = {};
  const byShipC: Record<string, number> = {};
  for (const sh of fleet.shipments) {
    byShipN[sh.ship] = (byShipN[sh.ship] ?? 0) + 1;
    byShipC[sh.ship] = (byShipC[sh.ship] ?? 0) + sh.containers;
  }
  const posCount = new Array<number>(plans.length).fill(0);
  const statCount = new Array<number>(plans.length).fill(0);
  for (const r of receptions) (r.kind === 'position' ? posCount : statCount)[r.vessel]++;

  const truth: Truth = {
    simulated: true,
    generator: GENERATOR,
    scenario: s.name,
    seed: s.seed,
    periodStartTsMs: Date.parse(s.period.start),
    periodEndTsMs: Date.parse(s.period.end),
    receptionGapMinH: RECEPTION_GAP_MIN_H,
    vessels: plans.map((p, i) => ({
      key: p.key,
      role: p.role,
      aisClass: p.aisClass,
      shipType: p.shipType,
      lengthM: p.lengthM,
      beamM: p.beamM,
      identities: p.identities.map((d) => ({
        fromTsMs: d.fromMs,
        mmsi: d.mmsi,
        name: d.name,
        callSign: d.callSign,
        imo: d.imo,
      })),
      firstTsMs: p.segments[0]?.t0Ms ?? 0,
      lastTsMs: p.segments[p.segments.length - 1]?.t1Ms ?? 0,
      receivedPositions: posCount[i],
      receivedStatics: statCount[i],
    })),
    shipments: fleet.shipments,
    portCalls: portCalls(plans, places, receptions),
    darkSpans: plans.flatMap((p) =>
      p.dark.map((d) => ({
        vessel: p.key,
        mmsi: latest(p.identities, d.t0Ms).mmsi,
        startTsMs: d.t0Ms,
        endTsMs: d.t1Ms,
        reason: d.reason,
        simulated: true as const,
      })),
    ),
    receptionGaps: receptionGaps(plans, receptions),
    briefSwitchOns: fleet.briefOns.map((b) => ({
      ...b,
      receivedPositions: countIn(b.vessel, b.startTsMs, b.endTsMs),
    })),
    encounters: fleet.encounters,
    spoofs: fleet.spoofs.map((sp) => {
      const plan = plans.find((p) => p.key === sp.vessel)!;
      const mid = new PlanCursor(plan.segments).at((sp.startTsMs + sp.endTsMs) / 2);
      return {
        ...sp,
        trueLat: mid === null ? sp.trueLat : Math.round(mid.pos.lat * 1e5) / 1e5,
        trueLon: mid === null ? sp.trueLon : Math.round(mid.pos.lon * 1e5) / 1e5,
        receivedPositions: countIn(sp.vessel, sp.startTsMs, sp.endTsMs),
      };
    }),
    identityChanges: fleet.identityChanges,
    draughtChanges: fleet.draughtChanges.sort((a, b) => a.tsMs - b.tsMs),
    totals: {
      shipments: fleet.shipments.length,
      containers: fleet.shipments.reduce((a, b) => a + b.containers, 0),
      shipmentsByShip: byShipN,
      containersByShip: byShipC,
      positionsReceived: posCount.reduce((a, b) => a + b, 0),
      staticsReceived: statCount.reduce((a, b) => a + b, 0),
    },
    warnings: fleet.warnings,
  };
  return { scenario: s, plans, receptions, truth };
}
