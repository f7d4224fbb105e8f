/**
 * The workbench's sample image: a SIMULATED quay scene at Rajin (synthesised by `synth.ts`, seeded,
 * so every install makes the same bytes), north-up PNG with a world file in longitude/latitude, its
 * shadows cast by the sun at the stated acquisition time (`solar.ts`), so that a first-time user
 * can draw a stack on it and measure it. Nothing here is real: every label says SIMULATED.
 */
import { PNG } from 'pngjs';
import { sunPosition } from './solar.js';
import { renderQuay } from './synth.js';

export const SAMPLE = {
  fileName: 'SIMULATED-sample-quay-rajin.png',
  title: 'SIMULATED sample image: container stacks on a quay at Rajin (synthesised, not imagery)',
  sensor: 'SIMULATED (tallyman synthetic quay)',
  source: 'synthesised by tallyman (src/imagery/sample.ts); not a satellite image',
  /** The quay's upper-left corner; docs/sources.md "Places": Rajin port 42.25 N, 130.30 E (approx.). */
  lon: 130.2985,
  lat: 42.2515,
  acquiredMs: Date.UTC(2023, 8, 7, 2, 14, 0),
  gsdM: 0.5,
  widthPx: 480,
  heightPx: 360,
  seed: 20230907,
} as const;

const M_PER_DEG_LAT = 110_574;
const mPerDegLon = (latDeg: number) => 111_320 * Math.cos((latDeg * Math.PI) / 180);

/** The PNG and its world file (.pgw: pixel size and the centre of the top-left pixel, degrees). */
export function sampleImage(): { png: Buffer; worldFile: string; blocks: number; containers: number } {
  const sun = sunPosition(SAMPLE.acquiredMs, SAMPLE.lon, SAMPLE.lat);
  const scene = renderQuay({
    seed: SAMPLE.seed,
    widthPx: SAMPLE.widthPx,
    heightPx: SAMPLE.heightPx,
    gsdM: SAMPLE.gsdM,
    noiseSigma: 4,
    blurPx: 0.6,
    sun: { elevationDeg: sun.elevationDeg, azimuthDeg: sun.azimuthDeg },
    blocks: 6,
  });
  const png = new PNG({ width: scene.widthPx, height: scene.heightPx });
  for (let i = 0, j = 0; i < scene.widthPx * scene.heightPx; i++, j += 3) {
    png.data[i * 4] = scene.rgb[j]!;
    png.data[i * 4 + 1] = scene.rgb[j + 1]!;
    png.data[i * 4 + 2] = scene.rgb[j + 2]!;
    png.data[i * 4 + 3] = 255;
  }
  const a = SAMPLE.gsdM / mPerDegLon(SAMPLE.lat);
  const e = -SAMPLE.gsdM / M_PER_DEG_LAT;
  const worldFile = [a, 0, 0, e, SAMPLE.lon + a / 2, SAMPLE.lat + e / 2]
    .map((v) => v.toPrecision(12))
    .join('\n');
  return {
    png: PNG.sync.write(png),
    worldFile: `${worldFile}\n`,
    blocks: scene.blocks.length,
    containers: scene.containers.length,
  };
}
