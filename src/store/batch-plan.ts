/**
 * Pure planning of one commit's static records: the distinct identities and voyage statements it
 * mentions, the report rows to try, the numbers new identities and statements get, and — once
 * the engine says which reports were new — what they add to `vessel_identities`. Counting only
 * reports that were new is what keeps the counts right when a file is ingested twice or a crashed
 * run replays.
 */
import type { StaticRecord } from '../tracks/records.js';
import {
  addSeen,
  type FlagOf,
  type IdentityFields,
  identityKey,
  identityOf,
  maxMs,
  minMs,
  NO_TIME_KEY,
  type VesselDelta,
  voyageKey,
} from './rows.js';

/** A distinct identity of a vessel, with its key text. */
export interface PlannedIdentity extends IdentityFields {
  identityKey: string;
}

/** A distinct voyage statement of a vessel, with its key text. */
export interface PlannedVoyageState {
  mmsi: number;
  voyageKey: string;
  draughtM: number | null;
  destination: string | null;
  eta: string | null;
}

/** A report of the commit: its vessel, key time, and the index of what it states in the plan. */
export interface PlannedReport {
  mmsi: number;
  tsKey: number;
  tsMs: number | null;
  /** Index into StaticsPlan.identities (identity reports) or .voyageStates (voyage reports). */
  state: number;
  msgType: number | null;
  source: string | null;
}

export interface StaticsPlan {
  /** Each distinct (mmsi, identity) in the order the commit first mentions it. */
  identities: PlannedIdentity[];
  /** Each distinct (mmsi, voyage statement) in the order the commit first mentions it. */
  voyageStates: PlannedVoyageState[];
  reports: PlannedReport[];
  voyages: PlannedReport[];
}

/**
 * What was stated last by one vessel: a vessel repeats the same identity and voyage data report
 * after report (a type 5 every six minutes), so its key texts are built once per change, not per
 * report.
 */
interface LastStated {
  identity: IdentityFields | null;
  identityIndex: number;
  draughtM: number | null;
  destination: string | null;
  eta: string | null;
  voyageIndex: number;
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
  const identities: PlannedIdentity[] = [];
  const voyageStates: PlannedVoyageState[] = [];
  const identityIndex = new Map<string, number>();
  const voyageIndex = new Map<string, number>();
  const reports: PlannedReport[] = [];
  const voyages: PlannedReport[] = [];
  const last = new Map<number, LastStated>();
  for (const s of statics) {
    let memo = last.get(s.mmsi);
    if (memo === undefined) {
      memo = {
        identity: null,
        identityIndex: -1,
        draughtM: null,
        destination: null,
        eta: null,
        voyageIndex: -1,
      };
      last.set(s.mmsi, memo);
    }
    const tsKey = s.tsMs ?? NO_TIME_KEY;
    const identity = identityOf(s, flagOf);
    if (identity !== null) {
      if (memo.identity === null || !sameIdentity(memo.identity, identity)) {
        const key = identityKey(identity);
        const mapKey = `${s.mmsi} ${key}`;
        let index = identityIndex.get(mapKey);
        if (index === undefined) {
          index = identities.length;
          identities.push({ ...identity, identityKey: key });
          identityIndex.set(mapKey, index);
        }
        memo.identity = identity;
        memo.identityIndex = index;
      }
      reports.push({
        mmsi: s.mmsi,
        tsKey,
        tsMs: s.tsMs,
        state: memo.identityIndex,
        msgType: s.msgType,
        source: s.source,
      });
    }
    if (s.draughtM === null && s.destination === null && s.eta === null) continue;
    if (
      memo.voyageIndex < 0 ||
      memo.draughtM !== s.draughtM ||
      memo.destination !== s.destination ||
      memo.eta !== s.eta
    ) {
      const key = voyageKey(s);
      const mapKey = `${s.mmsi} ${key}`;
      let index = voyageIndex.get(mapKey);
      if (index === undefined) {
        index = voyageStates.length;
        voyageStates.push({
          mmsi: s.mmsi,
          voyageKey: key,
          draughtM: s.draughtM,
          destination: s.destination,
          eta: s.eta,
        });
        voyageIndex.set(mapKey, index);
      }
      memo.draughtM = s.draughtM;
      memo.destination = s.destination;
      memo.eta = s.eta;
      memo.voyageIndex = index;
    }
    voyages.push({
      mmsi: s.mmsi,
      tsKey,
      tsMs: s.tsMs,
      state: memo.voyageIndex,
      msgType: s.msgType,
      source: s.source,
    });
  }
  return { identities, voyageStates, reports, voyages };
}

