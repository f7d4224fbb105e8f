/** Evidence: items with grades and hashes, claims side by side, the audit log, and `verify`. */
import { groupClaims } from '../evidence/claims.js';
import { listClaims, listEvidence } from '../evidence/store.js';
import { verifyLedger } from '../evidence/verify.js';
import type { ServerContext } from './context.js';
import { defineRoute, open, type Route } from './route.js';
import { auditQuery, auditResponse, evidenceResponse, verifyResponse } from './schemas.js';

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
