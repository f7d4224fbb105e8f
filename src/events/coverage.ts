/**
 * Coverage: what each source (a receiving station, a feed, a file) heard, and when. A silence of
 * one vessel is only evidence of a switched-off transponder where the sources that heard it before
 * and after were hearing other ships near the place it fell silent (and where it reappeared) for
 * most of the silence. Two captures years apart both hear ships near the same harbour, yet say
 * nothing about the years between: counting "anyone heard at some moment" would call that hole
 * dark. So the model keeps, per source, the hours in which it heard any vessel in each cell of a
 * coarse grid, and a gap end asks in how many of the gap's hours its sources heard someone near it.
 *
 * "Near" is the source's own reach, measured from what it heard: the distance from the mean
 * position of its fixes within which 90 % of them lie — a terrestrial station's tens of kilometres,
 * a satellite's or a national network's hundreds — kept between the caller's floor and ceiling.
 * A receiver that heard others within its reach of the point was listening there; a ship it did
 * not hear then was not transmitting (or not there). (The mean position of a source whose fixes
 * straddle the antimeridian is meaningless; its reach then comes out large and is capped.)
 *
 * Built in one pass over the fixes (a new entry only when a vessel changes cell or hour); each
 * (source, cell) keeps its sorted distinct hours, so a query costs a binary search per cell and
 * source plus the hours it finds.
 */
import { haversineCosM, MS_PER_HOUR, metresToLatDeg, metresToLonDeg, RAD } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import { lowerBound } from './growable.js';
import { type Silences, silencesOf } from './reception.js';

/** The reach is read from a histogram of 1 km bins up to 5,000 km. */
const REACH_BIN_M = 1000;
const REACH_BINS = 5000;
/** …as the distance within which this share of a source's fixes lie (outliers: ducting, bad fixes). */
const REACH_QUANTILE = 0.9;

/** Grid cell: 0.25° (~28 km north–south), a fraction of any reach worth the name. */
const CELL_DEG = 0.25;
const LAT_CELLS = 720;
const LON_CELLS = 1440;
const CELLS = LAT_CELLS * LON_CELLS;

export interface SourceSpan {
  name: string;
  /** First and last fix this source delivered (of the tracks read), epoch ms. */
  firstMs: number;
  lastMs: number;
  fixes: number;
  /** How far it hears (see above), metres; null for a source of a single fix. */
  reachM: number | null;
}

export interface CoverageModel {
  /** Per source number (`Track.sourceNo`). */
  spans: readonly SourceSpan[];
  /**
   * The whole clock hours strictly inside (fromMs, toMs) in which one of `sources` heard a vessel
   * near (lon, lat): in a grid cell within `nearM(source)` metres, ascending.
   */
  heardHours(
    sources: readonly number[],
    lon: number,
    lat: number,
    fromMs: number,
    toMs: number,
    nearM: (source: number) => number,
  ): number[];
}

/**
 * What coverage reads of a track whatever the other tracks are: each fix's latitude cosine (for
 * its distance from its source's mean) and its (source × cell, hour) filings, pairs in a row, a
 * pair repeated only after another came between (the hours heard are a set: repeats are free).
 * A caller that keeps them between detections (`addFixes` with `keepDistances`) also keeps the
 * fixes' distances from the means of the detection that measured them (`reference`).
 */
export interface CoverageCells {
  cosLat: Float64Array;
  keyHours: Float64Array;
  reference?: DistanceReference;
}

interface DistanceReference {
  distM: Float64Array;
  /** The sources' means the distances were measured from, by source number. */
  meanLon: number[];
  meanLat: number[];
}

/**
 * Rounding in a haversine distance is far below a micrometre at the distances a reach bin counts
 * (up to REACH_BINS km): a millimetre of slack keeps the bound safe.
 */
const REFERENCE_SLACK_M = 1e-3;
/** Past this a source's mean has moved so far that many bins may change: measure all again. */
const REFERENCE_MAX_MOVE_M = 20;

function binOf(distM: number): number {
  return Math.min(REACH_BINS - 1, Math.floor(distM / REACH_BIN_M));
}

export function coverageCells(t: Track): CoverageCells {
  const cosLat = new Float64Array(t.length);
  const pairs: number[] = [];
  let lastKey = -1;
  let lastHour = Number.NaN;
  for (let i = 0; i < t.length; i++) {
    cosLat[i] = Math.cos(t.lat[i] * RAD);
    const hour = Math.floor(t.tsMs[i] / MS_PER_HOUR);
    const key = t.sourceNo[i] * CELLS + cellOf(t.lon[i], t.lat[i]);
    if (key === lastKey && hour === lastHour) continue;
    lastKey = key;
    lastHour = hour;
    pairs.push(key, hour);
  }
  return { cosLat, keyHours: Float64Array.from(pairs) };
}

