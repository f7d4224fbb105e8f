/**
 * Columns back to records, the inverse of PositionBuffer and staticColumnsOf: what the tests
 * compare a round trip with. Nothing shipped turns columns back into records.
 */
import type { PositionColumns } from '../../src/tracks/position-columns.js';
import type { PositionRecord, StaticRecord } from '../../src/tracks/records.js';
import type { StaticColumns } from '../../src/tracks/static-columns.js';

/** Every fix of `c` as a record. */
export function recordsOf(c: PositionColumns): PositionRecord[] {
  const out = new Array<PositionRecord>(c.length);
  for (let i = 0; i < c.length; i++) {
    const sp = c.speedKnots[i]!;
    const co = c.courseDeg[i]!;
    const he = c.headingDeg[i]!;
    const st = c.navStatus[i]!;
    const ty = c.msgType[i]!;
    out[i] = {
      mmsi: c.mmsi[i]!,
      tsMs: c.tsMs[i]!,
      lon: c.lon[i]!,
      lat: c.lat[i]!,
      speedKnots: Number.isNaN(sp) ? null : sp,
      courseDeg: Number.isNaN(co) ? null : co,
      headingDeg: Number.isNaN(he) ? null : he,
      navStatus: st < 0 ? null : st,
      msgType: ty < 0 ? null : ty,
      source: c.sources[c.sourceIndex[i]!]!,
    };
  }
  return out;
}

/** Every report of `c` as a record: the inverse of staticColumnsOf. */
export function staticRecordsOf(c: StaticColumns): StaticRecord[] {
  const out = new Array<StaticRecord>(c.length);
  for (let i = 0; i < c.length; i++) {
    const ts = c.tsMs[i];
    out[i] = { mmsi: c.mmsi[i], tsMs: Number.isNaN(ts) ? null : ts, ...c.contents[c.content[i]] };
  }
  return out;
}
