/**
 * NMEA 0183 framing: the byte values a sentence is split on, hex checksum digits, and the small
 * readers of a sentence's fixed fields (talker and formatter, channel), none of which allocate on the
 * usual input. The decoder (decoder.ts) scans lines with these; tag blocks and reassembly use them too.
 */
import type { RejectReason } from './types.js';

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

/** The fields checkSentence reads from a sentence: where its payload lies, and its numbers. */
export interface SentenceFields {
  count: number;
  num: number;
  /** Sequential message id, -1 when empty. */
  seq: number;
  /** Payload start and end. */
  ps: number;
  pe: number;
  fill: number;
}

/**
 * Checks a `!xxVDM,count,number,seq,channel,payload,fill*hh` sentence ending before `e`: its
 * checksum (`x`: XOR of the bytes between `!` and the `*` at `star`) and the shape of its fields
 * (`commas`: the first `nc` comma positions). Returns why it is rejected, or null with the fields
 * written into `out` (reused by the caller: no allocation per sentence).
 */
export function checkSentence(
  buf: Uint8Array,
  star: number,
  e: number,
  x: number,
  commas: Int32Array,
  nc: number,
  out: SentenceFields,
): RejectReason | null {
  if (star >= e) return 'no-checksum';
  const h1 = star + 1 < e ? HEXVAL[buf[star + 1]] : -1;
  const h2 = star + 2 < e ? HEXVAL[buf[star + 2]] : -1;
  if (h1 < 0 || h2 < 0) return 'no-checksum';
  if (((h1 << 4) | h2) !== x) return 'bad-checksum';
  if (nc !== 6) return 'malformed-sentence';
  const c = commas;
  // count and number: one digit each
  const count = c[1] - c[0] === 2 ? buf[c[0] + 1] - 48 : -1;
  const num = c[2] - c[1] === 2 ? buf[c[1] + 1] - 48 : -1;
  if (count < 1 || count > 9 || num < 1 || num > count) return 'malformed-sentence';
  let seq = -1;
  for (let i = c[2] + 1; i < c[3]; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9 || seq > 999) return 'malformed-sentence';
    seq = seq < 0 ? d : seq * 10 + d;
  }
  if (c[4] - c[3] > 3) return 'malformed-sentence';
  const ps = c[4] + 1;
  const pe = c[5];
  if (star - c[5] !== 2) return 'malformed-sentence';
  const fill = buf[c[5] + 1] - 48;
  if (fill < 0 || fill > 9) return 'malformed-sentence';
  // The last part of a multi-part message may be empty (seen in the wild, pyais issue 157; gpsd
  // decodes it): the payload is whole in the parts before it.
  const emptyLast = ps === pe && count > 1 && num === count && fill === 0;
  if (ps === pe && !emptyLast) return 'empty-payload';
  if (!emptyLast && (fill > 5 || fill >= (pe - ps) * 6)) return 'bad-fill-bits';
  out.count = count;
  out.num = num;
  out.seq = seq;
  out.ps = ps;
  out.pe = pe;
  out.fill = fill;
  return null;
}
