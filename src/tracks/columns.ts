/**
 * Columnar tracks: one vessel's positions as parallel typed arrays in time order, built from
 * `PositionRecord`s, plus the cleaning that drops exact duplicates, splits the MMSI's fixes into
 * segments (segments.ts: one per transmitter heard under it) and drops spikes, the segments too
 * small to be a ship (each drop recorded with its reason, never silent). The detectors in
 * `src/events` read only these arrays, which is what keeps them allocation-light.
 */
import { haversineM, impliedSpeedKnots, MS_PER_HOUR } from '../geo/distance.js';
import type { PositionRecord, StaticRecord } from './records.js';
import { assignSegments, type SegmentOptions } from './segments.js';
import { type StationKind, stationKind } from './station.js';

/** `navStatus` column value for "not available". */
export const NAV_STATUS_NA = 255;

export type DropReason = 'invalid-position' | 'duplicate' | 'impossible-jump';

export interface DroppedPosition {
  mmsi: number;
  positionId: number;
  tsMs: number;
  lon: number;
  lat: number;
  reason: DropReason;
  /** For `impossible-jump`: speed implied from the fix kept before it. */
  impliedSpeedKnots: number | null;
  jumpM: number | null;
  /** The kept fixes either side (ids), for the spoofing detector's evidence. */
  prevPositionId: number | null;
  nextPositionId: number | null;
}

/**
 * A relocation faster than the plausible maximum that the track then continues from (not a
 * spike): in time order, a fix of one segment followed by a fix of another too far to reach. Kept
 * — the spoofing detector reports it.
 */
export interface TrackJump {
  /** Indices in the cleaned track: the fix before and the fix after the jump (different segments). */
  fromIndex: number;
  toIndex: number;
  distanceM: number;
  impliedSpeedKnots: number;
}

export interface Track {
  mmsi: number;
  /** What transmits under this MMSI (station.ts): only vessel stations go to the vessel detectors. */
  station: StationKind;
  length: number;
  /** The id of each position: its index in the input unless ids were given. */
  positionId: Float64Array;
  tsMs: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** NaN where not available. */
  speedKnots: Float32Array;
  courseDeg: Float32Array;
  /** 0–15, or `NAV_STATUS_NA`. */
  navStatus: Uint8Array;
  /** Segment of each fix (0, 1, … in order of first fix; all 0 before cleaning): `splitSegments`. */
  segment: Int32Array;
  /**
   * Who heard each fix: an index into the builder's `sourceNames` (the receiving station, feed or
   * file), so that coverage can be judged per source (src/events/coverage.ts).
   */
  sourceNo: Int32Array;
  /** This vessel's static reports, time-less ones first, then by time. */
  statics: StaticRecord[];
  dropped: DroppedPosition[];
  jumps: TrackJump[];
  /** The cleaning settings applied, or null for an uncleaned track. */
  cleaning: CleanOptions | null;
  /**
   * Instants given to a whole input rather than heard per message (`ingest --received-at` for a
   * capture without times): fixes that share one were received over an unknown span, so the
   * distance between them says nothing of speed.
   */
  assignedTimesMs?: readonly number[];
}

/** How fixes are checked and segmented (segments.ts says what each setting does). */
export type CleanOptions = SegmentOptions;

/**
 * Defaults: 50 kn is above any cargo ship; 500 m covers AIS position noise and timestamp jitter;
 * 24 h of silence and noise of up to 2 fixes as GFW's segmenter (src/events/params.ts has the sets).
 */
export const DEFAULT_CLEAN: CleanOptions = {
  maxSpeedKnots: 50,
  jitterM: 500,
  maxSilenceMs: 24 * MS_PER_HOUR,
  noiseMaxFixes: 2,
};

function validPosition(lon: number, lat: number): boolean {
  return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

/**
 * Numbers source names in order of first use (`Track.sourceNo`), a missing name being the source
 * "" (unknown); one numbering can span several builders or batches of a read.
 */
export class SourceNumbers {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();
  of = (name: string | null): number => {
    const key = name ?? '';
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(key);
      this.numbers.set(key, n);
    }
    return n;
  };
}

