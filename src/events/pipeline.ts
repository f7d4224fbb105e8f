/**
 * `detectAll`: every detector over every track, in one deterministic order. Per-vessel detectors
 * run track by track (each a single pass over its columns); encounters, reception context and
 * shared IMOs look across vessels. Tracks not cleaned yet are cleaned here with the set's
 * `spoofMaxSpeedKnots` / `spoofJitterM` / `segmentMaxSilenceMs` / `segmentNoiseMaxFixes`; only
 * vessel stations (src/tracks/station.ts) are read, one segment at a time (src/tracks/segments.ts).
 * The output does not depend on the order of `tracks`.
 *
 * `Detection` is the same work for a store larger than memory: the tracks are handed over in
 * batches of whole MMSIs in ascending MMSI order, four times (`round1` … `round4`), and only what
 * crosses vessels is kept between batches — the silences, per-source coverage counts, stops (for
 * inferred anchorages), encounter samples and IMO claims. `detectAll` is `Detection` with one batch,
 * so both give the same events.
 */
import type { Area } from '../areas/types.js';
import { cleanTrack, splitSegments, type Track } from '../tracks/columns.js';
import { isVesselStation } from '../tracks/station.js';
import { inferAnchorages } from './anchorages.js';
import { type DetectContext, makeContext } from './context.js';
import { CoverageBuilder, type CoverageModel, coverageCells } from './coverage.js';
import type { DetectMemo, OnMask, SegmentWork, VesselWork } from './detect-memo.js';
import { detectDraughtChanges } from './draught.js';
import {
  type EncounterRun,
  type EncounterStats,
  encounterEvents,
  encounterRuns,
  Samples,
  sampleEncounters,
  supportOf,
} from './encounters.js';
import { detectGaps, smallestGapMinMs } from './gaps.js';
import { GrowableF64 } from './growable.js';
import { addImoClaims, detectIdentityChanges, type ImoClaims, imoSharedEvents } from './identity.js';
import { addTileRepresentatives, type SurfaceSource, WaterMaskMemo } from './land.js';
import { detectLoitering } from './loitering.js';
import { detectOnLand, type LandCheck, onLandDistancesM } from './on-land.js';
import { cleanOptionsOf, DEFAULT_PARAMS, type EventParams } from './params.js';
import { detectPortCalls } from './port-calls.js';
import {
  hourCellRuns,
  ReceptionCounter,
  type ReceptionCounts,
  SilenceCollector,
  silenceParts,
} from './reception.js';
import { detectSpoofing } from './spoofing.js';
import { detectStops } from './stops.js';
import type { EventOf, VesselEvent } from './types.js';
import { detectVoyages } from './voyages.js';

export interface DetectStats {
  positions: number;
  vessels: number;
  encounters: EncounterStats;
}

export interface DetectOptions {
  /** Land and water for the `on-land` check (src/geodata/surface.ts loads them); none: no check. */
  land?: SurfaceSource | null;
  /**
   * Names of the tracks' sources (`Track.sourceNo` indexes it), for the gaps' coverage evidence;
   * read when round 2 ends, so a reader may still be adding names while it hands over batches.
   */
  sourceNames?: readonly string[];
  /** Keeps the last water mask for the next detection over the same tiles (live passes). */
  waterMasks?: WaterMaskMemo;
  /** Keeps each vessel's own work for the next detection over the same window (live passes). */
  memo?: DetectMemo;
}

/** `w[k]`, computed and kept there the first time (w null: computed every time). */
function kept<W extends SegmentWork | VesselWork, K extends keyof W>(
  w: W | null,
  k: K,
  compute: () => NonNullable<W[K]>,
): NonNullable<W[K]> {
  if (w === null) return compute();
  const v = w[k];
  if (v !== undefined) return v as NonNullable<W[K]>;
  const c = compute();
  w[k] = c;
  return c;
}

/** `kept` for what depends on the water mask too: reused only with the mask it was measured on. */
function keptOnMask<T, K extends string>(
  w: { [P in K]?: OnMask<T> } | null,
  k: K,
  mask: object,
  compute: () => T,
): T {
  const had = w?.[k];
  if (had !== undefined && had.mask === mask) return had.value;
  const value = compute();
  if (w !== null) w[k] = { mask, value } as (typeof w)[K];
  return value;
}

