/**
 * The fleet's plans: shipments allocated to ships over the period (fixed ones from the public
 * record first, then generated ones per phase), excursions (shipyard visit, ship-to-ship
 * encounter), AIS-off policy, spoofed spans and identity changes; plus the staged truth events.
 */

import { Places } from './places.js';
import {
  type Identity,
  NAV_MOORED,
  NAV_UNDER_WAY,
  PlanBuilder,
  type Span,
  sailMs,
  type VesselPlan,
} from './plan.js';
import { destination, type LatLon } from './polyline.js';
import type { Rng } from './prng.js';
import type { EncounterExcursion, Scenario, ScenarioShip, ShipyardExcursion } from './schema.js';
import type {
  TruthBriefOn,
  TruthDraughtChange,
  TruthEncounter,
  TruthIdentityChange,
  TruthShipment,
  TruthSpoof,
} from './truth.js';

const HOUR_MS = 3600000;
const DAY_MS = 24 * HOUR_MS;

/** Seawater density, t/m³, and waterplane coefficient for small cargo ships (docs/sources.md, "Ships and draught"). */
const SEAWATER_T_M3 = 1.025;
const WATERPLANE_COEFFICIENT = 0.85;

interface Cycle {
  shipIndex: number;
  destination: string;
  containers: number;
  cargoTonnes: number;
  speeds: [number, number, number];
  leaveHomeMs: number;
  arriveOriginMs: number;
  departOriginMs: number;
  arriveDestMs: number;
  departDestMs: number;
  arriveHomeMs: number;
  note: string | null;
}

