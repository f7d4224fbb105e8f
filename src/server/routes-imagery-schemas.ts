/** Schemas of the imagery routes (routes-imagery.ts): images, measurements. */
import { z } from 'zod';
import { POLYGON_MAX_VERTICES } from '../imagery/rect.js';
import { simulatedFlag } from './schemas.js';

/** A full SHA-256: the API never hands a path to the imagery service (it would read it as a file). */
export const shaParam = z.object({ sha: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex') });

/**
 * Pixel coordinates and lengths: the largest satellite scene is some 10^5 pixels across, so 10^7
 * leaves room and keeps the geometry finite.
 */
const PIXEL_LIMIT = 10_000_000;
const pixel = z.number().min(-PIXEL_LIMIT).max(PIXEL_LIMIT);
const pixelLength = z.number().positive().max(PIXEL_LIMIT);

const point = z.tuple([pixel, pixel]);

export const stackBody = z.object({
  rect: z
    .object({
      cx: pixel,
      cy: pixel,
      lengthPx: pixelLength,
      widthPx: pixelLength,
      angleDeg: z.number().min(-360).max(360),
    })
    .optional()
    .describe('pixel rectangle: centre, sides and angle clockwise from +x'),
  polygon: z
    .array(point)
    .min(3)
    .max(POLYGON_MAX_VERTICES, `a stack polygon has at most ${POLYGON_MAX_VERTICES} vertices`)
    .optional(),
  shadowPx: pixelLength.optional().describe('shadow length in pixels, for tiers from the sun'),
  tiers: z.number().int().min(1).max(20).optional().describe('tiers, when read from the image instead'),
  size: z.union([z.literal(20), z.literal(40)]).optional(),
  edgePx: pixelLength.optional(),
  record: z.boolean().default(true).describe('record a container observation'),
});

export const shipBody = z.object({
  line: z.tuple([point, point]).describe('bow to stern, pixels'),
  beamLine: z.tuple([point, point]).optional(),
  edgePx: pixelLength.optional(),
  mmsi: z
    .number()
    .int()
    .min(1)
    .max(999_999_999)
    .optional()
    .describe('the analyst identification, recorded as a sighting'),
  record: z.boolean().default(true),
});

export const imagesResponse = z.object({
  simulated: simulatedFlag,
  images: z.array(
    z.object({ sha256: z.string(), fileName: z.string(), widthPx: z.number(), heightPx: z.number() }).loose(),
  ),
});

export const measurementsResponse = z.object({
  simulated: simulatedFlag,
  measurements: z.array(z.object({ id: z.number(), kind: z.enum(['stack', 'ship']) }).loose()),
});

export const measureResponse = z.object({ imageSha256: z.string() }).loose();
