/**
 * `proposeShipments`: pair each vessel's calls at an origin with its calls at a destination
 * within `maxTransitMs`, score the pairs by what supports them and keep, per vessel, the best
 * pairs that use each call once and do not overlap in time. Pure: events, sightings and
 * container observations in, proposals out, in (departure, MMSI) order.
 */
import type { Area } from '../areas/types.js';
import { DEFAULT_PARAMS, type EventParams } from '../events/params.js';
import type { EventOf, VesselEvent } from '../events/types.js';
import { haversineM, MPS_PER_KNOT } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import { areaAt, callsFrom } from './calls.js';
import { confidenceOf } from './confidence.js';
import { DEFAULT_LEG_OPTIONS, shipmentLegs } from './legs.js';
import { DEFAULT_SHIPMENT_PARAMS, type ShipmentParams } from './params.js';
import type { Call, ContainerObservation, Proposal, Sighting, Support } from './types.js';

export interface ProposeInput {
  events: readonly VesselEvent[];
  areas: readonly Area[];
  sightings?: readonly Sighting[];
  containers?: readonly ContainerObservation[];
  params?: Readonly<ShipmentParams>;
  /** The vessels' tracks: when given, each proposal's `legs` follow its fixes (src/shipments/legs.ts). */
  tracks?: readonly Track[];
  /**
   * The parameters the events were detected with (the detection run's): the maximum speed and
   * the dark-stretch threshold come from there, never from a copy here.
   */
  eventParams?: Readonly<EventParams>;
}

const END_WEIGHT = { ais: 2, sighting: 2, dark: 0.5 } as const;

function travelMs(a: Call, b: Call, knots: number): number {
  return (haversineM(a.lon, a.lat, b.lon, b.lat) / (knots * MPS_PER_KNOT)) * 1000;
}

/**
 * When the ship can have left the origin: an AIS call's end; for a dark or imaged call, from its
 * window's start (after the area's minimum dwell, and after the last image) to its end.
 */
function departBounds(o: Call): [number, number] {
  if (o.kind === 'ais') return [o.endMs, o.endMs];
  const lo = Math.max(o.startMs + o.minDwellMs, ...o.seenMs);
  return [lo, Math.max(lo, o.endMs)];
}

/** When it can have reached the destination: an AIS call's start, else its window (before the first image). */
function arriveBounds(d: Call): [number, number] {
  if (d.kind === 'ais') return [d.startMs, d.startMs];
  const hi = Math.min(d.endMs - d.minDwellMs, ...d.seenMs);
  return [d.startMs, Math.max(d.startMs, hi)];
}

/** Whether `o` then `d` can both have happened (at the maximum speed) at most `maxTransitMs` apart. */
function feasible(o: Call, d: Call, p: Readonly<ShipmentParams>, maxSpeedKnots: number): boolean {
  const [dLo, dHi] = departBounds(o);
  const [aLo, aHi] = arriveBounds(d);
  if (o.kind === 'ais' && d.kind === 'ais') return aLo >= dHi && aLo - dHi <= p.maxTransitMs;
  return dLo + travelMs(o, d, maxSpeedKnots) <= aHi && aLo - dHi <= p.maxTransitMs;
}

/**
 * Each container observation goes to one end of one shipment: the end at its place (area id, or
 * position inside the area) whose window holds it — loading from the origin call's start
 * (less `containerWindowMs`) to departure, discharge from arrival to the destination call's end
 * (plus `containerWindowMs`) — and, of those, the nearest in time; an observation tied to a
 * sighting of an identified ship goes only to that ship's shipments. Several counts at one end
 * give the widest range (none silently dropped).
 */
