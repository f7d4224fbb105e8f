/**
 * Columnar tracks: one vessel's positions as parallel typed arrays in time order, built from
 * `PositionRecord`s, plus the cleaning that drops exact duplicates and one-fix spikes beyond a
 * plausible speed (each drop recorded with its reason, never silent). The detectors in
 * `src/events` read only these arrays, which is what keeps them allocation-light.
 */
import { haversineM, impliedSpeedKnots } from '../geo/distance.js';
import type { PositionRecord, StaticRecord } from './records.js';

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
 * one-fix spike), so it is kept — the spoofing detector reports it.
 */
export interface TrackJump {
  /** Indices in the cleaned track: the fix before and the fix after the jump. */
  fromIndex: number;
  toIndex: number;
  distanceM: number;
  impliedSpeedKnots: number;
}

export interface Track {
  mmsi: number;
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
  /** This vessel's static reports, time-less ones first, then by time. */
  statics: StaticRecord[];
  dropped: DroppedPosition[];
  jumps: TrackJump[];
  /** The cleaning settings applied, or null for an uncleaned track. */
  cleaning: CleanOptions | null;
}

export interface CleanOptions {
  /** Faster than this between fixes is implausible for the vessel (knots). */
  maxSpeedKnots: number;
  /** A displacement below this is GNSS/receiver noise, whatever speed it implies (metres). */
  jitterM: number;
}

/** Defaults: 50 kn is above any cargo ship; 500 m covers AIS position noise and timestamp jitter. */
export const DEFAULT_CLEAN: CleanOptions = { maxSpeedKnots: 50, jitterM: 500 };

function validPosition(lon: number, lat: number): boolean {
  return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

/**
 * Accumulates positions and statics chunk by chunk (ids continue across chunks), so a stream can
 * be read in pieces; `finish` gives the same tracks as one `buildTracks` call over the whole.
 */
export class TrackBuilder {
  private readonly byMmsi = new Map<number, { recs: PositionRecord[]; ids: number[] }>();
  private readonly staticsBy = new Map<number, StaticRecord[]>();
  private nextId = 0;

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
      const t = columnsOf(mmsi, g.recs, g.ids, statics);
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
  const t = emptyTrack(mmsi, n, statics);
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
  }
  t.dropped = dropped;
  return t;
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

export function emptyTrack(mmsi: number, n: number, statics: StaticRecord[] = []): Track {
  return {
    mmsi,
    length: n,
    positionId: new Float64Array(n),
    tsMs: new Float64Array(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    speedKnots: new Float32Array(n),
    courseDeg: new Float32Array(n),
    navStatus: new Uint8Array(n),
    statics,
    dropped: [],
    jumps: [],
    cleaning: null,
  };
}

/**
 * Drops exact duplicates (same time and place as the fix kept before) and one-fix spikes: a fix
 * reached from the last kept fix faster than `maxSpeedKnots` (and farther than `jitterM`) when the
 * fix after it is plausible from that last kept fix — the pattern of a corrupted or spoofed
 * report. A too-fast relocation the track continues from is kept and listed in `jumps`.
 */
export function cleanTrack(track: Track, opt: CleanOptions): Track {
  const n = track.length;
  const keep = new Uint8Array(n);
  const dropped = [...track.dropped];
  const jumpsAt: Array<{ to: number; distanceM: number; speed: number }> = [];
  const { tsMs, lon, lat } = track;
  let k = -1;
  const fast = (a: number, b: number): number => {
    const d = haversineM(lon[a], lat[a], lon[b], lat[b]);
    return d > opt.jitterM ? impliedSpeedKnots(d, tsMs[b] - tsMs[a]) : 0;
  };
  for (let i = 0; i < n; i++) {
    if (k < 0) {
      keep[i] = 1;
      k = i;
      continue;
    }
    if (tsMs[i] === tsMs[k] && lon[i] === lon[k] && lat[i] === lat[k]) {
      dropped.push(dropAt(track, i, 'duplicate', null, null, k, -1));
      continue;
    }
    const v = fast(k, i);
    if (v > opt.maxSpeedKnots) {
      const j = i + 1;
      const spike = j < n && fast(k, j) <= opt.maxSpeedKnots;
      if (spike) {
        const d = haversineM(lon[k], lat[k], lon[i], lat[i]);
        dropped.push(dropAt(track, i, 'impossible-jump', v, d, k, j));
        continue;
      }
      jumpsAt.push({ to: i, distanceM: haversineM(lon[k], lat[k], lon[i], lat[i]), speed: v });
    }
    keep[i] = 1;
    k = i;
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += keep[i];
  const out = emptyTrack(track.mmsi, m, track.statics);
  const newIndex = new Int32Array(n);
  for (let i = 0, j = 0; i < n; i++) {
    if (!keep[i]) continue;
    newIndex[i] = j;
    out.positionId[j] = track.positionId[i];
    out.tsMs[j] = tsMs[i];
    out.lon[j] = lon[i];
    out.lat[j] = lat[i];
    out.speedKnots[j] = track.speedKnots[i];
    out.courseDeg[j] = track.courseDeg[i];
    out.navStatus[j] = track.navStatus[i];
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
  return out;
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
