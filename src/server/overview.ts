/**
 * The map's overview of one vessel, pure: its track as the default `GET /api/tracks` sends it
 * (simplified to `toleranceM`, then at most `maxPointsPerVessel` fixes, gap ends kept, in the
 * `delta-b64` encoding). What src/server/overview-store.ts keeps in `track_overviews`, so that the
 * map's first request reads rows instead of every fix of every vessel.
 */
import { isVesselStation, type StationKind, stationKind } from '../tracks/station.js';
import { encodeCompact, reduceTrack, type TrackColumns } from './track-encode.js';

/** Dark legs keep their true ends when a track is downsampled; the shuttle gap threshold (6 h). */
export const KEEP_GAP_MS = 6 * 3600_000;

/**
 * The overview the map asks for (web/src/main.ts) and the defaults of `GET /api/tracks`: 250 m is
 * under a pixel below zoom 8, where the map swaps in the full tracks.
 */
export const OVERVIEW = {
  toleranceM: 250,
  maxPointsPerVessel: 2000,
  minPositions: 1,
  encoding: 'b64',
} as const;

/**
 * Names what a stored body was made with: rows made under another key (other defaults, another
 * encoder version) are stale. Bump the `v` when the encoding or the reduction changes.
 */
export const OVERVIEW_PARAMS_KEY = `v1:delta-b64:tol=${OVERVIEW.toleranceM}:max=${OVERVIEW.maxPointsPerVessel}:gap=${KEEP_GAP_MS}`;

/** One vessel's row of `track_overviews`. */
export interface OverviewRow {
  mmsi: number;
  kind: StationKind;
  /** Fixes of the track the row was made from: the row is current while the vessel has as many. */
  positionCount: number;
  /**
   * The vessel's identity reports when its fixes were read (the other half of the stamp), or null:
   * `writeOverviews` reads the current number when it writes the row.
   */
  reportCount: number | null;
  params: string;
  /**
   * The track's JSON exactly as `/api/tracks` sends it, less its leading `"simulated":…,` member
   * (the dataset's, added by the route); null for a vessel without fixes.
   */
  body: string | null;
}

/** A track as the overview reads it: `detect`'s columnar tracks (src/tracks/columns.ts) are one. */
export interface OverviewTrack extends TrackColumns {
  mmsi: number;
  /** The station's kind, when known from the messages it sent; else from the MMSI alone. */
  station?: StationKind;
}

/**
 * The overview row of one vessel's whole track (`cols` in track order: time, then place, as
 * `trackColumns` reads it). `body` is byte for byte what `GET /api/tracks` gives for the vessel
 * with its default query, less the `simulated` member.
 */
export function overviewOfTrack(
  mmsi: number,
  cols: TrackColumns,
  kind: StationKind = stationKind(mmsi),
  reportCount: number | null = null,
): OverviewRow {
  let body: string | null = null;
  if (cols.length > 0) {
    const keep = reduceTrack(
      cols,
      { toleranceM: OVERVIEW.toleranceM, maxPoints: OVERVIEW.maxPointsPerVessel },
      KEEP_GAP_MS,
    );
    body = JSON.stringify(encodeCompact(mmsi, cols, keep, 'delta-b64'));
  }
  return { mmsi, kind, positionCount: cols.length, reportCount, params: OVERVIEW_PARAMS_KEY, body };
}

/**
 * Rows from tracks already read elsewhere (`tallyman detect` reads every vessel's track): each must
 * be the vessel's whole stored track. `writeOverviews` keeps a row only while the vessel has no
 * more fixes than the track held, so a track read over part of the period is never taken for the
 * whole.
 */
export function overviewRowsOf(tracks: readonly OverviewTrack[]): OverviewRow[] {
  return tracks.map((t) => overviewOfTrack(t.mmsi, t, t.station ?? stationKind(t.mmsi)));
}

/** The row's track as the route sends it, with the dataset's `simulated` flag first. */
export function overviewJson(body: string, simulated: boolean): string {
  return `{"simulated":${simulated},${body.slice(1)}`;
}

/** Whether the map draws the row: a vessel station (not a base station, AtoN, …) with fixes. */
export const drawnOnMap = (row: Pick<OverviewRow, 'kind' | 'body'>): boolean =>
  row.body !== null && isVesselStation(row.kind);
