/**
 * Alert rules and alerts in the workbench: the rules (list, add, change, delete — audited under
 * the caller's name), the alerts `tallyman watch` raised, and a server-sent event stream that
 * pushes new alerts and vessels' latest positions as watch stores them. The stream reads the store
 * (every `STREAM_POLL_MS`), so it works whatever process watches and on either engine.
 */
import { z } from 'zod';
import { BUNDLED_AREAS, mergeAreas } from '../areas/index.js';
import { loadUserAreas } from '../areas/store.js';
import { ruleSpecSchema } from '../live/rules.js';
import { addRule, deleteRule, listAlerts, listRules, livePositionsSince, updateRule } from '../live/store.js';
import { actorOf } from './auth.js';
import type { ServerContext } from './context.js';
import { defineRoute, HttpError, type Route } from './route.js';

/** How often the stream looks for new alerts and positions. */
export const STREAM_POLL_MS = 500;

const ruleSchema = z.object({
  id: z.number(),
  name: z.string(),
  spec: ruleSpecSchema,
  enabled: z.boolean(),
  createdBy: z.string(),
  createdMs: z.number(),
  updatedMs: z.number(),
});
const fixSchema = z.object({
  mmsi: z.number(),
  tsMs: z.number(),
  lon: z.number(),
  lat: z.number(),
  speedKnots: z.number().nullable(),
  courseDeg: z.number().nullable(),
});
const alertSchema = z
  .object({
    id: z.number(),
    key: z.string(),
    ruleId: z.number(),
    ruleName: z.string(),
    ruleKind: z.string(),
    mmsi: z.number(),
    tsMs: z.number(),
    raisedMs: z.number(),
    title: z.string(),
    evidence: z.object({ positions: z.array(fixSchema), events: z.array(z.looseObject({})) }),
    simulated: z.boolean(),
  })
  .loose();
const idParam = z.object({ id: z.coerce.number().int().min(1) });
const ruleBody = z.object({
  name: z.string().trim().min(1).max(200),
  spec: ruleSpecSchema,
  by: z.string().optional(),
});
const changeBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  spec: ruleSpecSchema.optional(),
  enabled: z.boolean().optional(),
  by: z.string().optional(),
});

