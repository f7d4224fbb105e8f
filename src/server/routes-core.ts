/** The dataset routes: meta, vessels, one vessel, tracks, areas. */
import { z } from 'zod';
import { exportAreasGeoJson } from '../areas/index.js';
import { isVesselStation } from '../tracks/station.js';
import type { ServerContext } from './context.js';
import type { FeatureSet } from './features.js';
import { trackColumns } from './queries.js';
import { defineRoute, HttpError, type Route } from './route.js';
import {
  areaFeatureCollection,
  compactTrackSchema,
  eventsQuery,
  eventsResponse,
  metaResponse,
  mmsiParam,
  trackQuery,
  tracksQuery,
  tracksResponse,
  vesselResponse,
  vesselsQuery,
  vesselsResponse,
} from './schemas.js';
import { encodeCompact, reduceTrack, type TrackEncoding } from './track-encode.js';

/** Dark legs keep their true ends when a track is downsampled; the shuttle gap threshold (6 h). */
export const KEEP_GAP_MS = 6 * 3600_000;

const JSON_TYPE = 'application/json; charset=utf-8';

/** The `encoding` query value → the `encoding` field of the answer. */
const WIRE_ENCODING = { b64: 'delta-b64', arrays: 'delta-e5' } as const satisfies Record<
  string,
  TrackEncoding
>;

