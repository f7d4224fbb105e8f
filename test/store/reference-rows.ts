/**
 * The static-report planner's reference, one record at a time: the report rows a record gives,
 * with the same keys the store dedupes on. test/store/rows.test.ts checks that the column planner
 * (src/store/batch-plan.ts) states exactly these. Nothing shipped plans by record.
 */
import { planStaticColumns, type StaticsPlan } from '../../src/store/batch-plan.js';
import { type FlagOf, type IdentityFields, identityKey, voyageKey } from '../../src/store/rows.js';
import type { StaticRecord } from '../../src/tracks/records.js';
import { staticColumnsOf } from '../../src/tracks/static-columns.js';

/** One static report as planned for `identity_reports`: who said which identity when. */
export interface IdentityReportRow {
  mmsi: number;
  identityKey: string;
  tsMs: number | null;
  msgType: number | null;
  source: string | null;
}

/** One voyage report (draught, destination, ETA) as planned for `voyage_reports`. */
export interface VoyageRow {
  mmsi: number;
  voyageKey: string;
  tsMs: number | null;
  draughtM: number | null;
  destination: string | null;
  eta: string | null;
  source: string | null;
}

/** The identity report of a static record that states an identity. */
export function identityReportOf(s: StaticRecord, identity: IdentityFields): IdentityReportRow {
  return {
    mmsi: s.mmsi,
    identityKey: identityKey(identity),
    tsMs: s.tsMs,
    msgType: s.msgType,
    source: s.source,
  };
}

/** The voyage report of a static record, or null when it carries no voyage data. */
export function voyageOf(s: StaticRecord): VoyageRow | null {
  if (s.draughtM === null && s.destination === null && s.eta === null) return null;
  return {
    mmsi: s.mmsi,
    voyageKey: voyageKey(s),
    tsMs: s.tsMs,
    draughtM: s.draughtM,
    destination: s.destination,
    eta: s.eta,
    source: s.source,
  };
}

/** planStaticColumns for records, as the store plans a batch of them. */
export function planStatics(statics: readonly StaticRecord[], flagOf: FlagOf): StaticsPlan {
  return planStaticColumns([staticColumnsOf(statics)], flagOf);
}
