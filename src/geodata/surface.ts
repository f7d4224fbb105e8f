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
import { readCachedLayers, surfaceCachePath, writeCachedLayers } from './surface-cache.js';

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

const LAND_JSON = 'world-atlas/land-10m.json';
const WATER_JSON = '@geo-maps/earth-waterbodies-1km/map.geo.json';

function resolvePackageFile(specifier: string): string {
  return createRequire(import.meta.url).resolve(specifier);
}

function readJson(specifier: string): unknown {
  return JSON.parse(readFileSync(resolvePackageFile(specifier), 'utf8'));
}

/** Natural Earth 1:10m land polygons. */
export function naturalEarthLand10m(): LandRings {
  // biome-ignore lint/suspicious/noExplicitAny: TopoJSON topology as shipped by world-atlas
  const topo = readJson(LAND_JSON) as any;
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
  const gc = readJson(WATER_JSON) as {
    geometries: Array<{ type: string; coordinates: unknown }>;
  };
  return gc.geometries.map((g) =>
    ringsOf(g.type === 'Polygon' ? [g.coordinates as number[][][]] : (g.coordinates as Polygons)),
  );
}

/**
 * The surface `tallyman detect` uses: Natural Earth land, then OSM water over it. Read from the
 * binary copy of an earlier parse when there is one (surface-cache.ts), else parsed and copied;
 * `cache: false` always parses.
 */
export function loadSurface(o: { cache?: boolean; cacheDir?: string } = {}): SurfaceSource {
  const path =
    o.cache === false ? null : surfaceCachePath([LAND_JSON, WATER_JSON].map(resolvePackageFile), o.cacheDir);
  const cached = path === null ? null : readCachedLayers(path);
  if (cached !== null && cached.length >= 1)
    return { name: SURFACE_SOURCE_NAME, land: cached[0], water: cached.slice(1) };
  const land = naturalEarthLand10m();
  const water = osmWaterbodies();
  if (path !== null) writeCachedLayers(path, [land, ...water]);
  return { name: SURFACE_SOURCE_NAME, land, water };
}
