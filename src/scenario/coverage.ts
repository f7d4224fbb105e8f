/**
 * Who hears a transmission: terrestrial stations within their range (each with a detection
 * probability), and a satellite whose passes come every few hours and last minutes. Terrestrial
 * AIS reaches roughly 20–40 nm and satellite revisits vary from minutes to hours (docs/sources.md,
 * "AIS reporting"). Propagation depends on where the transmitter truly is, so a spoofed position
 * is heard where the ship really sails.
 */
import { METRES_PER_NM } from '../geo/distance.js';
import { gapM, type LatLon } from './polyline.js';
import type { Rng } from './prng.js';
import type { Scenario } from './schema.js';

export const STATION_PREFIX = 'simulated-';

/** The answer when no station hears a transmission. */
const NOBODY: readonly string[] = Object.freeze([]);

export class Coverage {
  private readonly passStarts: number[] = [];
  private readonly passMs: number;
  /** `only`: the one-station answer, shared (answers are read, never changed). */
  private readonly stations: {
    id: string;
    pos: LatLon;
    rangeM: number;
    p: number;
    only: readonly string[];
  }[];
  private readonly satOnly: readonly string[];
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
      only: Object.freeze([`${STATION_PREFIX}${st.id}`]),
    }));
    this.keepDuplicates = c.keepDuplicates;
    const sat = c.satellite;
    this.satId = sat === null ? null : `${STATION_PREFIX}${sat.id}`;
    this.satP = sat === null ? 0 : sat.detectionProbability;
    this.satOnly = Object.freeze(this.satId === null ? [] : [this.satId]);
    this.passMs = sat === null ? 0 : sat.passDurationMin * 60000;
    if (sat !== null) {
      const end = Date.parse(s.period.end);
      let t = Date.parse(s.period.start) - rng.uniform(0, sat.passIntervalMin) * 60000;
      while (t < end) {
        this.passStarts.push(Math.round(t));
        t +=
          Math.max(
            sat.passDurationMin,
            sat.passIntervalMin + rng.uniform(-sat.passJitterMin, sat.passJitterMin),
          ) * 60000;
      }
    }
  }

  /** Every station id `receive` can return. */
  stationIds(): string[] {
    const ids = this.stations.map((st) => st.id);
    if (this.satId !== null) ids.push(this.satId);
    return ids;
  }

  /** Satellite pass windows [start, end) in ms, for tests and the README. */
  passes(): { t0Ms: number; t1Ms: number }[] {
    return this.passStarts.map((t) => ({ t0Ms: t, t1Ms: t + this.passMs }));
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

  /**
   * After `receive`: a lower bound of how far (metres) `pos` lay outside the nearest terrestrial
   * station's range (≤ 0: inside one, or heard); Infinity without stations.
   */
  lastGapM = Number.POSITIVE_INFINITY;

  /** Stations that receive a transmission from `pos` at `tMs` (empty: nobody heard it). */
  receive(pos: LatLon, tMs: number, rng: Rng): readonly string[] {
    let out: string[] | null = null;
    let minGap = Number.POSITIVE_INFINITY;
    for (const st of this.stations) {
      const gap = gapM(pos, st.pos, st.rangeM);
      if (gap < minGap || Number.isNaN(gap)) minGap = gap;
      // gap ≤ 0 is withinM(pos, st.pos, st.rangeM).
      if (gap <= 0 && rng.chance(st.p)) {
        if (!this.keepDuplicates) {
          this.lastGapM = Number.NEGATIVE_INFINITY;
          return st.only;
        }
        if (out === null) out = [];
        out.push(st.id);
      }
    }
    this.lastGapM = minGap;
    return this.satellite(out, tMs, rng);
  }

  /**
   * `receive` for a transmitter known to be outside every terrestrial station's range (so no
   * station draws): the satellite alone.
   */
  receiveOutOfRange(tMs: number, rng: Rng): readonly string[] {
    return this.satellite(null, tMs, rng);
  }

  private satellite(out: string[] | null, tMs: number, rng: Rng): readonly string[] {
    if (this.satId !== null && this.inPass(tMs) && rng.chance(this.satP)) {
      if (out === null) return this.satOnly;
      out.push(this.satId);
    }
    return out ?? NOBODY;
  }
}
