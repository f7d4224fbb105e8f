import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { haversineM } from '../../src/geo/distance.js';
import { applyAffine, fitAffine } from '../../src/imagery/affine.js';
import { pixelToLonLat } from '../../src/imagery/georef.js';
import { ImageError, loadImage } from '../../src/imagery/load.js';
import { parseImageDate } from '../../src/imagery/metadata.js';
import { parseWorldFile } from '../../src/imagery/worldfile.js';
import { tempDir } from '../cli/run-cli.js';
import { writeGeoTiff, writePng } from './fixtures.js';
import { lonLatToUtm } from './utm.js';

const RAJIN = { lon: 130.3, lat: 42.25 };
const M_PER_DEG_LAT = haversineM(0, 42.25, 0, 43.25);

test('a geographic GeoTIFF gives its footprint and a GSD that matches the degree size of its pixels', async () => {
  const dir = tempDir();
  const degLat = 0.5 / M_PER_DEG_LAT; // 0.5 m pixels north–south
  const path = writeGeoTiff(dir, 'rajin.tif', {
    w: 40,
    h: 30,
    x0: RAJIN.lon,
    y0: RAJIN.lat,
    sx: degLat,
    sy: degLat,
    epsg: 4326,
    projected: false,
  });
  const img = await loadImage(path, { withPixels: true });
  assert.equal(img.format, 'geotiff');
  assert.equal(img.widthPx, 40);
  assert.equal(img.georef?.source, 'geotiff');
  assert.ok(img.geometry);
  assert.ok(Math.abs(img.geometry.gsdYM - 0.5) < 0.001, `gsd y ${img.geometry.gsdYM}`);
  // Longitude degrees shrink by cos(latitude).
  assert.ok(Math.abs(img.geometry.gsdXM - 0.5 * Math.cos((42.25 * Math.PI) / 180)) < 0.005);
  const [tlLon, tlLat] = img.geometry.footprint[0] as [number, number];
  assert.ok(Math.abs(tlLon - RAJIN.lon) < 1e-9 && Math.abs(tlLat - RAJIN.lat) < 1e-9);
  assert.equal(img.gray?.length, 1200);
  assert.equal(img.sha256.length, 64);
  assert.equal(img.acquiredMs, null);
});

test('a UTM GeoTIFF (EPSG:32652) maps back to the longitude/latitude it was made from', async () => {
  const dir = tempDir();
  const [e, n] = lonLatToUtm(RAJIN.lon, RAJIN.lat, 52, false);
  const path = writeGeoTiff(dir, 'utm.tif', {
    w: 20,
    h: 20,
    x0: e,
    y0: n,
    sx: 0.31,
    sy: 0.31,
    epsg: 32652,
    projected: true,
  });
  const img = await loadImage(path, {
    acquiredMs: Date.parse('2023-09-07T02:30:00Z'),
    sensor: 'WorldView-3',
  });
  assert.ok(img.georef && img.geometry);
  const [lon, lat] = pixelToLonLat(img.georef, 0, 0);
  assert.ok(haversineM(lon, lat, RAJIN.lon, RAJIN.lat) < 0.01, 'corner round-trips through UTM');
  // Grid metres differ from ground metres by the UTM scale factor (0.9996 at the central meridian, ~1.0000 at 130.3°E).
  assert.ok(Math.abs(img.geometry.gsdM - 0.31) < 0.31 * 0.001, `gsd ${img.geometry.gsdM}`);
  assert.equal(img.acquiredFrom, 'given');
  assert.equal(img.sensor, 'WorldView-3');
});

