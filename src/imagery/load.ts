/**
 * The imperative shell that reads an image file: GeoTIFF (the `geotiff` package), PNG (pngjs) or
 * JPEG (jpeg-js); its georeference from GeoTIFF tags, a world file beside it, or analyst control
 * points; acquisition time and sensor from metadata or as given. Everything after the bytes are read
 * is in the pure modules beside this one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type Affine, type ControlPoint, fitAffine } from './affine.js';
import { type Crs, crsFromEpsg } from './crs.js';
import { type Georef, type ImageGeometry, imageGeometry, residualsM, rms } from './georef.js';
import { grayOf } from './luminance.js';
import { exifDate, parseImageDate, pngTextChunks, timeAndSensorFromText } from './metadata.js';
import { parseWorldFile, worldFileCandidates } from './worldfile.js';

export type ImageFormat = 'geotiff' | 'png' | 'jpeg';

export class ImageError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface LoadOptions {
  /** Overrides the metadata's time (epoch ms UTC). */
  acquiredMs?: number | null;
  sensor?: string | null;
  /** Control points: when given (three or more), they georeference the image whatever its tags say. */
  gcps?: readonly ControlPoint[];
  /** Also decode the pixels into a luminance raster (for assisted counting and textures). */
  withPixels?: boolean;
}

export interface LoadedImage {
  path: string;
  sha256: string;
  sizeBytes: number;
  format: ImageFormat;
  widthPx: number;
  heightPx: number;
  georef: Georef | null;
  geometry: ImageGeometry | null;
  acquiredMs: number | null;
  acquiredFrom: 'metadata' | 'given' | null;
  sensor: string | null;
  sensorFrom: 'metadata' | 'given' | null;
  warnings: string[];
  /** Luminance 0–255, row-major; present with `withPixels`. */
  gray: Float32Array | null;
  /** The channels 0–255 (R, G, B, or one grey plane); present with `withPixels`. */
  planes: Float32Array[] | null;
}

export function detectFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if ((bytes[0] === 0x49 && bytes[1] === 0x49) || (bytes[0] === 0x4d && bytes[1] === 0x4d)) return 'geotiff';
  return null;
}

function planesFromRgba(data: Uint8Array, n: number): Float32Array[] {
  const p = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) (p[c] as Float32Array)[i] = data[4 * i + c] ?? 0;
  return p;
}

interface Decoded {
  widthPx: number;
  heightPx: number;
  georef: Georef | null;
  acquiredMs: number | null;
  sensor: string | null;
  planes: Float32Array[] | null;
}

