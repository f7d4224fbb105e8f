/**
 * Observations in: validated with zod (every message names the field), then stored in one
 * transaction with an audit entry each. `recordSighting` and `recordContainerObservation` are the
 * calls the imagery module uses; `importObservations` loads a JSON file of all three kinds,
 * keeping the good entries and listing the bad ones by path and reason.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { LedgerError } from '../audit/ledger-error.js';
import type { Database } from '../store/schema.js';
import { parseTime } from '../time/parse-time.js';
import { insertContainers, insertRail, insertSighting, observeTx } from './store.js';
import { CONTAINER_METHODS, IDENTIFIED_BY, RAIL_UNITS } from './types.js';

// A JSON number is epoch milliseconds; a string goes through the project's one time parser.
const time = z.union([z.number().int(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const r = parseTime(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: `"${v}": ${r.reason}` });
    return z.NEVER;
  }
  return r.tsMs;
});
const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
const count = z.number().nonnegative();

/**
 * A count is given exactly (`count`) or as a range (`countMin`, optionally `countMax`); both are
 * stored as a range, so an estimate treats "12" and "10–14" alike. One rule for every observation
 * that counts something, so containers and rail cars accept and refuse the same input.
 */
function withCountRange<T extends { count?: number; countMin?: number; countMax?: number; observed: number }>(
  o: T,
  ctx: z.RefinementCtx,
) {
  const min = o.countMin ?? o.count;
  const max = o.countMax ?? o.count ?? o.countMin;
  if (min === undefined || max === undefined) {
    ctx.addIssue({ code: 'custom', message: 'give count, or countMin and countMax' });
    return z.NEVER;
  }
  if (max < min) {
    ctx.addIssue({ code: 'custom', message: `countMax ${max} is below countMin ${min}` });
    return z.NEVER;
  }
  const { count: _c, countMin: _a, countMax: _b, observed, ...rest } = o;
  return { ...rest, observedMs: observed, countMin: min, countMax: max };
}

export const sightingInput = z
  .object({
    provider: z.string().min(1),
    imageId: z.string().min(1),
    acquired: time,
    gsdM: z.number().positive().nullable().default(null),
    footprint: z
      .array(z.tuple([lon, lat]))
      .min(3)
      .nullable()
      .default(null),
    lon,
    lat,
    mmsi: z.number().int().min(1).max(999_999_999).nullable().default(null),
    vesselName: z.string().nullable().default(null),
    identifiedBy: z.array(z.enum(IDENTIFIED_BY)).default([]),
    idConfidence: z.number().min(0).max(1).default(0.5),
    evidenceId: z.number().int().positive().nullable().default(null),
    simulated: z.boolean().default(false),
    note: z.string().nullable().default(null),
  })
  .strict();
export type SightingInput = z.input<typeof sightingInput>;

export const containerInput = z
  .object({
    observed: time,
    place: z.string().min(1),
    lon: lon.nullable().default(null),
    lat: lat.nullable().default(null),
    count: count.optional(),
    countMin: count.optional(),
    countMax: count.optional(),
    sizeFt: z
      .union([z.literal(20), z.literal(40)])
      .nullable()
      .default(null),
    method: z.enum(CONTAINER_METHODS),
    imageEvidenceId: z.number().int().positive().nullable().default(null),
    sightingId: z.number().int().positive().nullable().default(null),
    simulated: z.boolean().default(false),
    note: z.string().nullable().default(null),
  })
  .strict()
  .transform(withCountRange);
export type ContainerInput = z.input<typeof containerInput>;

export const railInput = z
  .object({
    place: z.string().min(1),
    lon: lon.nullable().default(null),
    lat: lat.nullable().default(null),
    observed: time,
    unit: z.enum(RAIL_UNITS),
    count: count.optional(),
    countMin: count.optional(),
    countMax: count.optional(),
    shipmentIds: z.array(z.number().int().positive()).default([]),
    evidenceId: z.number().int().positive().nullable().default(null),
    simulated: z.boolean().default(false),
    note: z.string().nullable().default(null),
  })
  .strict()
  .transform(withCountRange);
export type RailInput = z.input<typeof railInput>;

export const observationsFile = z
  .object({
    simulated: z.boolean().optional(),
    note: z.string().optional(),
    sightings: z.array(z.unknown()).default([]),
    containers: z.array(z.unknown()).default([]),
    rail: z.array(z.unknown()).default([]),
  })
  .strict();

export interface ObservationError {
  /** JSON path, e.g. `containers[3].countMax`. */
  path: string;
  reason: string;
}

const issuesOf = (prefix: string, e: z.ZodError): ObservationError[] =>
  e.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].join('.').replace(/\.(\d+)/g, '[$1]'),
    reason: i.message,
  }));

export class ObservationInputError extends Error {
  constructor(readonly errors: ObservationError[]) {
    super(errors.map((e) => `${e.path}: ${e.reason}`).join('; '));
  }
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, label: string): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ObservationInputError(issuesOf(label, r.error));
  return r.data;
}

