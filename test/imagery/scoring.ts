/**
 * What the tests measure the stack suggester with: a synthetic scene's colour planes (the
 * suggester's input) and precision and recall against the scene's known boxes. Test-only, so
 * not in src/.
 */
import type { ContainerSize } from '../../src/imagery/containers.js';
import type { RotatedRect } from '../../src/imagery/rect.js';
import type { SynthScene } from '../../src/imagery/synth.js';

/** The scene's colour as three planes (R, G, B), the suggester's input. */
export function scenePlanes(s: Pick<SynthScene, 'rgb' | 'widthPx' | 'heightPx'>): Float32Array[] {
  const n = s.widthPx * s.heightPx;
  const p = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++) (p[c] as Float32Array)[i] = s.rgb[3 * i + c] as number;
  return p;
}

/**
 * Precision and recall of suggestions against known boxes: a suggestion matches a box of the same
 * size whose centre is within half a box width and whose axis is within 10°; each box matches once.
 */
export function scoreSuggestions(
  suggestions: readonly { size: ContainerSize; rect: RotatedRect }[],
  truth: readonly { size: ContainerSize; rect: RotatedRect }[],
): {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
} {
  const used = new Uint8Array(truth.length);
  let tp = 0;
  for (const s of suggestions) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    truth.forEach((t, k) => {
      if (used[k] || t.size !== s.size) return;
      const d = Math.hypot(t.rect.cx - s.rect.cx, t.rect.cy - s.rect.cy);
      const da = Math.abs(((((t.rect.angleDeg - s.rect.angleDeg + 90) % 180) + 180) % 180) - 90);
      if (d <= t.rect.widthPx / 2 && da <= 10 && d < bestD) {
        best = k;
        bestD = d;
      }
    });
    if (best >= 0) {
      used[best] = 1;
      tp++;
    }
  }
  const fp = suggestions.length - tp;
  const fn = truth.length - tp;
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: suggestions.length === 0 ? 0 : tp / suggestions.length,
    recall: truth.length === 0 ? 0 : tp / truth.length,
  };
}
