/** What one CSV row becomes (pure). Rejects are thrown as RowError by the mappers. */
import type { PositionRecord, StaticRecord } from '../tracks/records.js';

export type RowResult =
  | { kind: 'records'; position: PositionRecord | null; static: StaticRecord | null }
  | { kind: 'ignored'; reason: string };

/** A row mapper: cells of one data row → result; `note` counts a vendor label it could not map. */
export type RowMapper = (cells: string[], note: (key: string) => void) => RowResult;

/** True when any identity/voyage field is known: then the row also makes a StaticRecord. */
export function hasStatic(s: Omit<StaticRecord, 'mmsi' | 'tsMs' | 'msgType' | 'source'>): boolean {
  return (
    s.imo !== null ||
    s.name !== null ||
    s.callSign !== null ||
    s.shipType !== null ||
    s.lengthM !== null ||
    s.beamM !== null ||
    s.toBowM !== null ||
    s.toSternM !== null ||
    s.toPortM !== null ||
    s.toStarboardM !== null ||
    s.draughtM !== null ||
    s.destination !== null ||
    s.eta !== null
  );
}

export function rowResult(
  mmsi: number,
  tsMs: number,
  source: string,
  pos: Omit<PositionRecord, 'mmsi' | 'tsMs' | 'msgType' | 'source'> | null,
  stat: Omit<StaticRecord, 'mmsi' | 'tsMs' | 'msgType' | 'source'>,
): RowResult {
  const position: PositionRecord | null = pos === null ? null : { mmsi, tsMs, ...pos, msgType: null, source };
  const statics: StaticRecord | null = hasStatic(stat)
    ? { mmsi, tsMs, ...stat, msgType: null, source }
    : null;
  if (position === null && statics === null) return { kind: 'ignored', reason: 'no-position-no-static' };
  return { kind: 'records', position, static: statics };
}
