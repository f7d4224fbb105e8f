/**
 * The pure simulation core: scenario → vessel plans → transmissions → receptions → ground truth.
 * No I/O and no clock: the same scenario (and seed) gives the same result, byte for byte once
 * written.
 *
 * Receptions are produced as a stream in time order (`runSimulation`): each vessel's transmissions
 * are a resumable generator with its own random stream. Time is cut into ten-minute windows; in
 * each, the running vessels are advanced in index order to the window's end (each vessel's ticks
 * back to back, so its state stays in cache), their receptions gathered, and a counting sort by
 * second (stable, so vessel order holds within a second) gives the output order — time, vessel,
 * positions before statics, station — without sorting anything. Memory is one window's receptions
 * and a few per vessel, not the whole output; the truth is accumulated on the way.
 * `simulateScenario` collects the stream into an array for callers that want it all.
 */
import { planBackground } from './background.js';
import { Coverage } from './coverage.js';
import { type FleetResult, planFleet } from './fleet.js';
import { Places } from './places.js';
import {
  inSpans,
  latest,
  maxSpeedMPerMs,
  NAV_MOORED,
  PlanCursor,
  planMaxSpeedMPerMs,
  type Segment,
  type VesselPlan,
} from './plan.js';
import { distanceM, gapM, type LatLon, withinM } from './polyline.js';
import { Rng } from './prng.js';
import type { Scenario, ScenarioPlace } from './schema.js';
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

/** What a streamed run gives back once every reception has been handed to the sink. */
export interface StreamedSimulation {
  scenario: Scenario;
  plans: VesselPlan[];
  truth: Truth;
  /** Receptions handed to the sink. */
  receptions: number;
  /**
   * The most receptions held at once between the simulator and the sink (one window's buffer and
   * the vessels' queues): bounded by the vessels, stations and the window, not by the length of
   * the run.
   */
  peakPending: number;
}

const q = (x: number, steps: number) => Math.round(x * steps) / steps;

/** Order of receptions sharing a time and vessel: positions first, then by station (as `localeCompare`). */
function receptionOrder(a: Reception, b: Reception, stationRank: Map<string, number>): number {
  if (a.kind !== b.kind) return a.kind === 'position' ? -1 : 1;
  return stationRank.get(a.station)! - stationRank.get(b.station)!;
}

/**
 * One vessel's transmissions as a resumable generator: each `step()` is one reporting tick (the
 * same draws in the same order as a straight loop over the period), and `drain(end)` runs the
 * ticks before a window's end and hands over what they sent.
 */
