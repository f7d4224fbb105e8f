/**
 * NMEA 0183 framing for the simulator's output: `!AIVDM` sentences (IEC 61162-1; at most 82
 * characters, so payloads are cut at 60 characters and a multi-sentence message carries a
 * sequential message id 0–9) and NMEA 4 tag blocks `\s:<station>,c:<epoch s>*hh\` whose checksum
 * covers the text between the backslash and the `*`.
 */
import { armour } from './ais-encode.js';

const MAX_PAYLOAD_CHARS = 60;

/** XOR of the character codes, as two upper-case hex digits. */
export function nmeaChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

export function tagBlock(station: string, epochS: number): string {
  const body = `s:${station},c:${epochS}`;
  return `\\${body}*${nmeaChecksum(body)}\\`;
}

/**
 * The sentences of one message. `seqId` (0–9) is used only when the payload needs more than one
 * sentence; `channel` is 'A' or 'B'.
 */
export function vdmSentences(bits: ArrayLike<number>, channel: 'A' | 'B', seqId: number): string[] {
  const { payload, fillBits } = armour(bits);
  const parts = Math.ceil(payload.length / MAX_PAYLOAD_CHARS);
  const out: string[] = [];
  for (let i = 0; i < parts; i++) {
    const chunk = payload.slice(i * MAX_PAYLOAD_CHARS, (i + 1) * MAX_PAYLOAD_CHARS);
    const fill = i === parts - 1 ? fillBits : 0;
    const seq = parts > 1 ? String(seqId) : '';
    const body = `AIVDM,${parts},${i + 1},${seq},${channel},${chunk},${fill}`;
    out.push(`!${body}*${nmeaChecksum(body)}`);
  }
  return out;
}
