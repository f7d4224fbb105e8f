/**
 * A pure API over a list of areas for `tallyman areas add|list|rm|import`: every function returns
 * a new list or an error value, never throws and never mutates its input.
 */
import { AREA_KINDS, type Area } from './types.js';

export type AreaResult = { ok: true; areas: Area[] } | { ok: false; error: string };

const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Why an area is not usable, or null when it is. */
export function validateArea(a: Area): string | null {
  if (!ID_RE.test(a.id)) return `id ${JSON.stringify(a.id)}: use 1–64 lower-case letters, digits, dashes`;
  if (a.name.trim() === '') return `area ${a.id}: empty name`;
  if (!AREA_KINDS.includes(a.kind))
    return `area ${a.id}: kind ${JSON.stringify(a.kind)} is not one of ${AREA_KINDS.join(', ')}`;
  const g = a.geometry;
  if (g.type === 'circle') {
    if (!(g.lon >= -180 && g.lon <= 180 && g.lat >= -90 && g.lat <= 90))
      return `area ${a.id}: centre ${g.lon}, ${g.lat} is not a WGS84 lon, lat`;
    if (!(g.radiusM > 0 && g.radiusM <= 200_000))
      return `area ${a.id}: radiusM ${g.radiusM} not in (0, 200000]`;
  } else {
    if (g.rings.length === 0 || g.rings[0].length < 3)
      return `area ${a.id}: polygon needs an outer ring of ≥ 3 points`;
    for (const ring of g.rings)
      for (const [x, y] of ring)
        if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90))
          return `area ${a.id}: vertex ${x}, ${y} is not a WGS84 lon, lat`;
  }
  for (const [k, v] of Object.entries(a.thresholds ?? {}))
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      return `area ${a.id}: threshold ${k} must be a finite number ≥ 0`;
  if (a.source.trim() === '') return `area ${a.id}: a source is required`;
  return null;
}

export function listAreas(areas: readonly Area[]): Area[] {
  return [...areas].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Adds an area; an existing id is an error unless `replace` is set. */
export function addArea(areas: readonly Area[], area: Area, replace = false): AreaResult {
  const why = validateArea(area);
  if (why) return { ok: false, error: why };
  const exists = areas.some((a) => a.id === area.id);
  if (exists && !replace) return { ok: false, error: `area ${area.id} already exists` };
  return { ok: true, areas: listAreas([...areas.filter((a) => a.id !== area.id), area]) };
}

export function removeArea(areas: readonly Area[], id: string): AreaResult {
  if (!areas.some((a) => a.id === id)) return { ok: false, error: `no area ${id}` };
  return { ok: true, areas: areas.filter((a) => a.id !== id) };
}

/**
 * The areas in use: the bundled ones, with user areas added and a user area replacing a bundled
 * one of the same id; sorted by id.
 */
export function mergeAreas(bundled: readonly Area[], user: readonly Area[]): Area[] {
  const ids = new Set(user.map((a) => a.id));
  return listAreas([...bundled.filter((a) => !ids.has(a.id)), ...user]);
}