test('a PNG with a world file is georeferenced; its text chunks give the time and sensor', async () => {
  const dir = tempDir();
  const path = writePng(dir, 'quay.png', 50, 40, (x) => x * 5, {
    'Creation Time': '2024:03:14 04:20:00',
    Sensor: 'SkySat',
  });
  const px = 0.5 / M_PER_DEG_LAT;
  writeFileSync(join(dir, 'quay.pgw'), `${px}\n0\n0\n${-px}\n${RAJIN.lon + px / 2}\n${RAJIN.lat - px / 2}\n`);
  const img = await loadImage(path);
  assert.equal(img.georef?.source, 'worldfile');
  const [lon, lat] = pixelToLonLat(img.georef as NonNullable<typeof img.georef>, 0, 0);
  assert.ok(
    Math.abs(lon - RAJIN.lon) < 1e-12 && Math.abs(lat - RAJIN.lat) < 1e-12,
    'world file C,F are pixel centres',
  );
  assert.equal(img.acquiredMs, Date.parse('2024-03-14T04:20:00Z'));
  assert.equal(img.acquiredFrom, 'metadata');
  assert.equal(img.sensor, 'SkySat');
});

test('control points: a least-squares affine with residuals in metres; too few or collinear points are refused', async () => {
  const dir = tempDir();
  const path = writePng(dir, 'plain.png', 100, 80, () => 128);
  const plain = await loadImage(path);
  assert.equal(plain.georef, null, 'no world file, no tags: not georeferenced');

  const truth = [RAJIN.lon, 1e-5, 2e-6, RAJIN.lat, 1e-6, -8e-6] as const;
  const at = (x: number, y: number) => {
    const [lon, lat] = applyAffine(truth, x, y);
    return { lon, lat, x, y };
  };
  const exact = await loadImage(path, { gcps: [at(0, 0), at(100, 0), at(0, 80), at(100, 80)] });
  assert.equal(exact.georef?.source, 'gcp');
  assert.ok((exact.georef?.gcpRmsM ?? 1) < 1e-6);

  // One point moved 1e-5° (~1.1 m north): the residuals show it.
  const moved = { ...at(100, 80), lat: at(100, 80).lat + 1e-5 };
  const noisy = await loadImage(path, { gcps: [at(0, 0), at(100, 0), at(0, 80), moved] });
  const res = noisy.georef?.gcpResidualsM ?? [];
  assert.equal(res.length, 4);
  assert.ok(
    (noisy.georef?.gcpRmsM ?? 0) > 0.2 && (noisy.georef?.gcpRmsM ?? 0) < 1.2,
    `rms ${noisy.georef?.gcpRmsM}`,
  );

  await assert.rejects(loadImage(path, { gcps: [at(0, 0), at(100, 0)] }), /at least 3/);
  await assert.rejects(loadImage(path, { gcps: [at(0, 0), at(50, 40), at(100, 80)] }), /one line/);
  await assert.rejects(loadImage(path, { gcps: [at(0, 0), at(100, 0), at(0, 500)] }), /outside/);
  assert.equal(fitAffine([at(0, 0), at(1, 1), at(2, 2), at(3, 3)]), null);
});

test('bad input: unreadable, unknown format, broken world file — each an ImageError naming the file and reason', async () => {
  const dir = tempDir();
  await assert.rejects(
    loadImage(join(dir, 'missing.png')),
    (e: unknown) => e instanceof ImageError && /ENOENT/.test(e.reason),
  );
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  await assert.rejects(loadImage(join(dir, 'notes.txt')), /unrecognised signature/);
  const path = writePng(dir, 'b.png', 4, 4, () => 0);
  writeFileSync(join(dir, 'b.pgw'), '0.1\n0\n0\nminus\n130\n42\n');
  await assert.rejects(
    loadImage(path),
    (e: unknown) => e instanceof ImageError && e.file.endsWith('b.pgw') && /line 4/.test(e.reason),
  );
  assert.deepEqual(parseWorldFile('1\n2\n3'), {
    ok: false,
    line: 4,
    reason: 'expected 6 numbers, found 3 lines',
  });
});