/**
 * Accumulates positions and statics chunk by chunk (ids continue across chunks), so a stream can
 * be read in pieces; `finish` gives the same tracks as one `buildTracks` call over the whole.
 */
export class TrackBuilder {
  private readonly byMmsi = new Map<number, { recs: PositionRecord[]; ids: number[] }>();
  private readonly staticsBy = new Map<number, StaticRecord[]>();
  private readonly sources = new SourceNumbers();
  /** Source names in order of first appearance; `Track.sourceNo` indexes this list. */
  readonly sourceNames: string[] = this.sources.names;
  private nextId = 0;

  /** The number of a source name (a missing name is the source "", unknown). */
  sourceNoOf(name: string | null): number {
    return this.sources.of(name);
  }

  addPositions(records: readonly PositionRecord[], ids?: ArrayLike<number>): void {
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      let g = this.byMmsi.get(r.mmsi);
      if (!g) {
        g = { recs: [], ids: [] };
        this.byMmsi.set(r.mmsi, g);
      }
      g.recs.push(r);
      g.ids.push(ids ? ids[i] : this.nextId + i);
    }
    this.nextId += records.length;
  }

  addStatics(records: readonly StaticRecord[]): void {
    for (const s of records) {
      let g = this.staticsBy.get(s.mmsi);
      if (!g) {
        g = [];
        this.staticsBy.set(s.mmsi, g);
      }
      g.push(s);
    }
  }

  /** Tracks sorted by MMSI (vessels with only statics get an empty track). */
  finish(clean: CleanOptions | null = DEFAULT_CLEAN): Track[] {
    const mmsis = [...new Set([...this.byMmsi.keys(), ...this.staticsBy.keys()])].sort((a, b) => a - b);
    return mmsis.map((mmsi) => {
      const g = this.byMmsi.get(mmsi) ?? { recs: [], ids: [] };
      const statics = [...(this.staticsBy.get(mmsi) ?? [])].sort(
        (a, b) => (a.tsMs ?? Number.NEGATIVE_INFINITY) - (b.tsMs ?? Number.NEGATIVE_INFINITY),
      );
      const t = columnsOf(mmsi, g.recs, g.ids, statics, (name) => this.sourceNoOf(name));
      return clean ? cleanTrack(t, clean) : t;
    });
  }
}

/** Tracks (sorted by MMSI) from records in any order; cleaned with `clean` unless it is null. */
export function buildTracks(
  positions: readonly PositionRecord[],
  statics: readonly StaticRecord[] = [],
  clean: CleanOptions | null = DEFAULT_CLEAN,
  ids?: ArrayLike<number>,
): Track[] {
  const b = new TrackBuilder();
  b.addPositions(positions, ids);
  b.addStatics(statics);
  return b.finish(clean);
}

function columnsOf(
  mmsi: number,
  recs: readonly PositionRecord[],
  ids: readonly number[],
  statics: StaticRecord[],
  sourceNoOf: (name: string | null) => number,
): Track {
  const order = recs.map((_, i) => i);
  // time, then id: equal times keep input order, so chunking cannot reorder them
  order.sort((a, b) => recs[a].tsMs - recs[b].tsMs || ids[a] - ids[b]);
  const dropped: DroppedPosition[] = [];
  const keep = order.filter((i) => {
    const r = recs[i];
    if (Number.isFinite(r.tsMs) && validPosition(r.lon, r.lat)) return true;
    dropped.push(dropOf(r, ids[i], 'invalid-position'));
    return false;
  });
  const n = keep.length;
  const t = emptyTrack(mmsi, n, statics, stationKind(mmsi, messageTypes(recs, statics)));
  for (let j = 0; j < n; j++) {
    const i = keep[j];
    const r = recs[i];
    t.positionId[j] = ids[i];
    t.tsMs[j] = r.tsMs;
    t.lon[j] = r.lon;
    t.lat[j] = r.lat;
    t.speedKnots[j] = r.speedKnots ?? Number.NaN;
    t.courseDeg[j] = r.courseDeg ?? Number.NaN;
    t.navStatus[j] = r.navStatus ?? NAV_STATUS_NA;
    t.sourceNo[j] = sourceNoOf(r.source);
  }
  t.dropped = dropped;
  return t;
}

