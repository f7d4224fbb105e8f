/**
 * Track exports: pure functions from stored positions to the formats analysts load elsewhere.
 * GeoJSON is RFC 7946 (longitude, latitude order); times travel as a parallel array because
 * GeoJSON has no time axis, the way MovingPandas and Kepler.gl read trips.
 */
import type { PositionRecord } from './records.js';

export interface TrackFeatureCollection {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    geometry: { type: 'LineString' | 'Point'; coordinates: number[] | number[][] };
    properties: Record<string, unknown>;
  }>;
}

/** One LineString for the track (or a Point when there is a single fix) with per-vertex times. */
export function trackToGeoJson(mmsi: number, positions: readonly PositionRecord[]): TrackFeatureCollection {
  if (positions.length === 0) return { type: 'FeatureCollection', features: [] };
  const coords = positions.map((p) => [p.lon, p.lat]);
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry:
          positions.length === 1
            ? { type: 'Point', coordinates: coords[0]! }
            : { type: 'LineString', coordinates: coords },
        properties: {
          mmsi,
          pointCount: positions.length,
          startTime: new Date(first.tsMs).toISOString(),
          endTime: new Date(last.tsMs).toISOString(),
          timesMs: positions.map((p) => p.tsMs),
          speedKnots: positions.map((p) => p.speedKnots),
          courseDeg: positions.map((p) => p.courseDeg),
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

/** RFC 4180 quoting: only when a cell holds a comma, quote or line break. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function positionToCsvRow(p: PositionRecord): string {
  return [
    p.mmsi,
    new Date(p.tsMs).toISOString(),
    p.tsMs,
    p.lon,
    p.lat,
    p.speedKnots,
    p.courseDeg,
    p.headingDeg,
    p.navStatus,
    p.msgType,
    p.source,
  ]
    .map(csvCell)
    .join(',');
}

export function positionsToCsv(positions: readonly PositionRecord[]): string {
  const lines = [POSITION_CSV_COLUMNS.join(',')];
  for (const p of positions) lines.push(positionToCsvRow(p));
  return `${lines.join('\n')}\n`;
}
