/** Image fixtures written by the tests themselves: tiny GeoTIFFs (geotiff's writer), PNGs (pngjs) with text chunks and world files. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { writeArrayBuffer } from 'geotiff';
import { PNG } from 'pngjs';

/** A PNG of `w`×`h` filled by `shade(x, y)` (0–255 grey), with optional tEXt chunks. */
export function pngBytes(
  w: number,
  h: number,
  shade: (x: number, y: number) => number,
  text: Record<string, string> = {},
): Buffer {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = Math.max(0, Math.min(255, Math.round(shade(x, y))));
      const i = 4 * (y * w + x);
      png.data[i] = v;
      png.data[i + 1] = v;
      png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  const buf = PNG.sync.write(png);
  const chunks = Object.entries(text).map(([k, v]) => {
    const body = Buffer.concat([
      Buffer.from('tEXt', 'latin1'),
      Buffer.from(k, 'latin1'),
      Buffer.from([0]),
      Buffer.from(v, 'latin1'),
    ]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(body.length - 4, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  });
  // After the 8-byte signature and the 25-byte IHDR chunk.
  return Buffer.concat([buf.subarray(0, 33), ...chunks, buf.subarray(33)]);
}

export function writePng(
  dir: string,
  name: string,
  w: number,
  h: number,
  shade: (x: number, y: number) => number,
  text: Record<string, string> = {},
): string {
  const path = join(dir, name);
  writeFileSync(path, pngBytes(w, h, shade, text));
  return path;
}

/** A single-band GeoTIFF, north-up, top-left corner at (x0, y0) in map units, pixel size (sx, sy). */
export function writeGeoTiff(
  dir: string,
  name: string,
  opts: {
    w: number;
    h: number;
    x0: number;
    y0: number;
    sx: number;
    sy: number;
    epsg: number;
    projected: boolean;
  },
): string {
  const values = new Uint8Array(opts.w * opts.h).map((_, i) => (i * 7) % 256);
  const meta = {
    width: opts.w,
    height: opts.h,
    ModelPixelScale: [opts.sx, opts.sy, 0],
    ModelTiepoint: [0, 0, 0, opts.x0, opts.y0, 0],
    GTModelTypeGeoKey: opts.projected ? 1 : 2,
    GTRasterTypeGeoKey: 1,
    ...(opts.projected ? { ProjectedCSTypeGeoKey: opts.epsg } : { GeographicTypeGeoKey: opts.epsg }),
  };
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(writeArrayBuffer(values, meta)));
  return path;
}
