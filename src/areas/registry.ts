/**
 * A pure API over a list of areas for `tallyman areas add|list|rm|import`: every function returns
 * a new list or an error value, never throws and never mutates its input.
 */
import { checkPolygon } from '../geo/ring-check.js';
import { AREA_KINDS, type Area } from './types.js';

const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The area as it will be used — a polygon's rings closed and, across the antimeridian, unwrapped
 * (src/geo/ring-check.ts) — with a warning per repair; or why it cannot be used.
 */
export function prepareArea(
  a: Area,
): { ok: true; area: Area; warnings: string[] } | { ok: false; error: string } {
  if (!ID_RE.test(a.id))
    return { ok: false, error: `id ${JSON.stringify(a.id)}: use 1–64 lower-case letters, digits, dashes` };
  const fail = (why: string) => ({ ok: false as const, error: `area ${a.id}: ${why}` });
  if (a.name.trim() === '') return fail('empty name');
  if (!AREA_KINDS.includes(a.kind))
    return fail(`kind ${JSON.stringify(a.kind)} is not one of ${AREA_KINDS.join(', ')}`);
  const g = a.geometry;
  let area = a;
  let warnings: string[] = [];
  if (g.type === 'circle') {
    if (!(g.lon >= -180 && g.lon <= 180 && g.lat >= -90 && g.lat <= 90))
      return fail(`centre ${g.lon}, ${g.lat} is not a WGS84 lon, lat`);
    if (!(g.radiusM > 0 && g.radiusM <= 200_000)) return fail(`radiusM ${g.radiusM} not in (0, 200000]`);
  } else {
    const checked = checkPolygon(g.rings);
    if (!checked.ok) return fail(checked.reason);
    area = { ...a, geometry: { type: 'polygon', rings: checked.rings } };
    warnings = checked.warnings.map((w) => `area ${a.id}: ${w}`);
  }
  for (const [k, v] of Object.entries(a.thresholds ?? {}))
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      return fail(`threshold ${k} must be a finite number ≥ 0`);
  if (a.source.trim() === '') return fail('a source is required');
  return { ok: true, area, warnings };
}

export function listAreas(areas: readonly Area[]): Area[] {
  return [...areas].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The areas in use: the bundled ones, with user areas added and a user area replacing a bundled
 * one of the same id; sorted by id.
 */
export function mergeAreas(bundled: readonly Area[], user: readonly Area[]): Area[] {
  const ids = new Set(user.map((a) => a.id));
  return listAreas([...bundled.filter((a) => !ids.has(a.id)), ...user]);
}
