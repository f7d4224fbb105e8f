/**
 * Areas as GeoJSON (RFC 7946). GeoJSON has no circle, so a circle is a Point feature with
 * `properties.radiusM`; a polygon is a Polygon feature. Import validates each feature on its own:
 * a bad feature becomes an error naming its index and reason, the good ones beside it still load.
 */
import { z } from 'zod';
import { prepareArea } from './registry.js';
import { AREA_KINDS, type Area, type AreaGeometry } from './types.js';

const position = z.array(z.number()).min(2);

const thresholds = z
  .object({
    portExitMarginM: z.number().nonnegative(),
    portStopStartKnots: z.number().nonnegative(),
    portStopEndKnots: z.number().nonnegative(),
    portGapMinMs: z.number().nonnegative(),
    gapMinMs: z.number().nonnegative(),
    gapDarkMaxMs: z.number().positive(),
    darkCallMinDwellMs: z.number().nonnegative(),
  })
  .partial()
  .strict();

const properties = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(AREA_KINDS),
  radiusM: z.number().positive().optional(),
  thresholds: thresholds.optional(),
  source: z.string().min(1),
  note: z.string().optional(),
});

const feature = z.object({
  type: z.literal('Feature'),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Point'), coordinates: position }),
    z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position).min(3)).min(1) }),
  ]),
  properties,
});

const collection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

export interface AreaImportError {
  /** Index in `features`, or null for an error about the whole document. */
  featureIndex: number | null;
  reason: string;
}

export interface AreaImport {
  areas: Area[];
  errors: AreaImportError[];
  /** Repairs made to features that were loaded (a ring closed, an antimeridian crossing unwrapped). */
  warnings: AreaImportError[];
}

function describe(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .map((i) => `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`)
    .join('; ');
}

/** Parses a FeatureCollection (already JSON-parsed) into areas and per-feature errors. */
export function importAreasGeoJson(doc: unknown): AreaImport {
  const top = collection.safeParse(doc);
  if (!top.success)
    return { areas: [], errors: [{ featureIndex: null, reason: describe(top.error.issues) }], warnings: [] };
  const areas: Area[] = [];
  const errors: AreaImportError[] = [];
  const warnings: AreaImportError[] = [];
  const seen = new Set<string>();
  top.data.features.forEach((raw, i) => {
    const f = feature.safeParse(raw);
    if (!f.success) {
      errors.push({ featureIndex: i, reason: describe(f.error.issues) });
      return;
    }
    const p = f.data.properties;
    let geometry: AreaGeometry;
    if (f.data.geometry.type === 'Point') {
      if (p.radiusM === undefined) {
        errors.push({ featureIndex: i, reason: 'properties.radiusM: a Point area needs a radius in metres' });
        return;
      }
      const [lon, lat] = f.data.geometry.coordinates;
      geometry = { type: 'circle', lon, lat, radiusM: p.radiusM };
    } else {
      geometry = {
        type: 'polygon',
        rings: f.data.geometry.coordinates.map((r) => r.map((c) => [c[0], c[1]] as [number, number])),
      };
    }
    const input: Area = { id: p.id, name: p.name, kind: p.kind, geometry, source: p.source };
    if (p.thresholds) input.thresholds = p.thresholds;
    if (p.note !== undefined) input.note = p.note;
    const prepared = prepareArea(input);
    if (!prepared.ok) {
      errors.push({ featureIndex: i, reason: prepared.error });
      return;
    }
    const area = prepared.area;
    if (seen.has(area.id)) {
      errors.push({ featureIndex: i, reason: `properties.id: duplicate id ${area.id}` });
      return;
    }
    seen.add(area.id);
    areas.push(area);
    for (const w of prepared.warnings) warnings.push({ featureIndex: i, reason: w });
  });
  return { areas, errors, warnings };
}

/** A FeatureCollection that `importAreasGeoJson` reads back to the same areas. */
export function exportAreasGeoJson(areas: readonly Area[]): {
  type: 'FeatureCollection';
  features: Array<Record<string, unknown>>;
} {
  return {
    type: 'FeatureCollection',
    features: areas.map((a) => {
      const g = a.geometry;
      const props: Record<string, unknown> = { id: a.id, name: a.name, kind: a.kind };
      if (g.type === 'circle') props.radiusM = g.radiusM;
      if (a.thresholds) props.thresholds = a.thresholds;
      props.source = a.source;
      if (a.note !== undefined) props.note = a.note;
      return {
        type: 'Feature',
        geometry:
          g.type === 'circle'
            ? { type: 'Point', coordinates: [g.lon, g.lat] }
            : { type: 'Polygon', coordinates: g.rings },
        properties: props,
      };
    }),
  };
}
