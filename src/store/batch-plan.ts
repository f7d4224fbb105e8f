/**
 * Pure planning of one commit's static records: the distinct identities and voyage statements it
 * mentions, the report rows to try, the numbers new identities and statements get, and — once
 * the engine says which reports were new — what they add to `vessel_identities`. Counting only
 * reports that were new is what keeps the counts right when a file is ingested twice or a crashed
 * run replays.
 */
import type { StaticColumns, StaticContent } from '../tracks/static-columns.js';
import { vesselOrder } from '../tracks/vessel-order.js';
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

/**
 * The reports of a commit column by column — vessel, key time, the plan index of what it states,
 * and the content it came with (message type, source) — so a commit of 200,000 reports makes no
 * object per report.
 */
export class PlannedReports {
  length = 0;
  mmsi: Float64Array;
  tsKey: Float64Array;
  /** Index into StaticsPlan.identities (identity reports) or .voyageStates (voyage reports). */
  state: Int32Array;
  content: StaticContent[] = [];

  constructor(capacity: number) {
    this.mmsi = new Float64Array(capacity);
    this.tsKey = new Float64Array(capacity);
    this.state = new Int32Array(capacity);
  }

  push(mmsi: number, tsKey: number, state: number, content: StaticContent): void {
    const i = this.length++;
    this.mmsi[i] = mmsi;
    this.tsKey[i] = tsKey;
    this.state[i] = state;
    this.content.push(content);
  }

  tsMs(i: number): number | null {
    const t = this.tsKey[i];
    return t === NO_TIME_KEY ? null : t;
  }
}

export interface StaticsPlan {
  /** Each distinct (mmsi, identity) in the order the commit first mentions it. */
  identities: PlannedIdentity[];
  /** Each distinct (mmsi, voyage statement) in the order the commit first mentions it. */
  voyageStates: PlannedVoyageState[];
  reports: PlannedReports;
  voyages: PlannedReports;
}

/** Distinct (vessel, key) items in the order first met, each with its index in that list. */
class Distinct<T> {
  readonly list: T[] = [];
  private readonly index = new Map<string, number>();

  /** The index of (mmsi, key), made with `make` when new. */
  indexOf(mmsi: number, key: string, make: () => T): number {
    const mapKey = `${mmsi} ${key}`;
    let i = this.index.get(mapKey);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(make());
      this.index.set(mapKey, i);
    }
    return i;
  }
}

/**
 * Plans the reports of a commit from their columns. The work per report is two lookups: what a
 * content states (identity, voyage statement) is worked out once per content, and a vessel states
 * few contents however many reports it sends.
 */
export function planStaticColumns(batches: readonly StaticColumns[], flagOf: FlagOf): StaticsPlan {
  const identities = new Distinct<PlannedIdentity>();
  const voyageStates = new Distinct<PlannedVoyageState>();
  let total = 0;
  for (const c of batches) total += c.length;
  const reports = new PlannedReports(total);
  const voyages = new PlannedReports(total);
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
        const identity = identityOf({ mmsi, tsMs, ...content }, flagOf);
        if (identity === null) id = -1;
        else {
          const key = identityKey(identity);
          id = identities.indexOf(mmsi, key, () => ({ ...identity, identityKey: key }));
        }
        identityOfContent[ci] = id;
      }
      const tsKey = tsMs ?? NO_TIME_KEY;
      if (id >= 0) reports.push(mmsi, tsKey, id, content);
      let vo = voyageOfContent[ci];
      if (vo === -2) {
        if (content.draughtM === null && content.destination === null && content.eta === null) vo = -1;
        else {
          const key = voyageKey(content);
          vo = voyageStates.indexOf(mmsi, key, () => ({
            mmsi,
            voyageKey: key,
            draughtM: content.draughtM,
            destination: content.destination,
            eta: content.eta,
          }));
        }
        voyageOfContent[ci] = vo;
      }
      if (vo >= 0) voyages.push(mmsi, tsKey, vo, content);
    }
  }
  return { identities: identities.list, voyageStates: voyageStates.list, reports, voyages };
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

/**
 * The rows to insert, as indices into `reports` in key order (mmsi, ts_key, number) — the table's
 * own order, so each insert lands beside the previous one — without repeats (the same report heard
 * by two receivers, or twice in overlapping captures): the first mentioned stays. With each
 * report's number (`no`, by report index).
 */
export function reportOrder(
  reports: PlannedReports,
  numbers: readonly number[],
): { order: Uint32Array; no: Int32Array } {
  const n = reports.length;
  const { mmsi, tsKey, state } = reports;
  const no = new Int32Array(n);
  for (let i = 0; i < n; i++) no[i] = numbers[state[i]];
  const { order } = vesselOrder(mmsi, n, (a, b) => tsKey[a] - tsKey[b] || no[a] - no[b] || a - b);
  let w = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (w > 0) {
      const p = order[w - 1];
      if (mmsi[p] === mmsi[i] && tsKey[p] === tsKey[i] && no[p] === no[i]) continue;
    }
    order[w++] = i;
  }
  return { order: order.subarray(0, w), no };
}

/** Newly stored identity reports, column by column, as the engine reports them. */
export class NewReports {
  readonly mmsi: number[] = [];
  readonly no: number[] = [];
  readonly tsMs: (number | null)[] = [];

  get length(): number {
    return this.mmsi.length;
  }

  push(mmsi: number, no: number, tsMs: number | null): void {
    this.mmsi.push(mmsi);
    this.no.push(no);
    this.tsMs.push(tsMs);
  }
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
export function identityDeltas(newReports: NewReports): IdentityDelta[] {
  const byVessel = new Map<number, Map<number, IdentityDelta>>();
  const { mmsi, no, tsMs } = newReports;
  for (let i = 0; i < mmsi.length; i++) {
    let ofVessel = byVessel.get(mmsi[i]);
    if (ofVessel === undefined) {
      ofVessel = new Map();
      byVessel.set(mmsi[i], ofVessel);
    }
    const d = ofVessel.get(no[i]);
    const t = tsMs[i];
    if (d === undefined) {
      ofVessel.set(no[i], {
        mmsi: mmsi[i],
        identityNo: no[i],
        firstSeenMs: t,
        lastSeenMs: t,
        reportCount: 1,
      });
    } else {
      d.firstSeenMs = minMs(d.firstSeenMs, t);
      d.lastSeenMs = maxMs(d.lastSeenMs, t);
      d.reportCount++;
    }
  }
  const out: IdentityDelta[] = [];
  for (const m of byVessel.values()) for (const d of m.values()) out.push(d);
  return out.sort((a, b) => a.mmsi - b.mmsi || a.identityNo - b.identityNo);
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