async function decodeGeoTiff(
  path: string,
  bytes: Uint8Array,
  withPixels: boolean,
  warnings: string[],
): Promise<Decoded> {
  const { fromArrayBuffer } = await import('geotiff');
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let image: Awaited<ReturnType<Awaited<ReturnType<typeof fromArrayBuffer>>['getImage']>>;
  try {
    image = await (await fromArrayBuffer(ab)).getImage();
  } catch (err) {
    throw new ImageError(path, `not a readable TIFF (${(err as Error).message})`);
  }
  const fd = image.getFileDirectory();
  const tag = async (name: string): Promise<unknown> => {
    try {
      return fd.hasTag(name as never) ? await fd.loadValue(name as never) : undefined;
    } catch {
      return undefined;
    }
  };
  const widthPx = image.getWidth();
  const heightPx = image.getHeight();
  const keys = (image.getGeoKeys() ?? {}) as Record<string, unknown>;
  const pixelIsPoint = keys.GTRasterTypeGeoKey === 2;
  const transformation = (await tag('ModelTransformation')) as number[] | undefined;
  const tiepoint = (await tag('ModelTiepoint')) as number[] | undefined;
  const scale = (await tag('ModelPixelScale')) as number[] | undefined;
  // PixelIsPoint tags refer to pixel centres; affine.ts counts from the outer corner.
  const shift = pixelIsPoint ? 0.5 : 0;
  let affine: Affine | null = null;
  if (transformation && transformation.length >= 8) {
    const t = Array.from(transformation, Number);
    const [a, b, , d, e, f, , h] = t as [number, number, number, number, number, number, number, number];
    affine = [d - shift * a - shift * b, a, b, h - shift * e - shift * f, e, f];
  } else if (tiepoint && tiepoint.length >= 6 && scale && scale.length >= 2) {
    const [i, j, , X, Y] = Array.from(tiepoint, Number) as [number, number, number, number, number];
    const [sx, sy] = Array.from(scale, Number) as [number, number];
    affine = [X - (i + shift) * sx, sx, 0, Y + (j + shift) * sy, 0, -sy];
  }
  let georef: Georef | null = null;
  if (affine) {
    const model = keys.GTModelTypeGeoKey;
    const epsg = Number(model === 1 ? keys.ProjectedCSTypeGeoKey : (keys.GeographicTypeGeoKey ?? 4326));
    let crs: Crs | null = crsFromEpsg(epsg);
    if (model === undefined && crs === null) {
      crs = { kind: 'lonlat', epsg: null };
      warnings.push('GeoTIFF has no model type: coordinates taken as WGS84 longitude/latitude');
    }
    if (crs === null)
      warnings.push(
        `GeoTIFF CRS EPSG:${epsg} is not supported (WGS84 geographic, UTM, Web Mercator are): not georeferenced`,
      );
    else georef = { source: 'geotiff', affine, crs, gcpResidualsM: null, gcpRmsM: null };
  }
  const dateText = (await tag('DateTime')) as string | undefined;
  let acquiredMs = typeof dateText === 'string' ? parseImageDate(dateText) : null;
  const meta = (await image.getGDALMetadata().catch(() => null)) ?? {};
  const metaMap = new Map(Object.entries(meta).map(([k, v]) => [k, String(v)]));
  const fromMeta = timeAndSensorFromText(metaMap);
  if (fromMeta.acquiredMs !== null) acquiredMs = fromMeta.acquiredMs;
  const make = (await tag('Make')) as string | undefined;
  const model = (await tag('Model')) as string | undefined;
  const sensor =
    fromMeta.sensor ??
    ([make, model]
      .filter((s) => typeof s === 'string' && s.trim())
      .join(' ')
      .trim() ||
      null);
  let planes: Float32Array[] | null = null;
  if (withPixels) {
    const rasters = (await image.readRasters({ interleave: false })) as unknown as ArrayLike<number>[];
    planes = rasters.slice(0, rasters.length >= 3 ? 3 : 1).map((r) => Float32Array.from(r));
    // Deeper than 8 bits: stretch to 0–255 (one factor for all bands) so thresholds mean the same on every sensor.
    let max = 0;
    for (const p of planes) for (const v of p) if (v > max) max = v;
    if (max > 255)
      for (const p of planes) for (let i = 0; i < p.length; i++) p[i] = ((p[i] as number) * 255) / max;
  }
  return { widthPx, heightPx, georef, acquiredMs, sensor, planes };
}

async function decodePng(
  path: string,
  bytes: Uint8Array,
  withPixels: boolean,
): Promise<Omit<Decoded, 'georef'>> {
  const { PNG } = await import('pngjs');
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new ImageError(path, `not a readable PNG (${(err as Error).message})`);
  }
  const { acquiredMs, sensor } = timeAndSensorFromText(pngTextChunks(bytes));
  return {
    widthPx: png.width,
    heightPx: png.height,
    acquiredMs,
    sensor,
    planes: withPixels ? planesFromRgba(png.data, png.width * png.height) : null,
  };
}

async function decodeJpeg(
  path: string,
  bytes: Uint8Array,
  withPixels: boolean,
): Promise<Omit<Decoded, 'georef'>> {
  const jpeg = await import('jpeg-js');
  let img: { width: number; height: number; data: Uint8Array; exifBuffer?: Uint8Array; comments?: string[] };
  try {
    img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048 }) as typeof img;
  } catch (err) {
    throw new ImageError(path, `not a readable JPEG (${(err as Error).message})`);
  }
  const acquiredMs = img.exifBuffer ? exifDate(img.exifBuffer) : null;
  return {
    widthPx: img.width,
    heightPx: img.height,
    acquiredMs,
    sensor: null,
    planes: withPixels ? planesFromRgba(img.data, img.width * img.height) : null,
  };
}

