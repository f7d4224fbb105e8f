/** The dataset routes: meta, vessels, one vessel, tracks, areas. */
import { z } from 'zod';
import { exportAreasGeoJson } from '../areas/index.js';
import type { SanctionMatch } from '../evidence/sanctions.js';
import { vesselSanctions } from '../evidence/sanctions-store.js';
import { stationKinds, toVessel } from '../store/queries.js';
import { isoTime, vertexTimes } from '../tracks/export.js';
import { isVesselStation, type StationKind, stationKind } from '../tracks/station.js';
import type { ServerContext } from './context.js';
import type { FeatureSet } from './features.js';
import { drawnOnMap, KEEP_GAP_MS, OVERVIEW, overviewJson } from './overview.js';
import { currentOverviews } from './overview-store.js';
import { CursorError, trackColumns, vesselPage } from './queries.js';
import { defineRoute, HttpError, type Route } from './route.js';
import {
  areaFeatureCollection,
  compactTrackSchema,
  eventsQuery,
  eventsResponse,
  metaResponse,
  trackQuery,
  tracksQuery,
  tracksResponse,
  vesselResponse,
  vesselsQuery,
  vesselsResponse,
} from './routes-core-schemas.js';
import { mmsiParam } from './schemas.js';
import { encodeCompact, reduceTrack, type TrackEncoding } from './track-encode.js';

export { KEEP_GAP_MS };

const JSON_TYPE = 'application/json; charset=utf-8';

/** The `encoding` query value → the `encoding` field of the answer. */
const WIRE_ENCODING = { b64: 'delta-b64', arrays: 'delta-e5' } as const satisfies Record<
  string,
  TrackEncoding
>;

/** The query the map's overview is precomputed for (src/server/overview.ts): the defaults. */
const isDefaultOverview = (q: z.infer<typeof tracksQuery>): boolean =>
  q.from === undefined &&
  q.to === undefined &&
  q.encoding === OVERVIEW.encoding &&
  q.maxPointsPerVessel === OVERVIEW.maxPointsPerVessel &&
  q.toleranceM === OVERVIEW.toleranceM &&
  q.minPositions === OVERVIEW.minPositions;

/** Station kinds by MMSI for a data version. */
type KindsOf = (dataVersion: string) => Promise<Map<number, StationKind>>;

export function coreRoutes(ctx: ServerContext, features: FeatureSet, version: string): Route[] {
  const kindsOf = stationKindsCache(ctx);
  return [
    metaRoute(ctx, features, version),
    vesselsRoute(ctx, kindsOf),
    vesselRoute(ctx),
    trackRoute(ctx),
    tracksRoute(ctx),
    eventsRoute(ctx, features),
    areasRoute(ctx, features),
  ];
}

/** Station kinds by MMSI, once per data version (stored kinds, src/store/queries.ts stationKinds). */
function stationKindsCache(ctx: ServerContext): KindsOf {
  let kinds: { version: string; map: Promise<Map<number, StationKind>> } | null = null;
  const kindsOf = (dataVersion: string): Promise<Map<number, StationKind>> => {
    if (kinds === null || kinds.version !== dataVersion) {
      const map = ctx
        .db()
        .then(async (db) =>
          stationKinds(db, await db.selectFrom('vessels').select(['mmsi', 'position_count']).execute()),
        );
      map.catch(() => {
        if (kinds?.map === map) kinds = null;
      });
      kinds = { version: dataVersion, map };
    }
    return kinds.map;
  };
  return kindsOf;
}

/** GET /api/meta. */
function metaRoute(ctx: ServerContext, features: FeatureSet, version: string): Route {
  return defineRoute({
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
  });
}

/** GET /api/vessels: a page of vessels. */
function vesselsRoute(ctx: ServerContext, kindsOf: KindsOf): Route {
  return defineRoute({
    method: 'GET',
    url: '/api/vessels',
    summary:
      'vessels a page at a time, each with its latest identity, position count and station kind (`all=true`: base stations, aids to navigation and other stations too); `from`/`to`: heard in that range',
    tag: 'dataset',
    query: vesselsQuery,
    response: vesselsResponse,
    async handler({ query }) {
      if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
        throw new HttpError(400, 'from is after to');
      }
      const ds = await ctx.dataset();
      const db = await ctx.db();
      const kinds = await kindsOf(ds.version);
      const exclude =
        query.all === 'true' ? [] : [...kinds].filter(([, k]) => !isVesselStation(k)).map(([m]) => m);
      let page: Awaited<ReturnType<typeof vesselPage>>;
      try {
        page = await vesselPage(db, {
          fromMs: query.from,
          toMs: query.to,
          sort: query.sort,
          limit: query.limit,
          cursor: query.cursor,
          exclude,
        });
      } catch (err) {
        if (err instanceof CursorError) throw new HttpError(400, err.message);
        throw err;
      }
      return {
        simulated: ds.simulated,
        vessels: page.rows.map((r) => toVessel(r, kinds.get(Number(r.mmsi)) ?? stationKind(Number(r.mmsi)))),
        total: page.total,
        next: page.next,
      };
    },
  });
}

