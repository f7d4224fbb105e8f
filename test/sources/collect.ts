import type { Source, SourceReject } from '../../src/sources/types.js';
import type { PositionRecord, StaticRecord } from '../../src/tracks/records.js';
import { SHARED_AIS } from '../helpers/captures.js';

export const AIS = SHARED_AIS.pathname;
export const TRACKS = `${AIS}tracks/`;

/** Reads a source to its end. */
export async function collect(source: Source) {
  const positions: PositionRecord[] = [];
  const statics: StaticRecord[] = [];
  const rejects: SourceReject[] = [];
  let batches = 0;
  for await (const b of source.batches()) {
    batches++;
    positions.push(...b.positions);
    statics.push(...b.statics);
    rejects.push(...b.rejects);
  }
  return { positions, statics, rejects, batches };
}
