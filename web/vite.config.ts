/**
 * The workbench's web build: `vite build --config web/vite.config.ts` → dist/web. The basemap is
 * made here, at build time, from Natural Earth land and country borders in the installed
 * `world-atlas` package (TopoJSON → GeoJSON) and shipped with the app: the app needs no tile server and no
 * network (Natural Earth is public domain; world-atlas is ISC-licensed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('.', import.meta.url));

/** Rounds coordinates to 0.01° (~1 km): Natural Earth 1:50m holds no finer detail. */
function roundCoords(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 100) / 100;
  if (Array.isArray(value)) return value.map(roundCoords);
  return value;
}

function roundGeometry<T extends { geometry?: object | null }>(f: T): T {
  const g = f.geometry as { coordinates?: unknown } | null | undefined;
  if (g && 'coordinates' in g) g.coordinates = roundCoords(g.coordinates);
  return f;
}

/** Land (whose outline is the coastline) and country borders at one Natural Earth scale. */
function basemapAt(scale: '110m' | '50m'): { land: string; borders: string } {
  const landTopo = JSON.parse(
    readFileSync(require.resolve(`world-atlas/land-${scale}.json`), 'utf8'),
  ) as Topology;
  const countriesTopo = JSON.parse(
    readFileSync(require.resolve(`world-atlas/countries-${scale}.json`), 'utf8'),
  ) as Topology;
  const landObj = landTopo.objects.land as GeometryCollection;
  const countriesObj = countriesTopo.objects.countries as GeometryCollection;
  const land = feature(landTopo, landObj);
  // Shared edges only: borders between countries, not the coastlines again.
  const borders = {
    type: 'Feature',
    properties: {},
    geometry: mesh(countriesTopo, countriesObj, (a, b) => a !== b),
  };
  return {
    land: JSON.stringify({ type: 'FeatureCollection', features: land.features.map(roundGeometry) }),
    borders: JSON.stringify({ type: 'FeatureCollection', features: [roundGeometry(borders)] }),
  };
}

/**
 * 1:110m first (small: the map paints quickly), then 1:50m (~1 MB) swapped in once the tracks are
 * drawn (web/src/map.ts `refineBasemap`).
 */
function buildBasemap(): Record<string, string> {
  const coarse = basemapAt('110m');
  const fine = basemapAt('50m');
  return {
    'land-110m.json': coarse.land,
    'borders-110m.json': coarse.borders,
    'land-50m.json': fine.land,
    'borders-50m.json': fine.borders,
  };
}

/**
 * `virtual:basemap` gives the URLs of the basemap layers; the files are emitted beside the
 * app (dist/web/basemap/) so MapLibre fetches and parses them in its worker, off the main thread.
 */
function basemapPlugin(): Plugin {
  const id = 'virtual:basemap';
  const resolved = `\0${id}`;
  let files: Record<string, string> | null = null;
  const get = () => {
    files ??= buildBasemap();
    return files;
  };
  return {
    name: 'tallyman-basemap',
    resolveId: (source) => (source === id ? resolved : null),
    load(loadId) {
      if (loadId !== resolved) return null;
      return `export default { coarse: { land: 'basemap/land-110m.json', borders: 'basemap/borders-110m.json' }, fine: { land: 'basemap/land-50m.json', borders: 'basemap/borders-50m.json' } };`;
    },
    generateBundle() {
      for (const [name, source] of Object.entries(get())) {
        this.emitFile({ type: 'asset', fileName: `basemap/${name}`, source });
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /\/basemap\/([\w-]+\.json)$/.exec(req.url ?? '');
        const body = m ? get()[m[1]!] : undefined;
        if (body === undefined) return next();
        res.setHeader('content-type', 'application/json');
        res.end(body);
      });
    },
  };
}

// The imagery page is another module's (web/imagery3d.html); built when it is there.
const inputs: Record<string, string> = { main: `${root}index.html` };
if (existsSync(`${root}imagery3d.html`)) inputs.imagery3d = `${root}imagery3d.html`;

export default defineConfig({
  root,
  base: './',
  plugins: [basemapPlugin()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    rollupOptions: { input: inputs },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