/** Columns of one vessel's fixes, rows [from, to) in time order (a store scan: src/store/scan.ts). */
export interface FixColumns {
  tsMs: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  /** NaN: none. */
  speedKnots: ArrayLike<number>;
  courseDeg: ArrayLike<number>;
  /** -1: none. */
  navStatus: ArrayLike<number>;
  msgType: ArrayLike<number>;
}

/**
 * The track of rows [from, to) of `cols` — already in time order, ids their times — as
 * `TrackBuilder` builds it from the same fixes as records (`sourceOf(i)`: row i's source name),
 * without a record per fix.
 */
export function trackOfColumns(
  mmsi: number,
  cols: FixColumns,
  from: number,
  to: number,
  statics: StaticRecord[],
  sourceOf: (row: number) => string | null,
  sourceNoOf: (name: string | null) => number,
): Track {
  const dropped: DroppedPosition[] = [];
  let n = 0;
  const types = new Set<number | null>();
  for (let i = from; i < to; i++) {
    types.add(cols.msgType[i] < 0 ? null : cols.msgType[i]);
    if (Number.isFinite(cols.tsMs[i]) && validPosition(cols.lon[i], cols.lat[i])) n++;
  }
  for (const st of statics) types.add(st.msgType);
  const sorted = [...statics].sort(
    (a, b) => (a.tsMs ?? Number.NEGATIVE_INFINITY) - (b.tsMs ?? Number.NEGATIVE_INFINITY),
  );
  const t = emptyTrack(mmsi, n, sorted, stationKind(mmsi, types));
  let j = 0;
  for (let i = from; i < to; i++) {
    const ts = cols.tsMs[i];
    const x = cols.lon[i];
    const y = cols.lat[i];
    if (!(Number.isFinite(ts) && validPosition(x, y))) {
      dropped.push({
        mmsi,
        positionId: ts,
        tsMs: ts,
        lon: x,
        lat: y,
        reason: 'invalid-position',
        impliedSpeedKnots: null,
        jumpM: null,
        prevPositionId: null,
        nextPositionId: null,
      });
      continue;
    }
    t.positionId[j] = ts;
    t.tsMs[j] = ts;
    t.lon[j] = x;
    t.lat[j] = y;
    t.speedKnots[j] = cols.speedKnots[i];
    t.courseDeg[j] = cols.courseDeg[i];
    const st = cols.navStatus[i];
    t.navStatus[j] = st < 0 ? NAV_STATUS_NA : st;
    t.sourceNo[j] = sourceNoOf(sourceOf(i));
    j++;
  }
  t.dropped = dropped;
  return t;
}

function* messageTypes(
  recs: readonly PositionRecord[],
  statics: readonly StaticRecord[],
): Iterable<number | null> {
  for (const r of recs) yield r.msgType;
  for (const s of statics) yield s.msgType;
}

function dropOf(r: PositionRecord, id: number, reason: DropReason): DroppedPosition {
  return {
    mmsi: r.mmsi,
    positionId: id,
    tsMs: r.tsMs,
    lon: r.lon,
    lat: r.lat,
    reason,
    impliedSpeedKnots: null,
    jumpM: null,
    prevPositionId: null,
    nextPositionId: null,
  };
}