/** A source's radius of "near": its reach, between the floor and the ceiling. */
export function nearRadiusM(span: SourceSpan | undefined, floorM: number, ceilingM: number): number {
  return Math.max(floorM, Math.min(ceilingM, span?.reachM ?? floorM));
}

/** The whole clock hours strictly inside (fromMs, toMs): [first, last] hour numbers; empty when last < first. */
export function interiorHours(fromMs: number, toMs: number): [number, number] {
  return [Math.floor(fromMs / MS_PER_HOUR) + 1, Math.ceil(toMs / MS_PER_HOUR) - 2];
}

/** How much of a silence was heard near its ends (see `heardShares`). */
export interface HeardShares {
  /** Share of the first half's slices heard near the start. */
  startShare: number;
  /** Share of the second half's slices heard near the end. */
  endShare: number;
  /** Share of all slices heard near the end they belong to. */
  share: number;
}

/**
 * The hours [h0, h1] of a silence in slices of `binHours` (the last may be shorter); a slice is
 * heard when any of its hours is, so that a source that listens in passes (a satellite every few
 * hours) is judged at its own cadence. A slice of the first half is judged near the start, one of
 * the second half near the end (the middle slice of an odd count by either): the further into the
 * silence, the less the place it began says about where the ship was.
 */
export function heardShares(
  heardStart: readonly number[],
  heardEnd: readonly number[],
  h0: number,
  h1: number,
  binHours: number,
): HeardShares {
  const hours = h1 - h0 + 1;
  if (hours <= 0) return { startShare: 0, endShare: 0, share: 0 };
  const bins = Math.ceil(hours / binHours);
  const heard = new Uint8Array(bins);
  const mark = (list: readonly number[], bit: number) => {
    for (const h of list) {
      const k = Math.floor((h - h0) / binHours);
      if (k >= 0 && k < bins) heard[k] |= bit;
    }
  };
  mark(heardStart, 1);
  mark(heardEnd, 2);
  let first = 0;
  let firstHeard = 0;
  let second = 0;
  let secondHeard = 0;
  let any = 0;
  for (let k = 0; k < bins; k++) {
    const inFirst = 2 * k < bins;
    const inSecond = 2 * k >= bins - 1;
    if (inFirst) {
      first++;
      if (heard[k] & 1) firstHeard++;
    }
    if (inSecond) {
      second++;
      if (heard[k] & 2) secondHeard++;
    }
    if ((inFirst && heard[k] & 1) || (inSecond && heard[k] & 2)) any++;
  }
  return { startShare: firstHeard / first, endShare: secondHeard / second, share: any / bins };
}

function cellOf(lon: number, lat: number): number {
  const la = Math.min(LAT_CELLS - 1, Math.max(0, Math.floor((lat + 90) / CELL_DEG)));
  const lo = (((Math.floor((lon + 180) / CELL_DEG) % LON_CELLS) + LON_CELLS) % LON_CELLS) | 0;
  return la * LON_CELLS + lo;
}

/**
 * Coverage built from tracks handed over in batches, in two rounds: `addSums` with every track
 * (each source's span and mean position), then — once the silences are known — `addFixes` with
 * every track again in the same order (the distances from the means, and the hours heard per cell
 * in the hours some silence covers). Memory: per source and per (source, cell) heard, not per fix.
 */
export class CoverageBuilder {
  private firstMs = new Float64Array(16).fill(Number.POSITIVE_INFINITY);
  private lastMs = new Float64Array(16).fill(Number.NEGATIVE_INFINITY);
  private fixes = new Float64Array(16);
  private sumLon = new Float64Array(16);
  private sumLat = new Float64Array(16);
  private sourceCount = 0;
  private meanLon: number[] = [];
  private meanLat: number[] = [];
  private histograms: Uint32Array[] = [];
  private silences: Silences | null = null;
  private readonly lists = new Map<number, number[]>();
  private readonly cosMeanLat: number[] = [];

  private grow(n: number): void {
    if (n <= this.fixes.length) return;
    let size = this.fixes.length;
    while (size < n) size *= 2;
    const g = (a: Float64Array, fill: number) => {
      const b = new Float64Array(size).fill(fill);
      b.set(a);
      return b;
    };
    this.firstMs = g(this.firstMs, Number.POSITIVE_INFINITY);
    this.lastMs = g(this.lastMs, Number.NEGATIVE_INFINITY);
    this.fixes = g(this.fixes, 0);
    this.sumLon = g(this.sumLon, 0);
    this.sumLat = g(this.sumLat, 0);
  }