class VesselTransmitter {
  /**
   * Pending receptions, sorted by (time, positions first, station): slots [head, n) of `queue`.
   * The slots and their objects are reused (the queue empties by resetting the indices), so a
   * vessel allocates reception objects only until its queue has been as long as it gets: a few.
   */
  private readonly queue: Reception[] = [];
  private head = 0;
  private n = 0;
  private done = false;
  private tS = 0;
  private nextStaticS = 0;
  private t1 = 0;
  private readonly cursor: PlanCursor;
  /** Bound of the plan's speed, m/ms (Infinity: none, so never out of range for sure). */
  private readonly maxSpeed: number;
  /**
   * Until this time (ms, exclusive) the ship is out of every terrestrial station's range for sure:
   * it was farther out than it can sail since.
   */
  private outOfRangeUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly s: Scenario,
    private readonly plan: VesselPlan,
    private readonly index: number,
    private readonly coverage: Coverage,
    private readonly rng: Rng,
    private readonly stationRank: Map<string, number>,
  ) {
    const segs = plan.segments;
    this.cursor = new PlanCursor(segs);
    this.maxSpeed = planMaxSpeedMPerMs(segs);
    if (segs.length === 0) {
      this.done = true;
      return;
    }
    const rep = s.reporting;
    const t0 = segs[0].t0Ms;
    this.t1 = segs[segs.length - 1].t1Ms;
    this.tS = Math.ceil(t0 / 1000 + rng.uniform(0, rep.underwayIntervalS));
    this.nextStaticS = this.tS + Math.round(rng.uniform(0, rep.staticIntervalS));
  }

  /** Receptions waiting in the queue. */
  get pending(): number {
    return this.n - this.head;
  }

  /** Time (ms) of the next tick; Infinity when there is none. */
  get nextTickMs(): number {
    return this.done ? Number.POSITIVE_INFINITY : this.tS * 1000;
  }

  /** No tick left and nothing pending. */
  get finished(): boolean {
    return this.done && this.head === this.n;
  }

  private shift(): void {
    this.head++;
    if (this.head === this.n) {
      this.head = 0;
      this.n = 0;
    }
  }

  /**
   * Runs the ticks before `endMs` and appends to `out`, in order, every reception before `endMs`
   * that no later tick can precede (all of them: ticks come at least a second apart and a later
   * tick sends nothing earlier than itself). What lies at or after `endMs` stays queued.
   */
  drain(endMs: number, out: WindowBuffer): void {
    const qu = this.queue;
    for (;;) {
      if (this.head < this.n) {
        const h = qu[this.head];
        if (h.tsMs < endMs && (this.done || h.tsMs < this.tS * 1000)) {
          out.append(h);
          this.shift();
          continue;
        }
      }
      if (!this.done && this.tS * 1000 < endMs) {
        this.step();
        continue;
      }
      return;
    }
  }

  /**
   * A free reception object for the next push: the slot after the queue's last, reused from an
   * earlier tick when there is one (the sink has returned by the time a slot is reused).
   */
  private slot(): PositionReception {
    let r = this.queue[this.n] as PositionReception | undefined;
    if (r === undefined) {
      r = blankReception(this.index) as PositionReception;
      this.queue[this.n] = r;
    }
    return r;
  }

  /** Inserts the slot just filled (at index n) at its place in the queue. */
  private push(r: Reception): void {
    const qu = this.queue;
    let i = this.n;
    while (i > this.head) {
      const p = qu[i - 1];
      if (p.tsMs < r.tsMs || (p.tsMs === r.tsMs && receptionOrder(p, r, this.stationRank) <= 0)) break;
      i--;
    }
    for (let k = this.n; k > i; k--) qu[k] = qu[k - 1];
    qu[i] = r;
    this.n++;
  }

  /** One reporting tick: the draws of the original loop over the period, in the same order. */
  private step(): void {
    const { s, plan, rng, coverage, cursor } = this;
    const rep = s.reporting;
    const tS = this.tS;
    const tMs = tS * 1000;
    const si = tMs <= this.t1 ? cursor.seek(tMs) : -1;
    if (si < 0) {
      this.done = true;
      return;
    }
    const navStatus = plan.segments[si].navStatus;
    const moored = navStatus === NAV_MOORED;
    const intervalS =
      plan.aisClass === 'B' ? rep.classBIntervalS : moored ? rep.mooredIntervalS : rep.underwayIntervalS;
    if (plan.dark.length === 0 || inSpans(plan.dark, tMs) === null) {
      // Out of every station's range for sure: the position is not needed to know who hears it.
      const outOfRange = tMs < this.outOfRangeUntil;
      let sampled = false;
      let heard: readonly string[];
      if (outOfRange) heard = coverage.receiveOutOfRange(tMs, rng);
      else {
        cursor.sample(tMs);
        sampled = true;
        heard = coverage.receive(cursor.pos, tMs, rng);
        const gap = coverage.lastGapM;
        this.outOfRangeUntil =
          gap > OUT_OF_RANGE_MARGIN_M
            ? tMs + (gap - OUT_OF_RANGE_MARGIN_M) / (this.maxSpeed * 1.01)
            : Number.NEGATIVE_INFINITY;
      }
      const isStatic = tS >= this.nextStaticS;
      const mmsi = heard.length > 0 || isStatic ? latest(plan.identities, tMs).mmsi : 0;
      if (heard.length > 0) {
        if (!sampled) cursor.sample(tMs);
        const pos = cursor.pos;
        const spoof = plan.spoofs.length === 0 ? null : inSpans(plan.spoofs, tMs);
        let shown: LatLon = pos;
        if (spoof !== null)
          shown = {
            lat: spoof.reported.lat + rng.uniform(-0.01, 0.01),
            lon: spoof.reported.lon + rng.uniform(-0.01, 0.01),
          };
        const sog = moored
          ? q(rng.uniform(0, 0.1), 10)
          : q(Math.max(0, cursor.speedKnots() + rng.normal(0, rep.speedNoiseKnots)), 10);
        const course = cursor.courseDeg();
        const cog = q((course + (moored ? 0 : rng.normal(0, 1.5)) + 360) % 360, 10) % 360;
        const heading =
          plan.aisClass === 'B' ? null : Math.round(course + (moored ? 0 : rng.normal(0, 2)) + 360) % 360;
        const lat = q(shown.lat, 600000);
        const lon = q(shown.lon, 600000);
        for (let k = 0; k < heard.length; k++) {
          const station = heard[k];
          const r = this.slot();
          r.kind = 'position';
          r.tsMs = tMs;
          r.station = station;
          r.mmsi = mmsi;
          r.lat = lat;
          r.lon = lon;
          r.speedKnots = sog;
          r.courseDeg = cog;
          r.headingDeg = heading;
          r.navStatus = navStatus;
          r.trueLat = pos.lat;
          r.trueLon = pos.lon;
          this.push(r);
        }
      }
      if (isStatic) {
        // Heard from where the ship is at tMs (out of range then, out of range now).
        const st = outOfRange
          ? coverage.receiveOutOfRange(tMs + 1000, rng)
          : coverage.receive(cursor.pos, tMs + 1000, rng);
        for (let k = 0; k < st.length; k++) {
          const station = st[k];
          // A static reception in a reused slot (its position fields are stale, and not read).
          const r = this.slot() as unknown as StaticReception;
          r.kind = 'static';
          r.tsMs = tMs + 1000;
          r.station = station;
          r.mmsi = mmsi;
          this.push(r);
        }
      }
    }
    while (this.nextStaticS <= tS) this.nextStaticS += rep.staticIntervalS;
    this.tS = tS + Math.max(1, Math.round(intervalS * rng.uniform(0.9, 1.1)));
  }
}

