/**
 * Reception context of AIS gaps: how many other vessels were heard within a radius of each end
 * of a gap while it lasted. "Others heard near the place it went silent" separates switching AIS
 * off from leaving receiver coverage.
 *
 * Streamed, so that a store far larger than memory can be read vessel batch by vessel batch: the
 * silences are known first (`SilenceCollector`, one pass), then each gap end is filed under every
 * (clock hour, 0.25° cell) its radius and window reach, and one more pass over the fixes asks, for
 * each run of a vessel — consecutive fixes in one cell within one clock hour — which gap ends are
 * filed there (`ReceptionCounter`). A cell wholly inside the radius during an hour wholly inside
 * the window counts the vessel without reading a fix; a cell wholly outside is never filed;
 * otherwise the run's fixes are read, skipping ahead by the time the vessel needs to close the
 * distance at `maxSpeedKnots` (the cleaning threshold: faster moves were dropped or are flagged).
 * Each vessel counts once per gap end. Memory: the silences and their filings, not the fixes.
 */
import { haversineM, MPS_PER_KNOT, MS_PER_HOUR, metresToLatDeg, metresToLonDeg } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import { GrowableF64, GrowableI32, lowerBound } from './growable.js';

const CELL_DEG = 0.25;
const LON_CELLS = 1440;

export interface ReceptionCounts {
  /** Others heard near the start (index 0) and end (1) of the gap that starts at fix `a` of vessel `v`. */
  get(v: number, a: number): [number, number];
}

function cellKey(latCell: number, lonCell: number): number {
  return (latCell + 360) * LON_CELLS + (((lonCell % LON_CELLS) + LON_CELLS) % LON_CELLS);
}

/** Whether a fix of t in [from, end) lies strictly inside the window (binary search, no distance). */
function runInWindow(t: Track, from: number, end: number, fromMs: number, toMs: number): boolean {
  let lo = from;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.tsMs[mid] <= fromMs) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && t.tsMs[lo] < toMs;
}

/** Whether a fix of t in [from, end) lies within the radius strictly inside the window. */
function runHeard(
  t: Track,
  from: number,
  end: number,
  lon: number,
  lat: number,
  fromMs: number,
  toMs: number,
  radiusM: number,
  maxSpeedMps: number,
): boolean {
  let i = from;
  while (i < end) {
    const ts = t.tsMs[i];
    if (ts >= toMs) return false;
    if (ts <= fromMs) {
      i++;
      continue;
    }
    const d = haversineM(lon, lat, t.lon[i], t.lat[i]);
    if (d <= radiusM) return true;
    // it cannot be within the radius before it has covered d − radius
    const until = ts + ((d - radiusM) / maxSpeedMps) * 1000;
    i++;
    while (i < end && t.tsMs[i] < until) i++;
  }
  return false;
}

/** The silences of ≥ `floorMs` between consecutive fixes, and the clock hours they cover. */
export interface Silences {
  /** [track index, index of the fix before the silence]. */
  gaps: Array<[number, number]>;
  /** Per gap g: [fromMs, toMs, lon, lat at the start, lon, lat at the end] at 6g … 6g + 5. */
  ends: Float64Array;
  minHour: number;
  /** `wanted[h - minHour]` = 1 when some silence covers clock hour h (its end hours included). */
  wanted: Uint8Array;
  /**
   * The wanted hours (relative to minHour) in which some track has a fix, ascending: the only
   * hours a gap end can count anyone in. Captures years apart make silences of years, and filing
   * every hour of them would cost ~9,000 filings a year per cell for hours nobody was heard in.
   */
  heardHours: Int32Array;
}

/**
 * What the silences read of one track whatever the others are: the clock hours it has fixes in
 * (each where a fix leaves the hour of the one before) and the fixes that end a silence of at
 * least `floorMs` (index of the fix after it).
 */
export interface SilenceParts {
  hours: Float64Array;
  gapEnds: Int32Array;
}

export function silenceParts(t: Track, floorMs: number): SilenceParts {
  const ts = t.tsMs;
  const hours: number[] = [];
  const gapEnds: number[] = [];
  // the clock hour of the fix before, as [start, end) ms: a division only when a fix leaves it
  let hourStartMs = 0;
  let hourEndMs = 0;
  for (let i = 0; i < ts.length; i++) {
    if (!(ts[i] >= hourStartMs && ts[i] < hourEndMs)) {
      const h = Math.floor(ts[i] / MS_PER_HOUR);
      hours.push(h);
      hourStartMs = h * MS_PER_HOUR;
      hourEndMs = hourStartMs + MS_PER_HOUR;
    }
    if (i > 0 && !(ts[i] - ts[i - 1] < floorMs)) gapEnds.push(i);
  }
  return { hours: Float64Array.from(hours), gapEnds: Int32Array.from(gapEnds) };
}

