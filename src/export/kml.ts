/**
 * A KML 2.2 document (OGC 07-147r2) organised the way GIS tools read it: one `<Folder>` per kind of
 * feature, each with a typed `<Schema>` of `<SimpleField>`s and every Placemark's attributes in
 * `<ExtendedData><SchemaData>`. GDAL's LIBKML driver then opens one layer per Folder with typed
 * fields (int, double, bool); untyped `<Data>` would give every attribute as a string. Element
 * order follows the OGC schema (name, description, time, style, ExtendedData, geometry). Pure.
 */

const XML_ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
export const xmlEscape = (s: string): string => s.replace(/[&<>"']/g, (c) => XML_ESC[c]!);

/** The SimpleField types KML 2.2 defines (section 9.9.3). */
export type KmlFieldType = 'string' | 'int' | 'uint' | 'short' | 'ushort' | 'float' | 'double' | 'bool';

export interface KmlSchema {
  /** Letters, digits, `-`, `_`; written as the XML ID `schema-<id>`, apart from the styles' ids. */
  id: string;
  fields: ReadonlyArray<{ name: string; type: KmlFieldType }>;
}

export type KmlValue = string | number | boolean | null | undefined;

export interface KmlPlacemark {
  name: string;
  description?: string;
  /** A TimeSpan, or a TimeStamp when `endMs` is absent. */
  beginMs?: number;
  endMs?: number;
  styleUrl?: string;
  data: Record<string, KmlValue>;
  /** The geometry element(s), from `kmlPoint`, `kmlLineString`, `kmlMultiGeometry`. */
  geometry: string;
}

export interface KmlFolder {
  name: string;
  schema: KmlSchema;
  placemarks: readonly KmlPlacemark[];
}

export const kmlIso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

const num = (x: number) => String(Number(x.toFixed(6)));
export const kmlCoord = (lon: number, lat: number): string => `${num(lon)},${num(lat)}`;
export const kmlPoint = (lon: number, lat: number): string =>
  `<Point><coordinates>${kmlCoord(lon, lat)}</coordinates></Point>`;
export const kmlLineString = (coords: ReadonlyArray<readonly [number, number]>): string =>
  `<LineString><tessellate>1</tessellate><coordinates>${coords.map(([lon, lat]) => kmlCoord(lon, lat)).join(' ')}</coordinates></LineString>`;
export const kmlMultiGeometry = (parts: readonly string[]): string =>
  parts.length === 1 ? parts[0]! : `<MultiGeometry>${parts.join('')}</MultiGeometry>`;

function simpleData(schema: KmlSchema, data: Record<string, KmlValue>): string {
  let out = '';
  for (const f of schema.fields) {
    const v = data[f.name];
    // a missing value is left out: GDAL reads it as null, not as "" or 0
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) continue;
    const text = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    out += `<SimpleData name="${xmlEscape(f.name)}">${xmlEscape(text)}</SimpleData>`;
  }
  return out;
}

function placemark(p: KmlPlacemark, schema: KmlSchema): string {
  const time =
    p.beginMs === undefined
      ? ''
      : p.endMs === undefined
        ? `<TimeStamp><when>${kmlIso(p.beginMs)}</when></TimeStamp>`
        : `<TimeSpan><begin>${kmlIso(p.beginMs)}</begin><end>${kmlIso(p.endMs)}</end></TimeSpan>`;
  return [
    '<Placemark>',
    `<name>${xmlEscape(p.name)}</name>`,
    p.description === undefined ? '' : `<description>${xmlEscape(p.description)}</description>`,
    time,
    p.styleUrl === undefined ? '' : `<styleUrl>${xmlEscape(p.styleUrl)}</styleUrl>`,
    `<ExtendedData><SchemaData schemaUrl="#schema-${schema.id}">${simpleData(schema, p.data)}</SchemaData></ExtendedData>`,
    p.geometry,
    '</Placemark>',
  ].join('');
}

/**
 * The whole document. A simulated one says so in its name and description (what Google Earth
 * and QGIS show first), and every schema should carry a `simulated` bool field for the rows.
 */
export function kmlDocument(opts: {
  title: string;
  description: string;
  simulated: boolean;
  /** `<Style>` elements, written before the schemas as the OGC schema orders them. */
  styles: readonly string[];
  folders: readonly KmlFolder[];
}): string {
  const title = opts.simulated ? `${opts.title} (SIMULATED DATA)` : opts.title;
  const description = opts.simulated
    ? `SIMULATED: built by tallyman from a simulated scenario; tracks, times and identifiers are invented. ${opts.description}`
    : opts.description;
  const schemas = new Map(opts.folders.map((f) => [f.schema.id, f.schema]));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `<name>${xmlEscape(title)}</name>`,
    `<description>${xmlEscape(description)}</description>`,
    ...opts.styles,
  ];
  for (const s of schemas.values()) {
    out.push(
      `<Schema name="${s.id}" id="schema-${s.id}">${s.fields.map((f) => `<SimpleField type="${f.type}" name="${xmlEscape(f.name)}"/>`).join('')}</Schema>`,
    );
  }
  for (const f of opts.folders) {
    out.push('<Folder>', `<name>${xmlEscape(f.name)}</name>`);
    for (const p of f.placemarks) out.push(placemark(p, f.schema));
    out.push('</Folder>');
  }
  out.push('</Document>', '</kml>', '');
  return out.join('\n');
}
