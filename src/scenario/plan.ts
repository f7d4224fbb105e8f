/**
 * A vessel's plan: where it truly is at every moment (contiguous segments), and what its
 * transponder says about it over time (identity, draught, destination, dark and spoofed spans).
 * Plans are built once from the scenario and then sampled; nothing here draws random numbers.
 */
import { EARTH_RADIUS_M, MPS_PER_KNOT } from '../geo/distance.js';
import { bearingDeg, cumulativeM, type LatLon } from './polyline.js';

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
 * a time outside the plan returns null (the vessel is not in the simulated sea). Leg bearings are
 * computed once per leg and kept (the same call on the same points, so the same values).
 */
export class PlanCursor {
  private i = 0;
  /** Per segment: bearing of each leg (points k → k+1), NaN until first needed. */
  private readonly legBearings: (Float64Array | undefined)[];

  constructor(private readonly segments: readonly Segment[]) {
    this.legBearings = new Array(segments.length);
  }

  /** Index of the segment that answers for `tMs`, or -1 outside the plan (moves the cursor). */
  seek(tMs: number): number {
    const segs = this.segments;
    if (segs.length === 0 || tMs < segs[0].t0Ms || tMs > segs[segs.length - 1].t1Ms) return -1;
    if (segs[this.i].t0Ms > tMs) this.i = 0;
    while (this.i < segs.length - 1 && segs[this.i].t1Ms < tMs) this.i++;
    return this.i;
  }

  private legBearing(si: number, k: number): number {
    const pts = this.segments[si].points;
    let b = this.legBearings[si];
    if (b === undefined) {
      b = new Float64Array(pts.length - 1).fill(Number.NaN);
      this.legBearings[si] = b;
    }
    let v = b[k];
    if (Number.isNaN(v)) {
      v = bearingDeg(pts[k], pts[k + 1]);
      b[k] = v;
    }
    return v;
  }

  /** Segment index of the last `sample`. */
  private si = 0;
  /** Leg of the last `sample` on a sailing segment; -1 when stationary. */
  private leg = -1;
  /**
   * Position of the last `sample`: one object, overwritten by the next sample (copy what you keep).
   */
  readonly pos: LatLon = { lat: 0, lon: 0 };

  /**
   * Samples the plan at `tMs` into `pos` (course and speed on demand) without allocating; false
   * outside the plan. `at` is this, as a new state object.
   */
  sample(tMs: number): boolean {
    const si = this.seek(tMs);
    if (si < 0) return false;
    this.si = si;
    const s = this.segments[si];
    const pts = s.points;
    const pos = this.pos;
    if (pts.length === 1) {
      pos.lat = pts[0].lat;
      pos.lon = pts[0].lon;
      this.leg = -1;
      return true;
    }
    const cum = s.cumM;
    const lenM = cum[cum.length - 1];
    const f = s.t1Ms > s.t0Ms ? (tMs - s.t0Ms) / (s.t1Ms - s.t0Ms) : 1;
    // polyline.along (its lerp written out), with the leg's bearing cached.
    const alongM = f * lenM;
    const n = pts.length;
    if (alongM <= 0) {
      pos.lat = pts[0].lat;
      pos.lon = pts[0].lon;
      this.leg = 0;
    } else if (alongM >= cum[n - 1]) {
      pos.lat = pts[n - 1].lat;
      pos.lon = pts[n - 1].lon;
      this.leg = n - 2;
    } else {
      const lo = legAt(cum, alongM);
      const a = pts[lo];
      const b = pts[lo + 1];
      const seg = cum[lo + 1] - cum[lo];
      const g = seg > 0 ? (alongM - cum[lo]) / seg : 0;
      pos.lat = a.lat + (b.lat - a.lat) * g;
      pos.lon = a.lon + (b.lon - a.lon) * g;
      this.leg = lo;
    }
    return true;
  }

  /** Index of the segment that answered the last `sample`. */
  get segmentIndex(): number {
    return this.si;
  }

  /** Navigational status at the last `sample`. */
  get navStatus(): number {
    return this.segments[this.si].navStatus;
  }

  /** True speed at the last `sample`, knots. */
  speedKnots(): number {
    if (this.leg < 0) return 0;
    const s = this.segments[this.si];
    const lenM = s.cumM[s.cumM.length - 1];
    return lenM / ((s.t1Ms - s.t0Ms) / 1000) / MPS_PER_KNOT;
  }

  /** True course (= heading) at the last `sample`: the leg's bearing, or a berth's heading. */
  courseDeg(): number {
    return this.leg < 0 ? this.segments[this.si].headingDeg : this.legBearing(this.si, this.leg);
  }

  at(tMs: number): TrueState | null {
    if (!this.sample(tMs)) return null;
    const s = this.segments[this.si];
    const courseDeg = this.courseDeg();
    return {
      pos: { lat: this.pos.lat, lon: this.pos.lon },
      speedKnots: this.speedKnots(),
      courseDeg,
      headingDeg: courseDeg,
      navStatus: s.navStatus,
      placeId: this.leg < 0 ? s.placeId : null,
    };
  }
}

/**
 * An upper bound of how fast a segment's sampled position moves, metres per ms: on each leg the
 * point moves linearly in (lat, lon) degrees, and a straight line in degrees is no shorter than
 * the great circle between its ends. 0 for a stationary segment; Infinity when a leg of no
 * length in metres still moves in degrees.
 */
export function maxSpeedMPerMs(seg: Segment): number {
  const pts = seg.points;
  if (pts.length < 2) return 0;
  const cum = seg.cumM;
  const lenM = cum[cum.length - 1];
  const dur = seg.t1Ms - seg.t0Ms;
  let v = 0;
  for (let k = 0; k + 1 < pts.length; k++) {
    const dLat = pts[k + 1].lat - pts[k].lat;
    const dLon = pts[k + 1].lon - pts[k].lon;
    const deg = Math.sqrt(dLat * dLat + dLon * dLon);
    if (deg === 0) continue;
    const legMs = lenM > 0 ? ((cum[k + 1] - cum[k]) / lenM) * dur : 0;
    if (!(legMs > 0)) return Number.POSITIVE_INFINITY;
    v = Math.max(v, (deg * (Math.PI / 180) * EARTH_RADIUS_M) / legMs);
  }
  return v;
}

/**
 * An upper bound of how fast a plan's sampled position moves, metres per ms, valid across
 * segment ends: each segment starts when and where the one before ended (else Infinity, no bound).
 */
export function planMaxSpeedMPerMs(segs: readonly Segment[]): number {
  let v = 0;
  for (let k = 0; k < segs.length; k++) {
    const s = segs[k];
    if (!(s.t1Ms >= s.t0Ms)) return Number.POSITIVE_INFINITY;
    if (k > 0) {
      const prev = segs[k - 1];
      const a = prev.points[prev.points.length - 1];
      const b = s.points[0];
      if (s.t0Ms !== prev.t1Ms || a.lat !== b.lat || a.lon !== b.lon) return Number.POSITIVE_INFINITY;
    }
    v = Math.max(v, maxSpeedMPerMs(s));
  }
  return v;
}

/** polyline.along's search: the leg lo with cum[lo] ≤ alongM < cum[lo + 1] (0 < alongM < cum[n-1]). */
function legAt(cum: readonly number[], alongM: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] <= alongM) lo = mid;
    else hi = mid;
  }
  return lo;
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