function assignContainers(
  proposals: Proposal[],
  obs: readonly ContainerObservation[],
  sightingsById: ReadonlyMap<number, Sighting>,
  areas: readonly Area[],
  p: Readonly<ShipmentParams>,
): void {
  const placeOf = (c: ContainerObservation) =>
    c.lon !== null && c.lat !== null
      ? (areaAt(areas, c.lon, c.lat, p.sightingAreaMarginM)?.id ?? c.place)
      : c.place;
  for (const c of obs) {
    const place = placeOf(c);
    const mmsi = c.sightingId !== null ? (sightingsById.get(c.sightingId)?.mmsi ?? null) : null;
    let best: { pr: Proposal; role: 'origin' | 'destination'; dt: number } | null = null;
    for (const pr of proposals) {
      if (mmsi !== null && pr.mmsi !== mmsi) continue;
      const ends: Array<['origin' | 'destination', boolean, number]> = [
        [
          'origin',
          pr.origin.areaId === place &&
            c.observedMs >= pr.origin.startMs - p.containerWindowMs &&
            c.observedMs <= pr.departMs + p.draughtWindowMs,
          pr.departMs,
        ],
        [
          'destination',
          pr.destination.areaId === place &&
            c.observedMs >= pr.arriveMs - p.draughtWindowMs &&
            c.observedMs <= pr.destination.endMs + p.containerWindowMs,
          pr.arriveMs,
        ],
      ];
      for (const [role, ok, t] of ends) {
        const dt = Math.abs(c.observedMs - t);
        if (ok && (best === null || dt < best.dt)) best = { pr, role, dt };
      }
    }
    if (best === null) continue;
    const key = best.role === 'origin' ? 'containersLoaded' : 'containersDischarged';
    const r = best.pr[key];
    best.pr[key] =
      r === null
        ? { min: c.countMin, max: c.countMax }
        : { min: Math.min(r.min, c.countMin), max: Math.max(r.max, c.countMax) };
    best.pr.supports.push({ kind: 'containers', role: best.role, ref: String(c.id) });
    best.pr.confidence = confidenceOf(best.pr.supports);
  }
}

function build(
  o: Call,
  d: Call,
  draughts: readonly EventOf<'draught-change'>[],
  gaps: readonly EventOf<'gap'>[],
  sightingsById: ReadonlyMap<number, Sighting>,
  p: Readonly<ShipmentParams>,
): Proposal {
  // A dark or imaged end is a window, never a point: the proposal runs from the earliest the ship
  // can have left to the latest it can have arrived, so [departMs, arriveMs] holds the voyage
  // whatever happened inside it. An AIS end is exact.
  const [dLo] = departBounds(o);
  const [, aHi] = arriveBounds(d);
  const departMs = o.kind === 'ais' ? o.endMs : dLo;
  const arriveMs = d.kind === 'ais' ? d.startMs : aHi;
  // only dark gaps: a hole in the data (no coverage) is no evidence of anything
  const legGaps = gaps
    .filter((g) => g.details.likelyCause === 'transponder-off')
    .filter((g) => g.endMs > o.startMs && g.startMs < d.endMs)
    .map((g) => g.id);
  const supports: Support[] = [];
  const end = (c: Call, role: 'origin' | 'destination') => {
    if (c.kind === 'ais') supports.push({ kind: 'ais-call', role, ref: c.eventId ?? '' });
    if (c.kind === 'dark') supports.push({ kind: 'dark-call', role, ref: c.eventId ?? '' });
    for (const s of c.sightingIds) supports.push({ kind: 'sighting', role, ref: String(s) });
  };
  end(o, 'origin');
  end(d, 'destination');
  // Sightings on the way (outside both areas) belong to the leg.
  const legSightings = [...sightingsById.values()]
    .filter((s) => s.mmsi === o.mmsi && s.acquiredMs > departMs && s.acquiredMs < arriveMs)
    .filter((s) => !o.sightingIds.includes(s.id) && !d.sightingIds.includes(s.id))
    .sort((a, b) => a.acquiredMs - b.acquiredMs);
  for (const s of legSightings) supports.push({ kind: 'sighting', role: 'leg', ref: String(s.id) });

  // A draught change happened between the last report of the old value (startMs) and the first
  // of the new (endMs): a rise supports this origin when the ship could have been loading there
  // in that span (crews retype late: `draughtWindowMs` of slack after departure), a fall this
  // destination likewise.
  const laden = draughts.find(
    (e) =>
      e.details.deltaM > 0 &&
      o.startMs <= e.endMs &&
      e.startMs <= departBounds(o)[1] + p.draughtWindowMs &&
      e.endMs <= arriveMs + p.draughtWindowMs,
  );
  const discharge = draughts.find(
    (e) => e.details.deltaM < 0 && d.startMs <= e.endMs && e.startMs <= d.endMs + p.draughtWindowMs,
  );
  if (laden) supports.push({ kind: 'draught-laden', role: 'origin', ref: laden.id });
  if (discharge) supports.push({ kind: 'draught-discharge', role: 'destination', ref: discharge.id });
  const mass =
    laden && laden.details.cargoMassMinT !== null && laden.details.cargoMassMaxT !== null
      ? { min: laden.details.cargoMassMinT, max: laden.details.cargoMassMaxT }
      : null;
  return {
    mmsi: o.mmsi,
    origin: o,
    destination: d,
    departMs,
    arriveMs,
    transitMs: arriveMs - departMs,
    dark: o.kind !== 'ais' || d.kind !== 'ais' || legGaps.length > 0,
    gapEventIds: legGaps,
    alternativeDestinationIds: [],
    supports,
    confidence: confidenceOf(supports),
    draughtFromM: laden ? laden.details.fromM : (o.draughtInM ?? null),
    draughtToM: laden ? laden.details.toM : (o.draughtOutM ?? null),
    cargoMassT: mass,
    containersLoaded: null,
    containersDischarged: null,
    path: [[o.lon, o.lat], ...legSightings.map((s) => [s.lon, s.lat] as [number, number]), [d.lon, d.lat]],
    legs: [],
  };
}