/** Receptions are gathered and ordered ten minutes of simulated time at a time. */
export const WINDOW_MS = 600_000;

/**
 * One window's receptions, in the order the vessels drained them (vessel index, then each
 * vessel's own order), in reused objects; `order` lists them by second, stably, which is the
 * output order (time, vessel, positions first, station).
 */
/** A reusable reception object: a position's fields, of which a static reception uses the first five. */
type ReceptionSlot = Omit<PositionReception, 'kind'> & { kind: Reception['kind'] };

class WindowBuffer {
  private readonly items: ReceptionSlot[] = [];
  len = 0;
  private readonly counts = new Int32Array(WINDOW_MS / 1000 + 1);
  private order = new Int32Array(1024);

  append(r: Reception): void {
    let o = this.items[this.len];
    if (o === undefined) {
      o = blankReception(r.vessel);
      this.items[this.len] = o;
    }
    o.kind = r.kind;
    o.tsMs = r.tsMs;
    o.vessel = r.vessel;
    o.station = r.station;
    o.mmsi = r.mmsi;
    if (r.kind === 'position') {
      o.lat = r.lat;
      o.lon = r.lon;
      o.speedKnots = r.speedKnots;
      o.courseDeg = r.courseDeg;
      o.headingDeg = r.headingDeg;
      o.navStatus = r.navStatus;
      o.trueLat = r.trueLat;
      o.trueLon = r.trueLon;
    }
    this.len++;
  }

  /** Hands the window's receptions to `emit` in output order and empties the buffer. */
  flush(startMs: number, emit: (r: Reception) => void): void {
    const n = this.len;
    if (n === 0) return;
    const counts = this.counts;
    counts.fill(0);
    const items = this.items;
    for (let i = 0; i < n; i++) {
      const d = items[i].tsMs - startMs;
      const sec = d / 1000;
      if (!(sec >= 0 && sec < WINDOW_MS / 1000 && Number.isInteger(sec)))
        throw new Error(`reception at ${items[i].tsMs} outside its window or not on a whole second`);
      counts[sec + 1]++;
    }
    for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
    if (this.order.length < n) this.order = new Int32Array(Math.max(n, this.order.length * 2));
    const order = this.order;
    for (let i = 0; i < n; i++) order[counts[(items[i].tsMs - startMs) / 1000]++] = i;
    this.len = 0;
    for (let i = 0; i < n; i++) emit(items[order[i]] as Reception);
  }
}

function blankReception(vessel: number): ReceptionSlot {
  return {
    kind: 'position',
    tsMs: 0,
    vessel,
    station: '',
    mmsi: 0,
    lat: 0,
    lon: 0,
    speedKnots: 0,
    courseDeg: 0,
    headingDeg: null,
    navStatus: 0,
    trueLat: 0,
    trueLon: 0,
  };
}

