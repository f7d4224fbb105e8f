/** Exports an analyst takes elsewhere: tracks as GeoJSON and KML, positions and events as CSV. */
import { z } from 'zod';
import { eventsTable, eventsToCsv } from '../events/format.js';
import { geoParquet } from '../export/geoparquet.js';
import { isoTime, positionsTable, positionsToCsv, tracksTable, vertexTimes } from '../tracks/export.js';
import type { ServerContext } from './context.js';
import type { FeatureSet } from './features.js';
import { tracksToKml } from './kml.js';
import { trackColumns } from './queries.js';
import { defineRoute, HttpError, type Route } from './route.js';
import { KEEP_GAP_MS } from './routes-core.js';
import { exportQuery, positionsCsvQuery } from './routes-export-schemas.js';
import { rangeQuery } from './schemas.js';
import type { TrackColumns } from './track-encode.js';

const text = z.string();

async function selectedTracks(
  ctx: ServerContext,
  q: z.infer<typeof exportQuery>,
): Promise<Array<{ mmsi: number; name: string | null; cols: TrackColumns }>> {
  const db = await ctx.db();
  const all = await ctx.store.listVessels();
  const vessels = all.filter(
    (v) =>
      (q.vessel === undefined || v.mmsi === q.vessel) &&
      v.positionCount >= q.minPositions &&
      (q.from === undefined || (v.lastSeenMs ?? 0) >= q.from) &&
      (q.to === undefined || (v.firstSeenMs ?? 0) <= q.to),
  );
  if (q.vessel !== undefined && vessels.length === 0 && !all.some((v) => v.mmsi === q.vessel)) {
    throw new HttpError(404, `no vessel with MMSI ${q.vessel}`);
  }
  const out = [];
  for (const v of vessels) {
    const cols = await trackColumns(db, v.mmsi, { fromMs: q.from, toMs: q.to });
    if (cols.length > 0) out.push({ mmsi: v.mmsi, name: v.name, cols });
  }
  return out;
}

/** The media type of Parquet (registered with IANA in 2024). */
export const PARQUET_TYPE = 'application/vnd.apache.parquet';
const parquetFile = (t: Parameters<typeof geoParquet>[0]) => Buffer.from(geoParquet(t));

const stamp = (q: { from?: number; to?: number }) =>
  `${q.from === undefined ? 'start' : new Date(q.from).toISOString().slice(0, 10)}_${q.to === undefined ? 'end' : new Date(q.to).toISOString().slice(0, 10)}`;

