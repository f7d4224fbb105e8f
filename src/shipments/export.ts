/**
 * The ledger out: CSV (one row per shipment, the shared writer of `src/export/csv.ts`), GeoJSON (a
 * LineString Feature per leg, WGS84 lon/lat, each with its own id) and KML 2.2 organised by kind
 * (Folders "shipments", "port calls", "dark legs", "sightings": one typed layer each in GDAL).
 * Legs heard on AIS are solid; dark legs are dashed in GeoJSON (`legDark`, `stroke-dasharray`)
 * and, as KML has no dashed line style, translucent orange and thinner in KML. Every export of a
 * simulated ledger says so: a `simulated` column, property or field, and the KML's description.
 */
import { csvDocument } from '../export/csv.js';
import type { GeoTable } from '../export/geoparquet.js';
import { type KmlSchema, kmlDocument, kmlLineString, kmlMultiGeometry, kmlPoint } from '../export/kml.js';
import { iso, type Shipment } from './ledger.js';
import type { Sighting } from './types.js';

const CSV_COLUMNS = [
  'id',
  'number',
  'status',
  'mmsi',
  'vessel_name',
  'origin',
  'origin_kind',
  'destination',
  'destination_kind',
  'depart_utc',
  'arrive_utc',
  'transit_h',
  'dark',
  'confidence',
  'supports',
  'containers_loaded',
  'containers_discharged',
  'draught_from_m',
  'draught_to_m',
  'cargo_mass_t',
  'decided_by',
  'decided_utc',
  'decision_reason',
  'review',
] as const;

const rangeText = (r: { min: number; max: number } | null) =>
  r === null ? '' : r.min === r.max ? `${Math.round(r.min)}` : `${Math.round(r.min)}-${Math.round(r.max)}`;

export function shipmentsCsv(list: readonly Shipment[], opts: { simulated: boolean }): string {
  return csvDocument(
    CSV_COLUMNS,
    list.map((s) => [
      s.id,
      s.number,
      s.status,
      s.mmsi,
      s.vesselName,
      s.originAreaId,
      s.originKind,
      s.destinationAreaId,
      s.destinationKind,
      iso(s.departMs),
      iso(s.arriveMs),
      Math.round(s.transitMs / 360_000) / 10,
      s.dark,
      s.confidence,
      [...new Set(s.supports.map((x) => x.kind))].join(' '),
      rangeText(s.containersLoaded),
      rangeText(s.containersDischarged),
      s.draughtFromM,
      s.draughtToM,
      rangeText(s.cargoMassT),
      s.decidedBy,
      s.decidedMs === null ? null : iso(s.decidedMs),
      s.decisionReason,
      s.review ? `${s.review.reason}: ${s.review.differences.map((d) => d.field).join(' ')}` : null,
    ]),
    opts,
  );
}

/** `shipmentId`, not `id`: GDAL takes an integer `id` property as the feature id, and legs share it. */
function properties(s: Shipment) {
  return {
    shipmentId: s.id,
    number: s.number,
    status: s.status,
    mmsi: s.mmsi,
    vesselName: s.vesselName,
    origin: s.originAreaId,
    originKind: s.originKind,
    destination: s.destinationAreaId,
    destinationKind: s.destinationKind,
    departUtc: iso(s.departMs),
    arriveUtc: iso(s.arriveMs),
    transitH: Math.round(s.transitMs / 360_000) / 10,
    dark: s.dark,
    confidence: s.confidence,
    containersLoaded: s.containersLoaded,
    containersDischarged: s.containersDischarged,
    review: s.review,
  };
}

/** The legs to draw: the stored ones, or one leg over the path for shipments stored without them. */
const legsOf = (s: Shipment) => (s.legs.length > 0 ? s.legs : [{ dark: s.dark, coordinates: s.path }]);

/**
 * One LineString Feature per leg (heard on AIS or dark), carrying its shipment's properties; the
 * feature id `<shipment>-<leg>` is unique in the file, as GeoPackage and PostGIS need.
 */
