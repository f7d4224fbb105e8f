/** Events as an analyst reads or exports them: one-line summaries, CSV rows, GeoJSON features. */
import { csvDocument } from '../export/csv.js';
import type { GeoTable } from '../export/geoparquet.js';
import type { VesselEvent } from './types.js';

const H = 3_600_000;
const hours = (ms: number) => `${(ms / H).toFixed(1)} h`;
const km = (m: number) => `${(m / 1000).toFixed(1)} km`;

export function isoMs(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The few words that say what an event is about (its area, distance, speed, change…). */
export function eventSummary(e: VesselEvent): string {
  switch (e.type) {
    case 'port-call': {
      const d = e.details;
      const seen = [d.entrySeen && 'entry', d.stopSeen && 'stop', d.gapSeen && 'gap', d.exitSeen && 'exit']
        .filter(Boolean)
        .join('+');
      return `${d.areaId} (${seen})`;
    }
    case 'stop':
      return `r ${Math.round(e.details.radiusM)} m${e.details.nearestAreaId ? `, near ${e.details.nearestAreaId}` : ''}`;
    case 'gap': {
      const d = e.details;
      // older stored events lack the coverage evidence
      const heard = d.coverage
        ? ` (others heard near its ends in ${Math.round(d.coverage.heardShare * 100)}% of it${d.coverage.cause === 'longer-than-max' ? '; longer than a dark gap can be' : ''})`
        : '';
      return `${hours(d.durationMs)}, ${km(d.distanceM)}, ${d.impliedSpeedKnots.toFixed(1)} kn, ${d.likelyCause}${heard}${d.startNear ? `, from ${d.startNear.areaId}` : ''}${d.endNear ? `, to ${d.endNear.areaId}` : ''}`;
    }
    case 'dark-port-call':
      return `${e.details.areaId} possible, up to ${hours(e.details.maxDwellMs)} there (needs ${hours(e.details.minDwellMs ?? 0)})${e.details.competingAreas ? `, ${e.details.competingAreas} other areas possible` : ''}`;
    case 'encounter':
      return `median ${Math.round(e.details.medianDistanceM)} m apart`;
    case 'loitering':
      return `${e.details.meanSpeedKnots.toFixed(1)} kn mean`;
    case 'speed-anomaly':
      return `${e.details.impliedSpeedKnots.toFixed(0)} kn over ${km(e.details.distanceM)} (${e.details.handling})`;
    case 'two-places':
      return `${e.details.anomalies} jumps, ${km(e.details.separationM)} apart`;
    case 'on-land':
      return `${e.details.fixes} fix${e.details.fixes === 1 ? '' : 'es'} inland`;
    case 'identity-change':
      return `${e.details.field}: ${e.details.from} → ${e.details.to}`;
    case 'imo-shared':
      return `IMO ${e.details.imo}${e.details.overlapping ? ', at the same time' : ''}`;
    case 'draught-change': {
      const d = e.details;
      const mass =
        d.cargoMassMinT === null
          ? ''
          : `, ${Math.round(d.cargoMassMinT)}–${Math.round(d.cargoMassMaxT ?? 0)} t`;
      return `${d.fromM} → ${d.toM} m (${d.context}${d.areaId ? ` ${d.areaId}` : ''})${mass}`;
    }
    case 'voyage':
      return `${e.details.fromAreaId ?? '?'} → ${e.details.toAreaId ?? '?'}${e.details.dark ? ' (dark)' : ''}, ${km(e.details.distanceM)}`;
  }
}

/** The columns of the one events CSV, written by `tallyman events --csv` and `/api/export/events.csv`. */
export const EVENTS_CSV_HEADER = [
  'id',
  'type',
  'mmsi',
  'mmsi2',
  'start_utc',
  'end_utc',
  'lon',
  'lat',
  'confidence',
  'summary',
  'params',
  'details',
  'support',
] as const;

/** The events CSV (RFC 4180 by `src/export/csv.ts`, ISO 8601 times, a `simulated` column). */
export function eventsToCsv(events: readonly VesselEvent[], opts: { simulated: boolean }): string {
  return csvDocument(
    EVENTS_CSV_HEADER,
    events.map((e) => [
      e.id,
      e.type,
      e.mmsi,
      e.mmsi2,
      isoMs(e.startMs),
      isoMs(e.endMs),
      e.lon,
      e.lat,
      e.confidence,
      eventSummary(e),
      e.params,
      e.details,
      e.support,
    ]),
    opts,
  );
}

/**
 * A FeatureCollection of Points (RFC 7946: lon, lat), one per event, every field in properties;
 * times as ISO 8601 (GDAL reads them as DateTime), the nested records as JSON objects.
 */
export function eventsToGeoJson(events: readonly VesselEvent[], opts: { simulated: boolean }): object {
  return {
    type: 'FeatureCollection',
    simulated: opts.simulated,
    features: events.map((e) => ({
      type: 'Feature',
      id: e.id,
      geometry: { type: 'Point', coordinates: [e.lon, e.lat] },
      properties: {
        type: e.type,
        mmsi: e.mmsi,
        mmsi2: e.mmsi2,
        start: isoMs(e.startMs),
        end: isoMs(e.endMs),
        confidence: e.confidence,
        summary: eventSummary(e),
        simulated: opts.simulated,
        params: e.params,
        details: e.details,
        support: e.support,
      },
    })),
  };
}

/** Events for GeoParquet (`src/export/geoparquet.ts`): one Point row per event, times as timestamps. */
export function eventsTable(events: readonly VesselEvent[], opts: { simulated: boolean }): GeoTable {
  return {
    simulated: opts.simulated,
    geometries: events.map((e) =>
      Number.isFinite(e.lon) && Number.isFinite(e.lat)
        ? { type: 'Point', coordinates: [e.lon, e.lat] }
        : null,
    ),
    columns: [
      { name: 'id', type: 'STRING', data: events.map((e) => e.id) },
      { name: 'type', type: 'STRING', data: events.map((e) => e.type) },
      { name: 'mmsi', type: 'INT32', data: events.map((e) => e.mmsi) },
      { name: 'mmsi2', type: 'INT32', data: events.map((e) => e.mmsi2) },
      { name: 'start', type: 'TIMESTAMP', data: events.map((e) => e.startMs) },
      { name: 'end', type: 'TIMESTAMP', data: events.map((e) => e.endMs) },
      { name: 'confidence', type: 'INT32', data: events.map((e) => e.confidence) },
      { name: 'summary', type: 'STRING', data: events.map((e) => eventSummary(e)) },
      { name: 'params', type: 'JSON', data: events.map((e) => e.params) },
      { name: 'details', type: 'JSON', data: events.map((e) => e.details) },
      { name: 'support', type: 'JSON', data: events.map((e) => e.support) },
    ],
  };
}
