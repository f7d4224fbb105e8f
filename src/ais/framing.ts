/**
 * NMEA 0183 framing: the byte values a sentence is split on, hex checksum digits, and the small
 * readers of a sentence's fixed fields (talker and formatter, channel), none of which allocate on the
 * usual input. The decoder (decoder.ts) scans lines with these; tag blocks and reassembly use them too.
 */
export const HEXVAL = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEXVAL[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEXVAL[65 + i] = 10 + i;
  HEXVAL[97 + i] = 10 + i;
}

export const BANG = 33;
export const STAR = 42;
export const COMMA = 44;
export const BACKSLASH = 92;
export const CR = 13;

/** Bytes [s, e) as Latin-1 text, cut to 120 characters; one native copy rather than a string per byte. */
export function latin1(buf: Uint8Array, s: number, e: number): string {
  const end = Math.min(e, s + 120);
  if (end <= s) return '';
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return b.toString('latin1', s, end);
}

/**
 * The text of byte runs that recur line after line (a feed's few station names): the same string
 * for the same bytes, found by comparing bytes instead of made anew (and hashed anew downstream)
 * for every line. Holds the last CACHED_TEXTS distinct runs.
 */
export class TextCache {
  private readonly runs: Uint8Array[] = [];
  private readonly texts: string[] = [];
  /** Where the last hit was (searched first), and the slot the next new run takes. */
  private last = 0;
  private next = 0;

  /** latin1(buf, s, e), from the cache when these bytes were seen lately. */
  text(buf: Uint8Array, s: number, e: number): string {
    const end = Math.min(e, s + 120);
    const n = end - s;
    const runs = this.runs;
    for (let k = 0, i = this.last; k < runs.length; k++, i = i + 1 === runs.length ? 0 : i + 1) {
      const run = runs[i];
      if (run.length === n && sameBytes(run, buf, s)) {
        this.last = i;
        return this.texts[i];
      }
    }
    const t = latin1(buf, s, end);
    const slot = this.next;
    runs[slot] = copyBytes(buf, s, end);
    this.texts[slot] = t;
    this.last = slot;
    this.next = (slot + 1) % CACHED_TEXTS;
    return t;
  }
}

const CACHED_TEXTS = 8;

/** Whether buf[s, s + run.length) equals run. */
function sameBytes(run: Uint8Array, buf: Uint8Array, s: number): boolean {
  for (let i = 0; i < run.length; i++) if (buf[s + i] !== run[i]) return false;
  return true;
}

export function copyBytes(buf: Uint8Array, s: number, e: number): Uint8Array {
  return Uint8Array.prototype.slice.call(buf, s, e) as Uint8Array;
}

/** Talker and formatter after the `!`; the usual two without a new string each. */
export function sentenceName(buf: Uint8Array, s: number): string {
  if (buf[s + 1] === 65 && buf[s + 2] === 73 && buf[s + 3] === 86 && buf[s + 4] === 68) {
    if (buf[s + 5] === 77) return 'AIVDM';
    if (buf[s + 5] === 79) return 'AIVDO';
  }
  return String.fromCharCode(buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4], buf[s + 5]);
}

export function chanOf(buf: Uint8Array, cs: number, ce: number): string | null {
  if (ce - cs === 2) return String.fromCharCode(buf[cs + 1]);
  if (ce - cs === 1) return null;
  let out = '';
  for (let i = cs + 1; i < ce; i++) out += String.fromCharCode(buf[i]);
  return out;
}

/** Skips literal `\r`, `\n`, `\x0d`, `\x0a` sequences starting at i; returns the index after them (i if none). */
export function skipLiteralLineEnds(buf: Uint8Array, i: number, e: number): number {
  let p = i;
  for (;;) {
    if (p + 1 < e && buf[p] === BACKSLASH && (buf[p + 1] === 114 || buf[p + 1] === 110)) {
      p += 2;
    } else if (
      p + 3 < e &&
      buf[p] === BACKSLASH &&
      buf[p + 1] === 120 &&
      buf[p + 2] === 48 &&
      (buf[p + 3] === 100 || buf[p + 3] === 68 || buf[p + 3] === 97 || buf[p + 3] === 65)
    ) {
      p += 4;
    } else {
      return p;
    }
  }
}