export function emptyTrack(
  mmsi: number,
  n: number,
  statics: StaticRecord[] = [],
  station: StationKind = stationKind(mmsi),
): Track {
  // One buffer for the nine columns, not nine: for a track of 150 fixes, nine typed arrays took
  // ~4x the time of one buffer and nine views over it (Node 20, this 2-core VM). The 8-byte
  // columns come first, so every view is aligned.
  const buf = new ArrayBuffer(n * TRACK_BYTES_PER_FIX);
  let at = 0;
  const take = <T>(View: new (b: ArrayBuffer, offset: number, length: number) => T, bytes: number): T => {
    const v = new View(buf, at, n);
    at += bytes * n;
    return v;
  };
  const positionId = take(Float64Array, 8);
  const tsMs = take(Float64Array, 8);
  const lon = take(Float64Array, 8);
  const lat = take(Float64Array, 8);
  const speedKnots = take(Float32Array, 4);
  const courseDeg = take(Float32Array, 4);
  const sourceNo = take(Int32Array, 4);
  const segment = take(Int32Array, 4);
  const navStatus = take(Uint8Array, 1);
  return {
    mmsi,
    station,
    length: n,
    positionId,
    tsMs,
    lon,
    lat,
    speedKnots,
    courseDeg,
    navStatus,
    sourceNo,
    segment,
    statics,
    dropped: [],
    jumps: [],
    cleaning: null,
  };
}

/** Bytes of one fix across a track's columns: four of 8 bytes, four of 4, one of 1. */
const TRACK_BYTES_PER_FIX = 4 * 8 + 4 * 4 + 1;

/**
 * Drops exact duplicates (same time and place as the fix before), splits the rest into segments
 * (segments.ts) and drops the fixes of noise segments as `impossible-jump` spikes, with the speed
 * and distance from the kept fix before (after, for a first fix) and the kept fixes either side.
 * Each kept fix carries its segment, renumbered 0, 1, … in order of first fix. Where a kept fix
 * follows, in time order, a fix of another segment it could not be reached from, that relocation
 * is listed in `jumps` (the spoofing detector's evidence; the segments themselves hold no jump).
 */
export function cleanTrack(track: Track, opt: CleanOptions): Track {
  const n = track.length;
  const dropped = [...track.dropped];
  const { tsMs, lon, lat } = track;
  const skip = new Uint8Array(n);
  for (let i = 1, k = 0; i < n; i++) {
    if (tsMs[i] === tsMs[k] && lon[i] === lon[k] && lat[i] === lat[k]) {
      skip[i] = 1;
      dropped.push(dropAt(track, i, 'duplicate', null, null, k, -1));
    } else k = i;
  }
  const assigned = track.assignedTimesMs?.length ? new Set(track.assignedTimesMs) : null;
  const seg = assignSegments(tsMs, lon, lat, opt, skip, assigned);
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) keep[i] = skip[i] || seg.noise[seg.segment[i]] ? 0 : 1;
  const renumber = new Int32Array(seg.count.length).fill(-1);
  let segments = 0;
  for (let i = 0; i < n; i++) {
    if (keep[i] && renumber[seg.segment[i]] < 0) renumber[seg.segment[i]] = segments++;
  }
  const nextKept = new Int32Array(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) nextKept[i] = keep[i + 1] ? i + 1 : nextKept[i + 1];
  const jumpsAt: Array<{ to: number; distanceM: number; speed: number }> = [];
  let m = 0;
  for (let i = 0, prev = -1; i < n; i++) {
    if (skip[i]) continue;
    if (!keep[i]) {
      const ref = prev >= 0 ? prev : nextKept[i];
      const d = ref < n ? haversineM(lon[ref], lat[ref], lon[i], lat[i]) : null;
      const v = d === null ? null : impliedSpeedKnots(d, Math.abs(tsMs[i] - tsMs[ref]));
      dropped.push(dropAt(track, i, 'impossible-jump', v, d, prev, nextKept[i]));
      continue;
    }
    if (prev >= 0 && seg.segment[prev] !== seg.segment[i]) {
      const d = haversineM(lon[prev], lat[prev], lon[i], lat[i]);
      const v = impliedSpeedKnots(d, tsMs[i] - tsMs[prev]);
      const unknownSpan = tsMs[i] === tsMs[prev] && assigned?.has(tsMs[i]) === true;
      if (d > opt.jitterM && !unknownSpan && v > opt.maxSpeedKnots)
        jumpsAt.push({ to: i, distanceM: d, speed: v });
    }
    prev = i;
    m++;
  }
  // Nothing dropped (the usual case): the cleaned track shares the input's columns, which no one
  // writes once built, and only its segments are new. A live pass cleans every vessel each time,
  // and allocating fresh columns for all of them cost more than the cleaning itself. Drops, jumps
  // and cleaning are set below either way.
  const out =
    m === n
      ? { ...track, segment: new Int32Array(n) }
      : emptyTrack(track.mmsi, m, track.statics, track.station);
  const newIndex = new Int32Array(n);
  for (let i = 0, j = 0; i < n; i++) {
    if (!keep[i]) continue;
    newIndex[i] = j;
    if (m !== n) copyFix(track, i, out, j);
    out.segment[j] = renumber[seg.segment[i]];
    j++;
  }
  out.dropped = dropped.sort((a, b) => a.tsMs - b.tsMs || a.positionId - b.positionId);
  out.jumps = jumpsAt.map((x) => ({
    fromIndex: newIndex[x.to] - 1,
    toIndex: newIndex[x.to],
    distanceM: x.distanceM,
    impliedSpeedKnots: x.speed,
  }));
  out.cleaning = opt;
  if (track.assignedTimesMs !== undefined) out.assignedTimesMs = track.assignedTimesMs;
  return out;
}

