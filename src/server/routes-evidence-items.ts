/**
 * Evidence beside decisions: a stored evidence file by id, what each item supports, and one
 * shipment's evidence with its confidence explained (which findings make up "3/4").
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { filePath } from '../evidence/files.js';
import { listEvidence } from '../evidence/store.js';
import { CONFIDENCE_LEVELS, explainConfidence } from '../shipments/confidence.js';
import { evidenceSupports, shipmentEvidence } from '../shipments/evidence-supports.js';
import { listShipments } from '../shipments/store.js';
import type { ServerContext } from './context.js';
import { defineRoute, HttpError, type Route } from './route.js';
import { idParam } from './schemas.js';

const evidenceIdParam = z.object({ id: z.coerce.number().int().min(1).describe('the evidence item id') });

/** Types a browser can show inline; anything else is offered as a download. */
const INLINE_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

const summarySchema = z.object({
  id: z.number(),
  version: z.number(),
  title: z.string(),
  kind: z.string(),
  grade: z.string().describe('NATO Admiralty code: source reliability A–F, information credibility 1–6'),
  sha256: z.string(),
  fileName: z.string(),
  fileUrl: z.string().describe('the stored file, relative to the workbench'),
  simulated: z.boolean(),
  via: z.string().describe('linked, or the sighting / container count made on it'),
});

const findingSchema = z.object({
  kind: z.string(),
  role: z.string(),
  ref: z.string(),
  points: z.number().describe('what it adds (0: that end or kind is counted once already)'),
  label: z.string(),
});

export const shipmentEvidenceResponse = z.object({
  simulated: z.boolean(),
  shipmentId: z.number(),
  evidence: z.array(summarySchema),
  confidence: z.object({
    level: z.number(),
    points: z.number(),
    findings: z.array(findingSchema),
    text: z.string(),
    levels: z.array(z.object({ level: z.number(), minPoints: z.number() })),
  }),
});

export const evidenceSupportsResponse = z.object({
  simulated: z.boolean(),
  supports: z.array(
    z.object({
      evidenceId: z.number(),
      supports: z.array(
        z.object({
          kind: z.string(),
          id: z.number(),
          number: z.number().nullable().optional(),
          status: z.string().optional(),
          label: z.string(),
          via: z.string().optional(),
        }),
      ),
    }),
  ),
});

export function evidenceItemRoutes(ctx: ServerContext, evidenceDir: string): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/evidence/:id/file',
      summary: 'an evidence item’s stored file (content-addressed by its SHA-256)',
      tag: 'evidence',
      params: evidenceIdParam,
      response: z.string(),
      produces: ['application/octet-stream'],
      async handler({ params, reply }) {
        const item = (await listEvidence(await ctx.db(), { all: true })).find((e) => e.id === params.id);
        if (!item) throw new HttpError(404, `evidence ${params.id} does not exist`);
        let bytes: Buffer;
        try {
          bytes = readFileSync(filePath(evidenceDir, item.sha256));
        } catch {
          throw new HttpError(
            404,
            `the file of evidence ${params.id} is not in the evidence store (${evidenceDir})`,
          );
        }
        const type = INLINE_TYPES[extname(item.fileName).toLowerCase()];
        const name = item.fileName.replace(/[^\w.-]+/g, '_');
        reply.header('content-disposition', `${type ? 'inline' : 'attachment'}; filename="${name}"`);
        // A stored file is someone else's document: never let it run script in our origin.
        reply.header(
          'content-security-policy',
          "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        );
        reply.header('x-content-type-options', 'nosniff');
        return { raw: bytes, contentType: type ?? 'application/octet-stream' };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/evidence/supports',
      summary:
        'what each evidence item supports: shipments (linked, or through a sighting or count), observations, claims',
      tag: 'evidence',
      response: evidenceSupportsResponse,
      async handler() {
        const db = await ctx.db();
        const map = await evidenceSupports(db, await listShipments(db));
        return {
          simulated: (await ctx.dataset()).simulated,
          supports: [...map]
            .sort((a, b) => a[0] - b[0])
            .map(([evidenceId, supports]) => ({ evidenceId, supports })),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/shipments/:id/evidence',
      summary: 'one shipment’s evidence (title, grade, kind, hash, file) and its confidence explained',
      tag: 'ledger',
      params: idParam,
      response: shipmentEvidenceResponse,
      async handler({ params }) {
        const db = await ctx.db();
        const s = (await listShipments(db)).find((x) => x.id === params.id);
        if (!s) throw new HttpError(404, `shipment ${params.id} does not exist`);
        return {
          simulated: (await ctx.dataset()).simulated,
          shipmentId: s.id,
          evidence: await shipmentEvidence(db, s),
          confidence: { ...explainConfidence(s.supports), levels: CONFIDENCE_LEVELS.map((l) => ({ ...l })) },
        };
      },
    }),
  ];
}