export function coreRoutes(ctx: ServerContext, features: FeatureSet, version: string): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/meta',
      summary: 'engine, whether the data is simulated, counts, time range and which modules are available',
      tag: 'dataset',
      response: metaResponse,
      async handler() {
        const ds = await ctx.dataset();
        const modules = await features.statuses();
        return {
          name: 'tallyman' as const,
          version,
          engine: ctx.store.engine,
          simulated: ds.simulated,
          simulatedSources: ds.summary.simulatedSources,
          counts: {
            vessels: ds.summary.vessels,
            positions: ds.summary.positions,
            ingestRuns: ds.summary.ingestRuns,
            events: await features.eventCount(),
            shipments: await features.shipmentCount(),
          },
          timeRange: ds.summary.timeRange,
          modules,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/vessels',
      summary:
        'every vessel with its latest identity, position count and station kind (`all=true`: base stations, aids to navigation and other stations too)',
      tag: 'dataset',
      query: vesselsQuery,
      response: vesselsResponse,
      async handler({ query }) {
        const ds = await ctx.dataset();
        const all = await ctx.store.listVessels();
        const vessels = query.all === 'true' ? all : all.filter((v) => isVesselStation(v.kind));
        return { simulated: ds.simulated, vessels };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/vessels/:mmsi',
      summary: 'one vessel: identity history and voyage reports (draught, destination)',
      tag: 'dataset',
      params: mmsiParam,
      response: vesselResponse,
      async handler({ params }) {
        const vessel = await ctx.store.getVessel(params.mmsi);
        if (vessel === null) throw new HttpError(404, `no vessel with MMSI ${params.mmsi}`);
        const ds = await ctx.dataset();
        const db = await ctx.db();
        const { vesselSanctions } = await import('../evidence/sanctions-store.js');
        const flags = await vesselSanctions(db, params.mmsi);
        const match = (m: import('../evidence/sanctions.js').SanctionMatch) => ({
          by: m.by,
          sourceId: m.record.sourceId,
          name: m.record.name,
          topics: m.record.topics,
          datasets: m.record.datasets,
          url: m.record.url,
        });
        return {
          simulated: ds.simulated,
          vessel,
          identities: await ctx.store.identityHistory(params.mmsi),
          voyageReports: await ctx.store.voyageReports(params.mmsi),
          sanctions: {
            recordsImported: flags.recordsImported,
            sanctions: flags.sanctions.map(match),
            detentions: flags.detentions.map(match),
          },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/vessels/:mmsi/track',
      summary:
        "one vessel's time-ordered track: compact deltas (base64url varints by default, or JSON arrays) or GeoJSON",
      tag: 'dataset',
      params: mmsiParam,
      query: trackQuery,
      response: z.union([compactTrackSchema, z.object({ type: z.literal('FeatureCollection') }).loose()]),
      produces: ['application/geo+json'],
      async handler({ params, query }) {
        if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
          throw new HttpError(400, 'from is after to');
        }
        const ds = await ctx.dataset();
        const key = `track:${ds.version}:${params.mmsi}:${query.from}:${query.to}:${query.format}:${query.encoding}:${query.maxPoints}:${query.toleranceM}`;
        const body = await ctx.cache.getOrCompute(key, async () => {
          const db = await ctx.db();
          const cols = await trackColumns(db, params.mmsi, { fromMs: query.from, toMs: query.to });
          if (cols.length === 0 && (await ctx.store.getVessel(params.mmsi)) === null) {
            throw new HttpError(404, `no vessel with MMSI ${params.mmsi}`);
          }
          const keep = reduceTrack(
            cols,
            { toleranceM: query.toleranceM, maxPoints: query.maxPoints },
            KEEP_GAP_MS,
          );
          if (query.format === 'geojson') return geoJsonTrack(params.mmsi, cols, keep, ds.simulated);
          return JSON.stringify({
            simulated: ds.simulated,
            ...encodeCompact(params.mmsi, cols, keep, WIRE_ENCODING[query.encoding]),
          });
        });
        return {
          raw: body,
          contentType: query.format === 'geojson' ? 'application/geo+json; charset=utf-8' : JSON_TYPE,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/tracks',
      summary:
        'every vessel track for the map overview (vessels only: no base stations or aids to navigation), downsampled per vessel, in the compact encoding chosen',
      tag: 'dataset',
      query: tracksQuery,
      response: tracksResponse,
      async handler({ query }) {
        const ds = await ctx.dataset();
        const key = `tracks:${ds.version}:${query.from}:${query.to}:${query.encoding}:${query.maxPointsPerVessel}:${query.minPositions}:${query.toleranceM}`;
        const body = await ctx.cache.getOrCompute(key, async () => {
          const db = await ctx.db();
          // base stations, aids to navigation and beacons are no ship tracks: left off the map too
          const vessels = (await ctx.store.listVessels()).filter(
            (v) => v.positionCount >= query.minPositions && isVesselStation(v.kind),
          );
          const parts: string[] = [];
          for (const v of vessels) {
            const cols = await trackColumns(db, v.mmsi, { fromMs: query.from, toMs: query.to });
            if (cols.length === 0) continue;
            const keep = reduceTrack(
              cols,
              { toleranceM: query.toleranceM, maxPoints: query.maxPointsPerVessel },
              KEEP_GAP_MS,
            );
            parts.push(
              JSON.stringify({
                simulated: ds.simulated,
                ...encodeCompact(v.mmsi, cols, keep, WIRE_ENCODING[query.encoding]),
              }),
            );
          }
          return `{"simulated":${ds.simulated},"tracks":[${parts.join(',')}]}`;
        });
        return { raw: body, contentType: JSON_TYPE };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/events',
      summary: 'stored events (port calls, gaps, encounters, …) by type, vessel and time',
      tag: 'events',
      query: eventsQuery,
      response: eventsResponse,
      async handler({ query }) {
        const ds = await ctx.dataset();
        const key = `events:${ds.version}:${await features.version()}:${query.type}:${query.vessel}:${query.from}:${query.to}:${query.limit}`;
        const body = await ctx.cache.getOrCompute(key, async () => {
          const events = await features.listEvents({
            types: query.type?.split(',').filter((t) => t !== ''),
            mmsi: query.vessel,
            fromMs: query.from,
            toMs: query.to,
            limit: query.limit,
          });
          const status = (await features.statuses()).events;
          return JSON.stringify({
            simulated: ds.simulated,
            available: events !== null,
            reason: events === null ? (status?.reason ?? 'not available') : null,
            events: events ?? [],
          });
        });
        return { raw: body, contentType: JSON_TYPE };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/areas',
      summary: 'areas of interest as GeoJSON (circles as Points with properties.radiusM)',
      tag: 'dataset',
      response: areaFeatureCollection,
      async handler() {
        const ds = await ctx.dataset();
        const { areas, userAreas } = await features.areas();
        const fc = exportAreasGeoJson(areas);
        return {
          simulated: ds.simulated,
          userAreas,
          type: 'FeatureCollection' as const,
          features: fc.features as z.infer<typeof areaFeatureCollection>['features'],
        };
      },
    }),
  ];
}

function geoJsonTrack(
  mmsi: number,
  cols: { tsMs: ArrayLike<number>; lon: ArrayLike<number>; lat: ArrayLike<number>; length: number },
  keep: readonly number[],
  simulated: boolean,
): string {
  const coords: string[] = new Array(keep.length);
  const times: number[] = new Array(keep.length);
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k]!;
    coords[k] = `[${cols.lon[i]},${cols.lat[i]}]`;
    times[k] = cols.tsMs[i]!;
  }
  if (keep.length === 0) return `{"type":"FeatureCollection","simulated":${simulated},"features":[]}`;
  const geometry =
    keep.length === 1
      ? `{"type":"Point","coordinates":${coords[0]}}`
      : `{"type":"LineString","coordinates":[${coords.join(',')}]}`;
  const props = {
    mmsi,
    simulated,
    pointCount: cols.length,
    returned: keep.length,
    startTime: new Date(times[0]!).toISOString(),
    endTime: new Date(times[times.length - 1]!).toISOString(),
  };
  return `{"type":"FeatureCollection","simulated":${simulated},"features":[{"type":"Feature","geometry":${geometry},"properties":${JSON.stringify(props).slice(0, -1)},"timesMs":[${times.join(',')}]}}]}`;
}