  /** First round: every track. */
  addSums(tracks: readonly Track[]): void {
    for (const t of tracks)
      for (let i = 0; i < t.length; i++) {
        const src = t.sourceNo[i];
        if (src >= this.sourceCount) {
          this.sourceCount = src + 1;
          this.grow(this.sourceCount);
        }
        const ts = t.tsMs[i];
        if (ts < this.firstMs[src]) this.firstMs[src] = ts;
        if (ts > this.lastMs[src]) this.lastMs[src] = ts;
        this.fixes[src]++;
        this.sumLon[src] += t.lon[i];
        this.sumLat[src] += t.lat[i];
      }
  }

  /** Between the rounds: the silences whose hours are filed. */
  startFixes(silences: Silences): void {
    this.silences = silences;
    for (let n = 0; n < this.sourceCount; n++) {
      this.meanLon.push(this.sumLon[n] / this.fixes[n]);
      this.meanLat.push(this.sumLat[n] / this.fixes[n]);
      this.cosMeanLat.push(Math.cos(this.meanLat[n] * RAD));
      this.histograms.push(new Uint32Array(REACH_BINS));
    }
  }

  /**
   * Second round: every track again, in the same order. `cellsOf` gives a track's
   * `coverageCells` (kept between detections by a caller that keeps the track; computed here else).
   */
  addFixes(
    tracks: readonly Track[],
    cellsOf: (t: Track) => CoverageCells = coverageCells,
    keepDistances = false,
  ): void {
    const silences = this.silences;
    if (silences === null) throw new Error('internal: CoverageBuilder.startFixes first');
    // only the hours some silence covers are ever asked about: only those are filed
    const { minHour, wanted } = silences;
    const { meanLon, meanLat, histograms, lists } = this;
    const cosMean = this.cosMeanLat;
    const exact = (t: Track, cosLat: Float64Array, i: number) => {
      const src = t.sourceNo[i];
      return haversineCosM(meanLon[src], meanLat[src], cosMean[src], t.lon[i], t.lat[i], cosLat[i]);
    };
    for (const t of tracks) {
      const cells = cellsOf(t);
      const { cosLat, keyHours } = cells;
      const ref = cells.reference;
      const moved = ref === undefined ? null : this.movedM(ref);
      if (moved === null) {
        // every distance measured; kept, with the means measured from, for the next detection
        const distM = keepDistances ? new Float64Array(t.length) : null;
        for (let i = 0; i < t.length; i++) {
          const d = exact(t, cosLat, i);
          if (distM !== null) distM[i] = d;
          histograms[t.sourceNo[i]][binOf(d)]++;
        }
        if (distM !== null) cells.reference = { distM, meanLon: [...meanLon], meanLat: [...meanLat] };
      } else {
        // The means moved by `moved[src]` since the distances were measured, so each distance
        // moved by no more (triangle inequality; REFERENCE_SLACK_M covers rounding): a fix whose
        // bin is the same at both ends of that interval keeps it, the others are measured again.
        const distM = (ref as DistanceReference).distM;
        for (let i = 0; i < t.length; i++) {
          const src = t.sourceNo[i];
          const slack = moved[src] + REFERENCE_SLACK_M;
          const lo = binOf(distM[i] - slack);
          histograms[src][lo === binOf(distM[i] + slack) ? lo : binOf(exact(t, cosLat, i))]++;
        }
      }
      for (let j = 0; j < keyHours.length; j += 2) {
        const hour = keyHours[j + 1];
        const w = hour - minHour;
        // bounds first: a typed array read out of range (negative) leaves V8's fast path
        if (w < 0 || w >= wanted.length || wanted[w] === 0) continue;
        const key = keyHours[j];
        let list = lists.get(key);
        if (!list) {
          list = [];
          lists.set(key, list);
        }
        list.push(hour);
      }
    }
  }

