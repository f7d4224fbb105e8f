/** Schemas of the core routes (routes-core.ts): vessels, tracks, events, meta, areas. */
import { z } from 'zod';
import { STATION_KINDS, type StationKind } from '../tracks/station.js';
import { OVERVIEW } from './overview.js';
import { nullableNumber, pageNext, rangeQuery, simulatedFlag } from './schemas.js';

/** Most characters the `type` filter of /api/events takes (see the text limits in schemas.ts). */
const EVENT_TYPES_MAX_CHARS = 1_000;

const trackEncodingQuery = z
  .enum(['b64', 'arrays'])
  .default('b64')
  .describe(
    'compact encoding: `b64` (`delta-b64`, base64url varint strings, ~2.4× smaller) or `arrays` (`delta-e5`, JSON number arrays)',
  );

export const trackQuery = rangeQuery.extend({
  format: z.enum(['compact', 'geojson']).default('compact'),
  encoding: trackEncodingQuery,
  maxPoints: z.coerce
    .number()
    .int()
    .min(2)
    .max(5_000_000)
    .optional()
    .describe('downsample to at most this many fixes (gap ends always kept)'),
  toleranceM: z.coerce
    .number()
    .min(0)
    .max(100_000)
    .optional()
    .describe('simplify (Ramer–Douglas–Peucker): drop fixes within this many metres of the kept line'),
});

export const tracksQuery = rangeQuery.extend({
  encoding: trackEncodingQuery,
  maxPointsPerVessel: z.coerce
    .number()
    .int()
    .min(2)
    .max(1_000_000)
    .default(OVERVIEW.maxPointsPerVessel)
    .describe('downsample each track to at most this many fixes (gap ends always kept)'),
  toleranceM: z.coerce
    .number()
    .min(0)
    .max(100_000)
    .default(OVERVIEW.toleranceM)
    .describe(
      'simplify each track (metres; 0 keeps every fix). The defaults are the map overview, served precomputed from the store',
    ),
  minPositions: z.coerce.number().int().min(1).max(1_000_000_000).default(OVERVIEW.minPositions),
});

/** Most rows one page of /api/vessels or /api/events holds. */
export const VESSEL_PAGE_MAX = 10_000;
export const EVENT_PAGE_MAX = 100_000;