/** Plans, places and coverage of a scenario: everything a run needs before the first report. */
interface Setup {
  scenario: Scenario;
  root: Rng;
  places: Places;
  fleet: FleetResult;
  plans: VesselPlan[];
  coverage: Coverage;
}

function setup(s: Scenario): Setup {
  const root = new Rng(s.seed);
  const places = new Places(s);
  const fleet = planFleet(s, root.fork('fleet'));
  const used = new Set(fleet.plans.flatMap((p) => p.identities.map((i) => i.mmsi)));
  const plans = [...fleet.plans, ...planBackground(s, places, root.fork('background'), used)];
  const coverage = new Coverage(s, root.fork('coverage'));
  return { scenario: s, root, places, fleet, plans, coverage };
}

/** Every station id a reception can carry, ranked in `localeCompare` order. */
function stationRanks(coverage: Coverage): Map<string, number> {
  const ids = [...coverage.stationIds()].sort((a, b) => a.localeCompare(b));
  return new Map(ids.map((id, i) => [id, i]));
}

/** A port call's span from the true track, before its received reports are counted. */
interface CallSpan {
  vessel: number;
  place: ScenarioPlace;
  centre: LatLon;
  t0: number;
  t1: number;
  received: number;
}

/** Merges a span into a place's list: a span starting within 61 s of the last one extends it. */
function addSpan(spans: { t0: number; t1: number }[], t0: number, t1: number): void {
  const last = spans[spans.length - 1];
  if (last !== undefined && t0 - last.t1 <= 61000) last.t1 = Math.max(last.t1, t1);
  else spans.push({ t0, t1 });
}

/** Slack, in metres, kept between a ship's distance outside station range and the distance it can sail. */
const OUT_OF_RANGE_MARGIN_M = 10;

/** Slack, in metres, before a sample's distance outside the near places lets later samples be skipped. */
const SKIP_MARGIN_M = 10;

/** Sailing segments are sampled only for places with a point within this box of them. */
const nearPlace = (seg: Segment, place: ScenarioPlace) =>
  seg.points.some((p) => Math.abs(p.lat - place.lat) < 2 && Math.abs(p.lon - place.lon) < 3);

/**
 * Visits of each vessel to each place's area, from its true track (1-min steps when sailing).
 * Spans run from the first to the last sample inside. Each sailing segment is sampled once for
 * all the places near it: a cursor's answer at a time does not depend on the times asked before
 * when segment ends never go back in time (checked; otherwise each place gets its own sweep, as
 * the spans were first defined).
 */
function portCallSpans(plans: readonly VesselPlan[], places: Places): CallSpan[] {
  const out: CallSpan[] = [];
  const all = places.all();
  const centres = all.map((p) => ({ lat: p.lat, lon: p.lon }));
  plans.forEach((plan, vi) => {
    const segs = plan.segments;
    if (segs.length === 0) return;
    const spans: { t0: number; t1: number }[][] = all.map(() => []);
    const monotone = segs.every((sg, i) => i === 0 || segs[i - 1].t1Ms <= sg.t1Ms);
    const groups = monotone ? [all.map((_, i) => i)] : all.map((_, i) => [i]);
    const speeds: number[] = [];
    for (const group of groups) {
      const cursor = new PlanCursor(segs);
      for (const seg of segs) {
        if (seg.points.length === 1) {
          for (const pi of group) {
            if (distanceM(seg.points[0], centres[pi]) <= all[pi].radiusM)
              addSpan(spans[pi], seg.t0Ms, seg.t1Ms);
          }
          continue;
        }
        const near = group.filter((pi) => nearPlace(seg, all[pi]));
        if (near.length === 0) continue;
        const inside = near.map(() => false);
        const from = near.map(() => 0);
        const lastIn = near.map(() => 0);
        let t = seg.t0Ms;
        while (t <= seg.t1Ms) {
          cursor.sample(t);
          const pos = cursor.pos;
          let minGap = Number.POSITIVE_INFINITY;
          for (let j = 0; j < near.length; j++) {
            const pi = near[j];
            const gap = gapM(pos, centres[pi], all[pi].radiusM);
            const isIn = gap <= 0;
            if (isIn && !inside[j]) from[j] = t;
            if (!isIn && inside[j]) addSpan(spans[pi], from[j], lastIn[j]);
            if (isIn) lastIn[j] = t;
            inside[j] = isIn;
            if (gap < minGap || Number.isNaN(gap)) minGap = gap;
          }
          // Outside every near place: skip the samples that cannot be inside yet (no state
          // changes there), up to the end of the segment that answered this sample.
          let steps = 1;
          if (minGap > SKIP_MARGIN_M) {
            const si = cursor.segmentIndex;
            let v = speeds[si];
            if (v === undefined) {
              v = maxSpeedMPerMs(segs[si]);
              speeds[si] = v;
            }
            const untilMs = segs[si].t1Ms;
            const byEnd = Math.floor((untilMs - t) / 60000) + 1;
            const byGap = v === 0 ? byEnd : Math.ceil((minGap - SKIP_MARGIN_M) / (v * 1.01) / 60000);
            steps = Math.max(1, Math.min(byEnd, byGap));
          }
          t += 60000 * steps;
        }
        for (let j = 0; j < near.length; j++) {
          const pi = near[j];
          if (inside[j])
            addSpan(
              spans[pi],
              from[j],
              distanceM(seg.points[seg.points.length - 1], centres[pi]) <= all[pi].radiusM
                ? seg.t1Ms
                : lastIn[j],
            );
        }
      }
    }
    all.forEach((place, pi) => {
      for (const sp of spans[pi])
        out.push({ vessel: vi, place, centre: centres[pi], t0: sp.t0, t1: sp.t1, received: 0 });
    });
  });
  return out;
}

