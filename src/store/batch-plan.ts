/**
 * Pure planning of one commit's static records: the distinct identities and voyage statements it
 * mentions, the report rows to try, the numbers new identities and statements get, and — once
 * the engine says which reports were new — what they add to `vessel_identities`. Counting only
 * reports that were new is what keeps the counts right when a file is ingested twice or a crashed
 * run replays.
 */
import type { StaticRecord } from '../tracks/records.js';
import { type StaticColumns, staticColumnsOf } from '../tracks/static-columns.js';
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
 * Plans the reports of a commit from their columns. The work per report is two lookups: what a
 * content states (identity, voyage statement) is worked out once per content, and a vessel states
 * few contents however many reports it sends.
 */
export function planStaticColumns(batches: readonly StaticColumns[], flagOf: FlagOf): StaticsPlan {
  const identities: PlannedIdentity[] = [];
  const voyageStates: PlannedVoyageState[] = [];
  const identityIndex = new Map<string, number>();
  const voyageIndex = new Map<string, number>();
  const reports: PlannedReport[] = [];
  const voyages: PlannedReport[] = [];
  for (const c of batches) {
    // Per content: its identity's plan index (-1: states none), its voyage statement's, or -2 when
    // not worked out yet.
    const identityOfContent = new Int32Array(c.contents.length).fill(-2);
    const voyageOfContent = new Int32Array(c.contents.length).fill(-2);
    for (let i = 0; i < c.length; i++) {
      const mmsi = c.mmsi[i];
      const ts = c.tsMs[i];
      const tsMs = Number.isNaN(ts) ? null : ts;
      const ci = c.content[i];
      const content = c.contents[ci];
      let id = identityOfContent[ci];
      if (id === -2) {
        id = -1;
        const identity = identityOf({ mmsi, tsMs, ...content }, flagOf);
        if (identity !== null) {
          const key = identityKey(identity);
          const mapKey = `${mmsi} ${key}`;
          const known = identityIndex.get(mapKey);
          if (known !== undefined) id = known;
          else {
            id = identities.length;
            identities.push({ ...identity, identityKey: key });
            identityIndex.set(mapKey, id);
          }
        }
        identityOfContent[ci] = id;
      }
      const tsKey = tsMs ?? NO_TIME_KEY;
      if (id >= 0) {
        reports.push({ mmsi, tsKey, tsMs, state: id, msgType: content.msgType, source: content.source });
      }
      let vo = voyageOfContent[ci];
      if (vo === -2) {
        vo = -1;
        if (content.draughtM !== null || content.destination !== null || content.eta !== null) {
          const key = voyageKey(content);
          const mapKey = `${mmsi} ${key}`;
          const known = voyageIndex.get(mapKey);
          if (known !== undefined) vo = known;
          else {
            vo = voyageStates.length;
            voyageStates.push({
              mmsi,
              voyageKey: key,
              draughtM: content.draughtM,
              destination: content.destination,
              eta: content.eta,
            });
            voyageIndex.set(mapKey, vo);
          }
        }
        voyageOfContent[ci] = vo;
      }
      if (vo >= 0) {
        voyages.push({ mmsi, tsKey, tsMs, state: vo, msgType: content.msgType, source: content.source });
      }
    }
  }
  return { identities, voyageStates, reports, voyages };
}

/** planStaticColumns for records. */
export function planStatics(statics: readonly StaticRecord[], flagOf: FlagOf): StaticsPlan {
  return planStaticColumns([staticColumnsOf(statics)], flagOf);
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
export function addStaticsSeen(deltas: Map<number, VesselDelta>, batches: readonly StaticColumns[]): void {
  for (const c of batches) {
    for (let i = 0; i < c.length; i++) {
      const ts = c.tsMs[i];
      addSeen(deltas, c.mmsi[i], Number.isNaN(ts) ? null : ts, 0);
    }
  }
}
