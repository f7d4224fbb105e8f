/**
 * What a live detection pass must detect again after new fixes: the same rule as `tallyman detect`
 * after new inputs (src/events/detect-store.ts `incrementalRange`), applied to the fixes and
 * reports stored since the last pass instead of whole ingest runs. Events that start from
 * `contextMs` before the first new fix onward can change, and so can, per changed vessel, the gap
 * that ends with its new fixes (from the fix before), its events still running then (from their
 * start), and an IMO it shares with another MMSI (from the first claim of either).
 */
import { sql } from '../store/kysely.js';
import type { Store } from '../store/types.js';

/** A vessel's new data since the last pass: its first and last new fix or report time. */
export interface VesselChange {
  mmsi: number;
  firstMs: number;
  lastMs: number;
}

/** Accumulates the vessels that changed between passes. Pure. */
export class ChangeSet {
  private readonly byMmsi = new Map<number, VesselChange>();

  add(mmsi: number, tsMs: number): void {
    const c = this.byMmsi.get(mmsi);
    if (c === undefined) this.byMmsi.set(mmsi, { mmsi, firstMs: tsMs, lastMs: tsMs });
    else {
      if (tsMs < c.firstMs) c.firstMs = tsMs;
      if (tsMs > c.lastMs) c.lastMs = tsMs;
    }
  }

  get size(): number {
    return this.byMmsi.size;
  }

  /** The changes so far, and a fresh start. */
  take(): VesselChange[] {
    const out = [...this.byMmsi.values()];
    this.byMmsi.clear();
    return out;
  }
}

/** The start of the range to detect again (events starting from it on), or null for none. */
export async function liveSinceMs(
  store: Store,
  changed: readonly VesselChange[],
  contextMs: number,
): Promise<number | null> {
  if (changed.length === 0) return null;
  const db = await store.db();
  let sinceMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < changed.length; i += 300) {
    const part = changed.slice(i, i + 300);
    // CAST: PostgreSQL would type bare VALUES parameters as text
    const values = sql.join(part.map((c) => sql`(CAST(${c.mmsi} AS BIGINT), CAST(${c.firstMs} AS BIGINT))`));
    const rows = (
      await sql<{
        mmsi: number;
        first: number;
        before: number | null;
        open: number | null;
        open2: number | null;
      }>`
        WITH c(mmsi, first) AS (VALUES ${values})
        SELECT c.mmsi, c.first,
          (SELECT max(p.ts_ms) FROM positions p WHERE p.mmsi = c.mmsi AND p.ts_ms < c.first) AS before,
          (SELECT min(e.start_ms) FROM events e WHERE e.mmsi = c.mmsi AND e.end_ms >= c.first - ${contextMs}) AS open,
          (SELECT min(e.start_ms) FROM events e WHERE e.mmsi2 = c.mmsi AND e.end_ms >= c.first - ${contextMs}) AS open2
        FROM c`.execute(db)
    ).rows;
    for (const r of rows) {
      const first = Number(r.first);
      sinceMs = Math.min(sinceMs, first - contextMs, r.before === null ? first : Number(r.before));
      if (r.open !== null) sinceMs = Math.min(sinceMs, Number(r.open));
      if (r.open2 !== null) sinceMs = Math.min(sinceMs, Number(r.open2));
    }
    const mmsis = part.map((c) => c.mmsi);
    const shared = await db
      .selectFrom('vessel_identities as o')
      .select((eb) => eb.fn.min('o.first_seen_ms').as('first'))
      .where('o.imo', 'in', (eb) =>
        eb
          .selectFrom('vessel_identities as m')
          .select('m.imo')
          .where('m.mmsi', 'in', mmsis)
          .where('m.imo', 'is not', null),
      )
      .where('o.mmsi', 'not in', mmsis)
      .executeTakeFirst();
    if (shared?.first != null) {
      const own = await db
        .selectFrom('vessel_identities')
        .select((eb) => eb.fn.min('first_seen_ms').as('first'))
        .where('mmsi', 'in', mmsis)
        .where('imo', 'is not', null)
        .executeTakeFirst();
      sinceMs = Math.min(sinceMs, Number(shared.first), own?.first == null ? sinceMs : Number(own.first));
    }
  }
  return Number.isFinite(sinceMs) ? sinceMs : null;
}
