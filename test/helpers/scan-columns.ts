/**
 * A store scan's rows (src/store/scan.ts) as plain arrays, for comparing two reads field by field:
 * NaN speeds and courses as strings (deepEqual tells NaN from a number either way), sources by name.
 */
import type { PositionScan } from '../../src/store/scan.js';

export const scanColumns = (s: PositionScan) => ({
  length: s.length,
  mmsi: [...s.mmsi.subarray(0, s.length)],
  tsMs: [...s.tsMs.subarray(0, s.length)],
  lon: [...s.lon.subarray(0, s.length)],
  lat: [...s.lat.subarray(0, s.length)],
  speedKnots: [...s.speedKnots.subarray(0, s.length)].map(String),
  courseDeg: [...s.courseDeg.subarray(0, s.length)].map(String),
  navStatus: [...s.navStatus.subarray(0, s.length)],
  msgType: [...s.msgType.subarray(0, s.length)],
  sources: [...s.sourceIndex.subarray(0, s.length)].map((i) => s.sources[i]),
  ingestRunId: [...s.ingestRunId.subarray(0, s.length)],
});