/** Reads, hashes and georeferences an image file; throws ImageError (file and reason) for what it cannot use. */
export async function loadImage(path: string, opts: LoadOptions = {}): Promise<LoadedImage> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new ImageError(
      path,
      `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const format = detectFormat(bytes);
  if (format === null) throw new ImageError(path, 'not a GeoTIFF, PNG or JPEG (unrecognised signature)');
  const warnings: string[] = [];
  const withPixels = opts.withPixels ?? false;
  let decoded: Decoded;
  if (format === 'geotiff') decoded = await decodeGeoTiff(path, bytes, withPixels, warnings);
  else {
    const d =
      format === 'png' ? await decodePng(path, bytes, withPixels) : await decodeJpeg(path, bytes, withPixels);
    let georef: Georef | null = null;
    for (const wf of worldFileCandidates(path)) {
      if (!existsSync(wf)) continue;
      const parsed = parseWorldFile(readFileSync(wf, 'utf8'));
      if (!parsed.ok) throw new ImageError(wf, `line ${parsed.line}: ${parsed.reason}`);
      // A world file carries no CRS: longitude/latitude when its numbers look like degrees.
      const [c0, , , c3] = parsed.affine;
      if (Math.abs(c0) > 360 || Math.abs(c3) > 90) {
        warnings.push(
          `${wf}: world file coordinates are projected and no CRS is known (give --gcp points): not georeferenced`,
        );
      } else
        georef = {
          source: 'worldfile',
          affine: parsed.affine,
          crs: { kind: 'lonlat', epsg: 4326 },
          gcpResidualsM: null,
          gcpRmsM: null,
        };
      break;
    }
    decoded = { ...d, georef };
  }

  let georef = decoded.georef;
  if (opts.gcps && opts.gcps.length > 0) {
    const fit = fitAffine(opts.gcps);
    if (fit === null) {
      throw new ImageError(
        path,
        opts.gcps.length < 3
          ? `${opts.gcps.length} control point(s): at least 3 are needed for an affine fit`
          : 'control points are (nearly) on one line: an affine fit is undetermined',
      );
    }
    for (const p of opts.gcps) {
      if (p.x < 0 || p.y < 0 || p.x > decoded.widthPx || p.y > decoded.heightPx) {
        throw new ImageError(
          path,
          `control point at pixel ${p.x},${p.y} is outside the ${decoded.widthPx}×${decoded.heightPx} image`,
        );
      }
    }
    const res = residualsM(opts.gcps, fit.residuals);
    if (georef) warnings.push(`control points replace the ${georef.source} georeference`);
    georef = {
      source: 'gcp',
      affine: fit.affine,
      crs: { kind: 'lonlat', epsg: 4326 },
      gcpResidualsM: res,
      gcpRmsM: rms(res),
    };
  }

  const given = opts.acquiredMs !== undefined && opts.acquiredMs !== null;
  const givenSensor = opts.sensor !== undefined && opts.sensor !== null && opts.sensor !== '';
  return {
    path,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.byteLength,
    format,
    widthPx: decoded.widthPx,
    heightPx: decoded.heightPx,
    georef,
    geometry: georef ? imageGeometry(georef, decoded.widthPx, decoded.heightPx) : null,
    acquiredMs: given ? (opts.acquiredMs as number) : decoded.acquiredMs,
    acquiredFrom: given ? 'given' : decoded.acquiredMs !== null ? 'metadata' : null,
    sensor: givenSensor ? (opts.sensor as string) : decoded.sensor,
    sensorFrom: givenSensor ? 'given' : decoded.sensor !== null ? 'metadata' : null,
    warnings,
    gray: decoded.planes ? grayOf(decoded.planes) : null,
    planes: decoded.planes,
  };
}