/** Records one imagery sighting; returns its id. Throws ObservationInputError on bad input. */
export async function recordSighting(
  db: Kysely<Database>,
  input: SightingInput,
  actor: string,
  nowMs = Date.now(),
) {
  const s = parseOrThrow(sightingInput, input, 'sighting');
  const { acquired, ...rest } = s;
  return observeTx(db, actor, nowMs, (c) => insertSighting(c, { ...rest, acquiredMs: acquired }));
}

/** Records one container count (or measured stack) on an image; returns its id. */
export async function recordContainerObservation(
  db: Kysely<Database>,
  input: ContainerInput,
  actor: string,
  nowMs = Date.now(),
) {
  const o = parseOrThrow(containerInput, input, 'containers');
  return observeTx(db, actor, nowMs, (c) => insertContainers(c, o));
}

export async function recordRailObservation(
  db: Kysely<Database>,
  input: RailInput,
  actor: string,
  nowMs = Date.now(),
) {
  const o = parseOrThrow(railInput, input, 'rail');
  return observeTx(db, actor, nowMs, (c) => insertRail(c, o));
}

export interface ImportResult {
  sightings: number;
  containers: number;
  rail: number;
  errors: ObservationError[];
}

/**
 * Loads an observations document. Bad entries are listed (path and reason) and skipped; the good
 * ones land together. A container entry may name its sighting by `sightingIndex` (position in
 * this file's `sightings`) instead of `sightingId`.
 */
export async function importObservations(
  db: Kysely<Database>,
  doc: unknown,
  actor: string,
  nowMs = Date.now(),
): Promise<ImportResult> {
  const top = observationsFile.safeParse(doc);
  if (!top.success) return { sightings: 0, containers: 0, rail: 0, errors: issuesOf('$', top.error) };
  const errors: ObservationError[] = [];
  const fileSimulated = top.data.simulated === true;
  const sightings = top.data.sightings.map((v, i) => {
    const r = sightingInput.safeParse(v);
    if (!r.success) errors.push(...issuesOf(`sightings[${i}]`, r.error));
    return r.success ? r.data : null;
  });
  const containers = top.data.containers.map((v, i) => {
    const raw = v && typeof v === 'object' ? { ...(v as Record<string, unknown>) } : v;
    let sightingIndex: number | null = null;
    if (raw && typeof raw === 'object' && 'sightingIndex' in raw) {
      sightingIndex = Number((raw as Record<string, unknown>).sightingIndex);
      delete (raw as Record<string, unknown>).sightingIndex;
    }
    const r = containerInput.safeParse(raw);
    if (!r.success) errors.push(...issuesOf(`containers[${i}]`, r.error));
    return r.success ? { o: r.data, sightingIndex } : null;
  });
  const rail = top.data.rail.map((v, i) => {
    const r = railInput.safeParse(v);
    if (!r.success) errors.push(...issuesOf(`rail[${i}]`, r.error));
    return r.success ? r.data : null;
  });
  // An unknown evidence, sighting or shipment id is found by a lookup before the insert, so the
  // entry is skipped and listed while the transaction goes on with the rest.
  const refChecked = async (path: string, f: () => Promise<number>): Promise<number | null> => {
    try {
      return await f();
    } catch (err) {
      if (!(err instanceof LedgerError)) throw err;
      errors.push({ path, reason: err.message });
      return null;
    }
  };
  return observeTx(db, actor, nowMs, async (c) => {
    const ids: Array<number | null> = [];
    let ns = 0;
    let nc = 0;
    let nr = 0;
    for (const s of sightings) {
      if (s === null) {
        ids.push(null);
        continue;
      }
      const { acquired, ...rest } = s;
      const id = await refChecked(`sightings[${ids.length}]`, () =>
        insertSighting(c, { ...rest, simulated: rest.simulated || fileSimulated, acquiredMs: acquired }),
      );
      ids.push(id);
      if (id !== null) ns++;
    }
    for (const [i, x] of containers.entries()) {
      if (x === null) continue;
      let sightingId = x.o.sightingId;
      if (x.sightingIndex !== null) {
        sightingId = ids[x.sightingIndex] ?? null;
        if (sightingId === null) {
          errors.push({
            path: `containers[${i}].sightingIndex`,
            reason: `no stored sighting at index ${x.sightingIndex}`,
          });
          continue;
        }
      }
      const id = await refChecked(`containers[${i}]`, () =>
        insertContainers(c, { ...x.o, sightingId, simulated: x.o.simulated || fileSimulated }),
      );
      if (id !== null) nc++;
    }
    for (const [i, r] of rail.entries()) {
      if (r === null) continue;
      const id = await refChecked(`rail[${i}]`, () =>
        insertRail(c, { ...r, simulated: r.simulated || fileSimulated }),
      );
      if (id !== null) nr++;
    }
    return { sightings: ns, containers: nc, rail: nr, errors };
  });
}
