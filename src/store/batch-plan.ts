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
  identityKey,
  identityOf,
  maxMs,
  minMs,
  type VesselDelta,
  type VoyageRow,
} from './rows.js';

export interface StaticsPlan {
  reports: IdentityReportRow[];
  voyages: VoyageRow[];
  /** Identity fields by `${mmsi} ${identityKey}`. */
  identities: Map<string, IdentityFields>;
}

/**
 * Key text as `identityReportOf`/`voyageOf` write it, built without JSON.stringify for the common
 * case: a vessel repeats the same identity and voyage data report after report (a type 5 every six
 * minutes), so the escaped key of the previous report of the same vessel is reused when its fields
 * are unchanged. The texts are byte-identical to the JSON forms (asserted in test/store/rows.test.ts),
 * which matters: they are the stored dedupe keys.
 */
interface LastKeys {
  identity: IdentityFields | null;
  identityKey: string;
  /** JSON.stringify(identityKey): the key as it appears inside a report key. */
  identityKeyJson: string;
  draughtM: number | null;
  destination: string | null;
  eta: string | null;
  /** The voyage report key after its time: `,draught,"destination","eta"]`. */
  voyageTail: string;
  hasVoyage: boolean;
}

const sameIdentity = (a: IdentityFields, b: IdentityFields): boolean =>
  a.imo === b.imo &&
  a.name === b.name &&
  a.callSign === b.callSign &&
  a.shipType === b.shipType &&
  a.lengthM === b.lengthM &&
  a.beamM === b.beamM &&
  a.flag === b.flag;

export function planStatics(statics: readonly StaticRecord[], flagOf: FlagOf): StaticsPlan {
  const reports: IdentityReportRow[] = [];
  const voyages: VoyageRow[] = [];
  const identities = new Map<string, IdentityFields>();
  const last = new Map<number, LastKeys>();
  for (const s of statics) {
    let memo = last.get(s.mmsi);
    if (memo === undefined) {
      memo = {
        identity: null,
        identityKey: '',
        identityKeyJson: '',
        draughtM: null,
        destination: null,
        eta: null,
        voyageTail: '',
        hasVoyage: false,
      };
      last.set(s.mmsi, memo);
    }
    const identity = identityOf(s, flagOf);
    if (identity !== null) {
      if (memo.identity === null || !sameIdentity(memo.identity, identity)) {
        memo.identity = identity;
        memo.identityKey = identityKey(identity);
        memo.identityKeyJson = JSON.stringify(memo.identityKey);
        identities.set(`${s.mmsi} ${memo.identityKey}`, identity);
      }
      reports.push({
        mmsi: s.mmsi,
        reportKey: `[${s.tsMs},${memo.identityKeyJson}]`,
        identityKey: memo.identityKey,
        tsMs: s.tsMs,
        msgType: s.msgType,
        source: s.source,
      });
    }
    if (s.draughtM === null && s.destination === null && s.eta === null) continue;
    if (
      !memo.hasVoyage ||
      memo.draughtM !== s.draughtM ||
      memo.destination !== s.destination ||
      memo.eta !== s.eta
    ) {
      memo.hasVoyage = true;
      memo.draughtM = s.draughtM;
      memo.destination = s.destination;
      memo.eta = s.eta;
      const full = JSON.stringify([0, s.draughtM, s.destination, s.eta]);
      memo.voyageTail = full.slice(2);
    }
    voyages.push({
      mmsi: s.mmsi,
      reportKey: `[${s.tsMs}${memo.voyageTail}`,
      tsMs: s.tsMs,
      draughtM: s.draughtM,
      destination: s.destination,
      eta: s.eta,
      source: s.source,
    });
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
