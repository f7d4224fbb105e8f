/** The shipment ledger: list, one shipment with its evidence and history, confirm or reject, approve (four-eyes). */

import { z } from 'zod';
import { LedgerError } from '../audit/ledger-error.js';
import { evidenceFor } from '../evidence/store.js';
import { geoParquet } from '../export/geoparquet.js';
import { shipmentsCsv, shipmentsKml, shipmentsTable } from '../shipments/export.js';
import {
  approveShipment,
  decideShipment,
  listShipments,
  listSightings,
  shipmentRevisions,
} from '../shipments/store.js';
import { actorOf } from './auth.js';
import type { ServerContext } from './context.js';
import { defineRoute, HttpError, open, type Route } from './route.js';
import {
  approveBody,
  approveResponse,
  decisionBody,
  decisionResponse,
  shipmentResponse,
  shipmentsQuery,
  shipmentsResponse,
  sightingsResponse,
} from './routes-ledger-schemas.js';
import { idParam } from './schemas.js';

/** Every ledger write is audited, so the last audit entry versions the ledger (also across processes). */
export async function ledgerVersion(ctx: ServerContext): Promise<string> {
  const db = await ctx.db();
  const r = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return `${Number(r?.seq ?? 0)}:${ctx.writes()}`;
}

/**
 * Ledger errors become 404 (no such shipment), 409 (refused by the shipment's state or by who asks:
 * approving one not confirmed, or one's own confirmation) or 400 (input the ledger refuses).
 */
export function ledgerHttpError(err: unknown): never {
  if (err instanceof LedgerError)
    throw new HttpError(err.kind === 'not-found' ? 404 : err.kind === 'conflict' ? 409 : 400, err.message);
  throw err;
}

export function ledgerRoutes(ctx: ServerContext): Route[] {
  /** A ledger write: its refusals as HTTP errors, the caches told of it, the dataset's flag. */
  const write = async <T>(
    w: (db: Awaited<ReturnType<ServerContext['db']>>) => Promise<T>,
  ): Promise<{ simulated: boolean; r: T }> => {
    const r = await w(await ctx.db()).catch(ledgerHttpError);
    ctx.bumpWrites();
    return { simulated: (await ctx.dataset()).simulated, r };
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/shipments',
      summary: 'the shipment ledger, in departure order',
      tag: 'ledger',
      query: shipmentsQuery,
      response: shipmentsResponse,
      async handler({ query }) {
        const ds = await ctx.dataset();
        const key = `shipments:${ds.version}:${await ledgerVersion(ctx)}:${query.status}:${query.vessel}`;
        const body = await ctx.cache.getOrCompute(key, async () => {
          const all = await listShipments(await ctx.db());
          const counts = { proposed: 0, confirmed: 0, rejected: 0 };
          for (const s of all) counts[s.status]++;
          const shipments = all.filter(
            (s) =>
              (query.status === undefined || s.status === query.status) &&
              (query.vessel === undefined || s.mmsi === query.vessel),
          );
          return JSON.stringify({ simulated: ds.simulated, counts, shipments });
        });
        return { raw: body, contentType: 'application/json; charset=utf-8' };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/shipments/:id',
      summary: 'one shipment with the evidence linked to it and its earlier states',
      tag: 'ledger',
      params: idParam,
      response: shipmentResponse,
      async handler({ params }) {
        const db = await ctx.db();
        const shipment = (await listShipments(db)).find((s) => s.id === params.id);
        if (shipment === undefined) throw new HttpError(404, `shipment ${params.id} does not exist`);
        const ds = await ctx.dataset();
        return {
          simulated: ds.simulated,
          shipment: open(shipment),
          evidenceIds: await evidenceFor(db, 'shipment', params.id),
          revisions: (await shipmentRevisions(db, params.id)) as unknown[],
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/shipments/:id/decision',
      summary:
        'confirm or reject a shipment, with a reason (audited; a first confirmation gives the next number, which never changes)',
      tag: 'ledger',
      params: idParam,
      body: decisionBody,
      response: decisionResponse,
      async handler({ params, body, principal }) {
        const { simulated, r } = await write((db) =>
          decideShipment(
            db,
            params.id,
            body.decision === 'confirm' ? 'confirmed' : 'rejected',
            body.reason,
            // Accounts mode: the authenticated user, whatever `by` says. Single-user loopback mode:
            // `by` when given, else the local user who started the server (auth.ts).
            actorOf(principal, body.by),
            Date.now(),
          ),
        );
        return { simulated, shipment: open(r.shipment), renumbered: r.renumbered };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/shipments/:id/approve',
      summary:
        'four-eyes: approve a confirmed shipment, with a reason (audited); 409 when the approver is its confirmer, or it is not confirmed or already approved',
      tag: 'ledger',
      params: idParam,
      body: approveBody,
      response: approveResponse,
      async handler({ params, body, principal }) {
        const { simulated, r } = await write((db) =>
          approveShipment(db, params.id, body.reason, actorOf(principal, body.by), Date.now()),
        );
        return { simulated, shipment: open(r.shipment) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/sightings',
      summary: 'imagery sightings of ships (they fill AIS gaps), with their identification',
      tag: 'ledger',
      response: sightingsResponse,
      async handler() {
        const ds = await ctx.dataset();
        return { simulated: ds.simulated, sightings: (await listSightings(await ctx.db())).map(open) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/export/shipments.csv',
      summary: 'the ledger as CSV',
      tag: 'export',
      query: shipmentsQuery,
      response: z.string(),
      produces: ['text/csv'],
      async handler({ query, reply }) {
        const ds = await ctx.dataset();
        const list = await listShipments(await ctx.db(), query.status ? { status: query.status } : {});
        reply.header('content-disposition', 'attachment; filename="tallyman-shipments.csv"');
        return {
          raw: shipmentsCsv(list, { simulated: ds.simulated }),
          contentType: 'text/csv; charset=utf-8',
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/export/shipments.kml',
      summary: 'the ledger as KML 2.2 (a path per shipment)',
      tag: 'export',
      query: shipmentsQuery,
      response: z.string(),
      produces: ['application/vnd.google-earth.kml+xml'],
      async handler({ query, reply }) {
        const ds = await ctx.dataset();
        const list = await listShipments(await ctx.db(), query.status ? { status: query.status } : {});
        reply.header('content-disposition', 'attachment; filename="tallyman-shipments.kml"');
        const sightings = await listSightings(await ctx.db());
        return {
          raw: shipmentsKml(list, { simulated: ds.simulated, sightings }),
          contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8',
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/export/shipments.parquet',
      summary: 'the ledger as GeoParquet 1.1: one LineString row per shipment',
      tag: 'export',
      query: shipmentsQuery,
      response: z.string(),
      produces: ['application/vnd.apache.parquet'],
      async handler({ query, reply }) {
        const ds = await ctx.dataset();
        const list = await listShipments(await ctx.db(), query.status ? { status: query.status } : {});
        reply.header('content-disposition', 'attachment; filename="tallyman-shipments.parquet"');
        return {
          raw: Buffer.from(geoParquet(shipmentsTable(list, { simulated: ds.simulated }))),
          contentType: 'application/vnd.apache.parquet',
        };
      },
    }),
  ];
}
