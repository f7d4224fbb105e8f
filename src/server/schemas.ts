/** The API's shapes as zod schemas: inputs are parsed with them, the OpenAPI document made from them. */
import { z } from 'zod';
import { POLYGON_MAX_VERTICES } from '../imagery/rect.js';
import { parseTime, TIME_FORMS, TIME_LIMIT_MS } from '../time/parse-time.js';
import { STATION_KINDS, type StationKind } from '../tracks/station.js';
import { OVERVIEW } from './overview.js';

/**
 * Text limits, in characters. Every text field has one: a field without is an open door for a
 * megabyte stored once and served back on every request (the body limit, defences.ts, caps the
 * total).
 */
export const REASON_MAX_CHARS = 10_000;
const TIME_MAX_CHARS = 64;
const EVENT_TYPES_MAX_CHARS = 1_000;

export { TIME_LIMIT_MS };

const isoOrMs = z
  .string()
  .max(TIME_MAX_CHARS)
  .transform((s, ctx) => {
    const r = parseTime(s);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: `"${s}": ${r.reason}` });
      return z.NEVER;
    }
    return r.tsMs;
  })
  .describe(TIME_FORMS);

export const mmsiParam = z.object({
  mmsi: z.coerce.number().int().min(1).max(999_999_999).describe('the vessel MMSI'),
});

export const rangeQuery = z.object({ from: isoOrMs.optional(), to: isoOrMs.optional() });

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

const nullableNumber = z.number().nullable();

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

/** Present on every dataset-derived answer, so no client can forget to say "simulated". */
export const simulatedFlag = z.boolean().describe('true when the data comes from a simulated scenario');

const pageNext = z
  .string()
  .nullable()
  .describe('the cursor of the next page (pass it as `cursor`), or null on the last page');

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

export const openApiResponse = z.object({ openapi: z.string() }).loose();

export const exportQuery = rangeQuery.extend({
  vessel: z.coerce
    .number()
    .int()
    .min(1)
    .max(999_999_999)
    .optional()
    .describe('one vessel (MMSI); all when absent'),
  minPositions: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000_000)
    .default(1)
    .describe('only vessels with at least this many fixes'),
});

export const positionsCsvQuery = rangeQuery.extend({
  vessel: z.coerce.number().int().min(1).max(999_999_999).describe('the vessel (MMSI)'),
});

const rangeSchema = z.object({ min: z.number(), max: z.number() }).nullable();

/** Why a stored shipment needs an analyst's look after re-detection (ledger.ts `ReviewFlag`). */
const reviewSchema = z
  .object({
    reason: z.enum(['changed', 'not-detected']),
    detectedMs: z.number(),
    differences: z.array(
      z.object({
        field: z.string(),
        stored: z.union([z.string(), z.number()]).nullable(),
        detected: z.union([z.string(), z.number()]).nullable(),
      }),
    ),
  })
  .nullable()
  .describe('set when a re-detection disagrees with a confirmed or rejected shipment');

/** A shipment as the ledger keeps it (src/shipments/ledger.ts `Shipment`). */
export const shipmentSchema = z
  .object({
    id: z.number(),
    status: z.enum(['proposed', 'confirmed', 'rejected']),
    number: z
      .number()
      .nullable()
      .describe('given on first confirmation and never changed or reused (kept if later rejected)'),
    dateOrder: z
      .number()
      .nullable()
      .optional()
      .describe('confirmed shipments: 1, 2, … in departure order (moves; the number does not)'),
    mmsi: z.number(),
    vesselName: z.string().nullable(),
    originAreaId: z.string(),
    originKind: z.string(),
    destinationAreaId: z.string(),
    destinationKind: z.string(),
    departMs: z.number(),
    arriveMs: z.number(),
    transitMs: z.number(),
    dark: z.boolean(),
    confidence: z.number().describe('1 (weak) … 4 (strong)'),
    supports: z.array(z.object({ kind: z.string(), role: z.string(), ref: z.string() })),
    draughtFromM: nullableNumber,
    draughtToM: nullableNumber,
    cargoMassT: rangeSchema,
    containersLoaded: rangeSchema,
    containersDischarged: rangeSchema,
    path: z.array(z.tuple([z.number(), z.number()])),
    decidedBy: z.string().nullable(),
    decidedMs: nullableNumber,
    decisionReason: z.string().nullable(),
    approvedBy: z
      .string()
      .nullable()
      .describe('four-eyes: who approved the confirmation (never its confirmer)'),
    approvedMs: nullableNumber,
    review: reviewSchema,
    note: z.string().nullable(),
  })
  .loose();

