/** Test helpers that build AIS sentences from payload bits (the inverse of the decoder's armouring). */

/** Seeded PRNG (mulberry32): the same sequence on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `value` as `len` bits at bit `start` (big-endian, as AIS payloads are). */
export function setBits(bytes: Uint8Array, start: number, len: number, value: number): void {
  for (let i = 0; i < len; i++) {
    const bit = Math.floor(value / 2 ** (len - 1 - i)) % 2;
    const p = start + i;
    if (bit) bytes[p >>> 3] |= 0x80 >>> (p & 7);
    else bytes[p >>> 3] &= ~(0x80 >>> (p & 7));
  }
}

export const nmeaChecksum = (body: string): string => {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
};

/** The six-bit armouring of `n` bits: payload characters and fill bits. */
export function armourPayload(bytes: Uint8Array, n: number): { payload: string; fill: number } {
  const chars = Math.ceil(n / 6);
  let payload = '';
  for (let c = 0; c < chars; c++) {
    let v = 0;
    for (let i = 0; i < 6; i++) {
      const p = c * 6 + i;
      const bit = p < n ? (bytes[p >>> 3] >>> (7 - (p & 7))) & 1 : 0;
      v = (v << 1) | bit;
    }
    payload += String.fromCharCode(v < 40 ? v + 48 : v + 56);
  }
  return { payload, fill: chars * 6 - n };
}

/** `!AIVDM` sentences for a payload of `n` bits, split into parts of at most 60 characters. */
export function armour(bytes: Uint8Array, n: number, seq: number, channel = 'A'): string[] {
  const { payload, fill } = armourPayload(bytes, n);
  const parts: string[] = [];
  for (let i = 0; i < payload.length; i += 60) parts.push(payload.slice(i, i + 60));
  return parts.map((p, i) => {
    const last = i === parts.length - 1;
    const body = `AIVDM,${parts.length},${i + 1},${parts.length > 1 ? seq : ''},${channel},${p},${last ? fill : 0}`;
    return `!${body}*${nmeaChecksum(body)}`;
  });
}
