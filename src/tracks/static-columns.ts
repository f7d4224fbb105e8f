/**
 * Static reports held as columns: vessel and time per report, everything else as an index into the
 * distinct contents the reports state.
 *
 * Why: a vessel repeats the same static report over and over (a type 5 every six minutes, with the
 * same name, size, draught and destination), so a batch of 5,000 reports states a few hundred
 * contents. Sent between threads as objects, each report is cloned on one side and rebuilt on the
 * other, and the store's buffer keeps them alive until its commit; as columns the reports cross by
 * transfer and the planner works once per content, not once per report (src/store/batch-plan.ts).
 */
import type { StaticRecord } from './records.js';

/** What a static report states beyond its vessel and time. */
export type StaticContent = Omit<StaticRecord, 'mmsi' | 'tsMs'>;

export interface StaticColumns {
  length: number;
  mmsi: Float64Array;
  /** NaN for a report without a time. */
  tsMs: Float64Array;
  /** Index into `contents`. */
  content: Uint32Array;
  /** Distinct contents; each one is stated by one vessel only (see StaticBuffer.push). */
  contents: StaticContent[];
}

const sameContent = (a: StaticContent, s: StaticRecord): boolean =>
  a.imo === s.imo &&
  a.name === s.name &&
  a.callSign === s.callSign &&
  a.shipType === s.shipType &&
  a.lengthM === s.lengthM &&
  a.beamM === s.beamM &&
  a.toBowM === s.toBowM &&
  a.toSternM === s.toSternM &&
  a.toPortM === s.toPortM &&
  a.toStarboardM === s.toStarboardM &&
  a.draughtM === s.draughtM &&
  a.destination === s.destination &&
  a.eta === s.eta &&
  a.msgType === s.msgType &&
  a.source === s.source;

const contentOf = (s: StaticRecord): StaticContent => ({
  imo: s.imo,
  name: s.name,
  callSign: s.callSign,
  shipType: s.shipType,
  lengthM: s.lengthM,
  beamM: s.beamM,
  toBowM: s.toBowM,
  toSternM: s.toSternM,
  toPortM: s.toPortM,
  toStarboardM: s.toStarboardM,
  draughtM: s.draughtM,
  destination: s.destination,
  eta: s.eta,
  msgType: s.msgType,
  source: s.source,
});

export class StaticBuffer {
  private mmsi: number[] = [];
  private tsMs: number[] = [];
  private content: number[] = [];
  private contents: StaticContent[] = [];
  /**
   * The contents each vessel stated since the last take(), newest first: a class B vessel
   * alternates two (24 A and 24 B), a class A one repeats one.
   */
  private byVessel = new Map<number, number[]>();

  get length(): number {
    return this.mmsi.length;
  }

  push(s: StaticRecord): void {
    let seen = this.byVessel.get(s.mmsi);
    if (seen === undefined) {
      seen = [];
      this.byVessel.set(s.mmsi, seen);
    }
    let index = -1;
    for (let k = 0; k < seen.length; k++) {
      if (sameContent(this.contents[seen[k]], s)) {
        index = seen[k];
        if (k > 0) {
          seen.splice(k, 1);
          seen.unshift(index);
        }
        break;
      }
    }
    if (index < 0) {
      index = this.contents.length;
      this.contents.push(contentOf(s));
      seen.unshift(index);
    }
    this.mmsi.push(s.mmsi);
    this.tsMs.push(s.tsMs ?? Number.NaN);
    this.content.push(index);
  }

  pushAll(list: readonly StaticRecord[]): void {
    for (const s of list) this.push(s);
  }

  /** Hands over every buffered report, with the buffers to transfer them by, and starts afresh. */
  take(): { columns: StaticColumns; transfer: ArrayBuffer[] } {
    const columns: StaticColumns = {
      length: this.mmsi.length,
      mmsi: Float64Array.from(this.mmsi),
      tsMs: Float64Array.from(this.tsMs),
      content: Uint32Array.from(this.content),
      contents: this.contents,
    };
    this.mmsi = [];
    this.tsMs = [];
    this.content = [];
    this.contents = [];
    this.byVessel = new Map();
    return {
      columns,
      transfer: [columns.mmsi.buffer, columns.tsMs.buffer, columns.content.buffer] as ArrayBuffer[],
    };
  }
}

/** The columns of a list of records (for callers that have records). */
export function staticColumnsOf(list: readonly StaticRecord[]): StaticColumns {
  const b = new StaticBuffer();
  b.pushAll(list);
  return b.take().columns;
}