export const shipmentsQuery = z.object({
  status: z.enum(['proposed', 'confirmed', 'rejected']).optional(),
  vessel: z.coerce.number().int().min(1).max(999_999_999).optional(),
});

export const shipmentsResponse = z.object({
  simulated: simulatedFlag,
  counts: z.object({ proposed: z.number(), confirmed: z.number(), rejected: z.number() }),
  shipments: z.array(shipmentSchema),
});

export const idParam = z.object({ id: z.coerce.number().int().min(1).describe('the shipment id') });

export const shipmentResponse = z.object({
  simulated: simulatedFlag,
  shipment: shipmentSchema,
  evidenceIds: z.array(z.number()).describe('evidence items linked to this shipment'),
  revisions: z.array(z.unknown()).describe('every earlier state of the row'),
});

/** The reason a ledger write must give (`missing`: the message when it is empty). */
const reasonField = (missing: string) =>
  z
    .string()
    .max(REASON_MAX_CHARS, `a reason of at most ${REASON_MAX_CHARS} characters`)
    .trim()
    .min(1, missing);

/** `by`: who acts, as the request names them (single-user mode; accounts mode records the user). */
const byField = (description: string) => z.string().trim().min(1).max(100).optional().describe(description);

export const decisionBody = z.object({
  decision: z.enum(['confirm', 'reject']),
  reason: reasonField('a decision needs a reason'),
  by: byField('who decides (no accounts yet: recorded as given)'),
});

export const approveBody = z.object({
  reason: reasonField('an approval needs a reason'),
  by: byField('who approves (no accounts yet: recorded as given; in accounts mode the logged-in user)'),
});

export const approveResponse = z.object({
  simulated: simulatedFlag,
  shipment: shipmentSchema,
});

export const decisionResponse = z.object({
  simulated: simulatedFlag,
  shipment: shipmentSchema,
  renumbered: z
    .array(z.object({ id: z.number(), from: z.number().nullable(), to: z.number().nullable() }))
    .describe('the number this decision gave (at most one entry; no other number ever changes)'),
});

export const evidenceResponse = z.object({
  simulated: simulatedFlag,
  items: z.array(
    z
      .object({
        id: z.number(),
        version: z.number(),
        title: z.string(),
        kind: z.string(),
        sha256: z.string(),
        grade: z.object({ reliability: z.string(), credibility: z.number() }),
        simulated: z.boolean(),
      })
      .loose(),
  ),
  claimGroups: z.array(
    z.object({
      measure: z.string(),
      unit: z.string().nullable(),
      claims: z.array(z.object({ id: z.number(), statement: z.string() }).loose()),
      conflicts: z.array(z.tuple([z.number(), z.number()])),
    }),
  ),
  claims: z.array(z.object({ id: z.number(), statement: z.string() }).loose()),
});

export const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(200) });

export const auditResponse = z.object({
  simulated: simulatedFlag,
  total: z.number(),
  entries: z.array(
    z.object({
      seq: z.number(),
      tsMs: z.number(),
      actor: z.string(),
      action: z.string(),
      entity: z.string(),
      entityId: z.string(),
      detail: z.string().nullable(),
      hash: z.string(),
    }),
  ),
});

export const verifyResponse = z
  .object({
    ok: z.boolean(),
    auditEntries: z.number(),
    chainBreak: z.object({ seq: z.number(), reason: z.string() }).nullable(),
    filesChecked: z.number(),
    rowsChecked: z.number(),
  })
  .loose();

