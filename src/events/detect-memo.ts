/**
 * What a detection keeps of each vessel for the next one over the same window, so that a live pass
 * (src/live/pass.ts) redoes only the vessels that changed. A pass detects the whole window again,
 * because reception, coverage, inferred anchorages and encounters look across vessels; but most of
 * its time went to work that depends on one vessel alone — building its track from the columns,
 * cleaning it, splitting it into segments, and the detectors that read nothing but the segment
 * (port calls, stops, loitering, on-land, spoofing, identity). That work is kept here:
 *
 * - a vessel's track is taken again only while the reader vouches that its rows and static
 *   reports in the window are unchanged (`WindowReader.versionOf`, src/live/fleet-cache.ts: a
 *   window that moves on changes the version of each vessel it cuts), with the same runs' receive
 *   times;
 * - everything after it is keyed by the identity of the track it was computed from (immutable
 *   once built), so a changed vessel, being a new track, misses every entry;
 * - on-land results are kept with the water mask they were measured on, and reused only with the
 *   same mask (its cell size follows the tiles the whole fleet visits).
 *
 * The events are therefore those the same detection without a memo gives (the live watch tests
 * compare a watch with a batch `detect` field for field). One memo serves one set of areas and
 * parameters: `DetectMemo.for` gives a fresh one when they differ.
 */
import type { Area } from '../areas/types.js';
import { SourceNumbers, type Track } from '../tracks/columns.js';
import type { CoverageCells } from './coverage.js';
import type { EventParams } from './params.js';
import type { SilenceParts } from './reception.js';
import type { EventOf, VesselEvent } from './types.js';

/** Per-segment results of the detectors that read the segment alone. */
export interface SegmentWork {
  stops?: EventOf<'stop'>[];
  portCalls?: EventOf<'port-call'>[];
  loitering?: VesselEvent[];
  tiles?: Map<number, [number, number]>;
  /** reception.ts `silenceParts` and `hourCellRuns`, coverage.ts `coverageCells`. */
  silenceParts?: SilenceParts;
  receptionRuns?: Float64Array;
  coverageCells?: CoverageCells;
  onLand?: OnMask<EventOf<'on-land'>[]>;
}

/** A result kept with the water mask it was measured on (on-land.ts): reused only with that mask. */
export interface OnMask<T> {
  mask: object;
  value: T;
}

/** Per-vessel (whole MMSI, cleaned) results of the detectors that read the vessel alone. */
export interface VesselWork {
  segments?: Track[];
  spoofing?: VesselEvent[];
  identity?: VesselEvent[];
  onLandM?: OnMask<number[]>;
}

export class DetectMemo {
  /** Source numbers kept across detections, so that a track taken again keeps its numbering. */
  readonly sources = new SourceNumbers();
  private readonly tracks = new Map<number, { key: string; track: Track }>();
  private readonly cleaned = new WeakMap<Track, Track>();
  private readonly segmentWork = new WeakMap<Track, SegmentWork>();
  private readonly vesselWork = new WeakMap<Track, VesselWork>();
  private seen = new Set<number>();
  /** Tracks taken from the memo / built in the last detection. */
  hits = 0;
  misses = 0;

  private constructor(
    readonly areas: readonly Area[],
    readonly params: Readonly<EventParams>,
  ) {}

  /** `memo` when it was made for these areas and parameters, else a new one. */
  static for(memo: DetectMemo | null, areas: readonly Area[], params: Readonly<EventParams>): DetectMemo {
    return memo?.fits(areas, params) ? memo : new DetectMemo(areas, params);
  }

  /** Made for these very areas and parameters (a memo of others would give their results). */
  fits(areas: readonly Area[], params: Readonly<EventParams>): boolean {
    return this.areas === areas && this.params === params;
  }

  /** A detection starts: vessels it does not read are forgotten when it ends. */
  begin(): void {
    this.seen = new Set();
    this.hits = 0;
    this.misses = 0;
  }

  end(): void {
    for (const mmsi of this.tracks.keys()) if (!this.seen.has(mmsi)) this.tracks.delete(mmsi);
  }

  /** The vessel's track kept under `key` (null: the reader cannot vouch for its rows), if any. */
  taken(mmsi: number, key: string | null): Track | undefined {
    this.seen.add(mmsi);
    const kept = this.tracks.get(mmsi);
    if (key === null || kept === undefined || kept.key !== key) return undefined;
    this.hits++;
    return kept.track;
  }

  /** The vessel's track just built, kept under `key` (null: not kept). */
  built(mmsi: number, key: string | null, track: Track): void {
    this.seen.add(mmsi);
    this.misses++;
    if (key === null) this.tracks.delete(mmsi);
    else this.tracks.set(mmsi, { key, track });
  }

  cleanedOf(raw: Track, clean: (t: Track) => Track): Track {
    return keptFor(this.cleaned, raw, clean);
  }

  segment(t: Track): SegmentWork {
    return keptFor(this.segmentWork, t, () => ({}));
  }

  vessel(t: Track): VesselWork {
    return keptFor(this.vesselWork, t, () => ({}));
  }
}

/** `map`'s value for `t`, made and kept there the first time. */
function keptFor<V>(map: WeakMap<Track, V>, t: Track, make: (t: Track) => V): V {
  let v = map.get(t);
  if (v === undefined) {
    v = make(t);
    map.set(t, v);
  }
  return v;
}