export function shipmentsGeoJson(list: readonly Shipment[], opts: { simulated: boolean }) {
  return {
    type: 'FeatureCollection' as const,
    simulated: opts.simulated,
    features: list.flatMap((s) =>
      legsOf(s).map((leg, i) => ({
        type: 'Feature' as const,
        id: `${s.id}-${i}`,
        geometry: { type: 'LineString' as const, coordinates: leg.coordinates },
        properties: {
          ...properties(s),
          leg: i,
          legDark: leg.dark,
          simulated: opts.simulated,
          stroke: leg.dark ? '#d95f02' : '#1b9e77',
          'stroke-dasharray': leg.dark ? '6 4' : null,
        },
      })),
    ),
  };
}

function label(s: Shipment): string {
  const n = s.number !== null ? `Shipment ${s.number}` : `Shipment proposal ${s.id}`;
  return `${n}: ${s.vesselName ?? s.mmsi} ${s.originAreaId} → ${s.destinationAreaId}`;
}

const SHIPMENT_SCHEMA: KmlSchema = {
  id: 'shipment',
  fields: [
    { name: 'shipmentId', type: 'int' },
    { name: 'number', type: 'int' },
    { name: 'status', type: 'string' },
    { name: 'mmsi', type: 'int' },
    { name: 'vesselName', type: 'string' },
    { name: 'origin', type: 'string' },
    { name: 'originKind', type: 'string' },
    { name: 'destination', type: 'string' },
    { name: 'destinationKind', type: 'string' },
    { name: 'departUtc', type: 'string' },
    { name: 'arriveUtc', type: 'string' },
    { name: 'transitH', type: 'double' },
    { name: 'dark', type: 'bool' },
    { name: 'confidence', type: 'int' },
    { name: 'containersLoadedMin', type: 'int' },
    { name: 'containersLoadedMax', type: 'int' },
    { name: 'containersDischargedMin', type: 'int' },
    { name: 'containersDischargedMax', type: 'int' },
    { name: 'review', type: 'string' },
    { name: 'simulated', type: 'bool' },
  ],
};

const PORT_CALL_SCHEMA: KmlSchema = {
  id: 'portCall',
  fields: [
    { name: 'shipmentId', type: 'int' },
    { name: 'number', type: 'int' },
    { name: 'mmsi', type: 'int' },
    { name: 'role', type: 'string' },
    { name: 'area', type: 'string' },
    { name: 'seenBy', type: 'string' },
    { name: 'startUtc', type: 'string' },
    { name: 'endUtc', type: 'string' },
    { name: 'simulated', type: 'bool' },
  ],
};

const DARK_LEG_SCHEMA: KmlSchema = {
  id: 'darkLeg',
  fields: [
    { name: 'shipmentId', type: 'int' },
    { name: 'number', type: 'int' },
    { name: 'mmsi', type: 'int' },
    { name: 'leg', type: 'int' },
    { name: 'departUtc', type: 'string' },
    { name: 'arriveUtc', type: 'string' },
    { name: 'simulated', type: 'bool' },
  ],
};

const SIGHTING_SCHEMA: KmlSchema = {
  id: 'sighting',
  fields: [
    { name: 'sightingId', type: 'int' },
    { name: 'shipmentIds', type: 'string' },
    { name: 'provider', type: 'string' },
    { name: 'imageId', type: 'string' },
    { name: 'acquiredUtc', type: 'string' },
    { name: 'gsdM', type: 'double' },
    { name: 'mmsi', type: 'int' },
    { name: 'vesselName', type: 'string' },
    { name: 'idConfidence', type: 'double' },
    { name: 'simulated', type: 'bool' },
  ],
};

/** The route as drawn: every leg, heard and dark (the "dark legs" layer draws the dark ones over it). */
function routeGeometry(s: Shipment): string {
  const lines = legsOf(s)
    .filter((leg) => leg.coordinates.length >= 2)
    .map((leg) => kmlLineString(leg.coordinates));
  if (lines.length > 0) return kmlMultiGeometry(lines);
  return s.path.length >= 2 ? kmlLineString(s.path) : kmlPoint(s.path[0]![0], s.path[0]![1]);
}

/**
 * KML 2.2 (OGC 07-147r2) by kind: "shipments" (each shipment's route, all its legs), "port calls" (its two
 * ends), "dark legs" (the stretches without AIS) and "sightings" (the imagery sightings that
 * support a listed shipment). Four Folders, four typed layers in GDAL.
 */