export function alertRoutes(ctx: ServerContext): Route[] {
  const checkArea = async (area: string | undefined) => {
    if (area === undefined) return;
    const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(await ctx.db()));
    if (!areas.some((a) => a.id === area)) throw new HttpError(400, `no area ${area}`);
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/alerts/rules',
      summary: 'alert rules (what tallyman watch raises alerts for)',
      tag: 'alerts',
      response: z.object({ rules: z.array(ruleSchema) }),
      async handler() {
        return { rules: await listRules(await ctx.db()) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/alerts/rules',
      summary: 'add an alert rule (audited under the caller)',
      tag: 'alerts',
      body: ruleBody,
      response: z.object({ rule: ruleSchema }),
      async handler({ body, principal }) {
        await checkArea(body.spec.area);
        const rule = await addRule(await ctx.db(), body.name, body.spec, {
          actor: actorOf(principal, body.by),
          nowMs: Date.now(),
        });
        return { rule };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/alerts/rules/:id',
      summary: 'change an alert rule: name, spec, enabled (audited)',
      tag: 'alerts',
      params: idParam,
      body: changeBody,
      response: z.object({ rule: ruleSchema }),
      async handler({ params, body, principal }) {
        await checkArea(body.spec?.area);
        const rule = await updateRule(
          await ctx.db(),
          params.id,
          {
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.spec !== undefined ? { spec: body.spec } : {}),
            ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
          },
          { actor: actorOf(principal, body.by), nowMs: Date.now() },
        );
        if (rule === null) throw new HttpError(404, `no alert rule ${params.id}`);
        return { rule };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/alerts/rules/:id/delete',
      summary: 'delete an alert rule (audited; its alerts stay)',
      tag: 'alerts',
      params: idParam,
      body: z.object({ by: z.string().optional() }),
      response: z.object({ deleted: z.literal(true) }),
      async handler({ params, body, principal }) {
        const ok = await deleteRule(await ctx.db(), params.id, {
          actor: actorOf(principal, body.by),
          nowMs: Date.now(),
        });
        if (!ok) throw new HttpError(404, `no alert rule ${params.id}`);
        return { deleted: true as const };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/alerts',
      summary: 'alerts raised by tallyman watch, oldest first, each with its evidence (positions and events)',
      tag: 'alerts',
      query: z.object({
        afterId: z.coerce.number().int().min(0).optional(),
        ruleId: z.coerce.number().int().min(1).optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
      }),
      response: z.object({ simulated: z.boolean(), alerts: z.array(alertSchema) }),
      async handler({ query }) {
        const ds = await ctx.dataset();
        const alerts = await listAlerts(await ctx.db(), {
          ...(query.afterId !== undefined ? { afterId: query.afterId } : {}),
          ...(query.ruleId !== undefined ? { ruleId: query.ruleId } : {}),
          limit: query.limit ?? 200,
        });
        return {
          simulated: ds.simulated || alerts.some((a) => a.simulated),
          alerts: alerts as unknown as Array<z.infer<typeof alertSchema>>,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/alerts/stream',
      summary:
        'server-sent events: `alert` (a new alert with its evidence) and `positions` (vessels whose latest fix moved), as tallyman watch stores them; Last-Event-ID resumes after that alert',
      tag: 'alerts',
      query: z.object({ afterId: z.coerce.number().int().min(0).optional() }),
      response: z.string(),
      produces: ['text/event-stream'],
      async handler({ query, request, reply }) {
        // A client that is not an EventSource (a script reading the answer to its end) would wait
        // forever: it is told so instead.
        if (!/text\/event-stream/.test(String(request.headers.accept ?? '')))
          throw new HttpError(
            406,
            'this route streams server-sent events: ask with Accept: text/event-stream',
          );
        const db = await ctx.db();
        const lastHeader = Number(request.headers['last-event-id']);
        let afterId = Number.isInteger(lastHeader) && lastHeader >= 0 ? lastHeader : query.afterId;
        if (afterId === undefined) {
          // a new panel starts from now: the latest alerts come from GET /api/alerts
          const latest = await listAlerts(db, { limit: 1 });
          afterId = latest.at(-1)?.id ?? 0;
        }
        let positionsAfterMs = Date.now();
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-content-type-options': 'nosniff',
        });
        res.write(
          `retry: 2000\n: tallyman alert stream${ctx.peek()?.simulated ? ' (SIMULATED data)' : ''}\n\n`,
        );
        let closed = false;
        let busy = false;
        const poll = async () => {
          if (closed || busy) return;
          busy = true;
          try {
            const d = await ctx.db();
            for (const a of await listAlerts(d, { afterId, limit: 500 })) {
              res.write(`id: ${a.id}\nevent: alert\ndata: ${JSON.stringify(a)}\n\n`);
              afterId = a.id;
            }
            const now = Date.now();
            const fixes = await livePositionsSince(d, positionsAfterMs - STREAM_POLL_MS);
            positionsAfterMs = now;
            if (fixes.length > 0) res.write(`event: positions\ndata: ${JSON.stringify(fixes)}\n\n`);
            else res.write(': keep-alive\n\n');
          } catch (err) {
            res.write(`event: problem\ndata: ${JSON.stringify({ message: (err as Error).message })}\n\n`);
          } finally {
            busy = false;
          }
        };
        const timer = setInterval(() => void poll(), STREAM_POLL_MS);
        await poll();
        await new Promise<void>((resolve) => {
          const end = () => {
            closed = true;
            clearInterval(timer);
            resolve();
          };
          request.raw.once('close', end);
          res.once('close', end);
        });
        return '';
      },
    }),
  ];
}
