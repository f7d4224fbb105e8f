/**
 * Bit-level primitives for AIS payloads: six-bit armouring (ITU-R M.1371-5 Annex 8 §3.1 / IEC 61162-1
 * "6-bit ASCII" table) unpacked into a packed big-endian bit buffer, integer field extraction and
 * six-bit text. Everything works on one reused Uint8Array so decoding a message allocates nothing
 * here except the strings it returns.
 */

/** Armoured payload character → six-bit value, or 255 when the byte is not a valid payload character. */
export const ARMOUR = new Uint8Array(256).fill(255);
for (let c = 48; c < 88; c++) ARMOUR[c] = c - 48;
for (let c = 96; c < 120; c++) ARMOUR[c] = c - 56;

/**
 * Six-bit value → text character (ITU-R M.1371-5 Table 47): 0 is '@' (padding), 31 '_' and 39 an
 * apostrophe, as gpsd prints them.
 */
export const SIXBIT_CHARS = '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !"#$%&\'()*+,-./0123456789:;<=>?';
const SIXBIT_CODES = new Uint16Array(64);
for (let i = 0; i < 64; i++) SIXBIT_CODES[i] = SIXBIT_CHARS.charCodeAt(i);

/** The largest AIS payload is 5 slots = 1,008 bits (M.1371-5 §3.3 of Annex 2); we allow a margin. */
export const MAX_PAYLOAD_BITS = 8192;

/**
 * A packed bit buffer: `bytes` holds the payload MSB-first, `bitLength` the number of valid bits. The
 * bytes beyond the valid bits are always zero so that fields past the end read as 0 (the convention of
 * gpsd and libais for optional trailing fields).
 */
export class BitBuffer {
  readonly bytes = new Uint8Array(MAX_PAYLOAD_BITS / 8 + 16);
  bitLength = 0;
  /** Highest byte index that may be non-zero; lets reset() clear only what was written. */
  private dirty = 0;
  /** Bit accumulator while appending six-bit groups. */
  private acc = 0;
  private accBits = 0;
  private pos = 0;

  reset(): void {
    // A JS loop: the dirty span is a few dozen bytes, cheaper than a call into fill().
    const bytes = this.bytes;
    for (let i = this.dirty; i >= 0; i--) bytes[i] = 0;
    this.bitLength = 0;
    this.dirty = 0;
    this.acc = 0;
    this.accBits = 0;
    this.pos = 0;
  }

  /**
   * Appends the armoured characters src[start, end) as six-bit groups. Returns false on an invalid
   * character or when the buffer would overflow (the caller rejects the sentence).
   */
  appendArmoured(src: Uint8Array, start: number, end: number): boolean {
    if (this.bitLength + (end - start) * 6 > MAX_PAYLOAD_BITS) return false;
    const bytes = this.bytes;
    let acc = this.acc;
    let accBits = this.accBits;
    let pos = this.pos;
    for (let i = start; i < end; i++) {
      const v = ARMOUR[src[i]];
      if (v === 255) {
        this.acc = acc;
        this.accBits = accBits;
        this.pos = pos;
        return false;
      }
      acc = ((acc << 6) | v) & 0xffff;
      accBits += 6;
      if (accBits >= 8) {
        accBits -= 8;
        bytes[pos++] = acc >>> accBits;
      }
    }
    this.acc = acc;
    this.accBits = accBits;
    this.pos = pos;
    this.bitLength += (end - start) * 6;
    this.flushTail();
    return true;
  }

  /**
   * Fast lane for single-sentence payloads: resets the buffer and loads the armoured characters from
   * src[start] up to the first byte that is not one (or `limit`), in one pass that also XORs them
   * into `xor` (for the NMEA checksum). Returns the index of the stopping byte.
   */
  loadArmouredRun(src: Uint8Array, start: number, limit: number): number {
    const bytes = this.bytes;
    const max = Math.min(limit, start + MAX_PAYLOAD_BITS / 6);
    let acc = 0;
    let accBits = 0;
    let pos = 0;
    let x = 0;
    let i = start;
    // Four characters are three whole bytes: no accumulator and no branch per character (`decode
    // --stats` of the bench file 0.44 → 0.42 s). The loop below takes the last 0–3 characters and
    // the one that stops the run; it starts byte-aligned, so acc = 0 holds.
    for (const max4 = max - 3; i < max4; i += 4) {
      const c0 = src[i];
      const c1 = src[i + 1];
      const c2 = src[i + 2];
      const c3 = src[i + 3];
      const v0 = ARMOUR[c0];
      const v1 = ARMOUR[c1];
      const v2 = ARMOUR[c2];
      const v3 = ARMOUR[c3];
      if ((v0 | v1 | v2 | v3) > 63) break;
      x ^= c0 ^ c1 ^ c2 ^ c3;
      bytes[pos] = (v0 << 2) | (v1 >>> 4);
      bytes[pos + 1] = ((v1 & 15) << 4) | (v2 >>> 2);
      bytes[pos + 2] = ((v2 & 3) << 6) | v3;
      pos += 3;
    }
    for (; i < max; i++) {
      const c = src[i];
      const v = ARMOUR[c];
      if (v === 255) break;
      x ^= c;
      acc = ((acc << 6) | v) & 0xffff;
      accBits += 6;
      if (accBits >= 8) {
        accBits -= 8;
        bytes[pos++] = acc >>> accBits;
      }
    }
    // Bytes a longer previous payload left behind must read as zero.
    const oldDirty = this.dirty;
    bytes[pos] = accBits > 0 ? (acc << (8 - accBits)) & 0xff : 0;
    for (let k = pos + 1; k <= oldDirty; k++) bytes[k] = 0;
    this.dirty = pos + 1;
    this.acc = acc;
    this.accBits = accBits;
    this.pos = pos;
    this.bitLength = (i - start) * 6;
    this.xor = x;
    return i;
  }