/** A time window [t0, t1) in which one vessel's received positions are counted. */
interface CountWindow {
  t0: number;
  t1: number;
  n: number;
}

/**
 * The truth's reception-dependent parts, accumulated one reception at a time (each vessel's in
 * time order): counts, reception gaps, positions received inside port calls and inside brief
 * switch-ons and spoofs. Holds per-vessel state only.
 */
class TruthAccumulator {
  readonly posCount: Int32Array;
  readonly statCount: Int32Array;
  private readonly lastTs: Float64Array;
  private readonly lastMmsi: Float64Array;
  private readonly gaps: TruthReceptionGap[][];
  readonly calls: CallSpan[];
  /** Per vessel: its port-call spans by start time, the next not yet open, the open ones. */
  private readonly callsBy: CallSpan[][];
  private readonly callNext: Int32Array;
  private readonly callOpen: CallSpan[][];
  /**
   * Per vessel, in flat arrays (one cache line for several vessels, where the lists are scattered):
   * the start of its next port-call span not yet open (Infinity: none), and how many are open. A
   * position before that start with none open needs no look at the lists.
   */
  private readonly callNextT0: Float64Array;
  private readonly callOpenN: Int32Array;
  private readonly windows: (CountWindow[] | undefined)[];

  constructor(
    private readonly plans: readonly VesselPlan[],
    places: Places,
  ) {
    const n = plans.length;
    this.posCount = new Int32Array(n);
    this.statCount = new Int32Array(n);
    this.lastTs = new Float64Array(n).fill(Number.NaN);
    this.lastMmsi = new Float64Array(n);
    this.gaps = Array.from({ length: n }, () => []);
    this.calls = portCallSpans(plans, places);
    this.callsBy = Array.from({ length: n }, () => []);
    for (const c of this.calls) this.callsBy[c.vessel].push(c);
    for (const list of this.callsBy) list.sort((a, b) => a.t0 - b.t0);
    this.callNext = new Int32Array(n);
    this.callOpen = Array.from({ length: n }, () => []);
    this.callNextT0 = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.callsBy.forEach((list, vi) => {
      if (list.length > 0) this.callNextT0[vi] = list[0].t0;
    });
    this.callOpenN = new Int32Array(n);
    this.windows = new Array(n);
  }

  /** Counts received positions of `vessel` (the first plan with that key) in [t0, t1). */
  countWindow(vessel: string, t0: number, t1: number): CountWindow {
    const vi = this.plans.findIndex((p) => p.key === vessel);
    const w = { t0, t1, n: 0 };
    // A key no plan has (index -1) counts nothing, as before.
    if (vi >= 0) {
      const list = this.windows[vi];
      if (list === undefined) this.windows[vi] = [w];
      else list.push(w);
    }
    return w;
  }