export function shipmentsKml(
  list: readonly Shipment[],
  opts: { simulated: boolean; sightings?: readonly Sighting[]; title?: string },
): string {
  const simulated = opts.simulated;
  const shipments = list.map((s) => ({
    name: label(s),
    description: `${s.status}, confidence ${s.confidence}/4; departed ${iso(s.departMs)}, arrived ${iso(s.arriveMs)}${s.dark ? '; partly dark (no AIS)' : ''}`,
    beginMs: s.departMs,
    endMs: s.arriveMs,
    styleUrl: '#ais-leg',
    data: {
      shipmentId: s.id,
      number: s.number,
      status: s.status,
      mmsi: s.mmsi,
      vesselName: s.vesselName,
      origin: s.originAreaId,
      originKind: s.originKind,
      destination: s.destinationAreaId,
      destinationKind: s.destinationKind,
      departUtc: iso(s.departMs),
      arriveUtc: iso(s.arriveMs),
      transitH: Math.round(s.transitMs / 360_000) / 10,
      dark: s.dark,
      confidence: s.confidence,
      containersLoadedMin: s.containersLoaded?.min,
      containersLoadedMax: s.containersLoaded?.max,
      containersDischargedMin: s.containersDischarged?.min,
      containersDischargedMax: s.containersDischarged?.max,
      review: s.review ? `${s.review.reason}: ${s.review.differences.map((d) => d.field).join(' ')}` : null,
      simulated,
    },
    geometry: routeGeometry(s),
  }));
  const portCalls = list.flatMap((s) =>
    (
      [
        ['origin', s.originAreaId, s.originKind, s.originStartMs, s.originEndMs, s.path[0]],
        [
          'destination',
          s.destinationAreaId,
          s.destinationKind,
          s.destinationStartMs,
          s.destinationEndMs,
          s.path[s.path.length - 1],
        ],
      ] as const
    ).map(([end, area, kind, startMs, endMs, pt]) => ({
      name: `${label(s)}: ${end} ${area} (${kind})`,
      beginMs: startMs,
      endMs: Math.max(startMs, endMs),
      styleUrl: '#call',
      data: {
        shipmentId: s.id,
        number: s.number,
        mmsi: s.mmsi,
        role: end,
        area,
        seenBy: kind,
        startUtc: iso(startMs),
        endUtc: iso(Math.max(startMs, endMs)),
        simulated,
      },
      geometry: kmlPoint(pt![0], pt![1]),
    })),
  );
  const darkLegs = list.flatMap((s) =>
    legsOf(s).flatMap((leg, i) =>
      leg.dark && leg.coordinates.length >= 2
        ? [
            {
              name: `${label(s)}: dark leg ${i + 1}`,
              beginMs: s.departMs,
              endMs: s.arriveMs,
              styleUrl: '#dark-leg',
              data: {
                shipmentId: s.id,
                number: s.number,
                mmsi: s.mmsi,
                leg: i,
                departUtc: iso(s.departMs),
                arriveUtc: iso(s.arriveMs),
                simulated,
              },
              geometry: kmlLineString(leg.coordinates),
            },
          ]
        : [],
    ),
  );
  const bySighting = new Map<string, number[]>();
  for (const s of list)
    for (const sup of s.supports)
      if (sup.kind === 'sighting') bySighting.set(sup.ref, [...(bySighting.get(sup.ref) ?? []), s.id]);
  const sightings = (opts.sightings ?? [])
    .filter((g) => bySighting.has(String(g.id)))
    .map((g) => ({
      name: `Sighting ${g.id}: ${g.vesselName ?? (g.mmsi === null ? 'unidentified ship' : `MMSI ${g.mmsi}`)} (${g.provider})`,
      beginMs: g.acquiredMs,
      styleUrl: '#sighting',
      data: {
        sightingId: g.id,
        shipmentIds: [...new Set(bySighting.get(String(g.id)))].join(' '),
        provider: g.provider,
        imageId: g.imageId,
        acquiredUtc: iso(g.acquiredMs),
        gsdM: g.gsdM,
        mmsi: g.mmsi,
        vesselName: g.vesselName,
        idConfidence: g.idConfidence,
        simulated: simulated || g.simulated,
      },
      geometry: kmlPoint(g.lon, g.lat),
    }));
  return kmlDocument({
    title: opts.title ?? 'tallyman shipments',
    description:
      'Exported by tallyman: the shipment ledger. Folders: shipments (each route, all its legs), port calls (the two ends), dark legs (no AIS), sightings (imagery supporting a listed shipment).',
    simulated,
    styles: [
      '<Style id="ais-leg"><LineStyle><color>ff779e1b</color><width>3</width></LineStyle></Style>',
      '<Style id="dark-leg"><LineStyle><color>99025fd9</color><width>2</width></LineStyle></Style>',
      '<Style id="call"><IconStyle><scale>0.8</scale></IconStyle></Style>',
      '<Style id="sighting"><IconStyle><scale>0.7</scale></IconStyle></Style>',
    ],
    folders: [
      { name: 'shipments', schema: SHIPMENT_SCHEMA, placemarks: shipments },
      { name: 'port calls', schema: PORT_CALL_SCHEMA, placemarks: portCalls },
      { name: 'dark legs', schema: DARK_LEG_SCHEMA, placemarks: darkLegs },
      { name: 'sightings', schema: SIGHTING_SCHEMA, placemarks: sightings },
    ],
  });
}

