/**
 * The pure simulation core: scenario → vessel plans → transmissions → receptions → ground truth.
 * No I/O and no clock: the same scenario (and seed) gives the same result, byte for byte once
 * written.
 */
import { planBackground } from './background.js';
import { Coverage } from './coverage.js';
import { planFleet } from './fleet.js';
import { Places } from './places.js';
import { inSpans, latest, NAV_MOORED, PlanCursor, type VesselPlan } from './plan.js';
import { distanceM, type LatLon } from './polyline.js';
import { Rng } from './prng.js';
import type { Scenario } from './schema.js';
import type { Truth, TruthPortCall, TruthReceptionGap } from './truth.js';

export const GENERATOR = 'tallyman scenario simulator (simulated data)';
/** Reception gaps at least this long are listed in the truth. */
export const RECEPTION_GAP_MIN_H = 2;

/** One received position report (type 1 or 18), values as transmitted (already quantised). */
export interface PositionReception {
  kind: 'position';
  tsMs: number;
  vessel: number;
  station: string;
  mmsi: number;
  lat: number;
  lon: number;
  speedKnots: number;
  courseDeg: number;
  headingDeg: number | null;
  navStatus: number;
  trueLat: number;
  trueLon: number;
}

/** One received static message (type 5, or type 24 A+B for class B). */
export interface StaticReception {
  kind: 'static';
  tsMs: number;
  vessel: number;
  station: string;
  mmsi: number;
}

export type Reception = PositionReception | StaticReception;

export interface SimulationResult {
  scenario: Scenario;
  plans: VesselPlan[];
  /** Sorted by time, then vessel index, positions before statics. */
  receptions: Reception[];
  truth: Truth;
}

const q = (x: number, steps: number) => Math.round(x * steps) / steps;

function transmissions(
  s: Scenario,
  plan: VesselPlan,
  index: number,
  coverage: Coverage,
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

export function simulateScenario(s: Scenario): SimulationResult {
  const root = new Rng(s.seed);
  const places = new Places(s);
  const fleet = planFleet(s, root.fork('fleet'));
  const used = new Set(fleet.plans.flatMap((p) => p.identities.map((i) => i.mmsi)));
  const plans = [...fleet.plans, ...planBackground(s, places, root.fork('background'), used)];
  const coverage = new Coverage(s, root.fork('coverage'));

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
