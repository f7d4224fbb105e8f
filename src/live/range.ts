/**
 * What a live detection pass must detect again after new fixes: the rule of `tallyman detect`
 * after new inputs (src/events/affected-range.ts), applied to the fixes and reports stored since
 * the last pass instead of whole ingest runs.
 */
import { affectedColumns, earliestAffectedMs, sharedImoSinceMs } from '../events/affected-range.js';
import { sql } from '../store/kysely.js';
import type { Store } from '../store/types.js';

/** A vessel's new data since the last pass: its first and last new fix or report time. */
export interface VesselChange {
  mmsi: number;
  firstMs: number;
  lastMs: number;
  /** Static reports are among it (else fixes only; absent: it may be either). */
  statics?: boolean;
}

/** Accumulates the vessels that changed between passes. Pure. */
export class ChangeSet {
  private readonly byMmsi = new Map<number, VesselChange>();

  /** New data of a vessel at `tsMs`: a fix, or a static report (`statics`). */
  add(mmsi: number, tsMs: number, statics = false): void {
    const c = this.byMmsi.get(mmsi);
    if (c === undefined) this.byMmsi.set(mmsi, { mmsi, firstMs: tsMs, lastMs: tsMs, statics });
    else {
      if (tsMs < c.firstMs) c.firstMs = tsMs;
      if (tsMs > c.lastMs) c.lastMs = tsMs;
      if (statics) c.statics = true;
    }
  }

  /** A change taken before, given back (a pass that failed): merged with what came since. */
  put(c: VesselChange): void {
    this.add(c.mmsi, c.firstMs, c.statics !== false);
    this.add(c.mmsi, c.lastMs);
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
        SELECT c.mmsi, c.first, ${affectedColumns(contextMs)}
        FROM c`.execute(db)
    ).rows;
    sinceMs = Math.min(sinceMs, earliestAffectedMs(rows, contextMs));
    const shared = await sharedImoSinceMs(
      db,
      part.map((c) => c.mmsi),
    );
    if (shared !== null) sinceMs = Math.min(sinceMs, shared);
  }
  return Number.isFinite(sinceMs) ? sinceMs : null;
}