/**
 * A destination that is the port the ship was last seen at before the origin, with no draught
 * fall there, is most likely the ship coming home after unloading somewhere dark (the shuttle's
 * pattern: home → dark → home). It stays a candidate, ranked below another destination.
 */
export const RETURN_HOME_PENALTY = 2;
/** Rank points per support beyond the two ends. */
const SUPPORT_WEIGHT = 0.5;
/**
 * Below this a pair is not proposed: two dark ends alone (≈ 1) pass; a ship coming home with
 * nothing else to show for the leg (a dark origin, the home port, no support: 0.5) does not.
 */
export const MIN_SCORE = 0.75;

function score(pr: Proposal, returnHome: boolean): number {
  let s = END_WEIGHT[pr.origin.kind] + END_WEIGHT[pr.destination.kind];
  for (const x of pr.supports) if (x.kind !== 'ais-call' && x.kind !== 'dark-call') s += SUPPORT_WEIGHT;
  if (returnHome) s -= RETURN_HOME_PENALTY;
  // Shorter legs first among equals: the nearest destination is the likelier one (by distance:
  // a dark end's window says how long the ship was unheard, not how far it sailed).
  return s - haversineM(pr.origin.lon, pr.origin.lat, pr.destination.lon, pr.destination.lat) / 1e7;
}

