/**
 * Which stored events new fixes can change: the rule shared by `tallyman detect` after new inputs
 * (detect-store.ts `incrementalRange`) and by live detection passes (src/live/range.ts). Events
 * that start from `contextMs` before a vessel's first new fix can change (reception and coverage
 * reach that far, coverage.ts and reception.ts), and so can, per changed vessel, the gap that ends
 * with its new fixes (from the fix before, however long ago), its events still running then (a
 * voyage to the port it now reaches), and an IMO it shares with another MMSI (from the first claim
 * of either, identity.ts).
 */
import type { Kysely } from 'kysely';
import { sql } from '../store/kysely.js';
import type { Database } from '../store/schema.js';

/** A changed vessel's first new fix and what the store holds around it (affectedColumns). */
export interface AffectedRow {
  first: number;
  before: number | null;
  open: number | null;
  open2: number | null;
}

/**
 * The columns `before`, `open` and `open2` of AffectedRow for a row `c` with `c.mmsi` and
 * `c.first`: the vessel's fix before its first new one, and the earliest start of its events (as
 * either vessel) still running within `contextMs` of it.
 */
export const affectedColumns = (contextMs: number) => sql`
  (SELECT max(p.ts_ms) FROM positions p WHERE p.mmsi = c.mmsi AND p.ts_ms < c.first) AS before,
  (SELECT min(e.start_ms) FROM events e WHERE e.mmsi = c.mmsi AND e.end_ms >= c.first - ${contextMs}) AS open,
  (SELECT min(e.start_ms) FROM events e WHERE e.mmsi2 = c.mmsi AND e.end_ms >= c.first - ${contextMs}) AS open2`;

/** The earliest start an event these rows change can have (+Infinity for none). */
export function earliestAffectedMs(rows: Iterable<AffectedRow>, contextMs: number): number {
  let sinceMs = Number.POSITIVE_INFINITY;
  for (const r of rows) {
    const first = Number(r.first);
    sinceMs = Math.min(sinceMs, first - contextMs, r.before === null ? first : Number(r.before));
    if (r.open !== null) sinceMs = Math.min(sinceMs, Number(r.open));
    if (r.open2 !== null) sinceMs = Math.min(sinceMs, Number(r.open2));
  }
  return sinceMs;
}

/**
 * Where a shared-IMO event of these vessels starts when one of the IMOs they claim is claimed by
 * another MMSI too: the first claim of either side; null when no IMO is shared.
 */
export async function sharedImoSinceMs(
  db: Kysely<Database>,
  mmsis: readonly number[],
): Promise<number | null> {
  if (mmsis.length === 0) return null;
  const shared = await db
    .selectFrom('vessel_identities as o')
    .select((eb) => eb.fn.min('o.first_seen_ms').as('first'))
    .where('o.imo', 'in', (eb) =>
      eb
        .selectFrom('vessel_identities as m')
        .select('m.imo')
        .where('m.mmsi', 'in', [...mmsis])
        .where('m.imo', 'is not', null),
    )
    .where('o.mmsi', 'not in', [...mmsis])
    .executeTakeFirst();
  if (shared?.first == null) return null;
  const own = await db
    .selectFrom('vessel_identities')
    .select((eb) => eb.fn.min('first_seen_ms').as('first'))
    .where('mmsi', 'in', [...mmsis])
    .where('imo', 'is not', null)
    .executeTakeFirst();
  return own?.first == null ? Number(shared.first) : Math.min(Number(shared.first), Number(own.first));
}