/** GET /api/vessels/:mmsi. */
function vesselRoute(ctx: ServerContext): Route {
  return defineRoute({
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
      const flags = await vesselSanctions(db, params.mmsi);
      const match = (m: SanctionMatch) => ({
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
  });
}

/** GET /api/vessels/:mmsi/track. */
function trackRoute(ctx: ServerContext): Route {
  return defineRoute({
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
  });
}

/** GET /api/tracks: the map overview, or tracks for another query. */
function tracksRoute(ctx: ServerContext): Route {
  return defineRoute({
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
        if (isDefaultOverview(query)) {
          // The map's overview: stored per vessel (overview-store.ts), stale ones made now.
          const { rows } = await currentOverviews(db, ctx.store.engine);
          const parts = rows.filter(drawnOnMap).map((r) => overviewJson(r.body!, ds.simulated));
          return `{"simulated":${ds.simulated},"tracks":[${parts.join(',')}]}`;
        }
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
  });
}

/** GET /api/events. */
function eventsRoute(ctx: ServerContext, features: FeatureSet): Route {
  return defineRoute({
    method: 'GET',
    url: '/api/events',
    summary: 'stored events (port calls, gaps, encounters, …) by type, vessel and time',
    tag: 'events',
    query: eventsQuery,
    response: eventsResponse,
    async handler({ query }) {
      const ds = await ctx.dataset();
      const key = `events:${ds.version}:${await features.version()}:${query.type}:${query.vessel}:${query.from}:${query.to}:${query.limit}:${query.cursor}`;
      const body = await ctx.cache.getOrCompute(key, async () => {
        const page = await features.eventPage({
          types: query.type?.split(',').filter((t) => t !== ''),
          mmsi: query.vessel,
          fromMs: query.from,
          toMs: query.to,
          limit: query.limit,
          cursor: query.cursor,
        });
        const status = (await features.statuses()).events;
        return JSON.stringify({
          simulated: ds.simulated,
          available: page !== null,
          reason: page === null ? (status?.reason ?? 'not available') : null,
          events: page?.events ?? [],
          total: page?.total ?? 0,
          next: page?.next ?? null,
        });
      });
      return { raw: body, contentType: JSON_TYPE };
    },
  });
}

/** GET /api/areas. */
function areasRoute(ctx: ServerContext, features: FeatureSet): Route {
  return defineRoute({
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
  });
}

function geoJsonTrack(
  mmsi: number,
  cols: { tsMs: ArrayLike<number>; lon: ArrayLike<number>; lat: ArrayLike<number>; length: number },
  keep: readonly number[],
  simulated: boolean,
): string {
  if (keep.length === 0) return `{"type":"FeatureCollection","simulated":${simulated},"features":[]}`;
  const coords: string[] = new Array(keep.length);
  for (let k = 0; k < keep.length; k++) coords[k] = `[${cols.lon[keep[k]!]},${cols.lat[keep[k]!]}]`;
  const geometry =
    keep.length === 1
      ? `{"type":"Point","coordinates":${coords[0]}}`
      : `{"type":"LineString","coordinates":[${coords.join(',')}]}`;
  // `times`: each vertex's ISO 8601 time, space-separated (src/tracks/export.ts says why)
  const props = {
    mmsi,
    simulated,
    pointCount: cols.length,
    returned: keep.length,
    startTime: isoTime(cols.tsMs[keep[0]!]!),
    endTime: isoTime(cols.tsMs[keep[keep.length - 1]!]!),
    times: vertexTimes(cols.tsMs, keep),
  };
  return `{"type":"FeatureCollection","simulated":${simulated},"features":[{"type":"Feature","id":${mmsi},"geometry":${geometry},"properties":${JSON.stringify(props)}}]}`;
}
