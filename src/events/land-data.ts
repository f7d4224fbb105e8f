/**
 * Natural Earth land (1:50m, public domain) from the installed `world-atlas` package
 * (`land-50m.json`, TopoJSON), decoded with topojson-client. Read from node_modules once per
 * process; never downloaded.
 */
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { LandRings } from './land.js';

let cached: LandRings | null = null;

export function naturalEarthLand(): LandRings {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  // biome-ignore lint/suspicious/noExplicitAny: TopoJSON topology as shipped by world-atlas
  const topo = require('world-atlas/land-50m.json') as any;
  const fc = feature(topo, topo.objects.land) as unknown as {
    features: Array<{ geometry: { type: string; coordinates: number[][][] | number[][][][] } }>;
  };
  const rings: Float64Array[] = [];
  for (const f of fc.features) {
    const polys =
      f.geometry.type === 'Polygon'
        ? [f.geometry.coordinates as number[][][]]
        : (f.geometry.coordinates as number[][][][]);
    for (const poly of polys)
      for (const ring of poly) {
        const a = new Float64Array(ring.length * 2);
        ring.forEach(([x, y], i) => {
          a[2 * i] = x;
          a[2 * i + 1] = y;
        });
        rings.push(a);
      }
  }
  cached = rings;
  return rings;
}
