/**
 * A shipment's confidence, 1 (weak) … 4 (strong), from what supports it. Points: each end seen
 * on AIS or on an image 2, an end only inferred from a gap 0.5; a draught rise at loading 1, a
 * fall at discharge 0.5; container counts 0.5 (once per end); a linked document 1 (once).
 * Levels: ≥ 5.5 → 4, ≥ 4 → 3, ≥ 2.5 → 2, else 1. So two AIS calls alone give 3, a dark origin
 * with an AIS destination gives 2 and reaches 3 with a draught rise or a document, and two
 * dark ends give 1 until something else is found.
 */
import type { Support } from './types.js';

export function confidencePoints(supports: readonly Support[]): number {
  const ends = new Map<string, number>();
  let pts = 0;
  const once = new Set<string>();
  for (const s of supports) {
    if (s.role !== 'leg' && (s.kind === 'ais-call' || s.kind === 'sighting' || s.kind === 'dark-call')) {
      const w = s.kind === 'dark-call' ? 0.5 : 2;
      ends.set(s.role, Math.max(ends.get(s.role) ?? 0, w));
      continue;
    }
    const key = s.kind === 'containers' ? `containers:${s.role}` : s.kind;
    if (once.has(key)) continue;
    once.add(key);
    if (s.kind === 'draught-laden' || s.kind === 'document') pts += 1;
    else pts += 0.5;
  }
  for (const w of ends.values()) pts += w;
  return pts;
}

export function confidenceOf(supports: readonly Support[]): 1 | 2 | 3 | 4 {
  const p = confidencePoints(supports);
  return p >= 5.5 ? 4 : p >= 4 ? 3 : p >= 2.5 ? 2 : 1;
}