/** The ledger for GeoParquet (`src/export/geoparquet.ts`): one row per shipment, its whole path. */
export function shipmentsTable(list: readonly Shipment[], opts: { simulated: boolean }): GeoTable {
  const col = <T>(f: (s: Shipment) => T) => list.map(f);
  return {
    simulated: opts.simulated,
    geometries: list.map((s) =>
      s.path.length >= 2
        ? { type: 'LineString', coordinates: s.path }
        : { type: 'Point', coordinates: s.path[0]! },
    ),
    columns: [
      { name: 'shipmentId', type: 'INT32', data: col((s) => s.id) },
      { name: 'number', type: 'INT32', data: col((s) => s.number) },
      { name: 'status', type: 'STRING', data: col((s) => s.status) },
      { name: 'mmsi', type: 'INT32', data: col((s) => s.mmsi) },
      { name: 'vesselName', type: 'STRING', data: col((s) => s.vesselName) },
      { name: 'origin', type: 'STRING', data: col((s) => s.originAreaId) },
      { name: 'originKind', type: 'STRING', data: col((s) => s.originKind) },
      { name: 'destination', type: 'STRING', data: col((s) => s.destinationAreaId) },
      { name: 'destinationKind', type: 'STRING', data: col((s) => s.destinationKind) },
      { name: 'depart', type: 'TIMESTAMP', data: col((s) => s.departMs) },
      { name: 'arrive', type: 'TIMESTAMP', data: col((s) => s.arriveMs) },
      { name: 'transitH', type: 'DOUBLE', data: col((s) => Math.round(s.transitMs / 360_000) / 10) },
      { name: 'dark', type: 'BOOLEAN', data: col((s) => s.dark) },
      { name: 'confidence', type: 'INT32', data: col((s) => s.confidence) },
      { name: 'containersLoadedMin', type: 'DOUBLE', data: col((s) => s.containersLoaded?.min ?? null) },
      { name: 'containersLoadedMax', type: 'DOUBLE', data: col((s) => s.containersLoaded?.max ?? null) },
      {
        name: 'containersDischargedMin',
        type: 'DOUBLE',
        data: col((s) => s.containersDischarged?.min ?? null),
      },
      {
        name: 'containersDischargedMax',
        type: 'DOUBLE',
        data: col((s) => s.containersDischarged?.max ?? null),
      },
      { name: 'draughtFromM', type: 'DOUBLE', data: col((s) => s.draughtFromM) },
      { name: 'draughtToM', type: 'DOUBLE', data: col((s) => s.draughtToM) },
      { name: 'decidedBy', type: 'STRING', data: col((s) => s.decidedBy) },
      { name: 'decided', type: 'TIMESTAMP', data: col((s) => s.decidedMs) },
      { name: 'decisionReason', type: 'STRING', data: col((s) => s.decisionReason) },
    ],
  };
}