export const estimateQuery = z.object({
  basis: z
    .enum(['confirmed', 'all'])
    .default('confirmed')
    .describe(
      'confirmed shipments only (what a published figure rests on; with TALLYMAN_FOUR_EYES=1 only those also approved by a second person), or confirmed and proposed',
    ),
  seed: z.coerce.number().int().min(0).max(4294967295).default(1),
  samples: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
});

export const estimateResponse = z.object({
  simulated: simulatedFlag,
  basis: z.enum(['confirmed', 'all']),
  fourEyes: z
    .boolean()
    .describe('TALLYMAN_FOUR_EYES: the confirmed basis counts only shipments approved by a second person'),
  basisText: z
    .string()
    .describe('the basis in words, e.g. "confirmed and approved by a second person (four-eyes)"'),
  shipmentsCounted: z.number().describe('shipments on the basis (the estimate is over these)'),
  seed: z.number(),
  samples: z.number(),
  paramsFile: z.string(),
  paramsSha256: z
    .string()
    .describe('SHA-256 of the parameter file: with the seed and input, reproduces every figure'),
  inputSha256: z.string(),
  shipmentsInLedger: z.object({
    proposed: z.number(),
    confirmed: z.number(),
    rejected: z.number(),
    approved: z.number().describe('confirmed ones approved by a second person (four-eyes)'),
  }),
  result: z.object({ kind: z.enum(['estimate', 'no-observations']) }).loose(),
});

/** A full SHA-256: the API never hands a path to the imagery service (it would read it as a file). */
export const shaParam = z.object({ sha: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex') });

/**
 * Pixel coordinates and lengths: the largest satellite scene is some 10^5 pixels across, so 10^7
 * leaves room and keeps the geometry finite.
 */
const PIXEL_LIMIT = 10_000_000;
const pixel = z.number().min(-PIXEL_LIMIT).max(PIXEL_LIMIT);
const pixelLength = z.number().positive().max(PIXEL_LIMIT);

const point = z.tuple([pixel, pixel]);

export const stackBody = z.object({
  rect: z
    .object({
      cx: pixel,
      cy: pixel,
      lengthPx: pixelLength,
      widthPx: pixelLength,
      angleDeg: z.number().min(-360).max(360),
    })
    .optional()
    .describe('pixel rectangle: centre, sides and angle clockwise from +x'),
  polygon: z
    .array(point)
    .min(3)
    .max(POLYGON_MAX_VERTICES, `a stack polygon has at most ${POLYGON_MAX_VERTICES} vertices`)
    .optional(),
  shadowPx: pixelLength.optional().describe('shadow length in pixels, for tiers from the sun'),
  tiers: z.number().int().min(1).max(20).optional().describe('tiers, when read from the image instead'),
  size: z.union([z.literal(20), z.literal(40)]).optional(),
  edgePx: pixelLength.optional(),
  record: z.boolean().default(true).describe('record a container observation'),
});

export const shipBody = z.object({
  line: z.tuple([point, point]).describe('bow to stern, pixels'),
  beamLine: z.tuple([point, point]).optional(),
  edgePx: pixelLength.optional(),
  mmsi: z
    .number()
    .int()
    .min(1)
    .max(999_999_999)
    .optional()
    .describe('the analyst identification, recorded as a sighting'),
  record: z.boolean().default(true),
});

export const imagesResponse = z.object({
  simulated: simulatedFlag,
  images: z.array(
    z.object({ sha256: z.string(), fileName: z.string(), widthPx: z.number(), heightPx: z.number() }).loose(),
  ),
});

export const measurementsResponse = z.object({
  simulated: simulatedFlag,
  measurements: z.array(z.object({ id: z.number(), kind: z.enum(['stack', 'ship']) }).loose()),
});

export const measureResponse = z.object({ imageSha256: z.string() }).loose();

export const sightingsResponse = z.object({
  simulated: simulatedFlag,
  sightings: z.array(
    z
      .object({
        id: z.number(),
        acquiredMs: z.number(),
        lon: z.number(),
        lat: z.number(),
        mmsi: z.number().nullable(),
        vesselName: z.string().nullable(),
        provider: z.string(),
        simulated: z.boolean(),
      })
      .loose(),
  ),
});