export const vesselsQuery = rangeQuery.extend({
  all: z
    .enum(['true', 'false'])
    .default('false')
    .describe('`true`: every station (base stations, aids to navigation, SAR aircraft, …), not only vessels'),
  sort: z
    .enum(['mmsi', 'positions'])
    .default('mmsi')
    .describe('`mmsi` (ascending) or `positions` (most fixes first, then MMSI)'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(VESSEL_PAGE_MAX)
    .default(VESSEL_PAGE_MAX)
    .describe('vessels per page'),
  cursor: z
    .string()
    .max(64)
    .regex(/^(m\.\d{1,9}|p\.\d{1,15}\.\d{1,9})$/, 'not a cursor this route gave (`next`)')
    .optional()
    .describe('the `next` of the previous page (same `sort`); absent: the first page'),
});

export const eventsQuery = rangeQuery.extend({
  type: z
    .string()
    .max(EVENT_TYPES_MAX_CHARS)
    .optional()
    .describe('event type, or several separated by commas'),
  vessel: z.coerce.number().int().min(1).max(999_999_999).optional().describe('MMSI (either party)'),
  limit: z.coerce.number().int().min(1).max(EVENT_PAGE_MAX).default(20_000).describe('events per page'),
  cursor: z
    .string()
    .max(100)
    .regex(/^-?\d{1,16}\.[A-Za-z0-9_-]{1,64}$/, 'not a cursor this route gave (`next`)')
    .optional()
    .describe('the `next` of the previous page; absent: the first page'),
});

export const vesselSchema = z.object({
  mmsi: z.number(),
  kind: z
    .enum(STATION_KINDS as [StationKind, ...StationKind[]])
    .describe(
      'kind of station (ITU-R M.585 MMSI format, or the message types it sent): ship, craft (of a parent ship) and invalid (an MMSI no ship should have) are vessels; coast (base station), aton, sar-aircraft, sart, mob, epirb, handheld, group are not',
    ),
  imo: nullableNumber,
  name: z.string().nullable(),
  callSign: z.string().nullable(),
  flag: z.string().nullable(),
  shipType: nullableNumber,
  lengthM: nullableNumber,
  beamM: nullableNumber,
  firstSeenMs: nullableNumber,
  lastSeenMs: nullableNumber,
  positionCount: z.number(),
});

export const identitySchema = z.object({
  mmsi: z.number(),
  imo: nullableNumber,
  name: z.string().nullable(),
  callSign: z.string().nullable(),
  shipType: nullableNumber,
  lengthM: nullableNumber,
  beamM: nullableNumber,
  flag: z.string().nullable(),
  firstSeenMs: nullableNumber,
  lastSeenMs: nullableNumber,
  reportCount: z.number(),
});

export const voyageReportSchema = z.object({
  mmsi: z.number(),
  tsMs: nullableNumber,
  draughtM: nullableNumber,
  destination: z.string().nullable(),
  eta: z.string().nullable(),
  source: z.string().nullable(),
});

export const vesselsResponse = z.object({
  simulated: simulatedFlag,
  vessels: z.array(vesselSchema),
  total: z.number().describe('vessels matching the query, on every page together'),
  next: pageNext,
});

const sanctionMatchSchema = z.object({
  by: z.enum(['imo', 'mmsi']).describe('what matched: IMO first, MMSI only where either side has no IMO'),
  sourceId: z.string(),
  name: z.string().nullable(),
  topics: z.array(z.string()),
  datasets: z.array(z.string()),
  url: z.string().nullable(),
});

export const vesselResponse = z.object({
  simulated: simulatedFlag,
  vessel: vesselSchema,
  identities: z.array(identitySchema),
  voyageReports: z.array(voyageReportSchema),
  sanctions: z
    .object({
      /** Imported records (tallyman sanctions import); 0 means none were imported. */
      recordsImported: z.number(),
      sanctions: z.array(sanctionMatchSchema),
      detentions: z.array(sanctionMatchSchema),
    })
    .describe('OpenSanctions matches, sanctions and port-state detentions kept apart'),
});

const trackHeader = {
  simulated: simulatedFlag,
  mmsi: z.number(),
  count: z.number().describe('fixes in the range'),
  returned: z.number().describe('fixes sent (fewer when downsampled)'),
};

const varintColumn = z.string().regex(/^[A-Za-z0-9_-]*$/);

export const compactTrackB64Schema = z
  .object({
    ...trackHeader,
    encoding: z.literal('delta-b64'),
    tUnitMs: z
      .union([z.literal(1), z.literal(1000)])
      .describe('the unit of `t` in ms: 1000 when every fix time is a whole second, else 1'),
    t: varintColumn.describe(
      'unsigned varints: the first fix time in `tUnitMs` since the Unix epoch, then the (non-negative) difference from the previous fix',
    ),
    x: varintColumn.describe(
      'zigzag varints: longitude in 1e-5 degrees, the first from 0, then the difference from the previous fix',
    ),
    y: varintColumn.describe(
      'zigzag varints: latitude in 1e-5 degrees, the first from 0, then the difference from the previous fix',
    ),
  })
  .describe(
    'Each of t, x, y holds `returned` variable-length integers written in the base64url alphabet (A–Z a–z 0–9 - _ = values 0–63). Each character carries 5 data bits (value & 31), least significant group first; a character worth 32 or more means the same integer continues in the next character. Signed differences are zigzag-mapped (0, -1, 1, -2, … → 0, 1, 2, 3, …: n ≥ 0 → 2n, n < 0 → -2n - 1). Decode by summing: value = previous + difference. Integers can exceed 2^32 (times), so decode with arithmetic, not 32-bit bit operations.',
  );

export const compactTrackArraysSchema = z
  .object({
    ...trackHeader,
    encoding: z.literal('delta-e5'),
    tsMs: z.array(z.number()).describe('first value, then differences, ms'),
    lonE5: z.array(z.number()).describe('first value, then differences, 1e-5 degrees'),
    latE5: z.array(z.number()).describe('first value, then differences, 1e-5 degrees'),
  })
  .describe('`encoding=arrays`: the same differences as JSON number arrays');

export const compactTrackSchema = z
  .discriminatedUnion('encoding', [compactTrackB64Schema, compactTrackArraysSchema])
  .describe('a time-ordered track, delta-encoded; `encoding` says which form');

export const tracksResponse = z.object({ simulated: simulatedFlag, tracks: z.array(compactTrackSchema) });

export const moduleStatus = z.object({
  available: z.boolean(),
  reason: z.string().nullable().describe('why not, when not available'),
});

export const metaResponse = z.object({
  name: z.literal('tallyman'),
  version: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  simulated: simulatedFlag,
  simulatedSources: z.array(z.string()).describe('ingested inputs marked simulated'),
  counts: z.object({
    vessels: z.number(),
    positions: z.number(),
    ingestRuns: z.number(),
    events: nullableNumber,
    shipments: nullableNumber,
  }),
  timeRange: z.object({ fromMs: z.number(), toMs: z.number() }).nullable(),
  modules: z.record(z.string(), moduleStatus),
});

export const areaFeatureCollection = z.object({
  simulated: simulatedFlag,
  userAreas: z.number().describe('areas from the store (added to, or replacing, the bundled set)'),
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string().optional(),
      geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
      properties: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const eventSchema = z.object({
  id: z.string(),
  type: z.string(),
  mmsi: z.number(),
  mmsi2: nullableNumber,
  startMs: z.number(),
  endMs: z.number(),
  lon: nullableNumber,
  lat: nullableNumber,
  confidence: nullableNumber,
  details: z.unknown(),
});

export const eventsResponse = z.object({
  simulated: simulatedFlag,
  available: z.boolean(),
  reason: z.string().nullable(),
  events: z.array(eventSchema).describe('by start time, then id'),
  total: z.number().describe('events matching the query, on every page together (0 when not available)'),
  next: pageNext,
});
