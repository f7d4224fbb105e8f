/**
 * What a body of each non-JSON media type the API sends is, for the OpenAPI document and for the
 * response check in tests. A route names its extra media types (`produces`); the schema comes from
 * the media type, not the route, because the type is the contract: every `application/geo+json`
 * body is GeoJSON (RFC 7946), whichever route sends it.
 */
import { z } from 'zod';

/** RFC 7946 §3.1.1: longitude, latitude and an optional height. */
const position = z.array(z.number()).min(2).max(3);
const bbox = z.array(z.number()).min(4).describe('RFC 7946 §5: west, south, east, north (and heights)');
/** §3.1.6: a closed ring of four or more positions. */
const linearRing = z.array(position).min(4);

const point = z.object({ type: z.literal('Point'), coordinates: position, bbox: bbox.optional() });
const multiPoint = z.object({
  type: z.literal('MultiPoint'),
  coordinates: z.array(position),
  bbox: bbox.optional(),
});
const lineString = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(position).min(2),
  bbox: bbox.optional(),
});
const multiLineString = z.object({
  type: z.literal('MultiLineString'),
  coordinates: z.array(z.array(position).min(2)),
  bbox: bbox.optional(),
});
const polygon = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(linearRing),
  bbox: bbox.optional(),
});
const multiPolygon = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(linearRing)),
  bbox: bbox.optional(),
});
const simpleGeometry = z.discriminatedUnion('type', [
  point,
  multiPoint,
  lineString,
  multiLineString,
  polygon,
  multiPolygon,
]);
/** §3.1.8; nested collections are left out as the RFC advises (and so the schema needs no recursion). */
const geometryCollection = z.object({
  type: z.literal('GeometryCollection'),
  geometries: z.array(simpleGeometry),
  bbox: bbox.optional(),
});
export const geoJsonGeometry = z.discriminatedUnion('type', [
  point,
  multiPoint,
  lineString,
  multiLineString,
  polygon,
  multiPolygon,
  geometryCollection,
]);

/** §3.2; foreign members (e.g. tallyman's per-vertex times) are allowed, as the RFC allows them. */
export const geoJsonFeature = z
  .object({
    type: z.literal('Feature'),
    id: z.union([z.string(), z.number()]).optional(),
    geometry: geoJsonGeometry.nullable(),
    properties: z.record(z.string(), z.unknown()).nullable(),
    bbox: bbox.optional(),
  })
  .loose();

/** §3.3; tallyman adds the foreign member `simulated` to every collection it writes. */
export const geoJsonFeatureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(geoJsonFeature),
    bbox: bbox.optional(),
  })
  .loose();

export const geoJson = z
  .union([geoJsonFeatureCollection, geoJsonFeature])
  .describe('GeoJSON (RFC 7946): WGS84 longitude, latitude');

/** The media types whose bodies are JSON of a known shape, checked like application/json ones. */
export const JSON_MEDIA_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  'application/geo+json': geoJson,
};

/**
 * OpenAPI 3.1 schema of a body that is not one JSON value: text (CSV, KML, JSON lines), or bytes
 * (an image, Parquet: `contentMediaType` alone, as 3.1 drops `format: binary`).
 */
export function nonJsonBodySchema(mediaType: string): Record<string, unknown> {
  const text = /^text\/|\+xml$|^application\/x-ndjson$/.test(mediaType);
  return text ? { type: 'string', contentMediaType: mediaType } : { contentMediaType: mediaType };
}

/** FollowTheMoney's entity stream: one JSON entity per line. */
export const FTM_LINES_MEDIA_TYPE = 'application/x-ndjson';

/** `application/geo+json; charset=utf-8` → `application/geo+json` */
export const mediaTypeOf = (contentType: string): string => contentType.split(';')[0]!.trim().toLowerCase();
