/**
 * Pure planning of one batch's static records: which report rows to try, and — once the engine
 * says which of them were new — what they add to `vessel_identities`. Counting only reports that
 * were new is what keeps the counts right when a file is ingested twice or a crashed run replays.
 */
import type { StaticRecord } from '../tracks/records.js';
import {
  addSeen,
  type FlagOf,
  type IdentityFields,
  type IdentityReportRow,
  identityOf,
  identityReportOf,
  maxMs,
  minMs,
  type VesselDelta,
  type VoyageRow,
  voyageOf,
} from './rows.js';

export interface StaticsPlan {
  reports: IdentityReportRow[];
  voyages: VoyageRow[];
  /** Identity fields by `${mmsi} ${identityKey}`. */
  identities: Map<string, IdentityFields>;
}

export function planStatics(statics: readonly StaticRecord[], flagOf: FlagOf): StaticsPlan {
  const reports: IdentityReportRow[] = [];
  const voyages: VoyageRow[] = [];
  const identities = new Map<string, IdentityFields>();
  for (const s of statics) {
    const identity = identityOf(s, flagOf);
    if (identity !== null) {
      const report = identityReportOf(s, identity);
      reports.push(report);
      identities.set(`${s.mmsi} ${report.identityKey}`, identity);
    }
    const voyage = voyageOf(s);
    if (voyage !== null) voyages.push(voyage);
  }
  return { reports, voyages, identities };
}

export interface IdentityDelta extends IdentityFields {
  identityKey: string;
  firstSeenMs: number | null;
  lastSeenMs: number | null;
  reportCount: number;
}

/** Folds the newly stored reports into one delta per (mmsi, identity). */
export function identityDeltas(
  newReports: readonly Pick<IdentityReportRow, 'mmsi' | 'identityKey' | 'tsMs'>[],
  identities: ReadonlyMap<string, IdentityFields>,
): IdentityDelta[] {
  const out = new Map<string, IdentityDelta>();
  for (const r of newReports) {
    const k = `${r.mmsi} ${r.identityKey}`;
    const d = out.get(k);
    if (d === undefined) {
      const fields = identities.get(k);
      if (fields === undefined) throw new Error(`identity ${k} was stored but not planned`);
      out.set(k, {
        ...fields,
        identityKey: r.identityKey,
        firstSeenMs: r.tsMs,
        lastSeenMs: r.tsMs,
        reportCount: 1,
      });
    } else {
      d.firstSeenMs = minMs(d.firstSeenMs, r.tsMs);
      d.lastSeenMs = maxMs(d.lastSeenMs, r.tsMs);
      d.reportCount++;
    }
  }
  return [...out.values()];
}

/**
 * Every vessel a batch's statics mention is seen at their times, new report or not: first/last
 * seen are a min and a max, so seeing the same time again changes nothing.
 */
export function addStaticsSeen(deltas: Map<number, VesselDelta>, statics: readonly StaticRecord[]): void {
  for (const s of statics) addSeen(deltas, s.mmsi, s.tsMs, 0);
}
