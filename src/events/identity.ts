/**
 * Identity changes per MMSI and IMOs under several MMSIs, from static reports (AIS types 5, 19,
 * 24 or a CSV's identity columns) in time order. A field changes when a non-null value differs
 * from the last non-null one (null means "not sent", not "removed"). Names are compared
 * upper-cased with whitespace collapsed and AIS '@' padding removed; length and beam only when they
 * move by ≥ `identityMinDimensionChangeM` (reference-point noise); ship types by the kind of ship
 * they name (shipKindOf), not a voyage's hazard digit. Time-less reports cannot be
 * ordered and are left out. The flag is the MMSI's MID, so it cannot change within one MMSI; a
 * re-flag shows as an IMO under a new MMSI (`imo-shared`). IMOs failing the check digit (such
 * as the placeholder 0000001) are ignored.
 */

import type { Track } from '../tracks/columns.js';
import type { StaticRecord } from '../tracks/records.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { firstAtOrAfter } from './track-util.js';
import type { EventOf, IdentityChangeDetails } from './types.js';

type Field = IdentityChangeDetails['field'];

function normName(s: string | null): string | null {
  if (s === null) return null;
  const v = s.replace(/@+$/g, '').replace(/\s+/g, ' ').trim().toUpperCase();
  return v === '' ? null : v;
}

function lengthOf(s: StaticRecord): number | null {
  if (s.lengthM !== null) return s.lengthM;
  return s.toBowM !== null && s.toSternM !== null && s.toBowM + s.toSternM > 0 ? s.toBowM + s.toSternM : null;
}

function beamOf(s: StaticRecord): number | null {
  if (s.beamM !== null) return s.beamM;
  return s.toPortM !== null && s.toStarboardM !== null && s.toPortM + s.toStarboardM > 0
    ? s.toPortM + s.toStarboardM
    : null;
}

/** IMO numbers carry a check digit: the weighted sum of the first six (×7…×2), mod 10. */
export function validImo(imo: number | null): imo is number {
  if (imo === null || !Number.isInteger(imo) || imo < 1_000_000 || imo > 9_999_999) return false;
  const d = String(imo);
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(d[i]) * (7 - i);
  return sum % 10 === Number(d[6]);
}

/**
 * What a ship type says the ship is. ITU-R M.1371 (Table 53): in the 20s, 40s and 60s–90s the
 * second digit is a hazard category of the cargo or "no additional information" (80 tanker, 81–84
 * carrying category X, 89 no more said) — a voyage's cargo, or how much a source says, not another
 * ship; in the 30s and 50s each code is a kind of its own (30 fishing, 31 towing, 52 tug…).
 * Inland AIS (DAC 200) gives ship types through the ERI table, mapped to the "no additional
 * information" code of the category, so a type 5's 80 and an inland report's 89 are one tanker.
 */
export function shipKindOf(shipType: number): number {
  const tens = Math.floor(shipType / 10);
  return tens === 2 || tens === 4 || tens >= 6 ? tens * 10 : shipType;
}

function sameValue(field: Field, a: string | number, b: string | number): boolean {
  return field === 'shipType' ? shipKindOf(a as number) === shipKindOf(b as number) : a === b;
}

const FIELDS: ReadonlyArray<[Field, (s: StaticRecord) => string | number | null]> = [
  ['name', (s) => normName(s.name)],
  ['callSign', (s) => normName(s.callSign)],
  ['imo', (s) => (validImo(s.imo) ? s.imo : null)],
  // 0: "not available" (ITU-R M.1371 Table 53), as good as not sent
  ['shipType', (s) => (s.shipType === 0 ? null : s.shipType)],
  ['lengthM', lengthOf],
  ['beamM', beamOf],
];

function positionNear(t: Track, tsMs: number): [number, number] {
  if (t.length === 0) return [Number.NaN, Number.NaN];
  const i = Math.min(firstAtOrAfter(t, tsMs), t.length - 1);
  return [t.lon[i], t.lat[i]];
}