/** Order: start time, type, MMSI, second MMSI, id. */
export function compareEvents(a: VesselEvent, b: VesselEvent): number {
  return (
    a.startMs - b.startMs ||
    (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) ||
    a.mmsi - b.mmsi ||
    (a.mmsi2 ?? -1) - (b.mmsi2 ?? -1) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** One batch made ready for the detectors: vessel stations only, cleaned, and split into segments. */
export interface PreparedBatch {
  /** Whole MMSIs (vessel stations), cleaned, by MMSI. */
  vessels: Track[];
  /** Each vessel's segments. */
  segmented: Track[][];
  /** All segments, vessel by vessel: the order segments are numbered in. */
  sorted: Track[];
}

export function prepareBatch(
  tracks: readonly Track[],
  params: Readonly<EventParams>,
  memo?: DetectMemo,
): PreparedBatch {
  // Base stations, aids to navigation, aircraft and beacons do not sail: a buoy beside a drifting
  // ship is no meeting, and a shore station heard from its mast says nothing of reception at sea
  // (a virtual AtoN is sent from shore), so they are left out of every detector, reception included.
  const vessels = [...tracks]
    .sort((a, b) => a.mmsi - b.mmsi)
    .map((t) => {
      if (t.cleaning) return t;
      const clean = (raw: Track) => cleanTrack(raw, cleanOptionsOf(params));
      return memo ? memo.cleanedOf(t, clean) : clean(t);
    })
    .filter((t) => isVesselStation(t.station));
  return rebuildBatch(vessels, memo);
}

/** Whole MMSIs, cleaned (not split): what a reader keeps of a batch between rounds. */
export function rebuildBatch(vessels: Track[], memo?: DetectMemo): PreparedBatch {
  // One MMSI may be two transmitters: the per-vessel detectors see one segment at a time (in MMSI
  // order, a vessel's segments together); spoofing, identity and draught read the whole MMSI.
  const segmented = vessels.map((t) => kept(memo?.vessel(t) ?? null, 'segments', () => splitSegments(t)));
  return { vessels, segmented, sorted: segmented.flat() };
}

/**
 * Detection over batches (see the top of this file). Rounds 1–3 take every batch, in the same
 * order each time; round 4 only the batches holding a segment `needsRound4` names. Calls:
 * round1 × batches, endRound1, round2 × batches, endRound2, round3 × batches (their events),
 * endRound3, round4 × the batches needed, finish.
 */
export class Detection {
  private readonly ctx: DetectContext;
  private encCtx: DetectContext;
  private readonly floorMs: number;
  private readonly silenceCollector: SilenceCollector;
  private readonly coverageBuilder = new CoverageBuilder();
  private readonly stops: EventOf<'stop'>[] = [];
  private readonly tileReps = new Map<number, [number, number]>();
  private readonly imoClaims: ImoClaims = new Map();
  private readonly mmsiOfSegment = new GrowableF64();
  private readonly samples = new Samples();
  private receptionCounter: ReceptionCounter | null = null;
  private reception: ReceptionCounts | null = null;
  private coverage: CoverageModel | null = null;
  private landCheck: LandCheck | null = null;
  private runs: EncounterRun[] = [];
  /** Per run: the support of its two segments, filled in round 4. */
  private runSupport = new Map<number, Array<ReturnType<typeof supportOf>>>();
  private readonly runsBySegment = new Map<number, number[]>();
  private segments = 0;
  /** Next segment number expected in the current round. */
  private next = 0;
  private positions = 0;
  private vessels = 0;
  private readonly enc: EncounterStats = { samples: 0, pairChecks: 0, slices: 0 };

  constructor(
    private readonly areas: readonly Area[],
    private readonly params: Readonly<EventParams> = DEFAULT_PARAMS,
    private readonly options: DetectOptions = {},
  ) {
    this.ctx = makeContext(areas, params);
    this.encCtx = this.ctx;
    this.floorMs = smallestGapMinMs(this.ctx);
    this.silenceCollector = new SilenceCollector(this.floorMs);
  }

  /** Silences, source spans, stops, tiles visited and IMO claims. */
  round1(b: PreparedBatch): void {
    const first = this.segments;
    const floorMs = this.floorMs;
    this.silenceCollector.add(b.sorted, first, (t) =>
      kept(this.workOf(t), 'silenceParts', () => silenceParts(t, floorMs)),
    );
    this.coverageBuilder.addSums(b.sorted);
    for (const t of b.sorted) {
      this.mmsiOfSegment.push(t.mmsi);
      const w = this.workOf(t);
      for (const s of kept(w, 'stops', () => detectStops(t, this.ctx))) this.stops.push(s);
      if (this.options.land) {
        const tiles = kept(w, 'tiles', () => {
          const own = new Map<number, [number, number]>();
          addTileRepresentatives(own, t.lon, t.lat, this.params.landCellDeg);
          return own;
        });
        // the first fix in a tile stays its representative, as when the fixes are added in order
        for (const [key, rep] of tiles) if (!this.tileReps.has(key)) this.tileReps.set(key, rep);
      }
    }
    addImoClaims(this.imoClaims, b.vessels);
    this.segments += b.sorted.length;
    this.vessels += b.vessels.length;
  }

  private workOf(segment: Track): SegmentWork | null {
    return this.options.memo?.segment(segment) ?? null;
  }

  endRound1(): void {
    const silences = this.silenceCollector.finish();
    const p = this.params;
    this.receptionCounter = new ReceptionCounter(silences, p.gapReceptionRadiusM, p.spoofMaxSpeedKnots);
    this.coverageBuilder.startFixes(silences);
    // ports missing from the areas in use (where several vessels stopped) are kept out of encounters
    const inferred = inferAnchorages(this.stops, p);
    this.encCtx = inferred.length > 0 ? makeContext([...this.areas, ...inferred], p) : this.ctx;
    this.stops.length = 0;
    const land = this.options.land;
    if (land) {
      this.landCheck = {
        mask: (this.options.waterMasks ?? new WaterMaskMemo()).of(
          land,
          this.tileReps,
          p.landCellDeg,
          p.landToleranceM,
        ),
        source: land,
        areas: this.areas,
        polygonMemo: new Map(),
        ringBounds: new Map(),
      };
    }
    this.tileReps.clear();
    this.next = 0;
  }

  /** Reception counts and the hours each source heard. */
  round2(b: PreparedBatch): void {
    this.receptionCounter?.add(b.sorted, this.next, (t) =>
      kept(this.workOf(t), 'receptionRuns', () => hourCellRuns(t)),
    );
    // the distances are worth keeping only where the cells are kept
    this.coverageBuilder.addFixes(
      b.sorted,
      (t) => kept(this.workOf(t), 'coverageCells', () => coverageCells(t)),
      this.options.memo !== undefined,
    );
    this.next += b.sorted.length;
  }

  endRound2(): void {
    this.reception = this.receptionCounter?.finish() ?? null;
    this.receptionCounter = null;
    this.coverage = this.coverageBuilder.finish(this.options.sourceNames ?? []);
    this.next = 0;
  }

  /** The per-vessel events of the batch; encounter samples. */
  round3(b: PreparedBatch): VesselEvent[] {
    const { ctx, params, landCheck } = this;
    const first = this.next;
    const events: VesselEvent[] = [];
    const memo = this.options.memo ?? null;
    // how far from water each segment's fixes must be to count as on land (on-land.ts)
    const onLandM = landCheck
      ? b.segmented.flatMap((segs, v) =>
          keptOnMask(memo?.vessel(b.vessels[v]) ?? null, 'onLandM', landCheck.mask, () =>
            onLandDistancesM(segs, landCheck, params),
          ),
        )
      : [];
    const byMmsi = new Map<number, { calls: EventOf<'port-call'>[]; gaps: EventOf<'gap'>[] }>();
    for (let k = 0; k < b.sorted.length; k++) {
      const t = b.sorted[k];
      this.positions += t.length;
      const w = this.workOf(t);
      const calls = kept(w, 'portCalls', () => detectPortCalls(t, ctx));
      const gapsAndDark = detectGaps(t, ctx, this.reception, first + k, this.coverage);
      const gaps = gapsAndDark.filter((e): e is EventOf<'gap'> => e.type === 'gap');
      const seen = byMmsi.get(t.mmsi);
      if (seen) {
        seen.calls.push(...calls);
        seen.gaps.push(...gaps);
      } else byMmsi.set(t.mmsi, { calls: [...calls], gaps: [...gaps] });
      // a segment's distance (onLandM) follows from its vessel's segments and the mask alone
      if (landCheck)
        events.push(
          ...keptOnMask(w, 'onLand', landCheck.mask, () => detectOnLand(t, ctx, landCheck, onLandM[k])),
        );
      events.push(
        ...calls,
        ...gapsAndDark,
        ...kept(w, 'stops', () => detectStops(t, ctx)),
        ...kept(w, 'loitering', () => detectLoitering(t, ctx)),
        ...detectVoyages(t, ctx, calls, gaps),
      );
    }
    for (const t of b.vessels) {
      const seen = byMmsi.get(t.mmsi) ?? { calls: [], gaps: [] };
      const calls = seen.calls.sort((x, y) => x.startMs - y.startMs);
      const gaps = seen.gaps.sort((x, y) => x.startMs - y.startMs);
      const w = memo?.vessel(t) ?? null;
      events.push(
        ...kept(w, 'spoofing', () => detectSpoofing(t, ctx)),
        ...kept(w, 'identity', () => detectIdentityChanges(t, ctx)),
        ...detectDraughtChanges(t, ctx, calls, gaps),
      );
    }
    sampleEncounters(this.samples, b.sorted, first, this.encCtx);
    this.next += b.sorted.length;
    return events;
  }

  endRound3(): void {
    const mmsiOf = this.mmsiOfSegment.view();
    this.runs = encounterRuns(this.samples, this.segments, mmsiOf, this.encCtx, this.enc);
    this.runs.forEach((r, i) => {
      for (const v of [r.a, r.b]) {
        const list = this.runsBySegment.get(v) ?? [];
        list.push(i);
        this.runsBySegment.set(v, list);
      }
    });
    this.next = 0;
  }

  /** Whether round 4 needs a batch whose segments are numbered [first, first + count). */
  needsRound4(first: number, count: number): boolean {
    for (let v = first; v < first + count; v++) if (this.runsBySegment.has(v)) return true;
    return false;
  }

  /** The evidence of the encounters the batch's segments are part of; `first`: its first segment's number. */
  round4(b: PreparedBatch, first: number): void {
    const slice = this.params.encounterSliceMs;
    for (let k = 0; k < b.sorted.length; k++) {
      const runs = this.runsBySegment.get(first + k);
      if (!runs) continue;
      const t = b.sorted[k];
      for (const i of runs) {
        const r = this.runs[i];
        const sup = this.runSupport.get(i) ?? [];
        sup[r.a === first + k ? 0 : 1] = supportOf(t, r.first * slice, r.last * slice);
        this.runSupport.set(i, sup);
      }
    }
  }

  /** Every event: the rounds' per-vessel events with the encounters and shared IMOs, sorted. */
  finish(perVessel: VesselEvent[], stats?: DetectStats): VesselEvent[] {
    const mmsiOf = this.mmsiOfSegment.view();
    const runs = this.runs;
    const supportOfSide = (i: number, side: number) => {
      const sup = this.runSupport.get(i)?.[side];
      if (sup === undefined)
        throw new Error('internal: encounter evidence missing (round 4 skipped a batch)');
      return sup;
    };
    const events = perVessel;
    events.push(
      ...encounterEvents(
        runs,
        (i, side) => ({ mmsi: mmsiOf[side === 0 ? runs[i].a : runs[i].b], support: supportOfSide(i, side) }),
        this.encCtx,
      ),
      ...imoSharedEvents(this.imoClaims, this.ctx),
    );
    if (stats) {
      stats.positions = this.positions;
      stats.vessels = this.vessels;
      stats.encounters = this.enc;
    }
    return events.sort(compareEvents);
  }
}

export function detectAll(
  tracks: readonly Track[],
  areas: readonly Area[],
  params: Readonly<EventParams> = DEFAULT_PARAMS,
  stats?: DetectStats,
  options: DetectOptions = {},
): VesselEvent[] {
  const d = new Detection(areas, params, options);
  const b = prepareBatch(tracks, params);
  d.round1(b);
  d.endRound1();
  d.round2(b);
  d.endRound2();
  const events = d.round3(b);
  d.endRound3();
  if (d.needsRound4(0, b.sorted.length)) d.round4(b, 0);
  return d.finish(events, stats);
}
