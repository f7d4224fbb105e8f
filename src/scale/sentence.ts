/**
 * The framing of one NMEA line, as much as the feed needs to route it: which multi-sentence group
 * it belongs to and, for a group's first sentence, the MMSI (bits 8–37 of the payload, ITU-R
 * M.1371-5 Annex 8 §3.3: every message type starts with type, repeat indicator and user ID). The
 * full decode is the worker's (src/ais). Pure.
 */

export type LineKind =
  /** An AIS sentence: a fragment of a message. */
  | {
      kind: 'sentence';
      talker: string;
      count: number;
      num: number;
      seqId: string;
      channel: string;
      /** The tag block's station (s:), which keeps two receivers' groups apart. */
      station: string;
      /** Null unless this is fragment 1 and the payload is long enough. */
      mmsi: number | null;
    }
  /** A line that only gives context to the next sentence (`$PGHP`, a tag block alone). */
  | { kind: 'context' }
  | { kind: 'blank' }
  | { kind: 'reject'; reason: string };

function sixbit(code: number): number {
  let v = code - 48;
  if (v > 40) v -= 8;
  return v;
}

/** The MMSI in a payload's bits 8–37, or null when it is too short or not armoured ASCII. */
export function mmsiOfPayload(payload: string): number | null {
  if (payload.length < 7) return null;
  let v = 0;
  for (let i = 0; i < 7; i++) {
    const c = payload.charCodeAt(i);
    if (c < 48 || c > 119 || (c > 87 && c < 96)) return null;
    v = v * 64 + sixbit(c);
  }
  // 42 bits read; the MMSI is bits 8..37, so drop the low 4 and keep 30
  return Math.floor(v / 16) % 2 ** 30;
}

function checksumOk(text: string, from: number, star: number): boolean {
  let x = 0;
  for (let i = from; i < star; i++) x ^= text.charCodeAt(i);
  const given = Number.parseInt(text.slice(star + 1, star + 3), 16);
  return !Number.isNaN(given) && given === x;
}

export function classifyLine(line: string): LineKind {
  const text = line.trimEnd();
  if (text.trim() === '') return { kind: 'blank' };
  const bang = text.indexOf('!');
  if (bang < 0) {
    if (/\$PGHP/.test(text) || /^\\[^\\]*\\$/.test(text)) return { kind: 'context' };
    return { kind: 'reject', reason: 'not-ais' };
  }
  let station = '';
  const tag = /\\([^\\]*)\\/.exec(text.slice(0, bang));
  if (tag !== null) {
    const s = /(?:^|,)s:([^,*]*)/.exec(tag[1]);
    if (s !== null) station = s[1];
  }
  const star = text.indexOf('*', bang);
  if (star >= 0 && !checksumOk(text, bang + 1, star)) return { kind: 'reject', reason: 'bad-checksum' };
  const fields = text.slice(bang + 1, star >= 0 ? star : undefined).split(',');
  if (fields.length < 7 || !/^[!-~]{2}VD[MO]$/.test(fields[0])) return { kind: 'reject', reason: 'not-ais' };
  const count = Number(fields[1]);
  const num = Number(fields[2]);
  if (!Number.isInteger(count) || !Number.isInteger(num) || count < 1 || num < 1 || num > count || count > 9)
    return { kind: 'reject', reason: 'bad-fragment-number' };
  const payload = fields[5];
  const mmsi = num === 1 ? mmsiOfPayload(payload) : null;
  if (num === 1 && mmsi === null) return { kind: 'reject', reason: 'short-payload' };
  return {
    kind: 'sentence',
    talker: fields[0],
    count,
    num,
    seqId: fields[3],
    channel: fields[4],
    station,
    mmsi,
  };
}