/**
 * Collects the silences of tracks handed over in batches; the track index of a silence is its
 * position over all batches (`first` + index in the batch), as the detectors number segments.
 */
export class SilenceCollector {
  private readonly gaps: Array<[number, number]> = [];
  private readonly ends = new GrowableF64();
  private minHour = Number.POSITIVE_INFINITY;
  private maxHour = Number.NEGATIVE_INFINITY;
  /** Clock hours in which any track has a fix (absolute hour numbers). */
  private readonly heard = new Set<number>();
  constructor(private readonly floorMs: number) {}

  /**
   * `partsOf` gives a track's `silenceParts` for this collector's floor (kept between detections
   * by a caller that keeps the track; computed here else).
   */
  add(
    tracks: readonly Track[],
    first: number,
    partsOf: (t: Track) => SilenceParts = (t) => silenceParts(t, this.floorMs),
  ): void {
    for (let k = 0; k < tracks.length; k++) {
      const t = tracks[k];
      const ts = t.tsMs;
      const { hours, gapEnds } = partsOf(t);
      for (const h of hours) this.heard.add(h);
      for (const i of gapEnds) {
        this.gaps.push([first + k, i - 1]);
        this.ends.push6(ts[i - 1], ts[i], t.lon[i - 1], t.lat[i - 1], t.lon[i], t.lat[i]);
        this.minHour = Math.min(this.minHour, Math.floor(ts[i - 1] / MS_PER_HOUR));
        this.maxHour = Math.max(this.maxHour, Math.floor(ts[i] / MS_PER_HOUR));
      }
    }
  }

  finish(): Silences {
    const ends = this.ends.view();
    if (this.gaps.length === 0)
      return { gaps: this.gaps, ends, minHour: 0, wanted: new Uint8Array(0), heardHours: new Int32Array(0) };
    const wanted = new Uint8Array(this.maxHour - this.minHour + 1);
    for (let g = 0; g < this.gaps.length; g++) {
      const h0 = Math.floor(ends[6 * g] / MS_PER_HOUR) - this.minHour;
      const h1 = Math.floor(ends[6 * g + 1] / MS_PER_HOUR) - this.minHour;
      wanted.fill(1, h0, h1 + 1);
    }
    const heardHours = Int32Array.from(
      [...this.heard]
        .map((h) => h - this.minHour)
        .filter((h) => h >= 0 && h < wanted.length && wanted[h] === 1),
    ).sort();
    return { gaps: this.gaps, ends, minHour: this.minHour, wanted, heardHours };
  }
}

export function silencesOf(tracks: readonly Track[], floorMs: number): Silences {
  const c = new SilenceCollector(floorMs);
  c.add(tracks, 0);
  return c.finish();
}

/**
 * A track's runs: consecutive fixes in one clock hour and one cell, four numbers each — first fix,
 * end (exclusive), hour number, cell (`cellKey`). What reception reads of a track whatever the
 * others are.
 */
export function hourCellRuns(t: Track): Float64Array {
  const out: number[] = [];
  const { tsMs, lon, lat } = t;
  let hourEnd = Number.NEGATIVE_INFINITY;
  let latLo = 0;
  let latHi = -1;
  let lonLo = 0;
  let lonHi = -1;
  let runFrom = -1;
  let runHour = 0;
  let runLa = 0;
  let runLo = 0;
  for (let i = 0; i < t.length; i++) {
    const y = lat[i];
    const x = lon[i];
    const ts = tsMs[i];
    if (ts < hourEnd && y >= latLo && y < latHi && x >= lonLo && x < lonHi) continue;
    if (runFrom >= 0) out.push(runFrom, i, runHour, cellKey(runLa, runLo));
    runFrom = i;
    runHour = Math.floor(ts / MS_PER_HOUR);
    runLa = Math.floor(y / CELL_DEG);
    runLo = Math.floor((x + 180) / CELL_DEG);
    hourEnd = (runHour + 1) * MS_PER_HOUR;
    latLo = runLa * CELL_DEG;
    latHi = latLo + CELL_DEG;
    lonLo = runLo * CELL_DEG - 180;
    lonHi = lonLo + CELL_DEG;
  }
  if (runFrom >= 0) out.push(runFrom, t.length, runHour, cellKey(runLa, runLo));
  return Float64Array.from(out);
}

/** Open addressing on (hour, cell) → a slot number; slots are numbered in order of first use. */
class HourCellTable {
  private hour = new Int32Array(1024);
  private cell = new Int32Array(1024);
  private slotNo = new Int32Array(1024).fill(-1);
  private mask = 1023;
  size = 0;

