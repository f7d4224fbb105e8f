/** tallyman's own JSON line per message (camelCase, null for n/a, receive meta) and a CSV row for positions. */
import { csvCell } from '../export/csv.js';
import type { AisMessage } from './messages.js';
import type { MessageMeta } from './types.js';

export function formatJsonl(msg: AisMessage, meta: MessageMeta): string {
  const body = JSON.stringify(msg);
  return `{"receivedAtMs":${meta.receivedAtMs},"station":${JSON.stringify(meta.station)},${body.slice(1)}`;
}

export const CSV_HEADER =
  'received_at_ms,station,type,mmsi,lon,lat,speed_knots,course_deg,heading_deg,nav_status';

const cell = (v: unknown): string => (v === null || v === undefined ? '' : `${v}`);

/** CSV row for position-bearing messages (types 1–4, 9, 11, 18, 19, 21, 27); null for others. */
export function formatCsvRow(msg: AisMessage, meta: MessageMeta): string | null {
  const m = msg as unknown as Record<string, unknown>;
  if (!('lon' in m) || !('lat' in m) || msg.type === 17 || msg.type === 22 || msg.type === 23) return null;
  // the station is from the sender's tag block: quoted and formula-guarded like every CSV cell
  const station = csvCell(meta.station);
  return `${cell(meta.receivedAtMs)},${station},${msg.type},${msg.mmsi},${cell(m.lon)},${cell(m.lat)},${cell(m.speedKnots)},${cell(m.courseDeg)},${cell(m.headingDeg)},${cell(m.navStatus)}`;
}
