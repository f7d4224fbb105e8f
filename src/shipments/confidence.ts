/**
 * A shipment's confidence, 1 (weak) … 4 (strong), from what supports it. Points: each end seen
 * on AIS or on an image 2, an end only inferred from a gap 0.5; a draught rise at loading 1, a
 * fall at discharge 0.5; container counts 0.5 (once per end); a linked document 1 (once).
 * Levels: ≥ 5.5 → 4, ≥ 4 → 3, ≥ 2.5 → 2, else 1. So two AIS calls alone give 3, a dark origin
 * with an AIS destination gives 2 and reaches 3 with a draught rise or a document, and two
 * dark ends give 1 until something else is found.
 */
import type { Support } from './types.js';

/** The points each level needs, strongest first (the thresholds above). */
export const CONFIDENCE_LEVELS = [
  { level: 4, minPoints: 5.5 },
  { level: 3, minPoints: 4 },
  { level: 2, minPoints: 2.5 },
  { level: 1, minPoints: 0 },
] as const;

/** One finding as it counts toward the confidence (0 points: counted once already, or a weaker end). */
export interface ConfidenceFinding {
  kind: Support['kind'];
  role: Support['role'];
  ref: string;
  points: number;
  /** What the finding is, in an analyst's words. */
  label: string;
}

const LABELS: Record<string, string> = {
  'ais-call': 'port call heard on AIS',
  'dark-call': 'call inferred from an AIS gap (dark)',
  sighting: 'ship seen on an image',
  'draught-laden': 'draught rise at loading',
  'draught-discharge': 'draught fall at discharge',
  containers: 'container count',
  document: 'linked document (evidence)',
};

const endWeight = (s: Support) =>
  s.role !== 'leg' && (s.kind === 'ais-call' || s.kind === 'sighting' || s.kind === 'dark-call')
    ? s.kind === 'dark-call'
      ? 0.5
      : 2
    : null;

/** Every support with the points it adds: an end counts once, at its strongest finding. */
export function confidenceFindings(supports: readonly Support[]): ConfidenceFinding[] {
  const bestEnd = new Map<string, number>();
  for (const s of supports) {
    const w = endWeight(s);
    if (w !== null) bestEnd.set(s.role, Math.max(bestEnd.get(s.role) ?? 0, w));
  }
  const endTaken = new Set<string>();
  const once = new Set<string>();
  return supports.map((s) => {
    const where = s.role === 'leg' ? '' : ` (${s.role})`;
    const label = `${LABELS[s.kind] ?? s.kind}${where}`;
    const w = endWeight(s);
    let points: number;
    if (w !== null) {
      points = !endTaken.has(s.role) && w === bestEnd.get(s.role) ? w : 0;
      if (points > 0) endTaken.add(s.role);
    } else {
      const key = s.kind === 'containers' ? `containers:${s.role}` : s.kind;
      points = once.has(key) ? 0 : s.kind === 'draught-laden' || s.kind === 'document' ? 1 : 0.5;
      once.add(key);
    }
    return { kind: s.kind, role: s.role, ref: s.ref, points, label };
  });
}

export function confidencePoints(supports: readonly Support[]): number {
  return confidenceFindings(supports).reduce((n, f) => n + f.points, 0);
}

export function confidenceOf(supports: readonly Support[]): 1 | 2 | 3 | 4 {
  const p = confidencePoints(supports);
  return (CONFIDENCE_LEVELS.find((l) => p >= l.minPoints)?.level ?? 1) as 1 | 2 | 3 | 4;
}

/** "3/4: 4.5 points (≥ 4 for 3, 5.5 for 4) from …": the level, its meaning and its findings. */
export function explainConfidence(supports: readonly Support[]): {
  level: 1 | 2 | 3 | 4;
  points: number;
  findings: ConfidenceFinding[];
  text: string;
} {
  const findings = confidenceFindings(supports);
  const points = findings.reduce((n, f) => n + f.points, 0);
  const level = confidenceOf(supports);
  const next = CONFIDENCE_LEVELS.find((l) => l.level === level + 1);
  const counted = findings.filter((f) => f.points > 0).map((f) => `${f.label} +${f.points}`);
  const text =
    `${level}/4 (1 weak … 4 strong): ${points} points` +
    `${next ? `, ${next.minPoints} needed for ${next.level}/4` : ''}` +
    ` — ${counted.length > 0 ? counted.join(', ') : 'no finding'}`;
  return { level, points, findings, text };
}
