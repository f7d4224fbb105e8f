/**
 * The scenario file (JSON): what the simulator stages. Validated with zod; every error names the
 * JSON path and the reason, and cross-references (place, ship and route ids) are checked after the
 * shape. Times are ISO 8601 UTC strings in the file and epoch ms (`…Ms`) once parsed by the planner.
 */
import { z } from 'zod';

const isoTime = z
  .string()
  .refine(
    (s) => /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?Z)?$/.test(s) && Number.isFinite(Date.parse(s)),
    {
      message: 'expected an ISO 8601 UTC time like 2023-08-15 or 2023-08-15T06:00:00Z',
    },
  );
const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);
const point = z.object({ lat, lon }).strict();
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id (a-z, 0-9, -)');
const range = z
  .object({ min: z.number(), max: z.number() })
  .strict()
  .refine((r) => r.min <= r.max, { message: 'min must not exceed max' });
const probability = z.number().min(0).max(1);
const mmsi = z.number().int().min(100000000).max(999999999);
const imo = z.number().int().min(1000000).max(9999999);
const aisText = (max: number) =>
  z
    .string()
    .max(max)
    .regex(
      /^[A-Z0-9 @\-.,/'()]*$/,
      `expected upper-case AIS text (A–Z, 0–9, space, -.,/'()) up to ${max} characters`,
    );

const note = z.object({ topic: z.string(), text: z.string(), source: z.string() }).strict();

const place = z
  .object({
    id,
    name: z.string(),
    lat,
    lon,
    kind: z.enum(['port', 'naval-facility', 'shipyard', 'anchorage', 'border']),
    /** Radius of the area around the place used for port calls, metres. */
    radiusM: z.number().positive().max(50000),
    areaOfInterest: z.boolean(),
    /** Name a crew types into the AIS destination field. */
    aisName: aisText(20),
    note: z.string().optional(),
  })
  .strict();

const route = z.object({ from: id, to: id, via: z.array(point) }).strict();

const ship = z
  .object({
    id,
    name: aisText(20),
    imo: imo.nullable(),
    mmsi,
    callSign: aisText(7),
    /** ITU ship type 0–99 (70 cargo). */
    shipType: z.number().int().min(0).max(99),
    lengthM: z.number().min(10).max(400),
    beamM: z.number().min(3).max(70),
    ballastDraughtM: z.number().min(1).max(25),
    maxDraughtM: z.number().min(1).max(25),
    serviceSpeedKnots: z.number().min(3).max(30),
    teu: z.number().int().positive().nullable(),
    homePort: id,
    /** Fields of this record that are not from a public source but invented for the simulation. */
    simulatedFields: z.array(z.string()),
    note: z.string(),
  })
  .strict()
  .refine((s) => s.ballastDraughtM <= s.maxDraughtM, {
    message: 'ballastDraughtM must not exceed maxDraughtM',
  });

const shipWindow = z
  .object({
    ship: id,
    from: isoTime,
    to: isoTime,
    weight: z.number().positive(),
    destinations: z.record(id, z.number().nonnegative()),
    containers: range.optional(),
    note: z.string().optional(),
  })
  .strict();

const shipments = z
  .object({
    origin: id,
    phases: z.array(
      z.object({ from: isoTime, to: isoTime, count: z.number().int().min(0), note: z.string() }).strict(),
    ),
    ships: z.array(shipWindow).min(1),
    fixed: z.array(
      z
        .object({
          ship: id,
          departOriginAt: isoTime,
          destination: id,
          containers: z.number().int().positive().optional(),
          note: z.string(),
        })
        .strict(),
    ),
    containers: range,
    /** Gross tonnes per loaded container (used for the draught change). */
    containerTonnes: range,
    loadingHours: range,
    unloadingHours: range,
    /** Least idle time at home between two cycles of one ship. */
    minIdleDays: z.number().min(0),
  })
  .strict();

const aisPolicy = z
  .object({
    /** The transponder goes off this far (along the route) before the origin on the ballast leg. */
    darkBeforeOriginNm: z.number().min(0),
    /** Chance that a ship stays dark through unloading and switches on only after leaving. */
    darkAtDestinationProbability: probability,
    /** Chance of a brief switch-on in the middle of a laden leg, and how long it lasts. */
    briefOn: z.object({ probability, durationMin: z.number().positive(), legFraction: range }).strict(),
  })
  .strict();

const shipyard = z
  .object({
    kind: z.literal('shipyard'),
    id,
    ship: id,
    place: id,
    departHomeAt: isoTime,
    departPlaceAt: isoTime,
    via: z.array(point),
    /** The transponder is off on the way out except for a brief switch-on at this waypoint of `via`. */
    darkOutbound: z.boolean(),
    briefOnAtVia: z.number().int().min(0).nullable(),
    briefOnMin: z.number().positive(),
    note: z.string(),
  })
  .strict();

const partner = z
  .object({
    id,
    name: aisText(20),
    imo: imo.nullable(),
    mmsi,
    callSign: aisText(7),
    shipType: z.number().int().min(0).max(99),
    lengthM: z.number().min(10).max(400),
    beamM: z.number().min(3).max(70),
    draughtM: z.number().min(1).max(25),
    serviceSpeedKnots: z.number().min(3).max(30),
    homePort: id,
    via: z.array(point),
    simulatedFields: z.array(z.string()),
    note: z.string(),
  })
  .strict();

const encounter = z
  .object({
    kind: z.literal('encounter'),
    id,
    ship: id,
    /** When both ships are alongside at `position`. */
    at: isoTime,
    durationH: z.number().positive().max(48),
    position: point,
    separationM: z.number().positive().max(2000),
    driftKnots: z.number().min(0).max(3),
    /** Route from the ship's home port to `position` (reversed for the way back). */
    via: z.array(point),
    partner,
    note: z.string(),
  })
  .strict();

const spoof = z
  .object({
    id,
    ship: id,
    from: isoTime,
    durationH: z.number().positive().max(72),
    reportedPosition: point,
    note: z.string(),
  })
  .strict();

const identityChange = z
  .object({ id, ship: id, at: isoTime, mmsi, name: aisText(20), callSign: aisText(7), note: z.string() })
  .strict();

const lane = z
  .object({
    id,
    /** Place ids of the ends; a place end is a port call, a null end is where the lane leaves the simulated sea. */
    from: id.nullable(),
    to: id.nullable(),
    via: z.array(point),
    weight: z.number().positive(),
    shipTypes: z.array(z.number().int().min(0).max(99)).min(1),
    speedKnots: range,
    /** Vessels keep a constant sideways offset from the lane axis, up to this many nm. */
    widthNm: z.number().min(0),
  })
  .strict();

const background = z
  .object({
    /** Cargo and tanker vessels on lanes (class A); each appears for one trip in the period. */
    laneVessels: z.number().int().min(0),
    /** Fishing boats (class B) loitering in boxes. */
    fishingVessels: z.number().int().min(0),
    lanes: z.array(lane),
    fishingGrounds: z.array(
      z.object({ id, south: lat, north: lat, west: lon, east: lon, weight: z.number().positive() }).strict(),
    ),
    loiterHours: range,
    fishingSpeedKnots: range,
    dwellHours: range,
    /** MID prefixes drawn for background MMSIs (e.g. 273 Russia, 440 Korea, 431 Japan). */
    mids: z.array(z.number().int().min(201).max(775)).min(1),
  })
  .strict();

const coverage = z
  .object({
    stations: z.array(
      z.object({ id, lat, lon, rangeNm: z.number().positive(), detectionProbability: probability }).strict(),
    ),
    satellite: z
      .object({
        id,
        passIntervalMin: z.number().positive(),
        passJitterMin: z.number().min(0),
        passDurationMin: z.number().positive(),
        detectionProbability: probability,
      })
      .strict()
      .nullable(),
    /** Emit one line per receiving station (true) or only the first station in list order. */
    keepDuplicates: z.boolean(),
  })
  .strict();

const reporting = z
  .object({
    /** Class A under way: ITU-R M.1371 says 2–10 s; thinned to keep files small. */
    underwayIntervalS: z.number().min(2),
    /** Class A moored or at anchor: ITU says 180 s. */
    mooredIntervalS: z.number().min(2),
    /** Class B CS: ITU says 30 s above 2 kn, 180 s below. */
    classBIntervalS: z.number().min(2),
    /** Type 5 / type 24: ITU says every 6 min. */
    staticIntervalS: z.number().min(6),
    speedNoiseKnots: z.number().min(0),
    writeDmaCsv: z.boolean(),
    /** Limit the DMA CSV (about twice the NMEA's size per report) to this window; null = the whole period. */
    dmaCsvWindow: z.object({ start: isoTime, end: isoTime }).strict().nullable(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: id,
    description: z.string(),
    simulated: z.literal(true),
    seed: z.number().int().min(0).max(4294967295),
    period: z.object({ start: isoTime, end: isoTime }).strict(),
    notes: z.array(note),
    reporting,
    places: z.array(place).min(1),
    routes: z.array(route),
    fleet: z.array(ship).min(1),
    shipments,
    aisPolicy,
    excursions: z.array(z.discriminatedUnion('kind', [shipyard, encounter])),
    spoofs: z.array(spoof),
    identityChanges: z.array(identityChange),
    background,
    coverage,
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioPlace = z.infer<typeof place>;
export type ScenarioShip = z.infer<typeof ship>;
export type ScenarioLane = z.infer<typeof lane>;
export type ShipyardExcursion = z.infer<typeof shipyard>;
export type EncounterExcursion = z.infer<typeof encounter>;
export type ScenarioPoint = z.infer<typeof point>;

export interface ScenarioError {
  /** JSON path like `fleet[2].mmsi`, or `(root)`. */
  path: string;
  reason: string;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(root)' : out;
}

/** Ids that must exist: places, ships, and the time order of periods. */
function crossCheck(s: Scenario): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const places = new Set(s.places.map((p) => p.id));
  const ships = new Set(s.fleet.map((f) => f.id));
  const dup = (items: readonly { id: string }[], path: string) => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.id)) errors.push({ path: `${path}[${i}].id`, reason: `duplicate id "${it.id}"` });
      seen.add(it.id);
    });
  };
  const needPlace = (v: string | null, path: string) => {
    if (v !== null && !places.has(v)) errors.push({ path, reason: `unknown place "${v}"` });
  };
  const needShip = (v: string, path: string) => {
    if (!ships.has(v)) errors.push({ path, reason: `unknown ship "${v}"` });
  };
  const order = (from: string, to: string, path: string) => {
    if (Date.parse(from) >= Date.parse(to)) errors.push({ path, reason: `${from} is not before ${to}` });
  };
  dup(s.places, 'places');
  dup(s.fleet, 'fleet');
  order(s.period.start, s.period.end, 'period');
  const mmsis = new Set<number>();
  s.fleet.forEach((f, i) => {
    needPlace(f.homePort, `fleet[${i}].homePort`);
    if (mmsis.has(f.mmsi)) errors.push({ path: `fleet[${i}].mmsi`, reason: `duplicate MMSI ${f.mmsi}` });
    mmsis.add(f.mmsi);
  });
  s.routes.forEach((r, i) => {
    needPlace(r.from, `routes[${i}].from`);
    needPlace(r.to, `routes[${i}].to`);
  });
  const sh = s.shipments;
  needPlace(sh.origin, 'shipments.origin');
  sh.phases.forEach((p, i) => {
    order(p.from, p.to, `shipments.phases[${i}]`);
  });
  sh.ships.forEach((w, i) => {
    needShip(w.ship, `shipments.ships[${i}].ship`);
    order(w.from, w.to, `shipments.ships[${i}]`);
    for (const d of Object.keys(w.destinations)) needPlace(d, `shipments.ships[${i}].destinations.${d}`);
    if (Object.values(w.destinations).every((x) => x === 0)) {
      errors.push({ path: `shipments.ships[${i}].destinations`, reason: 'at least one weight must be > 0' });
    }
  });
  sh.fixed.forEach((f, i) => {
    needShip(f.ship, `shipments.fixed[${i}].ship`);
    needPlace(f.destination, `shipments.fixed[${i}].destination`);
  });
  s.excursions.forEach((e, i) => {
    needShip(e.ship, `excursions[${i}].ship`);
    if (e.kind === 'shipyard') {
      needPlace(e.place, `excursions[${i}].place`);
      order(e.departHomeAt, e.departPlaceAt, `excursions[${i}]`);
      if (e.briefOnAtVia !== null && e.briefOnAtVia >= e.via.length) {
        errors.push({
          path: `excursions[${i}].briefOnAtVia`,
          reason: `no waypoint ${e.briefOnAtVia} in via`,
        });
      }
    } else {
      needPlace(e.partner.homePort, `excursions[${i}].partner.homePort`);
      if (mmsis.has(e.partner.mmsi)) {
        errors.push({
          path: `excursions[${i}].partner.mmsi`,
          reason: `MMSI ${e.partner.mmsi} is a fleet ship's`,
        });
      }
    }
  });
  s.spoofs.forEach((x, i) => {
    needShip(x.ship, `spoofs[${i}].ship`);
  });
  s.identityChanges.forEach((x, i) => {
    needShip(x.ship, `identityChanges[${i}].ship`);
  });
  s.background.lanes.forEach((l, i) => {
    needPlace(l.from, `background.lanes[${i}].from`);
    needPlace(l.to, `background.lanes[${i}].to`);
    const ends = (l.from === null ? 0 : 1) + (l.to === null ? 0 : 1) + l.via.length;
    if (ends < 2) errors.push({ path: `background.lanes[${i}]`, reason: 'a lane needs at least two points' });
  });
  s.background.fishingGrounds.forEach((g, i) => {
    if (g.south >= g.north || g.west >= g.east) {
      errors.push({
        path: `background.fishingGrounds[${i}]`,
        reason: 'south < north and west < east expected',
      });
    }
  });
  return errors;
}

/** Validates a parsed JSON value as a scenario. */
export function validateScenario(value: unknown): ParseResult {
  const r = scenarioSchema.safeParse(value);
  if (!r.success) {
    return { ok: false, errors: r.error.issues.map((i) => ({ path: pathText(i.path), reason: i.message })) };
  }
  const errors = crossCheck(r.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scenario: r.data };
}

/** Parses scenario JSON text; a syntax error is reported with the parser's position. */
export function parseScenario(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '(root)', reason: `invalid JSON: ${(e as Error).message}` }] };
  }
  return validateScenario(value);
}

/** One line per error, prefixed by the file name, for the CLI. */
export function formatScenarioErrors(file: string, errors: readonly ScenarioError[]): string {
  return errors.map((e) => `${file}: ${e.path}: ${e.reason}`).join('\n');
}