  private static hash(hour: number, cell: number, mask: number): number {
    let h = Math.imul(hour, 0x9e3779b1) ^ cell;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & mask;
  }

  /** The slot of (hour, cell), or -1. */
  get(hour: number, cell: number): number {
    let s = HourCellTable.hash(hour, cell, this.mask);
    while (this.slotNo[s] !== -1) {
      if (this.hour[s] === hour && this.cell[s] === cell) return this.slotNo[s];
      s = (s + 1) & this.mask;
    }
    return -1;
  }

  /** The slot of (hour, cell), made when new. */
  add(hour: number, cell: number): number {
    if (this.size * 2 >= this.slotNo.length) this.grow();
    let s = HourCellTable.hash(hour, cell, this.mask);
    while (this.slotNo[s] !== -1) {
      if (this.hour[s] === hour && this.cell[s] === cell) return this.slotNo[s];
      s = (s + 1) & this.mask;
    }
    this.hour[s] = hour;
    this.cell[s] = cell;
    this.slotNo[s] = this.size;
    return this.size++;
  }

  private grow(): void {
    const { hour, cell, slotNo } = this;
    const size = slotNo.length * 2;
    this.hour = new Int32Array(size);
    this.cell = new Int32Array(size);
    this.slotNo = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let s = 0; s < slotNo.length; s++) {
      if (slotNo[s] === -1) continue;
      let t = HourCellTable.hash(hour[s], cell[s], this.mask);
      while (this.slotNo[t] !== -1) t = (t + 1) & this.mask;
      this.hour[t] = hour[s];
      this.cell[t] = cell[s];
      this.slotNo[t] = slotNo[s];
    }
  }
}

/**
 * Counts, for every silence of ≥ the floor (the smallest gap threshold in force anywhere), the
 * other vessels heard within `radiusM` of each end while it lasted. Hand every track over with
 * `add` (in batches, numbered as for the `SilenceCollector`), then `finish`.
 */
export class ReceptionCounter {
  private readonly table = new HourCellTable();
  /** Filings by slot: `entries[start[s] … start[s + 1])` = 2 × gap end + (1 when the cell lies wholly inside). */
  private readonly start: Int32Array;
  private readonly entries: Int32Array;
  /** Per gap end (2g: start, 2g + 1: end): hour span relative to minHour, vessel counts, last vessel counted. */
  private readonly h0: Int32Array;
  private readonly h1: Int32Array;
  private readonly counts: Int32Array;
  private readonly lastCounted: Int32Array;
  private readonly vMax: number;

  constructor(
    private readonly silences: Silences,
    private readonly radiusM: number,
    maxSpeedKnots: number,
  ) {
    const n = silences.gaps.length * 2;
    this.vMax = maxSpeedKnots * MPS_PER_KNOT;
    this.h0 = new Int32Array(n);
    this.h1 = new Int32Array(n);
    this.counts = new Int32Array(n);
    this.lastCounted = new Int32Array(n).fill(-1);
    // two rounds over the filings: count per slot, then place
    const perSlot = new GrowableI32();
    this.fileAll((slot) => {
      while (perSlot.length <= slot) perSlot.push(0);
      perSlot.data[slot]++;
    });
    const slots = this.table.size;
    this.start = new Int32Array(slots + 1);
    for (let s = 0; s < slots; s++) this.start[s + 1] = this.start[s] + perSlot.data[s];
    this.entries = new Int32Array(this.start[slots]);
    const at = this.start.slice(0, slots);
    this.fileAll((slot, value) => {
      this.entries[at[slot]++] = value;
    });
  }

