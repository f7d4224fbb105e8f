/**
 * The search's candidates read from the store: every vessel with its identities (names, IMOs and
 * call signs over time, latest first), the areas (bundled and the store's own), the ledger's
 * numbered shipments. One read per table; the lists are small beside the fixes.
 */
import type { Kysely } from 'kysely';
import { BUNDLED_AREAS } from '../areas/bundled.js';
import { mergeAreas } from '../areas/registry.js';
import { loadUserAreas } from '../areas/store.js';
import type { Area } from '../areas/types.js';
import type { Database } from '../store/schema.js';
import type { AreaCandidate, Candidates, ShipmentCandidate, VesselCandidate } from './search.js';

const pushNew = <T>(list: T[], v: T | null | undefined) => {
  if (v !== null && v !== undefined && v !== '' && !list.includes(v)) list.push(v);
};

export async function vesselCandidates(db: Kysely<Database>): Promise<VesselCandidate[]> {
  const vessels = await db
    .selectFrom('vessels')
    .select(['mmsi', 'name', 'imo', 'call_sign', 'flag', 'position_count'])
    .execute();
  const ids = await db
    .selectFrom('vessel_identities')
    .select(['mmsi', 'name', 'imo', 'call_sign', 'last_seen_ms'])
    .orderBy('mmsi')
    .orderBy('last_seen_ms', 'desc')
    .execute();
  const byMmsi = new Map<number, VesselCandidate>();
  for (const v of vessels) {
    const c: VesselCandidate = {
      mmsi: Number(v.mmsi),
      names: [],
      imos: [],
      callSigns: [],
      flag: v.flag,
      positionCount: Number(v.position_count),
    };
    pushNew(c.names, v.name?.trim());
    pushNew(c.imos, v.imo === null ? null : Number(v.imo));
    pushNew(c.callSigns, v.call_sign?.trim());
    byMmsi.set(c.mmsi, c);
  }
  for (const r of ids) {
    const c = byMmsi.get(Number(r.mmsi));
    if (!c) continue;
    pushNew(c.names, r.name?.trim());
    pushNew(c.imos, r.imo === null ? null : Number(r.imo));
    pushNew(c.callSigns, r.call_sign?.trim());
  }
  return [...byMmsi.values()];
}

export const areaCandidates = (areas: readonly Area[]): AreaCandidate[] =>
  areas.map((a) => {
    const g = a.geometry;
    const [lon, lat] =
      g.type === 'circle'
        ? [g.lon, g.lat]
        : (() => {
            const ring = g.rings[0] ?? [];
            const n = Math.max(1, ring.length);
            return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
          })();
    return { id: a.id, name: a.name, lon, lat };
  });

export async function shipmentCandidates(db: Kysely<Database>): Promise<ShipmentCandidate[]> {
  const rows = await db
    .selectFrom('shipments')
    .select([
      'id',
      'number',
      'status',
      'mmsi',
      'vessel_name',
      'origin_area_id',
      'destination_area_id',
      'depart_ms',
    ])
    .where('number', 'is not', null)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    number: r.number === null ? null : Number(r.number),
    status: r.status,
    mmsi: Number(r.mmsi),
    vesselName: r.vessel_name,
    originAreaId: r.origin_area_id,
    destinationAreaId: r.destination_area_id,
    departMs: Number(r.depart_ms),
  }));
}

export async function candidatesFrom(db: Kysely<Database>, areas?: readonly Area[]): Promise<Candidates> {
  return {
    vessels: await vesselCandidates(db),
    areas: areaCandidates(areas ?? mergeAreas(BUNDLED_AREAS, await loadUserAreas(db))),
    shipments: await shipmentCandidates(db),
  };
}
