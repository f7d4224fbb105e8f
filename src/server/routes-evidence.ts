/** Evidence: items with grades and hashes, claims side by side, the audit log, `verify`, the FtM export. */
import { z } from 'zod';
import { groupClaims } from '../evidence/claims.js';
import { listClaims, listEvidence } from '../evidence/store.js';
import { verifyLedger } from '../evidence/verify.js';
import { ftmCounts, ftmJsonLines } from '../shipments/ftm.js';
import { ledgerFtmEntities } from '../shipments/ftm-store.js';
import type { ServerContext } from './context.js';
import { FTM_LINES_MEDIA_TYPE } from './media-types.js';
import { defineRoute, open, type Route } from './route.js';
import { auditQuery, auditResponse, evidenceResponse, verifyResponse } from './routes-evidence-schemas.js';

export function evidenceRoutes(ctx: ServerContext, evidenceDir: string): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/evidence',
      summary: 'current evidence items (grade, SHA-256, simulated) and claims grouped by what they quantify',
      tag: 'evidence',
      response: evidenceResponse,
      async handler() {
        const db = await ctx.db();
        const ds = await ctx.dataset();
        const claims = await listClaims(db);
        return {
          simulated: ds.simulated,
          items: (await listEvidence(db)).map(open),
          claimGroups: groupClaims(claims).map((g) => ({ ...g, claims: g.claims.map(open) })),
          claims: claims.map(open),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/audit',
      summary: 'the hash-chained audit log, newest first',
      tag: 'evidence',
      query: auditQuery,
      response: auditResponse,
      async handler({ query }) {
        const db = await ctx.db();
        const ds = await ctx.dataset();
        const total = await db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst();
        const rows = await db
          .selectFrom('audit_log')
          .selectAll()
          .orderBy('seq', 'desc')
          .limit(query.limit)
          .execute();
        return {
          simulated: ds.simulated,
          total: Number(total?.n ?? 0),
          entries: rows.map((r) => ({
            seq: Number(r.seq),
            tsMs: Number(r.ts_ms),
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entityId: r.entity_id,
            detail: r.detail,
            hash: r.hash,
          })),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/export/evidence.ftm.json',
      summary:
        "the ledger and its evidence as FollowTheMoney entities, one per line (`tallyman evidence export-ftm`; opens in Aleph); a simulated store's starts with its SIMULATED Note",
      tag: 'export',
      response: z.string(),
      produces: [FTM_LINES_MEDIA_TYPE],
      async handler({ reply }) {
        const entities = await ledgerFtmEntities(await ctx.db(), ctx.store, evidenceDir);
        reply.header('content-disposition', 'attachment; filename="tallyman-evidence.ftm.json"');
        reply.header('x-tallyman-ftm-counts', ftmCounts(entities));
        return { raw: ftmJsonLines(entities), contentType: `${FTM_LINES_MEDIA_TYPE}; charset=utf-8` };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/verify',
      summary: 'recompute every evidence file hash, the audit chain and each audited row (tallyman verify)',
      tag: 'evidence',
      response: verifyResponse,
      async handler() {
        return { ...(await verifyLedger(await ctx.db(), evidenceDir)) };
      },
    }),
  ];
}
