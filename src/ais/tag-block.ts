/**
 * Receive context: what a line says about when and where a sentence was heard, before the `!` (NMEA 4
 * tag blocks `\k:v,…*hh\`, Gatehouse `$PGHP` lines) or after its checksum (receiver fields). Each
 * reader parses bytes in place and returns plain values; the decoder decides which context applies.
 */
import { COMMA, HEXVAL, latin1, STAR, type TextCache } from './framing.js';

/** Receive context collected before the `!` of a sentence. */
export interface Context {
  timeMs: number | null;
  station: string | null;
  group: string | null;
}

export const NO_CONTEXT: Context = { timeMs: null, station: null, group: null };

/** Whether a tag block's checksum (one or two hex digits between `star` and `close`) is `x`. */
export function tagChecksumOk(buf: Uint8Array, star: number, close: number, x: number): boolean {
  if (star < 0 || close - star < 2 || close - star > 3) return false;
  let v = 0;
  for (let i = star + 1; i < close; i++) {
    const h = HEXVAL[buf[i]];
    if (h < 0) return false;
    v = v * 16 + h;
  }
  return v === x;
}

/** Receiver fields after the checksum: station `r…`/`b…`, receive time = first 9–10 digit integer. */
export function receiverFields(
  buf: Uint8Array,
  s: number,
  e: number,
  stations: TextCache,
): { timeMs: number | null; station: string | null } {
  let timeMs: number | null = null;
  let station: string | null = null;
  let p = s;
  while (p < e) {
    if (buf[p] === COMMA) {
      p++;
      continue;
    }
    let q = p;
    while (q < e && buf[q] !== COMMA) q++;
    const c = buf[p];
    if (station === null && (c === 114 || c === 98) && q - p > 1) {
      let ok = true;
      for (let i = p + 1; i < q; i++) if (buf[i] < 48 || buf[i] > 57) ok = false;
      if (ok) station = stations.text(buf, p, q);
    } else if (timeMs === null && q - p >= 9 && q - p <= 10) {
      let v = 0;
      let ok = true;
      for (let i = p; i < q; i++) {
        const d = buf[i] - 48;
        if (d < 0 || d > 9) ok = false;
        v = v * 10 + d;
      }
      if (ok) timeMs = v * 1000;
    }
    p = q;
  }
  return { timeMs, station };
}

/** Tag block fields `k:v,…` between s and star, over `ctx`, written to `out` (which may be `ctx`). */
export function parseTagFields(
  buf: Uint8Array,
  s: number,
  star: number,
  ctx: Context,
  out: Context,
  stations: TextCache,
): Context {
  let timeMs = ctx.timeMs;
  let station = ctx.station;
  let group = ctx.group;
  let p = s;
  while (p < star) {
    let q = p;
    while (q < star && buf[q] !== COMMA) q++;
    let colon = p;
    while (colon < q && buf[colon] !== 58) colon++;
    if (colon < q) {
      const keyLen = colon - p;
      const k = buf[p];
      if (keyLen === 1 && k === 99 /* c */) {
        let v = 0;
        let ok = colon + 1 < q;
        for (let i = colon + 1; i < q; i++) {
          const d = buf[i] - 48;
          if (d < 0 || d > 9) ok = false;
          v = v * 10 + d;
        }
        if (ok) timeMs = v > 1e11 ? v : v * 1000;
      } else if (keyLen === 1 && k === 115 /* s */) {
        station = stations.text(buf, colon + 1, q);
      } else if (keyLen === 1 && k === 103 /* g */) {
        // g:<sentence>-<total>-<group id>
        let dash = q;
        let dashes = 0;
        for (let i = colon + 1; i < q; i++) {
          if (buf[i] === 45 && ++dashes === 2) {
            dash = i;
            break;
          }
        }
        group = latin1(buf, dash + 1, q);
      } else if (keyLen >= 3 && buf[p + 1] === 71 /* NMEA 4.0 "1G2:id" */) {
        group = latin1(buf, colon + 1, q);
      }
    }
    p = q + 1;
  }
  out.timeMs = timeMs;
  out.station = station;
  out.group = group;
  return out;
}

/** `$PGHP,1,yyyy,m,d,h,m,s,ms,…` → epoch ms (null when the fields do not form a date). */
export function parseGatehouse(buf: Uint8Array, s: number, e: number): number | null {
  const v: number[] = [];
  let p = s;
  while (p < e && buf[p] !== COMMA) p++;
  while (p < e && v.length < 8) {
    p++;
    let n = 0;
    let digits = 0;
    while (p < e && buf[p] >= 48 && buf[p] <= 57) {
      n = n * 10 + (buf[p++] - 48);
      digits++;
    }
    if (digits === 0 || (p < e && buf[p] !== COMMA && buf[p] !== STAR)) return null;
    v.push(n);
  }
  if (v.length < 8 || v[0] !== 1) return null;
  const t = Date.UTC(v[1], v[2] - 1, v[3], v[4], v[5], v[6], v[7]);
  return Number.isFinite(t) ? t : null;
}
