/**
 * Track exports: pure functions from stored positions to the formats analysts load elsewhere.
 * GeoJSON is RFC 7946 (longitude, latitude order). GeoJSON has no time axis, so a track's times
 * travel as one text property, `times`: the ISO 8601 instant of each vertex, space-separated, in
 * vertex order. A JSON array would be read by GDAL as a StringList (or IntegerList for epoch
 * milliseconds), which GeoPackage, Shapefile and most SQL stores cannot hold: `ogr2ogr` warns and
 * flattens it. One string converts cleanly everywhere and splits on spaces; `startTime` and
 * `endTime` are read as DateTime. The per-fix values (speed, course, heading) are in the positions
 * CSV and the GeoParquet export, one row per fix.
 */
import { csvDocument } from '../export/csv.js';
import type { GeoTable } from '../export/geoparquet.js';
import type { PositionRecord } from './records.js';

export interface TrackFeatureCollection {
  type: 'FeatureCollection';
  simulated: boolean;
  features: Array<{
    type: 'Feature';
    id: number;
    geometry: { type: 'LineString' | 'Point'; coordinates: number[] | number[][] };
    properties: Record<string, unknown>;
  }>;
}

/** An instant as ISO 8601 UTC, whole seconds without the `.000`. */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The `times` property: each vertex's ISO 8601 time, space-separated (`idx`: only those vertices). */
export function vertexTimes(tsMs: ArrayLike<number>, idx?: readonly number[]): string {
  const n = idx === undefined ? tsMs.length : idx.length;
  const out: string[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = isoTime(tsMs[idx === undefined ? k : idx[k]!]!);
  return out.join(' ');
}

/** One LineString for the track (or a Point when there is a single fix) with per-vertex times. */
export function trackToGeoJson(
  mmsi: number,
  positions: readonly PositionRecord[],
  opts: { simulated: boolean },
): TrackFeatureCollection {
  if (positions.length === 0) return { type: 'FeatureCollection', simulated: opts.simulated, features: [] };
  const coords = positions.map((p) => [p.lon, p.lat]);
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  return {
    type: 'FeatureCollection',
    simulated: opts.simulated,
    features: [
      {
        type: 'Feature',
        id: mmsi,
        geometry:
          positions.length === 1
            ? { type: 'Point', coordinates: coords[0]! }
            : { type: 'LineString', coordinates: coords },
        properties: {
          mmsi,
          simulated: opts.simulated,
          pointCount: positions.length,
          startTime: isoTime(first.tsMs),
          endTime: isoTime(last.tsMs),
          times: vertexTimes(positions.map((p) => p.tsMs)),
        },
      },
    ],
  };
}

export const POSITION_CSV_COLUMNS = [
  'mmsi',
  'time',
  'tsMs',
  'lon',
  'lat',
  'speedKnots',
  'courseDeg',
  'headingDeg',
  'navStatus',
  'msgType',
  'source',
] as const;

/** Positions as CSV, by the shared writer (`src/export/csv.ts`): RFC 4180, a `simulated` column. */
export function positionsToCsv(positions: readonly PositionRecord[], opts: { simulated: boolean }): string {
  return csvDocument(
    POSITION_CSV_COLUMNS,
    positions.map((p) => [
      p.mmsi,
      isoTime(p.tsMs),
      p.tsMs,
      p.lon,
      p.lat,
      p.speedKnots,
      p.courseDeg,
      p.headingDeg,
      p.navStatus,
      p.msgType,
      p.source,
    ]),
    opts,
  );
}

/** Positions for GeoParquet (`src/export/geoparquet.ts`): one Point row per fix. */
export function positionsTable(positions: readonly PositionRecord[], opts: { simulated: boolean }): GeoTable {
  return {
    simulated: opts.simulated,
    geometries: positions.map((p) => ({ type: 'Point', coordinates: [p.lon, p.lat] })),
    columns: [
      { name: 'mmsi', type: 'INT32', data: positions.map((p) => p.mmsi) },
      { name: 'time', type: 'TIMESTAMP', data: positions.map((p) => p.tsMs) },
      { name: 'speedKnots', type: 'DOUBLE', data: positions.map((p) => p.speedKnots) },
      { name: 'courseDeg', type: 'DOUBLE', data: positions.map((p) => p.courseDeg) },
      { name: 'headingDeg', type: 'DOUBLE', data: positions.map((p) => p.headingDeg) },
      { name: 'navStatus', type: 'INT32', data: positions.map((p) => p.navStatus) },
      { name: 'msgType', type: 'INT32', data: positions.map((p) => p.msgType) },
      { name: 'source', type: 'STRING', data: positions.map((p) => p.source) },
    ],
  };
}

export interface TrackLine {
  mmsi: number;
  name: string | null;
  tsMs: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  length: number;
}

/**
 * Tracks for GeoParquet: one row per vessel, a LineString (a Point for a single fix) with its first
 * and last time; the time of every vertex is in the positions file, one row per fix.
 */
export function tracksTable(tracks: readonly TrackLine[], opts: { simulated: boolean }): GeoTable {
  const withFixes = tracks.filter((t) => t.length > 0);
  return {
    simulated: opts.simulated,
    geometries: withFixes.map((t) => {
      if (t.length === 1) return { type: 'Point', coordinates: [t.lon[0]!, t.lat[0]!] };
      const coordinates: Array<[number, number]> = new Array(t.length);
      for (let i = 0; i < t.length; i++) coordinates[i] = [t.lon[i]!, t.lat[i]!];
      return { type: 'LineString', coordinates };
    }),
    columns: [
      { name: 'mmsi', type: 'INT32', data: withFixes.map((t) => t.mmsi) },
      { name: 'vesselName', type: 'STRING', data: withFixes.map((t) => t.name) },
      { name: 'pointCount', type: 'INT32', data: withFixes.map((t) => t.length) },
      { name: 'startTime', type: 'TIMESTAMP', data: withFixes.map((t) => t.tsMs[0]!) },
      { name: 'endTime', type: 'TIMESTAMP', data: withFixes.map((t) => t.tsMs[t.length - 1]!) },
    ],
  };
}