export function exportRoutes(ctx: ServerContext, features: FeatureSet): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/export/tracks.geojson',
      summary:
        'tracks as GeoJSON (RFC 7946): one LineString per vessel; `times` holds the ISO 8601 time of each vertex, space-separated',
      tag: 'export',
      query: exportQuery,
      response: text,
      produces: ['application/geo+json'],
      async handler({ query, reply }) {
        const ds = await ctx.dataset();
        const tracks = await selectedTracks(ctx, query);
        const features = tracks.map((t) => {
          const coords: string[] = [];
          for (let i = 0; i < t.cols.length; i++) coords.push(`[${t.cols.lon[i]},${t.cols.lat[i]}]`);
          const geometry =
            t.cols.length === 1
              ? `{"type":"Point","coordinates":${coords[0]}}`
              : `{"type":"LineString","coordinates":[${coords.join(',')}]}`;
          const props = JSON.stringify({
            mmsi: t.mmsi,
            name: t.name,
            simulated: ds.simulated,
            pointCount: t.cols.length,
            startTime: isoTime(t.cols.tsMs[0]!),
            endTime: isoTime(t.cols.tsMs[t.cols.length - 1]!),
            times: vertexTimes(t.cols.tsMs),
          });
          return `{"type":"Feature","id":${t.mmsi},"geometry":${geometry},"properties":${props}}`;
        });
        reply.header('content-disposition', `attachment; filename="tallyman-tracks_${stamp(query)}.geojson"`);
        return {
          raw: `{"type":"FeatureCollection","simulated":${ds.simulated},"features":[${features.join(',')}]}`,
          contentType: 'application/geo+json; charset=utf-8',
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/export/tracks.kml',
      summary: 'tracks as KML 2.2: heard legs and dark legs per vessel, with time spans',
      tag: 'export',
      query: exportQuery,
      response: text,
      produces: ['application/vnd.google-earth.kml+xml'],
      async handler({ query, reply }) {
        const ds = await ctx.dataset();
        const tracks = await selectedTracks(ctx, query);
        reply.header('content-disposition', `attachment; filename="tallyman-tracks_${stamp(query)}.kml"`);
        return {
          raw: tracksToKml(tracks, {
            title: 'tallyman tracks',
            simulated: ds.simulated,
            darkLegMs: KEEP_GAP_MS,
          }),
          contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8',
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/export/positions.csv',
      summary: "one vessel's positions as CSV (the columns of `tallyman track --format csv`)",
      tag: 'export',
      query: positionsCsvQuery,
      response: text,
      produces: ['text/csv'],
      async handler({ query, reply }) {
        if ((await ctx.store.getVessel(query.vessel)) === null) {
          throw new HttpError(404, `no vessel with MMSI ${query.vessel}`);
        }
        const positions = await ctx.store.track(query.vessel, { fromMs: query.from, toMs: query.to });
        reply.header(
          'content-disposition',
          `attachment; filename="tallyman-positions-${query.vessel}_${stamp(query)}.csv"`,
        );
        const ds = await ctx.dataset();
        return {
          raw: positionsToCsv(positions, { simulated: ds.simulated }),
          contentType: 'text/csv; charset=utf-8',
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/export/events.csv',
      summary: 'stored events as CSV (409 while event detection is not available)',
      tag: 'export',
      query: rangeQuery,
      response: text,
      produces: ['text/csv'],
      async handler({ query, reply }) {
        const ds = await ctx.dataset();
        const events = await features.storedEvents({ fromMs: query.from, toMs: query.to, limit: 1_000_000 });
        if (events === null) {
          const reason = (await features.statuses()).events?.reason ?? 'not available';
          throw new HttpError(409, `events are not available yet: ${reason}`);
        }
        reply.header('content-disposition', `attachment; filename="tallyman-events_${stamp(query)}.csv"`);
        return {
          raw: eventsToCsv(events, { simulated: ds.simulated }),
          contentType: 'text/csv; charset=utf-8',
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/export/positions.parquet',
      summary: 'positions as GeoParquet 1.1: one Point row per fix (all vessels, or `vessel`)',
      tag: 'export',
      query: exportQuery,
      response: text,
      produces: [PARQUET_TYPE],
      async handler({ query, reply }) {
        const ds = await ctx.dataset();
        const all = await ctx.store.listVessels();
        const vessels = all.filter((v) => query.vessel === undefined || v.mmsi === query.vessel);
        if (query.vessel !== undefined && vessels.length === 0)
          throw new HttpError(404, `no vessel with MMSI ${query.vessel}`);
        const positions = [];
        for (const v of vessels)
          positions.push(...(await ctx.store.track(v.mmsi, { fromMs: query.from, toMs: query.to })));
        reply.header(
          'content-disposition',
          `attachment; filename="tallyman-positions_${stamp(query)}.parquet"`,
        );
        return {
          raw: parquetFile(positionsTable(positions, { simulated: ds.simulated })),
          contentType: PARQUET_TYPE,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/export/tracks.parquet',
      summary: 'tracks as GeoParquet 1.1: one LineString row per vessel with its first and last time',
      tag: 'export',
      query: exportQuery,
      response: text,
      produces: [PARQUET_TYPE],
      async handler({ query, reply }) {
        const ds = await ctx.dataset();
        const tracks = await selectedTracks(ctx, query);
        const lines = tracks.map((t) => ({ mmsi: t.mmsi, name: t.name, ...t.cols }));
        reply.header('content-disposition', `attachment; filename="tallyman-tracks_${stamp(query)}.parquet"`);
        return {
          raw: parquetFile(tracksTable(lines, { simulated: ds.simulated })),
          contentType: PARQUET_TYPE,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/export/events.parquet',
      summary:
        'stored events as GeoParquet 1.1: one Point row per event (409 while event detection is not available)',
      tag: 'export',
      query: rangeQuery,
      response: text,
      produces: [PARQUET_TYPE],
      async handler({ query, reply }) {
        const ds = await ctx.dataset();
        const events = await features.storedEvents({ fromMs: query.from, toMs: query.to, limit: 1_000_000 });
        if (events === null) {
          const reason = (await features.statuses()).events?.reason ?? 'not available';
          throw new HttpError(409, `events are not available yet: ${reason}`);
        }
        reply.header('content-disposition', `attachment; filename="tallyman-events_${stamp(query)}.parquet"`);
        return {
          raw: parquetFile(eventsTable(events, { simulated: ds.simulated })),
          contentType: PARQUET_TYPE,
        };
      },
    }),
  ];
}