test('image dates: TIFF/EXIF form and ISO 8601, zone-less ones as UTC', () => {
  assert.equal(parseImageDate('2023:09:07 02:30:00'), Date.parse('2023-09-07T02:30:00Z'));
  assert.equal(parseImageDate('2023-09-07T02:30:00+09:00'), Date.parse('2023-09-06T17:30:00Z'));
  assert.equal(parseImageDate('2023-09-07T02:30:00'), Date.parse('2023-09-07T02:30:00Z'));
  assert.equal(parseImageDate('yesterday'), null);
});

test('a JPEG with a .jgw world file loads with its colour planes', async () => {
  const jpeg = await import('jpeg-js');
  const dir = tempDir();
  const w = 32;
  const h = 16;
  const data = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    data[4 * i] = 200;
    data[4 * i + 1] = 40;
    data[4 * i + 2] = 40;
    data[4 * i + 3] = 255;
  }
  const path = join(dir, 'red.jpg');
  writeFileSync(path, jpeg.encode({ data, width: w, height: h }, 95).data);
  writeFileSync(join(dir, 'red.jgw'), '0.00001\n0\n0\n-0.00001\n130.3\n42.25\n');
  const img = await loadImage(path, { withPixels: true });
  assert.equal(img.format, 'jpeg');
  assert.equal(img.georef?.source, 'worldfile');
  assert.equal(img.planes?.length, 3);
  const r = img.planes?.[0]?.[100] ?? 0;
  const g = img.planes?.[1]?.[100] ?? 0;
  assert.ok(r > 180 && g < 70, `red stays red (${r}, ${g})`);
  assert.ok(
    Math.abs((img.gray?.[100] ?? 0) - (0.299 * r + 0.587 * g + 0.114 * (img.planes?.[2]?.[100] ?? 0))) < 1e-3,
  );
});

test('GeoTIFF with a ModelTransformation (rotated grid) and PixelIsPoint tie points', async () => {
  const { writeArrayBuffer } = await import('geotiff');
  const dir = tempDir();
  const d = 1e-5;
  // Rotated 30°: X = x0 + a·x + b·y, Y = y0 + c·x + e·y.
  const c30 = Math.cos(Math.PI / 6);
  const s30 = Math.sin(Math.PI / 6);
  const t = [d * c30, d * s30, 0, RAJIN.lon, d * s30, -d * c30, 0, RAJIN.lat, 0, 0, 0, 0, 0, 0, 0, 1];
  const rot = join(dir, 'rot.tif');
  writeFileSync(
    rot,
    Buffer.from(
      writeArrayBuffer(new Uint8Array(100), {
        width: 10,
        height: 10,
        ModelTransformation: t,
        GTModelTypeGeoKey: 2,
        GTRasterTypeGeoKey: 1,
        GeographicTypeGeoKey: 4326,
      }),
    ),
  );
  const a = await loadImage(rot);
  assert.ok(a.georef);
  const [lon, lat] = pixelToLonLat(a.georef, 10, 0);
  assert.ok(
    Math.abs(lon - (RAJIN.lon + 10 * d * c30)) < 1e-12 && Math.abs(lat - (RAJIN.lat + 10 * d * s30)) < 1e-12,
  );

  // PixelIsPoint: the tie point is the centre of pixel (0, 0), so the outer corner is half a pixel out.
  const pt = join(dir, 'point.tif');
  writeFileSync(
    pt,
    Buffer.from(
      writeArrayBuffer(new Uint8Array(100), {
        width: 10,
        height: 10,
        ModelPixelScale: [d, d, 0],
        ModelTiepoint: [0, 0, 0, RAJIN.lon, RAJIN.lat, 0],
        GTModelTypeGeoKey: 2,
        GTRasterTypeGeoKey: 2,
        GeographicTypeGeoKey: 4326,
      }),
    ),
  );
  const b = await loadImage(pt);
  assert.ok(b.georef);
  const [lon0, lat0] = pixelToLonLat(b.georef, 0.5, 0.5);
  assert.ok(Math.abs(lon0 - RAJIN.lon) < 1e-12 && Math.abs(lat0 - RAJIN.lat) < 1e-12);
});