  /**
   * How far each source's mean has moved since `ref` measured from it (metres, by source number),
   * or null when any moved more than REFERENCE_MAX_MOVE_M: then every distance is measured again.
   */
  private movedM(ref: DistanceReference): number[] | null {
    const moved: number[] = [];
    for (let n = 0; n < this.meanLon.length; n++) {
      if (n >= ref.meanLon.length) {
        moved.push(Number.POSITIVE_INFINITY);
        continue;
      }
      const m = haversineCosM(
        ref.meanLon[n],
        ref.meanLat[n],
        Math.cos(ref.meanLat[n] * RAD),
        this.meanLon[n],
        this.meanLat[n],
        this.cosMeanLat[n],
      );
      moved.push(Number.isNaN(m) ? Number.POSITIVE_INFINITY : m);
    }
    return moved.some((m) => m > REFERENCE_MAX_MOVE_M && Number.isFinite(m)) ? null : moved;
  }

  /** The model; `sourceNames[n]` names source number n. */
  finish(sourceNames: readonly string[] = []): CoverageModel {
    const spans: SourceSpan[] = Array.from({ length: this.sourceCount }, (_, n) => ({
      // fixes whose input named no receiver are one source: the input as a whole
      name: sourceNames[n] || `unnamed source ${n}`,
      firstMs: this.firstMs[n],
      lastMs: this.lastMs[n],
      fixes: this.fixes[n],
      reachM: null,
    }));
    spans.forEach((sp, n) => {
      if (sp.fixes < 2) return;
      const h = this.histograms[n];
      let below = 0;
      for (let k = 0; k < REACH_BINS; k++) {
        below += h[k];
        if (below >= REACH_QUANTILE * sp.fixes) {
          sp.reachM = (k + 1) * REACH_BIN_M;
          break;
        }
      }
    });
    const hours = new Map<number, Int32Array>();
    for (const [key, list] of this.lists) {
      const a = Int32Array.from(list).sort();
      let m = 0;
      for (let i = 0; i < a.length; i++) if (m === 0 || a[i] !== a[m - 1]) a[m++] = a[i];
      hours.set(key, a.slice(0, m));
    }
    this.lists.clear();
    return coverageModel(spans, hours);
  }
}

/**
 * The coverage of the sources behind `tracks` (every fix, all vessels), for the clock hours the
 * `silences` cover (every hour when none are given). `sourceNames[n]` names source number n.
 */
export function buildCoverage(
  tracks: readonly Track[],
  sourceNames: readonly string[] = [],
  silences: Silences = silencesOf(tracks, 0),
): CoverageModel {
  const b = new CoverageBuilder();
  b.addSums(tracks);
  b.startFixes(silences);
  b.addFixes(tracks);
  return b.finish(sourceNames);
}

function coverageModel(spans: SourceSpan[], hours: ReadonlyMap<number, Int32Array>): CoverageModel {
  const seen = new Set<number>();
  return {
    spans,
    heardHours(sources, lon, lat, fromMs, toMs, nearM) {
      const [h0, h1] = interiorHours(fromMs, toMs);
      if (h1 < h0) return [];
      seen.clear();
      for (const src of sources) collect(src, lon, lat, h0, h1, nearM(src));
      return [...seen].sort((x, y) => x - y);
    },
  };

  function collect(src: number, lon: number, lat: number, h0: number, h1: number, radiusM: number): void {
    const dLat = metresToLatDeg(radiusM);
    const dLon = Math.min(180, metresToLonDeg(radiusM, Math.min(89, Math.abs(lat) + dLat)));
    const la0 = Math.max(0, Math.floor((lat - dLat + 90) / CELL_DEG));
    const la1 = Math.min(LAT_CELLS - 1, Math.floor((lat + dLat + 90) / CELL_DEG));
    const lo0 = Math.floor((lon - dLon + 180) / CELL_DEG);
    const lo1 = Math.floor((lon + dLon + 180) / CELL_DEG);
    // metres per degree at this latitude: a cell counts when its nearest point is in the radius
    const ky = metresToLatDeg(1);
    const kx = metresToLonDeg(1, lat);
    const r2 = radiusM * radiusM;
    for (let a = la0; a <= la1; a++)
      for (let o = lo0; o <= lo1; o++) {
        const y0 = (a * CELL_DEG - 90 - lat) / ky;
        const y1 = y0 + CELL_DEG / ky;
        const x0 = (o * CELL_DEG - 180 - lon) / kx;
        const x1 = x0 + CELL_DEG / kx;
        const nx = Math.max(x0, 0, -x1);
        const ny = Math.max(y0, 0, -y1);
        if (nx * nx + ny * ny > r2) continue;
        const cell = a * LON_CELLS + (((o % LON_CELLS) + LON_CELLS) % LON_CELLS);
        const list = hours.get(src * CELLS + cell);
        if (!list) continue;
        for (let k = lowerBound(list, h0); k < list.length && list[k] <= h1; k++) seen.add(list[k]);
      }
  }
}
