/** Deterministic event ids: the same event found twice (or by another worker) gets the same id. */
import { createHash } from 'node:crypto';

export function eventId(type: string, mmsi: number, mmsi2: number | null, startMs: number, key = ''): string {
  return createHash('sha256')
    .update(`${type}|${mmsi}|${mmsi2 ?? ''}|${startMs}|${key}`)
    .digest('hex')
    .slice(0, 20);
}
