/**
 * Who else was heard where and when: a coarse presence index (0.5° cells × 1 h buckets → the
 * vessels with at least one fix there), built in one pass over all tracks, storing an entry only
 * when a vessel changes cell or hour. A gap's reception context queries it, then confirms each
 * candidate against its fixes. "Others heard near the place it went silent" separates switching
 * AIS off from leaving receiver coverage.
 */
import { haversineM, MS_PER_HOUR, metresToLatDeg, metresToLonDeg } from '../geo/distance.js';
import type { Track } from '../tracks/columns.js';
import { firstAtOrAfter } from './track-util.js';

const CELL_DEG = 0.5;
const LON_CELLS = 720;
const HOUR_SPAN = 2 ** 21;

export interface ReceptionIndex {
  tracks: readonly Track[];
  cells: Map<number, number[]>;
}

function key(latCell: number, lonCell: number, hour: number): number {
  return ((latCell + 180) * LON_CELLS + lonCell) * HOUR_SPAN + hour;
}

export function buildReceptionIndex(tracks: readonly Track[]): ReceptionIndex {
  const cells = new Map<number, number[]>();
  for (let v = 0; v < tracks.length; v++) {
    const t = tracks[v];
    let prev = -1;
    for (let i = 0; i < t.length; i++) {
      const hour = Math.floor(t.tsMs[i] / MS_PER_HOUR);
      if (hour < 0 || hour >= HOUR_SPAN) continue;
      const k = key(
        Math.floor(t.lat[i] / CELL_DEG),
        Math.floor((t.lon[i] + 180) / CELL_DEG) % LON_CELLS,
        hour,
      );
      if (k === prev) continue;
      prev = k;
      const list = cells.get(k);
      if (!list) cells.set(k, [v]);
      else if (list[list.length - 1] !== v) list.push(v);
    }
  }
  return { tracks, cells };
}

/**
 * Distinct vessels other than `self` with a fix within `radiusM` of (lon, lat) strictly between
 * fromMs and toMs.
 */
export function othersHeard(
  idx: ReceptionIndex,
  self: number,
  lon: number,
  lat: number,
  fromMs: number,
  toMs: number,
  radiusM: number,
): number {
  const dLat = metresToLatDeg(radiusM);
  const dLon = metresToLonDeg(radiusM, Math.abs(lat) + dLat);
  const la0 = Math.floor((lat - dLat) / CELL_DEG);
  const la1 = Math.floor((lat + dLat) / CELL_DEG);
  const lo0 = Math.floor((lon - dLon + 180) / CELL_DEG);
  const lo1 = Math.floor((lon + dLon + 180) / CELL_DEG);
  const h0 = Math.max(0, Math.floor(fromMs / MS_PER_HOUR));
  const h1 = Math.min(HOUR_SPAN - 1, Math.floor(toMs / MS_PER_HOUR));
  const candidates = new Set<number>();
  for (let a = la0; a <= la1; a++)
    for (let o = lo0; o <= lo1; o++)
      for (let h = h0; h <= h1; h++) {
        const list = idx.cells.get(key(a, ((o % LON_CELLS) + LON_CELLS) % LON_CELLS, h));
        if (list) for (const v of list) if (v !== self) candidates.add(v);
      }
  let count = 0;
  for (const v of candidates) {
    const t = idx.tracks[v];
    for (let i = firstAtOrAfter(t, fromMs + 1); i < t.length && t.tsMs[i] < toMs; i++) {
      if (Math.abs(t.lat[i] - lat) > dLat || Math.abs(t.lon[i] - lon) > dLon) continue;
      if (haversineM(lon, lat, t.lon[i], t.lat[i]) <= radiusM) {
        count++;
        break;
      }
    }
  }
  return count;
}
