/**
 * The ledger out: CSV (one row per shipment), GeoJSON (a LineString Feature per leg, WGS84
 * lon/lat) and KML 2.2 (a Folder per shipment: a Placemark per leg, a Point per end). Legs heard
 * on AIS are solid; dark legs are dashed in GeoJSON (`legDark`, `stroke-dasharray`) and, as KML
 * has no dashed line style, translucent orange and thinner in KML.
 */
import { iso, type Shipment } from './ledger.js';

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

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const rangeText = (r: { min: number; max: number } | null) =>
  r === null ? '' : r.min === r.max ? `${Math.round(r.min)}` : `${Math.round(r.min)}-${Math.round(r.max)}`;

export function shipmentsCsv(list: readonly Shipment[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of list) {
    lines.push(
      [
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
        (s.transitMs / 3_600_000).toFixed(1),
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
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function properties(s: Shipment) {
  return {
    id: s.id,
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

/** One LineString Feature per leg (heard on AIS or dark), carrying its shipment's properties. */
export function shipmentsGeoJson(list: readonly Shipment[]) {
  return {
    type: 'FeatureCollection' as const,
    features: list.flatMap((s) =>
      legsOf(s).map((leg, i) => ({
        type: 'Feature' as const,
        id: `${s.id}-${i}`,
        geometry: { type: 'LineString' as const, coordinates: leg.coordinates },
        properties: {
          ...properties(s),
          leg: i,
          legDark: leg.dark,
          stroke: leg.dark ? '#d95f02' : '#1b9e77',
          'stroke-dasharray': leg.dark ? '6 4' : null,
        },
      })),
    ),
  };
}

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
const coord = ([lon, lat]: [number, number]) => `${lon.toFixed(6)},${lat.toFixed(6)},0`;

function label(s: Shipment): string {
  const n = s.number !== null ? `Shipment ${s.number}` : `Shipment proposal ${s.id}`;
  return `${n}: ${s.vesselName ?? s.mmsi} ${s.originAreaId} → ${s.destinationAreaId}`;
}

/** KML 2.2 (OGC 07-147r2): a Document of Folders, one Placemark per shipment leg and end. */
export function shipmentsKml(list: readonly Shipment[], title = 'tallyman shipments'): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `<name>${xml(title)}</name>`,
    '<Style id="ais-leg"><LineStyle><color>ff779e1b</color><width>3</width></LineStyle></Style>',
    '<Style id="dark-leg"><LineStyle><color>99025fd9</color><width>2</width></LineStyle></Style>',
    '<Style id="call"><IconStyle><scale>0.8</scale></IconStyle></Style>',
  ];
  for (const s of list) {
    const p = properties(s);
    const data = Object.entries(p)
      .filter(([k]) => k !== 'path')
      .map(
        ([k, v]) =>
          `<Data name="${xml(k)}"><value>${xml(v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))}</value></Data>`,
      )
      .join('');
    out.push('<Folder>', `<name>${xml(label(s))}</name>`);
    for (const [i, leg] of legsOf(s).entries()) {
      out.push(
        '<Placemark>',
        `<name>${xml(`${label(s)} (${leg.dark ? 'dark' : 'AIS'} leg ${i + 1})`)}</name>`,
        `<description>${xml(`${s.status}, confidence ${s.confidence}/4; departed ${iso(s.departMs)}, arrived ${iso(s.arriveMs)}; this stretch ${leg.dark ? 'dark (no AIS)' : 'heard on AIS'}`)}</description>`,
        `<TimeSpan><begin>${iso(s.departMs)}</begin><end>${iso(s.arriveMs)}</end></TimeSpan>`,
        `<styleUrl>#${leg.dark ? 'dark-leg' : 'ais-leg'}</styleUrl>`,
        `<ExtendedData>${data}</ExtendedData>`,
        `<LineString><tessellate>1</tessellate><coordinates>${leg.coordinates.map(coord).join(' ')}</coordinates></LineString>`,
        '</Placemark>',
      );
    }
    const ends: Array<[string, [number, number], number]> = [
      [`${s.originAreaId} (${s.originKind})`, s.path[0], s.departMs],
      [`${s.destinationAreaId} (${s.destinationKind})`, s.path[s.path.length - 1], s.arriveMs],
    ];
    for (const [name, pt, t] of ends) {
      out.push(
        '<Placemark>',
        `<name>${xml(name)}</name>`,
        `<TimeStamp><when>${iso(t)}</when></TimeStamp>`,
        '<styleUrl>#call</styleUrl>',
        `<Point><coordinates>${coord(pt)}</coordinates></Point>`,
        '</Placemark>',
      );
    }
    out.push('</Folder>');
  }
  out.push('</Document>', '</kml>');
  return `${out.join('\n')}\n`;
}