  /** XOR of the characters loadArmouredRun read. */
  xor = 0;

  /** Writes the pending partial byte so reads see every appended bit. */
  private flushTail(): void {
    const bytes = this.bytes;
    if (this.accBits > 0) bytes[this.pos] = (this.acc << (8 - this.accBits)) & 0xff;
    const last = this.pos + 1;
    if (last > this.dirty) this.dirty = last;
  }

  /** Removes the fill bits at the end (and zeroes them, so reads past the end stay 0). */
  dropFillBits(fill: number): void {
    if (fill <= 0) return;
    const newLen = this.bitLength - fill;
    const bytes = this.bytes;
    const lastByte = newLen >>> 3;
    const keep = newLen & 7;
    bytes[lastByte] &= keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    for (let i = lastByte + 1; i <= this.dirty; i++) bytes[i] = 0;
    this.bitLength = newLen;
  }
}

const POW2: number[] = [];
for (let i = 0; i <= 53; i++) POW2.push(2 ** i);

/** Unsigned integer of `len` bits (1..32) starting at bit `start` (MSB first). */
export function ubits(b: Uint8Array, start: number, len: number): number {
  let i = start >>> 3;
  const end = start + len;
  const last = (end - 1) >>> 3;
  const off = start & 7;
  if (off + len <= 24) {
    let v = b[i] & (0xff >>> off);
    while (i < last) v = (v << 8) | b[++i];
    return v >>> (((last + 1) << 3) - end);
  }
  let v = b[i] & (0xff >>> off);
  while (i < last) v = v * 256 + b[++i];
  return Math.floor(v / POW2[((last + 1) << 3) - end]);
}

/** Two's-complement signed integer of `len` bits (2..32). */
export function sbits(b: Uint8Array, start: number, len: number): number {
  const v = ubits(b, start, len);
  return v >= POW2[len - 1] ? v - POW2[len] : v;
}

/** Latin-1 scratch for building text: one native slice per string instead of a rope of characters. */
const TEXT = Buffer.alloc(MAX_PAYLOAD_BITS / 6 + 8);

/** Six-bit group at bit `pos` (reads two bytes; the buffer is padded past the payload). */
export function six(b: Uint8Array, pos: number): number {
  const i = pos >>> 3;
  return (((b[i] << 8) | b[i + 1]) >>> (10 - (pos & 7))) & 63;
}

/**
 * `count` six-bit characters from bit `start`, cut at the first '@' (value 0) and with trailing spaces
 * removed — gpsd's convention (libais keeps the padding).
 */
export function sixbitText(b: Uint8Array, start: number, count: number): string {
  let lastNonSpace = 0;
  let n = 0;
  for (let k = 0; k < count; k++) {
    const c = six(b, start + k * 6);
    if (c === 0) break;
    TEXT[n++] = SIXBIT_CODES[c];
    if (c !== 32) lastNonSpace = n;
  }
  return lastNonSpace === 0 ? '' : TEXT.toString('latin1', 0, lastNonSpace);
}

/** Like sixbitText but without trimming trailing spaces (the 20-character type 21 name before its extension). */
export function sixbitTextUntrimmed(b: Uint8Array, start: number, count: number): string {
  let n = 0;
  for (let k = 0; k < count; k++) {
    const c = six(b, start + k * 6);
    if (c === 0) break;
    TEXT[n++] = SIXBIT_CODES[c];
  }
  return n === 0 ? '' : TEXT.toString('latin1', 0, n);
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** A Buffer view of the last byte array given to bitsHex, for native hex of whole bytes. */
let hexOf: Uint8Array | null = null;
let hexView: Buffer = Buffer.alloc(0);

/** Bits [start, end) as lowercase hex, left-aligned and zero-padded to a whole byte (gpsd's `data`). */
export function bitsHex(b: Uint8Array, start: number, end: number): string {
  let out = '';
  let p = start;
  if ((start & 7) === 0 && end - start >= 64) {
    if (hexOf !== b) {
      hexOf = b;
      hexView = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    }
    const whole = (end - start) >>> 3;
    out = hexView.toString('hex', start >>> 3, (start >>> 3) + whole);
    p = start + whole * 8;
  }
  for (; p < end; p += 8) {
    const w = Math.min(end - p, 8);
    out += HEX[(ubits(b, p, w) << (8 - w)) & 0xff];
  }
  return out;
}

export { SIXBIT_CODES };