/**
 * The number of each planned identity or voyage statement: the stored one where the store has it,
 * else the vessel's highest stored number + 1, + 2 … in the order given (the order the commit first
 * mentions them — so numbers follow first mention over a whole ingest, whatever the commit size).
 *
 * @param stored the stored number of (mmsi, key), or undefined
 * @param maxStored the vessel's highest stored number, 0 when it has none
 * @returns numbers by plan index, and the plan indices that are new (to be inserted)
 */
export function numberStates(
  states: readonly { mmsi: number; key: string }[],
  stored: (mmsi: number, key: string) => number | undefined,
  maxStored: (mmsi: number) => number,
): { numbers: number[]; added: number[] } {
  const numbers: number[] = new Array(states.length);
  const added: number[] = [];
  const next = new Map<number, number>();
  for (let i = 0; i < states.length; i++) {
    const { mmsi, key } = states[i];
    const no = stored(mmsi, key);
    if (no !== undefined) {
      numbers[i] = no;
      continue;
    }
    const n = (next.get(mmsi) ?? maxStored(mmsi)) + 1;
    next.set(mmsi, n);
    numbers[i] = n;
    added.push(i);
  }
  return { numbers, added };
}

/** A report row as inserted: the numbered form of a PlannedReport. */
export interface ReportRow {
  mmsi: number;
  tsKey: number;
  no: number;
  tsMs: number | null;
  msgType: number | null;
  source: string | null;
}

/**
 * The report rows of a commit in key order (mmsi, ts_key, number) — the table's own order, so each
 * insert lands beside the previous one — without repeats (the same report heard by two receivers,
 * or twice in overlapping captures): the first stays.
 */
export function reportRows(reports: readonly PlannedReport[], numbers: readonly number[]): ReportRow[] {
  const rows: ReportRow[] = reports.map((r) => ({
    mmsi: r.mmsi,
    tsKey: r.tsKey,
    no: numbers[r.state],
    tsMs: r.tsMs,
    msgType: r.msgType,
    source: r.source,
  }));
  // Stable: of two equal keys the first mentioned stays first, and is the one kept.
  rows.sort((a, b) => a.mmsi - b.mmsi || a.tsKey - b.tsKey || a.no - b.no);
  let w = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const p = w > 0 ? rows[w - 1] : undefined;
    if (p !== undefined && p.mmsi === r.mmsi && p.tsKey === r.tsKey && p.no === r.no) continue;
    rows[w++] = r;
  }
  rows.length = w;
  return rows;
}

/** What newly stored reports add to one identity of one vessel. */
export interface IdentityDelta {
  mmsi: number;
  identityNo: number;
  firstSeenMs: number | null;
  lastSeenMs: number | null;
  reportCount: number;
}

/** Folds the newly stored reports into one delta per (mmsi, identity), in key order. */
export function identityDeltas(
  newReports: readonly { mmsi: number; no: number; tsMs: number | null }[],
): IdentityDelta[] {
  const out = new Map<string, IdentityDelta>();
  for (const r of newReports) {
    const k = `${r.mmsi} ${r.no}`;
    const d = out.get(k);
    if (d === undefined) {
      out.set(k, { mmsi: r.mmsi, identityNo: r.no, firstSeenMs: r.tsMs, lastSeenMs: r.tsMs, reportCount: 1 });
    } else {
      d.firstSeenMs = minMs(d.firstSeenMs, r.tsMs);
      d.lastSeenMs = maxMs(d.lastSeenMs, r.tsMs);
      d.reportCount++;
    }
  }
  return [...out.values()].sort((a, b) => a.mmsi - b.mmsi || a.identityNo - b.identityNo);
}

/**
 * Every vessel a batch's statics mention is seen at their times, new report or not: first/last
 * seen are a min and a max, so seeing the same time again changes nothing.
 */
export function addStaticsSeen(deltas: Map<number, VesselDelta>, statics: readonly StaticRecord[]): void {
  for (const s of statics) addSeen(deltas, s.mmsi, s.tsMs, 0);
}
