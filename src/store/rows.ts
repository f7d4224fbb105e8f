/**
 * Pure helpers between records and table rows: no I/O, the same for both engines.
 *
 * Keys: SQL unique constraints treat NULLs as distinct, so a unique index over nullable columns
 * would let the same null-bearing identity in twice. A distinct identity or voyage statement
 * therefore carries a non-null text key, the JSON of the values that make it distinct, and a
 * number per vessel that its reports refer to (see migrations/0007-report-numbers.ts).
 */
import type { StaticRecord } from '../tracks/records.js';

/** One distinct identity a vessel reported (a row of `vessel_identities` without its counts). */
export interface IdentityFields {
  mmsi: number;
  imo: number | null;
  name: string | null;
  callSign: string | null;
  shipType: number | null;
  lengthM: number | null;
  beamM: number | null;
  flag: string | null;
}

/**
 * A report's time as a key column (`ts_key`): its time, or this for a report that came without
 * one. Key columns cannot be NULL, and with NULL a report without a time would never match its
 * replay. No AIS receive time is anywhere near it.
 */
export const NO_TIME_KEY = Number.MIN_SAFE_INTEGER;

export type FlagOf = (mmsi: number) => string | null;

/** The identity tuple in a fixed order; its JSON is the identity key. */
function identityTuple(i: IdentityFields): unknown[] {
  return [i.imo, i.name, i.callSign, i.shipType, i.lengthM, i.beamM, i.flag];
}

export function identityKey(i: IdentityFields): string {
  return JSON.stringify(identityTuple(i));
}

/** The identity a static record states, or null when it states none (voyage data only). */
export function identityOf(s: StaticRecord, flagOf: FlagOf): IdentityFields | null {
  if (
    s.imo === null &&
    s.name === null &&
    s.callSign === null &&
    s.shipType === null &&
    s.lengthM === null &&
    s.beamM === null
  ) {
    return null;
  }
  return {
    mmsi: s.mmsi,
    imo: s.imo,
    name: s.name,
    callSign: s.callSign,
    shipType: s.shipType,
    lengthM: s.lengthM,
    beamM: s.beamM,
    flag: flagOf(s.mmsi),
  };
}

/** The voyage statement's key: JSON of [draught, destination, ETA] (`voyage_states.voyage_key`). */
export function voyageKey(v: Pick<StaticRecord, 'draughtM' | 'destination' | 'eta'>): string {
  return JSON.stringify([v.draughtM, v.destination, v.eta]);
}

/** Earliest/latest of two nullable times, a null never winning over a time. */
export function minMs(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
export function maxMs(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** What newly stored positions add to each vessel. */
export interface VesselDelta {
  mmsi: number;
  firstSeenMs: number | null;
  lastSeenMs: number | null;
  positionCount: number;
}

/** Folds (mmsi, tsMs) pairs of newly stored positions into one delta per vessel. */
export function addSeen(
  deltas: Map<number, VesselDelta>,
  mmsi: number,
  tsMs: number | null,
  positions: number,
): void {
  const d = deltas.get(mmsi);
  if (d === undefined) {
    deltas.set(mmsi, { mmsi, firstSeenMs: tsMs, lastSeenMs: tsMs, positionCount: positions });
    return;
  }
  d.firstSeenMs = minMs(d.firstSeenMs, tsMs);
  d.lastSeenMs = maxMs(d.lastSeenMs, tsMs);
  d.positionCount += positions;
}

/** A stored identity with its times, as `latestIdentity` reads it. */
export interface IdentitySeen extends IdentityFields {
  identityKey: string;
  lastSeenMs: number | null;
}

export type LatestIdentity = Omit<IdentityFields, 'mmsi'>;

/**
 * A vessel's current identity: each field from the most recently seen identity that states it.
 * Per field, because class B transponders send name (type 24 A) and call sign, type and size
 * (type 24 B) in separate reports. Ties on time are broken by the identity key so the result
 * does not depend on the order rows were stored in.
 */
export function latestIdentity(identities: readonly IdentitySeen[]): LatestIdentity {
  const ordered = [...identities].sort((a, b) => {
    const ta = a.lastSeenMs ?? Number.NEGATIVE_INFINITY;
    const tb = b.lastSeenMs ?? Number.NEGATIVE_INFINITY;
    if (ta !== tb) return tb - ta;
    return a.identityKey < b.identityKey ? 1 : a.identityKey > b.identityKey ? -1 : 0;
  });
  const pick = <K extends keyof LatestIdentity>(k: K): LatestIdentity[K] => {
    for (const i of ordered) if (i[k] !== null) return i[k];
    return null as LatestIdentity[K];
  };
  return {
    imo: pick('imo'),
    name: pick('name'),
    callSign: pick('callSign'),
    shipType: pick('shipType'),
    lengthM: pick('lengthM'),
    beamM: pick('beamM'),
    flag: pick('flag'),
  };
}

/** JSON with object keys sorted, so equal counts always serialise to equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = (v as Record<string, unknown>)[k];
    return out;
  });
}

/** The positions column order used by both engines' bulk inserts. */
export const POSITION_COLUMNS = [
  'mmsi',
  'ts_ms',
  'lon',
  'lat',
  'speed_knots',
  'course_deg',
  'heading_deg',
  'nav_status',
  'msg_type',
  'source',
  'ingest_run_id',
] as const;

/** A `vessel_identities` row as `latestIdentity` needs it, in the database's names. */
export interface IdentityRowDb {
  mmsi: number;
  identity_key: string;
  imo: number | null;
  name: string | null;
  call_sign: string | null;
  ship_type: number | null;
  length_m: number | null;
  beam_m: number | null;
  flag: string | null;
  last_seen_ms: number | null;
}

export function fromIdentityRowDb(r: IdentityRowDb): IdentitySeen {
  return {
    mmsi: r.mmsi,
    identityKey: r.identity_key,
    imo: r.imo,
    name: r.name,
    callSign: r.call_sign,
    shipType: r.ship_type,
    lengthM: r.length_m,
    beamM: r.beam_m,
    flag: r.flag,
    lastSeenMs: r.last_seen_ms,
  };
}