/** Fix `i` of `from` into slot `j` of `to`, every column (the one place that lists them). */
function copyFix(from: Track, i: number, to: Track, j: number): void {
  to.positionId[j] = from.positionId[i];
  to.tsMs[j] = from.tsMs[i];
  to.lon[j] = from.lon[i];
  to.lat[j] = from.lat[i];
  to.speedKnots[j] = from.speedKnots[i];
  to.courseDeg[j] = from.courseDeg[i];
  to.navStatus[j] = from.navStatus[i];
  to.sourceNo[j] = from.sourceNo[i];
  to.segment[j] = from.segment[i];
}

/**
 * A cleaned track's segments as tracks of their own: same MMSI, station, statics and cleaning,
 * no drops or jumps (those are the MMSI's, for the spoofing detector). The per-vessel detectors
 * run on these, so no event joins fixes of two transmitters. One segment: the track itself.
 */
export function splitSegments(t: Track): Track[] {
  let last = 0;
  for (let i = 0; i < t.length; i++) if (t.segment[i] > last) last = t.segment[i];
  if (last === 0) return [t];
  const sizes = new Int32Array(last + 1);
  for (let i = 0; i < t.length; i++) sizes[t.segment[i]]++;
  const parts = Array.from(sizes, (size) => emptyTrack(t.mmsi, size, t.statics, t.station));
  const at = new Int32Array(last + 1);
  for (let i = 0; i < t.length; i++) {
    const s = t.segment[i];
    copyFix(t, i, parts[s], at[s]++);
  }
  for (const p of parts) p.cleaning = t.cleaning;
  return parts;
}

function dropAt(
  t: Track,
  i: number,
  reason: DropReason,
  speed: number | null,
  jumpM: number | null,
  prev: number,
  next: number,
): DroppedPosition {
  return {
    mmsi: t.mmsi,
    positionId: t.positionId[i],
    tsMs: t.tsMs[i],
    lon: t.lon[i],
    lat: t.lat[i],
    reason,
    impliedSpeedKnots: speed,
    jumpM,
    prevPositionId: prev >= 0 ? t.positionId[prev] : null,
    nextPositionId: next >= 0 && next < t.length ? t.positionId[next] : null,
  };
}