export interface FleetResult {
  plans: VesselPlan[];
  shipments: TruthShipment[];
  briefOns: Omit<TruthBriefOn, 'receivedPositions'>[];
  encounters: TruthEncounter[];
  spoofs: Omit<TruthSpoof, 'receivedPositions'>[];
  identityChanges: TruthIdentityChange[];
  draughtChanges: TruthDraughtChange[];
  warnings: string[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Tonnes per centimetre immersion, TPC = Cw·L·B·ρ/100 (docs/sources.md, "Ships and draught"). */
export function tonnesPerCm(lengthM: number, beamM: number): number {
  return (WATERPLANE_COEFFICIENT * lengthM * beamM * SEAWATER_T_M3) / 100;
}

function ladenDraught(ship: ScenarioShip, cargoTonnes: number): number {
  const riseM = cargoTonnes / tonnesPerCm(ship.lengthM, ship.beamM) / 100;
  return round1(Math.min(ship.maxDraughtM, ship.ballastDraughtM + riseM));
}

class Scheduler {
  readonly busy: Span[][];
  constructor(
    private readonly s: Scenario,
    private readonly places: Places,
  ) {
    this.busy = s.fleet.map(() => []);
  }

  /** Times of one cycle given the laden departure from the origin. */
  cycle(
    shipIndex: number,
    dest: string,
    departOriginMs: number,
    containers: number,
    rng: Rng,
    note: string | null,
  ): Cycle {
    const s = this.s;
    const ship = s.fleet[shipIndex];
    const origin = s.shipments.origin;
    const home = ship.homePort;
    const speed = () => Math.max(3, ship.serviceSpeedKnots + rng.uniform(-0.7, 0.5));
    const speeds: [number, number, number] = [speed(), speed(), speed()];
    const path = (from: string, to: string) => [
      this.places.berth(from, shipIndex),
      ...this.places.via(from, to),
      this.places.berth(to, shipIndex),
    ];
    const loadingMs = rng.uniform(s.shipments.loadingHours.min, s.shipments.loadingHours.max) * HOUR_MS;
    const unloadingMs = rng.uniform(s.shipments.unloadingHours.min, s.shipments.unloadingHours.max) * HOUR_MS;
    const arriveOriginMs = Math.round(departOriginMs - loadingMs);
    const leaveHomeMs = arriveOriginMs - sailMs(path(home, origin), speeds[0]);
    const arriveDestMs = departOriginMs + sailMs(path(origin, dest), speeds[1]);
    const departDestMs = Math.round(arriveDestMs + unloadingMs);
    const arriveHomeMs = dest === home ? departDestMs : departDestMs + sailMs(path(dest, home), speeds[2]);
    const tonnes = rng.uniform(s.shipments.containerTonnes.min, s.shipments.containerTonnes.max);
    return {
      shipIndex,
      destination: dest,
      containers,
      cargoTonnes: Math.round(containers * tonnes),
      speeds,
      leaveHomeMs,
      arriveOriginMs,
      departOriginMs,
      arriveDestMs,
      departDestMs,
      arriveHomeMs,
      note,
    };
  }

  fits(shipIndex: number, t0Ms: number, t1Ms: number): boolean {
    const idle = this.s.shipments.minIdleDays * DAY_MS;
    const start = Date.parse(this.s.period.start);
    const end = Date.parse(this.s.period.end);
    if (t0Ms < start || t1Ms > end) return false;
    return this.busy[shipIndex].every((b) => t1Ms + idle <= b.t0Ms || t0Ms >= b.t1Ms + idle);
  }

  reserve(shipIndex: number, t0Ms: number, t1Ms: number): void {
    this.busy[shipIndex].push({ t0Ms, t1Ms });
  }
}

/** Allocates every shipment to a ship and a time (deterministic for a given rng). */
function allocate(s: Scenario, sched: Scheduler, rng: Rng, warnings: string[]): Cycle[] {
  const shipIndex = new Map(s.fleet.map((f, i) => [f.id, i]));
  const cycles: Cycle[] = [];
  const containersFor = (range: { min: number; max: number }) => rng.int(range.min, range.max);

  for (const f of s.shipments.fixed) {
    const i = shipIndex.get(f.ship)!;
    const window = s.shipments.ships.find((w) => w.ship === f.ship);
    const n = f.containers ?? containersFor(window?.containers ?? s.shipments.containers);
    const c = sched.cycle(i, f.destination, Date.parse(f.departOriginAt), n, rng, f.note);
    if (!sched.fits(i, c.leaveHomeMs, c.arriveHomeMs)) {
      warnings.push(`fixed shipment of ${f.ship} at ${f.departOriginAt} overlaps another commitment`);
    }
    sched.reserve(i, c.leaveHomeMs, c.arriveHomeMs);
    cycles.push(c);
  }

  const stepMs = 6 * HOUR_MS;
  for (const phase of s.shipments.phases) {
    const from = Date.parse(phase.from);
    const to = Date.parse(phase.to);
    const fixedInPhase = cycles.filter((c) => c.departOriginMs >= from && c.departOriginMs < to).length;
    const n = Math.max(0, phase.count - fixedInPhase);
    const slotMs = (to - from) / Math.max(1, n);
    for (let k = 0; k < n; k++) {
      const target = from + (k + 0.5 + rng.uniform(-0.35, 0.35)) * slotMs;
      let placed = false;
      // Search outward from the target time for a ship that is free.
      for (let step = 0; step < 80 && !placed; step++) {
        const t = Math.round(target + (step % 2 === 0 ? 1 : -1) * Math.ceil(step / 2) * stepMs);
        const options: Cycle[] = [];
        const weights: number[] = [];
        for (const w of s.shipments.ships) {
          if (t < Date.parse(w.from) || t >= Date.parse(w.to)) continue;
          const i = shipIndex.get(w.ship)!;
          const dests = Object.entries(w.destinations);
          const dest = dests[rng.weighted(dests.map(([, x]) => x))][0];
          const c = sched.cycle(i, dest, t, containersFor(w.containers ?? s.shipments.containers), rng, null);
          if (!sched.fits(i, c.leaveHomeMs, c.arriveHomeMs)) continue;
          options.push(c);
          weights.push(w.weight);
        }
        if (options.length > 0) {
          const c = options[rng.weighted(weights)];
          sched.reserve(c.shipIndex, c.leaveHomeMs, c.arriveHomeMs);
          cycles.push(c);
          placed = true;
        }
      }
      if (!placed) warnings.push(`no free ship for a shipment near ${new Date(target).toISOString()}`);
    }
  }
  return cycles.sort((a, b) => a.departOriginMs - b.departOriginMs);
}

interface ShipState {
  builder: PlanBuilder;
  plan: VesselPlan;
  draughtM: number;
}

/** What every phase of planFleet reads (the scenario, its places) and adds to (the result). */
interface FleetContext {
  s: Scenario;
  places: Places;
  result: FleetResult;
}

/** An excursion placed in time: when its ship leaves home, and the way out. */
interface PlacedExcursion {
  e: ShipyardExcursion | EncounterExcursion;
  i: number;
  t0: number;
  out: LatLon[];
}

/**
 * Builds the fleet's plans and staged truth, in phases: reserve the fixed-time excursions and the
 * spoofed spans, allocate shipment cycles around them, then play each ship's activities (cycles and
 * excursions) in time order, and finish its plan (identity changes, spoofs).
 */
export function planFleet(s: Scenario, rng: Rng): FleetResult {
  const places = new Places(s);
  const sched = new Scheduler(s, places);
  const warnings: string[] = [];
  const startMs = Date.parse(s.period.start);
  const endMs = Date.parse(s.period.end);
  const shipIndex = new Map(s.fleet.map((f, i) => [f.id, i]));
  const result: FleetResult = {
    plans: [],
    shipments: [],
    briefOns: [],
    encounters: [],
    spoofs: [],
    identityChanges: [],
    draughtChanges: [],
    warnings,
  };
  const ctx: FleetContext = { s, places, result };

  // Excursions are fixed in time; reserve them before allocating shipments.
  const excursions = reserveExcursions(ctx, sched, shipIndex);
  reserveSpoofs(s, sched, shipIndex);
  const cycles = allocate(s, sched, rng.fork('allocate'), warnings);
  const states = initialStates(ctx, startMs);

  // Activities per ship in time order: cycles and excursions.
  type Activity = { t0: number; run: () => void };
  const activities: Activity[][] = s.fleet.map(() => []);
  const prng = rng.fork('policy');
  cycles.forEach((c, n) => {
    activities[c.shipIndex].push({
      t0: c.leaveHomeMs,
      run: () => runShipment(ctx, states[c.shipIndex], c, n + 1, prng),
    });
  });
  for (const x of excursions) {
    const st = states[x.i];
    activities[x.i].push({
      t0: x.t0,
      run: () =>
        x.e.kind === 'shipyard'
          ? runShipyard(ctx, st, x.e, x.i, x.t0, x.out)
          : runEncounter(ctx, st, x.e, x.i, x.t0, x.out),
    });
  }

  s.fleet.forEach((ship, i) => {
    const st = states[i];
    for (const a of activities[i].sort((x, y) => x.t0 - y.t0)) a.run();
    finishPlan(ctx, ship, st, endMs);
  });
  result.shipments.sort((a, b) => a.number - b.number);
  // Keep fleet plans first in fleet order, partners after.
  result.plans.sort((a, b) => (a.role === b.role ? 0 : a.role === 'fleet' ? -1 : 1));
  return result;
}

/** Places each excursion in time and reserves its ship from leaving home to being back. */
function reserveExcursions(
  { s, places }: FleetContext,
  sched: Scheduler,
  shipIndex: Map<string, number>,
): PlacedExcursion[] {
  return s.excursions.map((e) => {
    const i = shipIndex.get(e.ship)!;
    const ship = s.fleet[i];
    if (e.kind === 'shipyard') {
      const out = [...e.via, places.berth(e.place, i)];
      const t0 = Date.parse(e.departHomeAt);
      const back =
        Date.parse(e.departPlaceAt) +
        sailMs(
          [places.berth(e.place, i), ...[...e.via].reverse(), places.berth(ship.homePort, i)],
          ship.serviceSpeedKnots,
        );
      sched.reserve(i, t0, back);
      return { e, i, t0, out };
    }
    const out = [places.berth(ship.homePort, i), ...e.via, e.position];
    const t0 = Date.parse(e.at) - sailMs(out, ship.serviceSpeedKnots);
    const back =
      Date.parse(e.at) + e.durationH * HOUR_MS + sailMs([...out].reverse(), ship.serviceSpeedKnots) + HOUR_MS;
    sched.reserve(i, t0, back);
    return { e, i, t0, out };
  });
}

/** Spoofed spans need the transponder on: keep shipments a day clear of them. */
function reserveSpoofs(s: Scenario, sched: Scheduler, shipIndex: Map<string, number>): void {
  for (const x of s.spoofs) {
    const t0 = Date.parse(x.from);
    sched.reserve(shipIndex.get(x.ship)!, t0 - DAY_MS, t0 + x.durationH * HOUR_MS + DAY_MS);
  }
}

/** Each ship at its home berth at the start, in ballast, with its first identity and voyage. */
function initialStates({ s, places }: FleetContext, startMs: number): ShipState[] {
  return s.fleet.map((ship, i) => {
    const identity: Identity = {
      fromMs: startMs,
      mmsi: ship.mmsi,
      name: ship.name,
      callSign: ship.callSign,
      imo: ship.imo,
    };
    const home = places.get(ship.homePort);
    return {
      builder: new PlanBuilder(startMs, places.berth(ship.homePort, i), ship.homePort, (i * 47) % 360),
      draughtM: ship.ballastDraughtM,
      plan: {
        key: ship.id,
        role: 'fleet',
        aisClass: 'A',
        shipType: ship.shipType,
        lengthM: ship.lengthM,
        beamM: ship.beamM,
        segments: [],
        identities: [identity],
        draughts: [{ fromMs: startMs, draughtM: ship.ballastDraughtM }],
        voyages: [{ fromMs: startMs, destination: home.aisName, etaMs: null }],
        dark: [],
        spoofs: [],
      },
    };
  });
}

/** One shipment cycle: home → origin (going dark on the way) → destination → home, with its truth. */
function runShipment(
  { s, places, result }: FleetContext,
  st: ShipState,
  c: Cycle,
  number: number,
  prng: Rng,
): void {
  const ship = s.fleet[c.shipIndex];
  const policy = s.aisPolicy;
  const b = st.builder;
  const p = st.plan;
  const origin = s.shipments.origin;
  const dest = places.get(c.destination);
  b.stay(c.leaveHomeMs);
  p.voyages.push({ fromMs: c.leaveHomeMs, destination: dest.aisName, etaMs: c.arriveDestMs });
  b.sail([...places.via(ship.homePort, origin), places.berth(origin, c.shipIndex)], c.speeds[0], origin);
  // Go dark this far before the origin, along the route.
  const darkOffMs = Math.max(
    c.leaveHomeMs + HOUR_MS,
    c.arriveOriginMs -
      Math.round(((policy.darkBeforeOriginNm * 1852) / (c.speeds[0] * (1852 / 3600))) * 1000),
  );
  b.stay(c.departOriginMs);
  b.sail(
    [...places.via(origin, c.destination), places.berth(c.destination, c.shipIndex)],
    c.speeds[1],
    c.destination,
  );
  b.stay(c.departDestMs);
  const darkAtDest = prng.chance(policy.darkAtDestinationProbability);
  const onMs = darkAtDest
    ? c.departDestMs + Math.round(prng.uniform(0.5, 1.5) * HOUR_MS)
    : c.arriveDestMs + Math.round(prng.uniform(0.2, 1.5) * HOUR_MS);
  let darkLaden = true;
  if (prng.chance(policy.briefOn.probability)) {
    const f = prng.uniform(policy.briefOn.legFraction.min, policy.briefOn.legFraction.max);
    const t0 = Math.round(c.departOriginMs + f * (c.arriveDestMs - c.departOriginMs));
    const t1 = t0 + Math.round(policy.briefOn.durationMin * 60000);
    p.dark.push({
      t0Ms: darkOffMs,
      t1Ms: t0,
      reason: `shipment ${number}: dark before origin and laden leg`,
    });
    p.dark.push({
      t0Ms: t1,
      t1Ms: onMs,
      reason: `shipment ${number}: dark on laden leg after a brief switch-on`,
    });
    result.briefOns.push({
      vessel: ship.id,
      mmsi: p.identities[p.identities.length - 1].mmsi,
      startTsMs: t0,
      endTsMs: t1,
      note: `shipment ${number}: brief switch-on mid laden leg`,
      simulated: true,
    });
    darkLaden = false;
  } else {
    p.dark.push({
      t0Ms: darkOffMs,
      t1Ms: onMs,
      reason: `shipment ${number}: dark before origin and laden leg`,
    });
  }
  // Draught: the crew enters the laden draught after loading, the ballast one after unloading.
  const ballast = st.draughtM;
  const laden = ladenDraught(ship, c.cargoTonnes);
  const loadedAt = c.departOriginMs - Math.round(prng.uniform(0.3, 1.5) * HOUR_MS);
  const unloadedAt = c.departDestMs - Math.round(prng.uniform(0.1, 0.8) * HOUR_MS);
  const mmsi = p.identities[p.identities.length - 1].mmsi;
  p.draughts.push({ fromMs: loadedAt, draughtM: laden }, { fromMs: unloadedAt, draughtM: ballast });
  result.draughtChanges.push(
    {
      vessel: ship.id,
      mmsi,
      tsMs: loadedAt,
      fromM: ballast,
      toM: laden,
      reason: 'loading',
      shipment: number,
      simulated: true,
    },
    {
      vessel: ship.id,
      mmsi,
      tsMs: unloadedAt,
      fromM: laden,
      toM: ballast,
      reason: 'unloading',
      shipment: number,
      simulated: true,
    },
  );
  if (c.destination !== ship.homePort) {
    p.voyages.push({
      fromMs: c.departDestMs,
      destination: places.get(ship.homePort).aisName,
      etaMs: c.arriveHomeMs,
    });
    b.sail(
      [...places.via(c.destination, ship.homePort), places.berth(ship.homePort, c.shipIndex)],
      c.speeds[2],
      ship.homePort,
    );
  }
  result.shipments.push({
    number,
    ship: ship.id,
    imo: ship.imo,
    origin,
    destination: c.destination,
    containers: c.containers,
    cargoTonnes: c.cargoTonnes,
    leaveHomeTsMs: c.leaveHomeMs,
    arriveOriginTsMs: c.arriveOriginMs,
    departOriginTsMs: c.departOriginMs,
    arriveDestinationTsMs: c.arriveDestMs,
    departDestinationTsMs: c.departDestMs,
    draughtBallastM: ballast,
    draughtLadenM: laden,
    darkLadenLeg: darkLaden,
    darkAtDestination: darkAtDest,
    note: c.note,
    simulated: true,
  });
}

/** A shipyard excursion: out to the yard (dark if the scenario says so), a stay, and home. */
function runShipyard(
  { places, result, s }: FleetContext,
  st: ShipState,
  e: ShipyardExcursion,
  i: number,
  t0: number,
  out: LatLon[],
): void {
  const ship = s.fleet[i];
  const b = st.builder;
  const p = st.plan;
  b.stay(t0);
  const place = places.get(e.place);
  p.voyages.push({ fromMs: t0, destination: place.aisName, etaMs: null });
  const speed = ship.serviceSpeedKnots;
  // Time at the brief switch-on waypoint: sail the first part, then the rest.
  if (e.briefOnAtVia !== null && e.darkOutbound) {
    const first = out.slice(0, e.briefOnAtVia + 1);
    const tWp = b.sail(first, speed, null);
    const on1 = tWp + Math.round(e.briefOnMin * 60000);
    const arrive = b.sail(out.slice(e.briefOnAtVia + 1), speed, e.place);
    p.dark.push({ t0Ms: t0 + HOUR_MS, t1Ms: tWp, reason: `${e.id}: dark on the way out` });
    p.dark.push({
      t0Ms: on1,
      t1Ms: arrive + 2 * HOUR_MS,
      reason: `${e.id}: dark after a brief switch-on`,
    });
    result.briefOns.push({
      vessel: ship.id,
      mmsi: p.identities[p.identities.length - 1].mmsi,
      startTsMs: tWp,
      endTsMs: on1,
      note: e.note,
      simulated: true,
    });
  } else {
    const arrive = b.sail(out, speed, e.place);
    if (e.darkOutbound)
      p.dark.push({
        t0Ms: t0 + HOUR_MS,
        t1Ms: arrive + 2 * HOUR_MS,
        reason: `${e.id}: dark on the way out`,
      });
  }
  b.stay(Date.parse(e.departPlaceAt));
  p.voyages.push({ fromMs: b.tMs, destination: places.get(ship.homePort).aisName, etaMs: null });
  b.sail([...[...e.via].reverse(), places.berth(ship.homePort, i)], speed, ship.homePort);
}

/** A ship-to-ship encounter: out to the position, drift alongside the partner, and home. */
function runEncounter(
  { places, result, s }: FleetContext,
  st: ShipState,
  e: EncounterExcursion,
  i: number,
  t0: number,
  out: LatLon[],
): void {
  const ship = s.fleet[i];
  const b = st.builder;
  b.stay(t0);
  const speed = ship.serviceSpeedKnots;
  b.sail(out.slice(1), speed, null);
  const atMs = Date.parse(e.at);
  b.stay(atMs, NAV_UNDER_WAY);
  // Drift together: both ships move the same way at driftKnots, side by side.
  const driftM = e.driftKnots * 1852 * e.durationH;
  const driftEnd = destination(e.position, 45, driftM);
  b.sail([driftEnd], Math.max(0.05, e.driftKnots), null);
  b.sail(
    [...out.slice(0, -1)]
      .reverse()
      .slice(0, -1)
      .concat([places.berth(ship.homePort, i)]),
    speed,
    ship.homePort,
  );
  const partnerPlan = planPartner(s, places, e, atMs, driftEnd);
  result.plans.push(partnerPlan);
  result.encounters.push({
    id: e.id,
    vessels: [ship.id, e.partner.id],
    mmsis: [st.plan.identities[st.plan.identities.length - 1].mmsi, e.partner.mmsi],
    startTsMs: atMs,
    endTsMs: atMs + Math.round(e.durationH * HOUR_MS),
    lat: e.position.lat,
    lon: e.position.lon,
    separationM: e.separationM,
    maxSpeedKnots: e.driftKnots,
    incidental: false,
    note: e.note,
    simulated: true,
  });
}

/** Closes a ship's plan at the end of the period and adds its identity changes and spoofs. */
function finishPlan({ s, result }: FleetContext, ship: ScenarioShip, st: ShipState, endMs: number): void {
  st.builder.stay(endMs);
  st.plan.segments = st.builder.segments;
  st.plan.draughts.sort((a, b) => a.fromMs - b.fromMs);
  st.plan.voyages.sort((a, b) => a.fromMs - b.fromMs);
  st.plan.dark.sort((a, b) => a.t0Ms - b.t0Ms);
  for (const x of s.identityChanges.filter((c) => c.ship === ship.id)) {
    const before = st.plan.identities[st.plan.identities.length - 1];
    const at = Date.parse(x.at);
    st.plan.identities.push({
      fromMs: at,
      mmsi: x.mmsi,
      name: x.name,
      callSign: x.callSign,
      imo: before.imo,
    });
    result.identityChanges.push({
      id: x.id,
      vessel: ship.id,
      tsMs: at,
      imo: before.imo,
      from: { mmsi: before.mmsi, name: before.name, callSign: before.callSign },
      to: { mmsi: x.mmsi, name: x.name, callSign: x.callSign },
      note: x.note,
      simulated: true,
    });
  }
  st.plan.identities.sort((a, b) => a.fromMs - b.fromMs);
  for (const x of s.spoofs.filter((sp) => sp.ship === ship.id)) {
    const t0 = Date.parse(x.from);
    const t1 = t0 + Math.round(x.durationH * HOUR_MS);
    st.plan.spoofs.push({ id: x.id, t0Ms: t0, t1Ms: t1, reported: x.reportedPosition });
    result.spoofs.push({
      id: x.id,
      vessel: ship.id,
      mmsi: st.plan.identities.filter((d) => d.fromMs <= t0).pop()!.mmsi,
      startTsMs: t0,
      endTsMs: t1,
      reportedLat: x.reportedPosition.lat,
      reportedLon: x.reportedPosition.lon,
      trueLat: Number.NaN,
      trueLon: Number.NaN,
      note: x.note,
      simulated: true,
    });
  }
  result.plans.push(st.plan);
}

/** The partner ship of an encounter: from its home port to alongside, and back. */
function planPartner(
  s: Scenario,
  places: Places,
  e: EncounterExcursion,
  atMs: number,
  driftEnd: LatLon,
): VesselPlan {
  const p = e.partner;
  const startMs = Date.parse(s.period.start);
  const endMs = Date.parse(s.period.end);
  // Alongside: offset perpendicular to the drift direction.
  const alongside = destination(e.position, 135, e.separationM);
  const alongsideEnd = destination(driftEnd, 135, e.separationM);
  const home = places.berth(p.homePort, 5);
  const out = [...p.via, alongside];
  const leave = atMs - sailMs([home, ...out], p.serviceSpeedKnots) - HOUR_MS;
  const b = new PlanBuilder(Math.max(startMs, leave - 2 * DAY_MS), home, p.homePort, 200);
  b.stay(leave);
  b.sail(out, p.serviceSpeedKnots, null);
  b.stay(atMs, NAV_UNDER_WAY);
  b.sail([alongsideEnd], Math.max(0.05, e.driftKnots), null);
  const back = b.sail([...[...p.via].reverse(), home], p.serviceSpeedKnots, p.homePort);
  b.stay(Math.min(endMs, back + 2 * DAY_MS), NAV_MOORED);
  return {
    key: p.id,
    role: 'partner',
    aisClass: 'A',
    shipType: p.shipType,
    lengthM: p.lengthM,
    beamM: p.beamM,
    segments: b.segments,
    identities: [{ fromMs: startMs, mmsi: p.mmsi, name: p.name, callSign: p.callSign, imo: p.imo }],
    draughts: [{ fromMs: startMs, draughtM: p.draughtM }],
    voyages: [{ fromMs: startMs, destination: places.get(p.homePort).aisName, etaMs: null }],
    dark: [],
    spoofs: [],
  };
}
