/** AisMessage → tallyman's PositionRecord / StaticRecord (src/tracks/records.ts). */
import type { PositionRecord, StaticRecord } from '../tracks/records.js';
import type { AisMessage } from './messages.js';
import type { MessageMeta } from './types.js';

const POSITION_TYPES = new Set([1, 2, 3, 4, 9, 11, 18, 19, 21, 27]);

function sum(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

export function messageToRecords(
  msg: AisMessage,
  meta: MessageMeta,
): { position: PositionRecord | null; static: StaticRecord | null } {
  const m = msg as unknown as Record<string, unknown>;
  let position: PositionRecord | null = null;
  if (POSITION_TYPES.has(msg.type) && meta.receivedAtMs !== null) {
    const lon = m.lon as number | null;
    const lat = m.lat as number | null;
    if (lon !== null && lat !== null && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) {
      position = {
        mmsi: msg.mmsi,
        tsMs: meta.receivedAtMs,
        lon,
        lat,
        speedKnots: (m.speedKnots as number | null | undefined) ?? null,
        courseDeg: (m.courseDeg as number | null | undefined) ?? null,
        headingDeg: (m.headingDeg as number | null | undefined) ?? null,
        navStatus: (m.navStatus as number | undefined) ?? null,
        msgType: msg.type,
        source: meta.station,
      };
    }
  }
  let stat: StaticRecord | null = null;
  if (msg.type === 5 || msg.type === 19 || msg.type === 24 || msg.type === 21) {
    const toBowM = (m.toBowM as number | null | undefined) ?? null;
    const toSternM = (m.toSternM as number | null | undefined) ?? null;
    const toPortM = (m.toPortM as number | null | undefined) ?? null;
    const toStarboardM = (m.toStarboardM as number | null | undefined) ?? null;
    const eta =
      msg.type === 5 && msg.etaMonth !== null && msg.etaDay !== null
        ? `${String(msg.etaMonth).padStart(2, '0')}-${String(msg.etaDay).padStart(2, '0')}T${String(msg.etaHour ?? 24).padStart(2, '0')}:${String(msg.etaMinute ?? 60).padStart(2, '0')}Z`
        : null;
    const text = (k: string): string | null => {
      const v = m[k] as string | undefined;
      return v === undefined || v === '' ? null : v;
    };
    stat = {
      mmsi: msg.mmsi,
      tsMs: meta.receivedAtMs,
      imo: (m.imo as number | null | undefined) ?? null,
      name: text(msg.type === 21 ? 'name' : 'shipName'),
      callSign: text('callSign'),
      shipType: (m.shipType as number | null | undefined) ?? null,
      lengthM: sum(toBowM, toSternM),
      beamM: sum(toPortM, toStarboardM),
      toBowM,
      toSternM,
      toPortM,
      toStarboardM,
      draughtM: (m.draughtM as number | null | undefined) ?? null,
      destination: text('destination'),
      eta,
      msgType: msg.type,
      source: meta.station,
    };
  }
  return { position, static: stat };
}