  /** Every (hour, cell) each gap end reaches, with whether the cell lies wholly inside its radius. */
  private fileAll(file: (slot: number, value: number) => void): void {
    const { gaps, ends, minHour, heardHours } = this.silences;
    const radiusM = this.radiusM;
    for (let g = 0; g < gaps.length; g++) {
      const fromMs = ends[6 * g];
      const toMs = ends[6 * g + 1];
      const h0 = Math.floor(fromMs / MS_PER_HOUR) - minHour;
      const h1 = Math.floor(toMs / MS_PER_HOUR) - minHour;
      const k0 = lowerBound(heardHours, h0);
      for (let e = 0; e < 2; e++) {
        const q = 2 * g + e;
        this.h0[q] = h0;
        this.h1[q] = h1;
        const lon = ends[6 * g + 2 + 2 * e];
        const lat = ends[6 * g + 3 + 2 * e];
        const dLat = metresToLatDeg(radiusM);
        const dLon = metresToLonDeg(radiusM, Math.abs(lat) + dLat);
        const la0 = Math.floor((lat - dLat) / CELL_DEG);
        const la1 = Math.floor((lat + dLat) / CELL_DEG);
        const lo0 = Math.floor((lon - dLon + 180) / CELL_DEG);
        const lo1 = Math.floor((lon + dLon + 180) / CELL_DEG);
        // metres per degree here, for the cell tests; 2 % margin for the projection
        const ky = metresToLatDeg(1);
        const kx = metresToLonDeg(1, lat);
        const r2 = radiusM * radiusM;
        for (let a = la0; a <= la1; a++)
          for (let o = lo0; o <= lo1; o++) {
            const y0 = (a * CELL_DEG - lat) / ky;
            const y1 = y0 + CELL_DEG / ky;
            const x0 = (o * CELL_DEG - 180 - lon) / kx;
            const x1 = x0 + CELL_DEG / kx;
            const nx = Math.max(x0, 0, -x1);
            const ny = Math.max(y0, 0, -y1);
            if (nx * nx + ny * ny > r2 * 1.02) continue;
            const fx = Math.max(Math.abs(x0), Math.abs(x1));
            const fy = Math.max(Math.abs(y0), Math.abs(y1));
            const inside = fx * fx + fy * fy < r2 * 0.98 ? 1 : 0;
            const ck = cellKey(a, o);
            for (let k = k0; k < heardHours.length && heardHours[k] <= h1; k++)
              file(this.table.add(heardHours[k], ck), 2 * q + inside);
          }
      }
    }
  }

  /** Tracks `first`, `first + 1`, …: their runs in the filed hours and cells. */
  /**
   * Every track's runs in the hours some silence covers. `runsOf` gives a track's `hourCellRuns`
   * (kept between detections by a caller that keeps the track; computed here else).
   */
  add(tracks: readonly Track[], first: number, runsOf: (t: Track) => Float64Array = hourCellRuns): void {
    if (this.silences.gaps.length === 0) return;
    const { minHour, wanted } = this.silences;
    for (let k = 0; k < tracks.length; k++) {
      const t = tracks[k];
      const runs = runsOf(t);
      for (let r = 0; r < runs.length; r += 4) {
        const h = runs[r + 2] - minHour;
        if (h < 0 || h >= wanted.length || wanted[h] === 0) continue;
        this.run(t, first + k, runs[r], runs[r + 1], h, runs[r + 3]);
      }
    }
  }

  /** One run of vessel v, fixes [from, to): counts it for every gap end filed under its hour and cell. */
  private run(t: Track, v: number, from: number, to: number, h: number, cell: number): void {
    const slot = this.table.get(h, cell);
    if (slot < 0) return;
    const { gaps, ends } = this.silences;
    for (let k = this.start[slot]; k < this.start[slot + 1]; k++) {
      const entry = this.entries[k];
      const q = entry >> 1;
      const g = q >> 1;
      if (this.lastCounted[q] === v || gaps[g][0] === v) continue;
      const inside = (entry & 1) === 1;
      const fromMs = ends[6 * g];
      const toMs = ends[6 * g + 1];
      const heard =
        (inside && h > this.h0[q] && h < this.h1[q]) ||
        (inside
          ? runInWindow(t, from, to, fromMs, toMs)
          : runHeard(
              t,
              from,
              to,
              ends[6 * g + 2 + 2 * (q & 1)],
              ends[6 * g + 3 + 2 * (q & 1)],
              fromMs,
              toMs,
              this.radiusM,
              this.vMax,
            ));
      if (heard) {
        this.lastCounted[q] = v;
        this.counts[q]++;
      }
    }
  }

  /** How many (hour, cell) filings the gap ends made: the counter's memory, for its tests. */
  get filings(): number {
    return this.entries.length;
  }

  finish(): ReceptionCounts {
    const index = new Map<number, number>();
    const { gaps } = this.silences;
    for (let g = 0; g < gaps.length; g++) index.set(gaps[g][0] * 2 ** 32 + gaps[g][1], g);
    const counts = this.counts;
    return {
      get(v, a) {
        const g = index.get(v * 2 ** 32 + a);
        return g === undefined ? [0, 0] : [counts[2 * g], counts[2 * g + 1]];
      },
    };
  }
}

/**
 * Counts for every silence of ≥ `floorMs` between consecutive fixes (the smallest gap threshold in
 * force anywhere), for a reception radius of `radiusM`: all tracks at once.
 */
export function countReception(
  tracks: readonly Track[],
  floorMs: number,
  radiusM: number,
  maxSpeedKnots: number,
  silences: Silences = silencesOf(tracks, floorMs),
): ReceptionCounts {
  const c = new ReceptionCounter(silences, radiusM, maxSpeedKnots);
  c.add(tracks, 0);
  return c.finish();
}
