/**
 * Helpers for decoding one file in pieces (`tallyman decode` on two threads): where a piece may
 * start, and adding up the counts of the pieces. Whether a split was exact is the decoder's call
 * (`AisDecoder.atCleanBoundary`); choosing a good line here only makes that the usual case.
 */
import type { DecodeStats } from './types.js';

export function emptyStats(): DecodeStats {
  return {
    lines: 0,
    aisLines: 0,
    sentences: 0,
    messages: 0,
    sentencesDecoded: 0,
    byType: {},
    rejectedByReason: {},
    ignoredByReason: {},
    badTagBlocks: 0,
    shortDecoded: 0,
  };
}

/**
 * Adds `s` into `total`. Keys new to `total` are appended in `s`'s order, so adding the pieces of a
 * file in order gives the same key order as counting the whole file at once.
 */
export function mergeStats(total: DecodeStats, s: DecodeStats): void {
  total.lines += s.lines;
  total.aisLines += s.aisLines;
  total.sentences += s.sentences;
  total.messages += s.messages;
  total.sentencesDecoded += s.sentencesDecoded;
  total.badTagBlocks += s.badTagBlocks;
  total.shortDecoded += s.shortDecoded;
  for (const [k, v] of Object.entries(s.byType)) total.byType[+k] = (total.byType[+k] ?? 0) + v;
  for (const [k, v] of Object.entries(s.rejectedByReason)) {
    const key = k as keyof DecodeStats['rejectedByReason'];
    total.rejectedByReason[key] = (total.rejectedByReason[key] ?? 0) + (v ?? 0);
  }
  for (const [k, v] of Object.entries(s.ignoredByReason)) {
    const key = k as keyof DecodeStats['ignoredByReason'];
    total.ignoredByReason[key] = (total.ignoredByReason[key] ?? 0) + (v ?? 0);
  }
}

/**
 * Fragment count and number of the sentence starting the line at `s` (`!ccVDx,c,n,`, possibly after
 * a tag block without a `g:` group on the same line), or null for any other line.
 */
function fragmentOf(buf: Uint8Array, s: number, e: number): { count: number; num: number } | null {
  let p = s;
  if (buf[p] === 92 /* \ */) {
    p++;
    while (p < e && buf[p] !== 92) {
      // A tag-block group (g:) ties this line to its neighbours.
      if (buf[p] === 103 && buf[p + 1] === 58) return null;
      p++;
    }
    p++;
  }
  if (p + 11 > e || buf[p] !== 33 || buf[p + 3] !== 86 || buf[p + 4] !== 68 || buf[p + 6] !== 44) return null;
  const count = buf[p + 7] - 48;
  const num = buf[p + 9] - 48;
  if (buf[p + 8] !== 44 || buf[p + 10] !== 44 || count < 1 || count > 9 || num < 1 || num > count)
    return null;
  return { count, num };
}

/**
 * A line start in `buf` at or after `from` where a piece can start: the line begins a fresh message
 * (single sentence or first fragment) and the line before it ends one (single sentence or last
 * fragment), so no receive-time stamp or open group is likely to reach across. `buf` is a window of
 * the file; returns -1 when the window holds no such line.
 */
export function findPieceStart(buf: Uint8Array, from: number): number {
  const len = buf.length;
  let prev = -1;
  let p = from;
  if (p > 0) {
    // Start at the next line start.
    while (p < len && buf[p - 1] !== 10) p++;
  }
  while (p < len) {
    let e = p;
    while (e < len && buf[e] !== 10) e++;
    if (e >= len) return -1;
    if (prev >= 0) {
      const before = fragmentOf(buf, prev, p - 1);
      const here = fragmentOf(buf, p, e);
      if (before !== null && before.num === before.count && here !== null && here.num === 1) return p;
    }
    prev = p;
    p = e + 1;
  }
  return -1;
}