  add(r: Reception): void {
    const vi = r.vessel;
    if (r.kind !== 'position') {
      this.statCount[vi]++;
      return;
    }
    this.posCount[vi]++;
    const ts = r.tsMs;
    const a = this.lastTs[vi];
    if (!Number.isNaN(a) && ts - a >= RECEPTION_GAP_MIN_H * 3600000) {
      const plan = this.plans[vi];
      const staged = plan.dark.some((d) => d.t0Ms < ts && d.t1Ms > a);
      this.gaps[vi].push({
        vessel: plan.key,
        mmsi: this.lastMmsi[vi],
        startTsMs: a,
        endTsMs: ts,
        durationH: Math.round(((ts - a) / 3600000) * 100) / 100,
        cause: staged ? 'transponder-off' : 'coverage',
        simulated: true,
      });
    }
    this.lastTs[vi] = ts;
    this.lastMmsi[vi] = r.mmsi;

    if (this.callOpenN[vi] > 0 || ts >= this.callNextT0[vi]) {
      const spans = this.callsBy[vi];
      const open = this.callOpen[vi];
      let k = this.callNext[vi];
      while (k < spans.length && spans[k].t0 <= ts) open.push(spans[k++]);
      this.callNext[vi] = k;
      this.callNextT0[vi] = k < spans.length ? spans[k].t0 : Number.POSITIVE_INFINITY;
      let j = 0;
      for (let i = 0; i < open.length; i++) {
        const c = open[i];
        if (c.t1 < ts) continue;
        open[j++] = c;
        if (withinM(r, c.centre, c.place.radiusM)) c.received++;
      }
      if (j !== open.length) open.length = j;
      this.callOpenN[vi] = j;
    }
    const ws = this.windows[vi];
    if (ws !== undefined) for (const w of ws) if (ts >= w.t0 && ts < w.t1) w.n++;
  }

  portCalls(): TruthPortCall[] {
    const calls = this.calls.map((c): TruthPortCall => {
      const plan = this.plans[c.vessel];
      const segs = plan.segments;
      const id = latest(plan.identities, c.t0);
      return {
        vessel: plan.key,
        mmsi: id.mmsi,
        name: id.name,
        area: c.place.id,
        areaOfInterest: c.place.areaOfInterest,
        arrivalTsMs: c.t0 <= segs[0].t0Ms ? null : c.t0,
        departureTsMs: c.t1 >= segs[segs.length - 1].t1Ms ? null : c.t1,
        receivedPositions: c.received,
        simulated: true,
      };
    });
    return calls.sort(
      (a, b) => (a.arrivalTsMs ?? 0) - (b.arrivalTsMs ?? 0) || a.vessel.localeCompare(b.vessel),
    );
  }

  receptionGaps(): TruthReceptionGap[] {
    return this.gaps.flat().sort((x, y) => x.startTsMs - y.startTsMs || x.vessel.localeCompare(y.vessel));
  }
}

/**
 * Runs a scenario, handing every reception to `sink` in time order (then vessel index, positions
 * before statics, then station), and returns the plans and the truth. The reception objects are
 * reused once the sink has returned: a sink that keeps them keeps copies (`copyReception`). Memory
 * does not grow with the number of receptions: per vessel, a plan, a cursor and a few reusable
 * reception objects.
 */
