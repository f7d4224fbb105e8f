/**
 * Imagery: the stored images, their files, their measurements, and measuring a container stack or
 * a ship on one (src/imagery/service.ts, the same calls as `tallyman measure`). Images are named by
 * their full SHA-256 only.
 */
import { readFileSync } from 'node:fs';
import { filePath } from '../evidence/files.js';
import { ImageryError, measureShipOn, measureStackOn } from '../imagery/service.js';
import { listImages, listMeasurements } from '../imagery/store.js';
import { actorOf } from './auth.js';
import type { ServerContext } from './context.js';
import { defineRoute, HttpError, open, type Route } from './route.js';
import {
  imagesResponse,
  measurementsResponse,
  measureResponse,
  shaParam,
  shipBody,
  stackBody,
} from './routes-imagery-schemas.js';

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  tiff: 'image/tiff',
};

function imageryHttpError(err: unknown): never {
  if (err instanceof ImageryError) {
    throw new HttpError(err.code === 'not-found' ? 404 : err.code === 'refused' ? 422 : 400, err.message);
  }
  throw err;
}

export function imageryRoutes(ctx: ServerContext, evidenceDir: string): Route[] {
  const imagery = async (actor: string) => ({ db: await ctx.db(), evidenceDir, store: ctx.store, actor });
  // The service also takes a file path; over HTTP only a stored image may be measured.
  const stored = async (sha: string) => {
    const img = (await listImages(await ctx.db())).find((i) => i.sha256 === sha);
    if (!img) throw new HttpError(404, `no stored image ${sha}`);
    return img;
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/images',
      summary: 'stored satellite images: size, georeference, footprint, acquisition time, sensor',
      tag: 'imagery',
      response: imagesResponse,
      async handler() {
        const ds = await ctx.dataset();
        return { simulated: ds.simulated, images: (await listImages(await ctx.db())).map(open) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/images/:sha/file',
      summary: 'the image file itself, from the content-addressed evidence store',
      tag: 'imagery',
      params: shaParam,
      response: measureResponse,
      produces: ['image/png', 'image/jpeg', 'image/tiff'],
      async handler({ params }) {
        const img = await stored(params.sha);
        let bytes: Buffer;
        try {
          bytes = readFileSync(filePath(evidenceDir, img.sha256));
        } catch {
          throw new HttpError(
            404,
            `the file of image ${params.sha} is not in the evidence store (${evidenceDir})`,
          );
        }
        return {
          raw: bytes,
          contentType: IMAGE_TYPES[img.format.toLowerCase()] ?? 'application/octet-stream',
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/images/:sha/measurements',
      summary: 'the stack and ship measurements made on one image',
      tag: 'imagery',
      params: shaParam,
      response: measurementsResponse,
      async handler({ params }) {
        const ds = await ctx.dataset();
        return {
          simulated: ds.simulated,
          measurements: (await listMeasurements(await ctx.db(), params.sha)).map(open),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/images/:sha/measure/stack',
      summary:
        'measure a container stack: rectangle (or polygon) → metres → bays × rows × tiers → count range',
      tag: 'imagery',
      params: shaParam,
      body: stackBody,
      response: measureResponse,
      async handler({ params, body, principal }) {
        await stored(params.sha);
        const r = await measureStackOn(await imagery(actorOf(principal)), params.sha, body).catch(
          imageryHttpError,
        );
        ctx.bumpWrites();
        return open(r);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/images/:sha/measure/ship',
      summary: 'measure a ship: length (and beam) → metres → candidate vessels with a fit score',
      tag: 'imagery',
      params: shaParam,
      body: shipBody,
      response: measureResponse,
      async handler({ params, body, principal }) {
        await stored(params.sha);
        const r = await measureShipOn(await imagery(actorOf(principal)), params.sha, body).catch(
          imageryHttpError,
        );
        ctx.bumpWrites();
        return open(r);
      },
    }),
  ];
}
