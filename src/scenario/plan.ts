/**
 * A vessel's plan: where it truly is at every moment (contiguous segments), and what its
 * transponder says about it over time (identity, draught, destination, dark and spoofed spans).
 * Plans are built once from the scenario and then sampled; nothing here draws random numbers.
 */
import { MPS_PER_KNOT } from '../geo/distance.js';
import { along, bearingDeg, cumulativeM, type LatLon } from './polyline.js';

export const NAV_UNDER_WAY = 0;
export const NAV_MOORED = 5;
export const NAV_FISHING = 7;

/** The vessel moves along `points` at constant speed from t0 to t1 (one point: stationary). */
export interface Segment {
  t0Ms: number;
  t1Ms: number;
  points: LatLon[];
  cumM: number[];
  navStatus: number;
  /** Place id when moored at a scenario place. */
  placeId: string | null;
  /** Heading while stationary (a berth's orientation). */
  headingDeg: number;
}

export interface Span {
  t0Ms: number;
  t1Ms: number;
}

export interface Identity {
  fromMs: number;
  mmsi: number;
  name: string;
  callSign: string;
  imo: number | null;
}

export interface VesselPlan {
  key: string;
  role: 'fleet' | 'partner' | 'background';
  aisClass: 'A' | 'B';
  shipType: number;
  lengthM: number;
  beamM: number;
  segments: Segment[];
  /** Sorted by fromMs; the first applies from the start. */
  identities: Identity[];
  draughts: { fromMs: number; draughtM: number }[];
  voyages: { fromMs: number; destination: string; etaMs: number | null }[];
  /** Transponder off. */
  dark: (Span & { reason: string })[];
  spoofs: (Span & { id: string; reported: LatLon })[];
}

export interface TrueState {
  pos: LatLon;
  speedKnots: number;
  courseDeg: number;
  headingDeg: number;
  navStatus: number;
  placeId: string | null;
}

/** Appends segments one after the other, keeping time and position continuous. */
export class PlanBuilder {
  readonly segments: Segment[] = [];
  constructor(
    public tMs: number,
    public pos: LatLon,
    public placeId: string | null,
    private heading = 0,
  ) {}

  /** Stays where it is until `untilMs` (no-op if that is not later). */
  stay(untilMs: number, navStatus = NAV_MOORED): void {
    if (untilMs <= this.tMs) return;
    this.segments.push({
      t0Ms: this.tMs,
      t1Ms: untilMs,
      points: [this.pos],
      cumM: [0],
      navStatus,
      placeId: this.placeId,
      headingDeg: this.heading,
    });
    this.tMs = untilMs;
  }

  /** Sails from the current position through `points` at `speedKnots`; returns the arrival time. */
  sail(
    points: readonly LatLon[],
    speedKnots: number,
    arrivePlace: string | null,
    navStatus = NAV_UNDER_WAY,
  ): number {
    const pts = [this.pos, ...points];
    const cumM = cumulativeM(pts);
    const lenM = cumM[cumM.length - 1];
    const durMs = Math.max(60000, Math.round((lenM / (speedKnots * MPS_PER_KNOT)) * 1000));
    this.segments.push({
      t0Ms: this.tMs,
      t1Ms: this.tMs + durMs,
      points: pts,
      cumM,
      navStatus,
      placeId: null,
      headingDeg: 0,
    });
    this.tMs += durMs;
    if (pts.length > 1) this.heading = Math.round(bearingDeg(pts[pts.length - 2], pts[pts.length - 1]));
    this.pos = pts[pts.length - 1];
    this.placeId = arrivePlace;
    return this.tMs;
  }
}

/** Time to sail a polyline at a speed, ms. */
export function sailMs(points: readonly LatLon[], speedKnots: number): number {
  const cum = cumulativeM(points);
  return Math.max(60000, Math.round((cum[cum.length - 1] / (speedKnots * MPS_PER_KNOT)) * 1000));
}

/**
 * Samples a plan at increasing times. Keeps a cursor, so a forward sweep costs O(1) per sample;
 * a time outside the plan returns null (the vessel is not in the simulated sea).
 */
export class PlanCursor {
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

/** Latest entry of a time-sorted list with fromMs ≤ t (or the first). */
export function latest<T extends { fromMs: number }>(items: readonly T[], tMs: number): T {
  let out = items[0];
  for (const it of items) {
    if (it.fromMs <= tMs) out = it;
    else break;
  }
  return out;
}

export function inSpans<T extends Span>(spans: readonly T[], tMs: number): T | null {
  for (const s of spans) if (tMs >= s.t0Ms && tMs < s.t1Ms) return s;
  return null;
}