export function proposeShipments(input: ProposeInput): Proposal[] {
  const p = input.params ?? DEFAULT_SHIPMENT_PARAMS;
  const sightings = input.sightings ?? [];
  const containers = input.containers ?? [];
  const origins = new Set(p.originAreaIds);
  const dests = new Set(p.destinationAreaIds);
  const ep = input.eventParams ?? DEFAULT_PARAMS;
  const calls = callsFrom(input.events, sightings, input.areas, p, ep);
  const sightingsById = new Map(sightings.map((s) => [s.id, s]));
  const draughtsBy = new Map<number, EventOf<'draught-change'>[]>();
  const gapsBy = new Map<number, EventOf<'gap'>[]>();
  for (const e of input.events) {
    if (e.type === 'draught-change') draughtsBy.set(e.mmsi, [...(draughtsBy.get(e.mmsi) ?? []), e]);
    else if (e.type === 'gap') gapsBy.set(e.mmsi, [...(gapsBy.get(e.mmsi) ?? []), e]);
  }
  const byMmsi = new Map<number, Call[]>();
  for (const c of calls) byMmsi.set(c.mmsi, [...(byMmsi.get(c.mmsi) ?? []), c]);

  const out: Proposal[] = [];
  for (const [mmsi, list] of byMmsi) {
    const os = list.filter((c) => origins.has(c.areaId));
    const ds = list.filter((c) => dests.has(c.areaId));
    const cands: Proposal[] = [];
    const scores = new Map<Proposal, number>();
    const seen = list.filter((c) => c.kind === 'ais');
    for (const o of os) {
      const before = seen.filter((c) => c.endMs <= o.startMs);
      const home = before.length > 0 ? before[before.length - 1].areaId : null;
      for (const d of ds) {
        if (o === d || !feasible(o, d, p, ep.gapMaxSpeedKnots)) continue;
        const pr = build(o, d, draughtsBy.get(mmsi) ?? [], gapsBy.get(mmsi) ?? [], sightingsById, p);
        // Only a fall seen in port there shows a discharge at home; one reported after a dark
        // spell may have happened anywhere on the way.
        const dischargedHere = pr.supports.some(
          (x) =>
            x.kind === 'draught-discharge' &&
            (draughtsBy.get(mmsi) ?? []).some(
              (e) => e.id === x.ref && e.details.context === 'port' && e.details.areaId === d.areaId,
            ),
        );
        const returnHome = d.areaId === home && !dischargedHere;
        scores.set(pr, score(pr, returnHome));
        cands.push(pr);
      }
    }
    const sc = (x: Proposal) => scores.get(x) ?? 0;
    cands.sort((a, b) => sc(b) - sc(a) || a.departMs - b.departMs);
    const used = new Set<Call>();
    const usedGapEnds = new Set<string>();
    const usedSupports = new Set<string>();
    const kept: Proposal[] = [];
    for (const c of cands) {
      if (used.has(c.origin) || used.has(c.destination)) continue;
      // One dark origin and one dark destination per gap: the alternatives exclude each other.
      // (A dark call turned into a seen one by an image keeps its gap: it is still that gap's end.)
      const go = c.origin.gapEventId !== null ? `o:${c.origin.gapEventId}` : null;
      const gd = c.destination.gapEventId !== null ? `d:${c.destination.gapEventId}` : null;
      if ((go && usedGapEnds.has(go)) || (gd && usedGapEnds.has(gd))) continue;
      const overlaps = kept.some((k) => c.departMs < k.arriveMs && k.departMs < c.arriveMs);
      if (overlaps) continue;
      // A draught change is one loading or one discharge, an image one moment: each supports one
      // shipment only.
      const single = (x: Support) =>
        x.kind === 'draught-laden' || x.kind === 'draught-discharge' || x.kind === 'sighting';
      const reused = c.supports.filter((x) => single(x) && usedSupports.has(`${x.kind}:${x.ref}`));
      if (sc(c) - SUPPORT_WEIGHT * reused.length < MIN_SCORE) continue;
      if (reused.length > 0) {
        c.supports = c.supports.filter((x) => !reused.includes(x));
        if (reused.some((x) => x.kind === 'draught-laden')) {
          c.cargoMassT = null;
          c.draughtFromM = null;
          c.draughtToM = null;
        }
        c.confidence = confidenceOf(c.supports);
      }
      for (const x of c.supports) if (single(x)) usedSupports.add(`${x.kind}:${x.ref}`);
      if (c.destination.kind === 'dark') {
        c.alternativeDestinationIds = ds
          .filter(
            (x) =>
              x.kind === 'dark' &&
              x.gapEventId === c.destination.gapEventId &&
              x.areaId !== c.destination.areaId,
          )
          .map((x) => x.areaId)
          .sort();
      }
      kept.push(c);
      used.add(c.origin);
      used.add(c.destination);
      if (go) usedGapEnds.add(go);
      if (gd) usedGapEnds.add(gd);
    }
    out.push(...kept);
  }
  assignContainers(out, containers, sightingsById, input.areas, p);
  addLegs(out, input.tracks ?? [], ep);
  return out.sort((a, b) => a.departMs - b.departMs || a.mmsi - b.mmsi);
}

/**
 * Sets each proposal's `legs` from its vessel's track among `tracks` (none: no legs), so a caller
 * can propose first and read only the proposed vessels' tracks after.
 */
export function addLegs(
  proposals: Proposal[],
  tracks: readonly Track[],
  eventParams: Readonly<Pick<EventParams, 'gapMinMs'>>,
): void {
  const trackOf = new Map(tracks.map((t) => [t.mmsi, t]));
  for (const pr of proposals)
    pr.legs = shipmentLegs(pr, trackOf.get(pr.mmsi) ?? null, {
      ...DEFAULT_LEG_OPTIONS,
      gapMinMs: eventParams.gapMinMs,
    });
}
