/**
 * The land and water the `on-land` check measures against, read from npm packages installed with
 * tallyman (never downloaded): Natural Earth 1:10m land (`world-atlas` 2.0.2, `land-10m.json`,
 * public domain) for the sea, and OpenStreetMap water (`@geo-maps/earth-waterbodies-1km` 0.6.0:
 * seas, lakes and river areas from OSM's reduced water polygons, simplified to 1 km; data ©
 * OpenStreetMap contributors, ODbL 1.0) for the lakes, rivers and harbours Natural Earth's land
 * covers. The shell reads the files; src/events only sees the rings.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { LandRings, SurfaceSource } from '../events/land.js';

export const SURFACE_SOURCE_NAME =
  'Natural Earth 1:10m land (world-atlas 2.0.2, public domain) + OpenStreetMap water ' +
  '(@geo-maps/earth-waterbodies-1km 0.6.0, © OpenStreetMap contributors, ODbL 1.0)';

type Polygons = number[][][][];

function ringsOf(polygons: Polygons): Float64Array[] {
  const rings: Float64Array[] = [];
  for (const poly of polygons)
    for (const ring of poly) {
      const a = new Float64Array(ring.length * 2);
      for (let i = 0; i < ring.length; i++) {
        a[2 * i] = ring[i][0];
        a[2 * i + 1] = ring[i][1];
      }
      rings.push(a);
    }
  return rings;
}

function readJson(specifier: string): unknown {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8'));
}

/** Natural Earth 1:10m land polygons. */
export function naturalEarthLand10m(): LandRings {
  // biome-ignore lint/suspicious/noExplicitAny: TopoJSON topology as shipped by world-atlas
  const topo = readJson('world-atlas/land-10m.json') as any;
  const fc = feature(topo, topo.objects.land) as unknown as {
    features: Array<{ geometry: { type: string; coordinates: unknown } }>;
  };
  const polygons: Polygons = [];
  for (const f of fc.features) {
    if (f.geometry.type === 'Polygon') polygons.push(f.geometry.coordinates as number[][][]);
    else polygons.push(...(f.geometry.coordinates as Polygons));
  }
  return ringsOf(polygons);
}

/** OpenStreetMap water bodies: one layer per geometry of the package (seas, lakes, rivers). */
export function osmWaterbodies(): LandRings[] {
  const gc = readJson('@geo-maps/earth-waterbodies-1km/map.geo.json') as {
    geometries: Array<{ type: string; coordinates: unknown }>;
  };
  return gc.geometries.map((g) =>
    ringsOf(g.type === 'Polygon' ? [g.coordinates as number[][][]] : (g.coordinates as Polygons)),
  );
}

/** The surface `tallyman detect` uses: Natural Earth land, then OSM water over it. */
export function loadSurface(): SurfaceSource {
  return { name: SURFACE_SOURCE_NAME, land: naturalEarthLand10m(), water: osmWaterbodies() };
}