export function detectIdentityChanges(t: Track, ctx: DetectContext): EventOf<'identity-change'>[] {
  const p = ctx.params;
  const out: EventOf<'identity-change'>[] = [];
  const last = new Map<Field, { v: string | number; tsMs: number }>();
  for (const s of t.statics) {
    if (s.tsMs === null) continue;
    for (const [field, get] of FIELDS) {
      const v = get(s);
      if (v === null) continue;
      const prev = last.get(field);
      const dim = field === 'lengthM' || field === 'beamM';
      const changed =
        prev !== undefined &&
        (dim
          ? Math.abs((v as number) - (prev.v as number)) >= p.identityMinDimensionChangeM
          : !sameValue(field, v, prev.v));
      if (changed && prev) {
        const [lon, lat] = positionNear(t, s.tsMs);
        out.push({
          id: eventId('identity-change', t.mmsi, null, prev.tsMs, field),
          type: 'identity-change',
          mmsi: t.mmsi,
          mmsi2: null,
          startMs: prev.tsMs,
          endMs: s.tsMs,
          lon,
          lat,
          confidence: field === 'imo' || field === 'name' ? 3 : 2,
          params: { paramSet: p.name, identityMinDimensionChangeM: p.identityMinDimensionChangeM },
          support: [],
          details: { field, from: prev.v, to: v },
        });
      }
      if (!dim || changed || prev === undefined) last.set(field, { v, tsMs: s.tsMs });
      else last.set(field, { v: prev!.v, tsMs: s.tsMs });
    }
  }
  return out;
}

/** Pairs of MMSIs that reported the same valid IMO (time-stamped reports only). */
/** IMO → MMSI → when it was claimed and where: what `imo-shared` keeps of each track. */
export type ImoClaims = Map<number, Map<number, { first: number; last: number; lon: number; lat: number }>>;

/** Adds the IMO claims of `tracks` (whole MMSIs, handed over in any batches). */
export function addImoClaims(byImo: ImoClaims, tracks: readonly Track[]): void {
  for (const t of tracks)
    for (const s of t.statics) {
      if (s.tsMs === null || !validImo(s.imo)) continue;
      let m = byImo.get(s.imo);
      if (!m) {
        m = new Map();
        byImo.set(s.imo, m);
      }
      const span = m.get(t.mmsi);
      if (!span) {
        const [lon, lat] = positionNear(t, s.tsMs);
        m.set(t.mmsi, { first: s.tsMs, last: s.tsMs, lon, lat });
      } else {
        span.first = Math.min(span.first, s.tsMs);
        span.last = Math.max(span.last, s.tsMs);
      }
    }
}

export function detectImoShared(tracks: readonly Track[], ctx: DetectContext): EventOf<'imo-shared'>[] {
  const byImo: ImoClaims = new Map();
  addImoClaims(byImo, tracks);
  return imoSharedEvents(byImo, ctx);
}

/** One event per pair of MMSIs that claimed the same IMO. */
export function imoSharedEvents(byImo: ImoClaims, ctx: DetectContext): EventOf<'imo-shared'>[] {
  const out: EventOf<'imo-shared'>[] = [];
  for (const [imo, m] of byImo) {
    const mmsis = [...m.keys()].sort((a, b) => a - b);
    for (let x = 0; x < mmsis.length; x++)
      for (let y = x + 1; y < mmsis.length; y++) {
        const a = m.get(mmsis[x])!;
        const b = m.get(mmsis[y])!;
        const overlapping = a.first <= b.last && b.first <= a.last;
        const startMs = Math.min(a.first, b.first);
        out.push({
          id: eventId('imo-shared', mmsis[x], mmsis[y], startMs, String(imo)),
          type: 'imo-shared',
          mmsi: mmsis[x],
          mmsi2: mmsis[y],
          startMs,
          endMs: Math.max(a.last, b.last),
          lon: a.lon,
          lat: a.lat,
          confidence: overlapping ? 3 : 2,
          params: { paramSet: ctx.params.name },
          support: [],
          details: { imo, overlapping },
        });
      }
  }
  return out;
}
