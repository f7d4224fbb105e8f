/**
 * Segments: one MMSI's fixes split into the tracks of the transmitters behind it. Two ships
 * configured with one MMSI (cloned, shared or spoofed) interleave their fixes; read as one track
 * they make teleports, gaps that join two ships' ends, and port calls made of both. Like Global
 * Fishing Watch's segmenter (github.com/GlobalFishingWatch/gpsdio-segment: 24 h, 40 kn, 500 m),
 * each fix joins the open segment it can plausibly continue, else opens a new one:
 *
 *  - plausible: within `jitterM` of the segment's last fix, or reached from it at no more than
 *    `maxSpeedKnots`;
 *  - best: of the plausible segments, the one whose last fix is nearest; segments silent for
 *    `maxSilenceMs` or more are asked only when no fresher one is plausible, so a ship back from
 *    a long dark period rejoins its own segment (and its gap stays visible) unless another
 *    transmitter is on the air nearby;
 *  - noise: a segment of at most `noiseMaxFixes` fixes, when the MMSI has a larger one, is a
 *    spike (a corrupted or spoofed report), not a second ship; the largest segment never is.
 */
import { haversineM, impliedSpeedKnots } from '../geo/distance.js';

export interface SegmentOptions {
  /** Faster than this from a segment's last fix, the fix is not that segment's (knots). */
  maxSpeedKnots: number;
  /** A displacement below this is position noise, whatever speed it implies (metres). */
  jitterM: number;
  /** A segment silent this long takes a fix only when no fresher segment can (ms). */
  maxSilenceMs: number;
  /** A segment of at most this many fixes beside a larger one is noise. */
  noiseMaxFixes: number;
}

/**
 * Not a threshold but a bound on work: with a spoofed stream every spike opens a segment, and
 * each fix is compared with every open one. Beyond this many the one heard least recently closes
 * (it keeps its fixes, it takes no more).
 */
const MAX_OPEN_SEGMENTS = 64;

export interface Segmentation {
  /** Segment of each fix (0, 1, … in order of opening); -1 for fixes skipped. */
  segment: Int32Array;
  /** Fixes in each segment. */
  count: number[];
  /** Per segment: 1 when it is noise. */
  noise: Uint8Array;
}

/**
 * Segments of fixes in time order. `skip[i] = 1` leaves fix i out (duplicates, invalid ones).
 * Pure; one pass, each fix compared with the open segments only.
 */
export function assignSegments(
  tsMs: ArrayLike<number>,
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  opt: SegmentOptions,
  skip: Uint8Array | null = null,
  /** Instants given to a whole input (Track.assignedTimesMs): fixes sharing one imply no speed. */
  assignedTimesMs: ReadonlySet<number> | null = null,
): Segmentation {
  const n = tsMs.length;
  const segment = new Int32Array(n).fill(-1);
  const lastOf: number[] = [];
  const count: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < n; i++) {
    if (skip?.[i]) continue;
    let fresh = -1;
    let freshM = Number.POSITIVE_INFINITY;
    let stale = -1;
    let staleM = Number.POSITIVE_INFINITY;
    for (let o = 0; o < open.length; o++) {
      const s = open[o];
      const j = lastOf[s];
      const dt = tsMs[i] - tsMs[j];
      const silent = dt >= opt.maxSilenceMs;
      const d = haversineM(lon[j], lat[j], lon[i], lat[i]);
      const unknownSpan = dt === 0 && assignedTimesMs?.has(tsMs[i]) === true;
      if (d > opt.jitterM && !unknownSpan && impliedSpeedKnots(d, dt) > opt.maxSpeedKnots) continue;
      if (!silent && d < freshM) {
        fresh = s;
        freshM = d;
      } else if (silent && d < staleM) {
        stale = s;
        staleM = d;
      }
    }
    let s = fresh >= 0 ? fresh : stale;
    if (s < 0) {
      s = count.length;
      count.push(0);
      lastOf.push(i);
      if (open.length >= MAX_OPEN_SEGMENTS) {
        let oldest = 0;
        for (let o = 1; o < open.length; o++)
          if (tsMs[lastOf[open[o]]] < tsMs[lastOf[open[oldest]]]) oldest = o;
        open.splice(oldest, 1);
      }
      open.push(s);
    }
    segment[i] = s;
    lastOf[s] = i;
    count[s]++;
  }
  let largest = 0;
  for (let s = 1; s < count.length; s++) if (count[s] > count[largest]) largest = s;
  const noise = new Uint8Array(count.length);
  for (let s = 0; s < count.length; s++) noise[s] = s !== largest && count[s] <= opt.noiseMaxFixes ? 1 : 0;
  return { segment, count, noise };
}
