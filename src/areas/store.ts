/**
 * User areas of interest in the store (`user_areas`, migration 0003). The bundled set stays in
 * code; a stored area adds to it, or replaces the bundled area with the same id (`mergeAreas`).
 */
import type { Kysely } from 'kysely';
import { checkPolygon } from '../geo/ring-check.js';
import type { Database } from '../store/schema.js';
import type { Area, AreaGeometry, AreaKind, AreaThresholds } from './types.js';

/**
 * A polygon stored before the checks of src/geo/ring-check.ts (an antimeridian ring as drawn,
 * which planar tests read as its complement) is read through them, so the detectors never see
 * the inverted ring; one the checks refuse is returned as stored (`areas add --replace` fixes it).
 */
function checked(g: AreaGeometry): AreaGeometry {
  if (g.type !== 'polygon') return g;
  const c = checkPolygon(g.rings);
  return c.ok ? { type: 'polygon', rings: c.rings } : g;
}

export async function loadUserAreas(db: Kysely<Database>): Promise<Area[]> {
  const rows = await db.selectFrom('user_areas').selectAll().orderBy('id').execute();
  return rows.map((r) => {
    const a: Area = {
      id: r.id,
      name: r.name,
      kind: r.kind as AreaKind,
      geometry: checked(JSON.parse(r.geometry_json) as AreaGeometry),
      source: r.source,
    };
    if (r.thresholds_json !== null) a.thresholds = JSON.parse(r.thresholds_json) as AreaThresholds;
    if (r.note !== null) a.note = r.note;
    return a;
  });
}

/** Inserts or replaces user areas (by id), all in one transaction. */
export async function saveUserAreas(
  db: Kysely<Database>,
  areas: readonly Area[],
  nowMs: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const a of areas) {
      const row = {
        id: a.id,
        name: a.name,
        kind: a.kind,
        geometry_json: JSON.stringify(a.geometry),
        thresholds_json: a.thresholds ? JSON.stringify(a.thresholds) : null,
        source: a.source,
        note: a.note ?? null,
        updated_ms: nowMs,
      };
      const { id: _id, ...rest } = row;
      await trx
        .insertInto('user_areas')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
    }
  });
}

/** Removes a user area; false when there was none with that id. */
export async function deleteUserArea(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db.deleteFrom('user_areas').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