export function runSimulation(
  s: Scenario,
  sink: (r: Reception) => void,
  onPlans?: (plans: readonly VesselPlan[]) => void,
): StreamedSimulation {
  const { root, places, fleet, plans, coverage } = setup(s);
  onPlans?.(plans);
  const acc = new TruthAccumulator(plans, places);
  const briefWindows = fleet.briefOns.map((b) => acc.countWindow(b.vessel, b.startTsMs, b.endTsMs));
  const spoofWindows = fleet.spoofs.map((sp) => acc.countWindow(sp.vessel, sp.startTsMs, sp.endTsMs));

  const ranks = stationRanks(coverage);
  // A vessel's transmitter is let go once it has sent everything (its cursor caches and slots).
  const txs: (VesselTransmitter | null)[] = plans.map(
    (plan, i) => new VesselTransmitter(s, plan, i, coverage, root.fork(`tx-${plan.key}`), ranks),
  );
  /** A vessel not yet finished. */
  const tx = (i: number) => txs[i]!;
  // Vessels join the active list (kept in index order) in the window of their first tick, and
  // leave it when they have nothing more to send.
  const byStart = txs.map((_, i) => i).sort((a, b) => tx(a).nextTickMs - tx(b).nextTickMs || a - b);
  let nextJoin = 0;
  let active: Int32Array = new Int32Array(0);
  const buffer = new WindowBuffer();
  let peakPending = 0;
  let count = 0;
  const emit = (r: Reception) => {
    acc.add(r);
    sink(r);
    count++;
  };
  let startMs = Number.NEGATIVE_INFINITY;
  for (;;) {
    if (active.length === 0) {
      // Nothing running: go to the window of the next vessel's first tick.
      while (nextJoin < byStart.length && tx(byStart[nextJoin]).finished) nextJoin++;
      if (nextJoin === byStart.length) break;
      const t = tx(byStart[nextJoin]).nextTickMs;
      startMs = Math.max(startMs, Math.floor(t / WINDOW_MS) * WINDOW_MS);
    }
    const endMs = startMs + WINDOW_MS;
    if (nextJoin < byStart.length && tx(byStart[nextJoin]).nextTickMs < endMs) {
      const joining: number[] = [];
      while (nextJoin < byStart.length && tx(byStart[nextJoin]).nextTickMs < endMs)
        joining.push(byStart[nextJoin++]);
      active = mergeSorted(
        active,
        joining.sort((a, b) => a - b),
      );
    }
    let kept = 0;
    let queued = 0;
    for (let i = 0; i < active.length; i++) {
      const v = active[i];
      const t = tx(v);
      t.drain(endMs, buffer);
      if (t.finished) txs[v] = null;
      else {
        active[kept++] = v;
        queued += t.pending;
      }
    }
    if (kept !== active.length) active = active.slice(0, kept);
    if (buffer.len + queued > peakPending) peakPending = buffer.len + queued;
    buffer.flush(startMs, emit);
    startMs = endMs;
  }

  const byShipN: Record<string, number> = {};
  const byShipC: Record<string, number> = {};
  for (const sh of fleet.shipments) {
    byShipN[sh.ship] = (byShipN[sh.ship] ?? 0) + 1;
    byShipC[sh.ship] = (byShipC[sh.ship] ?? 0) + sh.containers;
  }
  const { posCount, statCount } = acc;

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
    portCalls: acc.portCalls(),
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
    receptionGaps: acc.receptionGaps(),
    briefSwitchOns: fleet.briefOns.map((b, i) => ({
      ...b,
      receivedPositions: briefWindows[i].n,
    })),
    encounters: fleet.encounters,
    spoofs: fleet.spoofs.map((sp, i) => {
      const plan = plans.find((p) => p.key === sp.vessel)!;
      const mid = new PlanCursor(plan.segments).at((sp.startTsMs + sp.endTsMs) / 2);
      return {
        ...sp,
        trueLat: mid === null ? sp.trueLat : Math.round(mid.pos.lat * 1e5) / 1e5,
        trueLon: mid === null ? sp.trueLon : Math.round(mid.pos.lon * 1e5) / 1e5,
        receivedPositions: spoofWindows[i].n,
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
  return { scenario: s, plans, truth, receptions: count, peakPending };
}

/** Two ascending index lists as one. */
function mergeSorted(a: Int32Array, b: readonly number[]): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** A reception as a new object of its own kind's shape (the stream's objects are reused). */
export function copyReception(r: Reception): Reception {
  if (r.kind === 'static')
    return { kind: 'static', tsMs: r.tsMs, vessel: r.vessel, station: r.station, mmsi: r.mmsi };
  return {
    kind: 'position',
    tsMs: r.tsMs,
    vessel: r.vessel,
    station: r.station,
    mmsi: r.mmsi,
    lat: r.lat,
    lon: r.lon,
    speedKnots: r.speedKnots,
    courseDeg: r.courseDeg,
    headingDeg: r.headingDeg,
    navStatus: r.navStatus,
    trueLat: r.trueLat,
    trueLon: r.trueLon,
  };
}

/** Runs a scenario and keeps every reception in memory (tests, small scenarios). */
export function simulateScenario(s: Scenario): SimulationResult {
  const receptions: Reception[] = [];
  const { plans, truth } = runSimulation(s, (r) => receptions.push(copyReception(r)));
  return { scenario: s, plans, receptions, truth };
}
