/**
 * Assisted counting: suggests container-like rectangles on a high-resolution image for the analyst
 * to accept or reject. Three steps:
 *  1. Dominant orientations: a histogram of gradient directions folded modulo 90° (a box has two
 *     perpendicular edge directions), weighted by gradient magnitude; its peaks.
 *  2. For each orientation and each box size (length and width in pixels from the GSD), resample the
 *     image onto a grid rotated to that orientation and score every position: the box's four
 *     sides must each stand out from a one-pixel strip just outside (the dark gap to a neighbour,
 *     the ground, the shadow), its inside must be even, and no seam may cross it (that would be two
 *     shorter boxes, not one longer one). Integral images make each score O(1) but the seam check.
 *  3. Local maxima above a threshold set from the image's own noise, then greedy non-overlap.
 * No learning, no training data: every threshold is a named constant below.
 */
import { CONTAINER_LENGTH_M, CONTAINER_WIDTH_M, type ContainerSize } from './containers.js';
import { grayOf, LUMA_WEIGHTS } from './luminance.js';
import type { RotatedRect } from './rect.js';

/** Finer than this and a 20 ft box is under ~9 × 4 px: its sides cannot be separated from noise. */
export const MAX_SUGGEST_GSD_M = 0.7;
/** Orientation histogram: 1° bins; a secondary peak counts when ≥ this share of the main one. */
export const SECONDARY_PEAK_SHARE = 0.35;
/**
 * Scores are in noise units (z): a side's contrast over the noise of a difference of two strip
 * means. Three sides must reach MIN_SIDE_Z; the score (mean of the three strongest, a quarter of
 * the weakest, less texture inside and any seam beyond SEAM_FREE_Z) must reach MIN_SCORE_Z.
 */
export const MIN_SIDE_Z = 3;
export const MIN_SCORE_Z = 5;
export const INTERIOR_WEIGHT = 2;
export const SEAM_WEIGHT = 0.5;
export const SEAM_FREE_Z = 4;
/**
 * Shadow rule: a box-sized patch of shadow beside a stack (its width is height / tan(elevation),
 * often about one box) has crisp sides too. A candidate whose inside is darker than this share of
 * the image's median brightness and (in colour) nearly neutral — max − min channel under
 * SHADOW_MAX_CHROMA — is taken for shadow. Dark grey boxes are lost with it: the price of the rule.
 */
export const SHADOW_MAX_BRIGHTNESS_SHARE = 0.6;
export const SHADOW_MAX_CHROMA = 30;
/** Two suggestions may share at most this fraction of the smaller one's area. */
export const MAX_OVERLAP = 0.2;

export interface Suggestion {
  size: ContainerSize;
  rect: RotatedRect;
  score: number;
}

export interface SuggestResult {
  orientationsDeg: number[];
  noiseSigma: number;
  threshold: number;
  suggestions: Suggestion[];
}

export interface SuggestOptions {
  gsdM: number;
  sizes?: readonly ContainerSize[];
  /** Override the automatic threshold. */
  minScore?: number;
  maxOrientations?: number;
  /** Skip the orientation search (e.g. the analyst drew the quay's direction). */
  orientationsDeg?: number[];
}

/** Noise σ from the median absolute difference of horizontal neighbours (robust to edges: most pairs are flat). */
export function estimateNoise(gray: Float32Array, w: number, h: number): number {
  const d: number[] = [];
  const step = Math.max(1, Math.floor((w * h) / 200_000));
  for (let i = 0; i < w * h - 1; i += step)
    if ((i + 1) % w !== 0) d.push(Math.abs((gray[i + 1] as number) - (gray[i] as number)));
  d.sort((a, b) => a - b);
  const mad = d[Math.floor(d.length / 2)] ?? 0;
  // For Gaussian noise, |a−b| has median 0.6745·√2·σ.
  return mad / (0.6745 * Math.SQRT2);
}

/**
 * Peaks of the gradient direction histogram folded into [0, 90): Sobel gradients stronger than
 * 2.5 σ of the gradient noise, weighted by magnitude; each peak then refined by the weighted mean
 * of the quadrupled angle within ±8° of it (bins quantise, and Sobel leans toward the axes).
 */
export function dominantOrientations(
  gray: Float32Array,
  w: number,
  h: number,
  max = 2,
  noiseSigma = estimateNoise(gray, w, h),
): number[] {
  const hist = new Float64Array(90);
  const angles: number[] = [];
  const weights: number[] = [];
  // Sobel's response to unit-σ white noise has σ = √12.
  const minMag = Math.max(32, 2.5 * Math.sqrt(12) * noiseSigma);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const g = (k: number) => gray[k] as number;
      const gx = g(i - w + 1) + 2 * g(i + 1) + g(i + w + 1) - g(i - w - 1) - 2 * g(i - 1) - g(i + w - 1);
      const gy = g(i + w - 1) + 2 * g(i + w) + g(i + w + 1) - g(i - w - 1) - 2 * g(i - w) - g(i - w + 1);
      const m = Math.hypot(gx, gy);
      if (m < minMag) continue;
      let a = (Math.atan2(gy, gx) * 180) / Math.PI;
      a = ((a % 90) + 90) % 90;
      hist[Math.floor(a) % 90] += m;
      angles.push(a);
      weights.push(m);
    }
  }
  const smooth = new Float64Array(90);
  for (let i = 0; i < 90; i++)
    for (let k = -2; k <= 2; k++) smooth[i] += (hist[(i + k + 90) % 90] as number) * (3 - Math.abs(k));
  const peaks: { deg: number; v: number }[] = [];
  for (let i = 0; i < 90; i++) {
    const v = smooth[i] as number;
    if (v > 0 && v >= (smooth[(i + 89) % 90] as number) && v > (smooth[(i + 1) % 90] as number))
      peaks.push({ deg: i + 0.5, v });
  }
  peaks.sort((a, b) => b.v - a.v);
  const top = peaks[0]?.v ?? 0;
  const out: number[] = [];
  const fold = (d: number) => Math.abs(((((d + 45) % 90) + 90) % 90) - 45);
  for (const p of peaks) {
    if (out.length >= max || p.v < SECONDARY_PEAK_SHARE * top) break;
    if (!out.every((o) => fold(o - p.deg) > 8)) continue;
    let c = 0;
    let s = 0;
    for (let k = 0; k < angles.length; k++) {
      const a = angles[k] as number;
      if (fold(a - p.deg) > 8) continue;
      const wgt = weights[k] as number;
      c += wgt * Math.cos((a * 4 * Math.PI) / 180);
      s += wgt * Math.sin((a * 4 * Math.PI) / 180);
    }
    out.push(((((Math.atan2(s, c) * 180) / Math.PI / 4) % 90) + 90) % 90);
  }
  return out;
}

interface Frame {
  fu: number;
  fv: number;
  ox: number;
  oy: number;
  u: [number, number];
  v: [number, number];
}

/** The frame of axes u = angle, v = angle + 90° that covers the whole image. */
function frameFor(w: number, h: number, angleDeg: number): Frame {
  const a = (angleDeg * Math.PI) / 180;
  const u: [number, number] = [Math.cos(a), Math.sin(a)];
  const v: [number, number] = [-Math.sin(a), Math.cos(a)];
  const cs = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ] as const;
  const pu = cs.map((c) => c[0] * u[0] + c[1] * u[1]);
  const pv = cs.map((c) => c[0] * v[0] + c[1] * v[1]);
  const u0 = Math.floor(Math.min(...pu));
  const v0 = Math.floor(Math.min(...pv));
  return {
    fu: Math.ceil(Math.max(...pu)) - u0 + 1,
    fv: Math.ceil(Math.max(...pv)) - v0 + 1,
    ox: u0 * u[0] + v0 * v[0],
    oy: u0 * u[1] + v0 * v[1],
    u,
    v,
  };
}

/** A plane resampled (bilinear) onto the frame; cells off the image are marked invalid. */
function resample(
  plane: Float32Array,
  w: number,
  h: number,
  f: Frame,
  valid: Uint8Array | null,
): { img: Float64Array; valid: Uint8Array } {
  const img = new Float64Array(f.fu * f.fv);
  const ok = valid ?? new Uint8Array(f.fu * f.fv);
  for (let j = 0; j < f.fv; j++) {
    for (let i = 0; i < f.fu; i++) {
      // The centre of the frame cell, in image pixel-centre coordinates.
      const x = f.ox + (i + 0.5) * f.u[0] + (j + 0.5) * f.v[0] - 0.5;
      const y = f.oy + (i + 0.5) * f.u[1] + (j + 0.5) * f.v[1] - 0.5;
      if (x < 0 || y < 0 || x > w - 1 || y > h - 1) continue;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const x1 = Math.min(w - 1, x0 + 1);
      const y1 = Math.min(h - 1, y0 + 1);
      const fx = x - x0;
      const fy = y - y0;
      img[j * f.fu + i] =
        (plane[y0 * w + x0] as number) * (1 - fx) * (1 - fy) +
        (plane[y0 * w + x1] as number) * fx * (1 - fy) +
        (plane[y1 * w + x0] as number) * (1 - fx) * fy +
        (plane[y1 * w + x1] as number) * fx * fy;
      if (!valid) ok[j * f.fu + i] = 1;
    }
  }
  return { img, valid: ok };
}

/** Summed-area table (one row and column of zeros in front). */
function sat(values: ArrayLike<number>, fu: number, fv: number, square = false): Float64Array {
  const W = fu + 1;
  const t = new Float64Array(W * (fv + 1));
  for (let j = 0; j < fv; j++) {
    let row = 0;
    for (let i = 0; i < fu; i++) {
      const x = values[j * fu + i] as number;
      row += square ? x * x : x;
      t[(j + 1) * W + i + 1] = (t[j * W + i + 1] as number) + row;
    }
  }
  return t;
}

/**
 * The image resampled into a frame turned to one box orientation, with summed-area tables of each
 * channel (and its square) and of the valid pixels: any axis-aligned box's sum in four reads.
 */
class FrameTables {
  readonly f: Frame;
  readonly C: number;
  private readonly W1: number;
  readonly S: Float64Array[];
  readonly S2: Float64Array[];
  readonly N: Float64Array;

  constructor(planes: readonly Float32Array[], w: number, h: number, angleDeg: number) {
    this.f = frameFor(w, h, angleDeg);
    let valid: Uint8Array | null = null;
    const imgs: Float64Array[] = [];
    for (const p of planes) {
      const r = resample(p, w, h, this.f, valid);
      valid = r.valid;
      imgs.push(r.img);
    }
    this.C = planes.length;
    this.W1 = this.f.fu + 1;
    this.S = imgs.map((im) => sat(im, this.f.fu, this.f.fv));
    this.S2 = imgs.map((im) => sat(im, this.f.fu, this.f.fv, true));
    this.N = sat(valid as Uint8Array, this.f.fu, this.f.fv);
  }

  /** Sum of table t over the box with corners (i0, j0) and (i1, j1), exclusive of i1 and j1. */
  box(t: Float64Array, i0: number, j0: number, i1: number, j1: number): number {
    const W1 = this.W1;
    return (
      (t[j1 * W1 + i1] as number) -
      (t[j0 * W1 + i1] as number) -
      (t[j1 * W1 + i0] as number) +
      (t[j0 * W1 + i0] as number)
    );
  }

  /** Euclidean distance across channels between the means of boxes a and b (corners i0, j0, i1, j1). */
  contrast(
    a0: number,
    a1: number,
    a2: number,
    a3: number,
    b0: number,
    b1: number,
    b2: number,
    b3: number,
  ): number {
    const na = (a2 - a0) * (a3 - a1);
    const nb = (b2 - b0) * (b3 - b1);
    let s = 0;
    for (let c = 0; c < this.C; c++) {
      const t = this.S[c] as Float64Array;
      const d = this.box(t, a0, a1, a2, a3) / na - this.box(t, b0, b1, b2, b3) / nb;
      s += d * d;
    }
    return Math.sqrt(s);
  }
}

/** What scoring needs of the whole image: its noise, the shadow cut-off, the channels' weights. */
interface ImageStats {
  noiseSigma: number;
  threshold: number;
  shadowBelow: number;
  weights: readonly number[];
}

/**
 * The score of a box of L × Wd frame pixels whose top-left inside corner is at (i, j), for each
 * (i, j), −∞ where it is no box: each side the strip just inside against the strip just outside
 * (corners left out, in noise units), at most one side weak (a box beside a twin across a hairline
 * gap), minus the texture inside; dark grey boxes are shadows.
 */
function scoreBoxes(t: FrameTables, L: number, Wd: number, st: ImageStats): Float64Array {
  const { f, C, S, S2, N } = t;
  const { noiseSigma, threshold, shadowBelow, weights } = st;
  // Noise of a difference of two strip means, across C channels (its expected norm under pure noise).
  const zLong = noiseSigma * Math.sqrt((2 * C) / (L - 2));
  const zShort = noiseSigma * Math.sqrt((2 * C) / (Wd - 2));
  const nIn = (L - 2) * (Wd - 2);
  const score = new Float64Array(f.fu * f.fv).fill(Number.NEGATIVE_INFINITY);
  for (let j = 1; j + Wd + 1 <= f.fv; j++) {
    for (let i = 1; i + L + 1 <= f.fu; i++) {
      if (t.box(N, i - 1, j - 1, i + L + 1, j + Wd + 1) < (L + 2) * (Wd + 2)) continue;
      const zTop = t.contrast(i + 1, j, i + L - 1, j + 1, i + 1, j - 1, i + L - 1, j) / zLong;
      const zBottom =
        t.contrast(i + 1, j + Wd - 1, i + L - 1, j + Wd, i + 1, j + Wd, i + L - 1, j + Wd + 1) / zLong;
      if (zTop < MIN_SIDE_Z && zBottom < MIN_SIDE_Z) continue;
      const zLeft = t.contrast(i, j + 1, i + 1, j + Wd - 1, i - 1, j + 1, i, j + Wd - 1) / zShort;
      const zRight =
        t.contrast(i + L - 1, j + 1, i + L, j + Wd - 1, i + L, j + 1, i + L + 1, j + Wd - 1) / zShort;
      const zs = [zTop, zBottom, zLeft, zRight].sort((a, b) => a - b);
      if ((zs[1] as number) < MIN_SIDE_Z) continue;
      let varIn = 0;
      let lum = 0;
      let cMin = Number.POSITIVE_INFINITY;
      let cMax = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < C; c++) {
        const m = t.box(S[c] as Float64Array, i + 1, j + 1, i + L - 1, j + Wd - 1) / nIn;
        varIn += Math.max(0, t.box(S2[c] as Float64Array, i + 1, j + 1, i + L - 1, j + Wd - 1) / nIn - m * m);
        lum += (weights[c] ?? 0) * m;
        cMin = Math.min(cMin, m);
        cMax = Math.max(cMax, m);
      }
      if (lum < shadowBelow && (C < 3 || cMax - cMin < SHADOW_MAX_CHROMA)) continue;
      const texture = Math.max(0, Math.sqrt(varIn / C) / noiseSigma - 1);
      const s =
        ((zs[1] as number) + (zs[2] as number) + (zs[3] as number)) / 3 +
        0.25 * Math.min(zs[0] as number, zs[1] as number) -
        INTERIOR_WEIGHT * texture;
      if (s >= threshold) score[j * f.fu + i] = s;
    }
  }
  return score;
}

/** A seam across the inside means two shorter boxes (or a gap between rows), not this one. */
function penaliseSeams(t: FrameTables, L: number, Wd: number, score: Float64Array, st: ImageStats): void {
  const { f, C } = t;
  const { noiseSigma, threshold } = st;
  const seamZ = (i: number, j: number) => {
    let worst = 0;
    for (let k = i + 2; k < i + L - 2; k++)
      worst = Math.max(
        worst,
        t.contrast(k, j + 1, k + 1, j + Wd - 1, i + 1, j + 1, i + L - 1, j + Wd - 1) /
          (noiseSigma * Math.sqrt(C / (Wd - 2))),
      );
    for (let k = j + 2; k < j + Wd - 2; k++)
      worst = Math.max(
        worst,
        t.contrast(i + 1, k, i + L - 1, k + 1, i + 1, j + 1, i + L - 1, j + Wd - 1) /
          (noiseSigma * Math.sqrt(C / (L - 2))),
      );
    return worst;
  };
  for (let j = 1; j < f.fv; j++) {
    for (let i = 1; i < f.fu; i++) {
      const s0 = score[j * f.fu + i] as number;
      if (s0 === Number.NEGATIVE_INFINITY) continue;
      const s = s0 - SEAM_WEIGHT * Math.max(0, seamZ(i, j) - SEAM_FREE_Z);
      score[j * f.fu + i] = s >= threshold ? s : Number.NEGATIVE_INFINITY;
    }
  }
}

/** The scores that are local maxima over half a box either way, as rectangles in image pixels. */
function localMaxima(
  f: Frame,
  score: Float64Array,
  L: number,
  Wd: number,
  size: ContainerSize,
  angleDeg: number,
  out: Suggestion[],
): void {
  const rU = Math.max(1, Math.floor(L / 2));
  const rV = Math.max(1, Math.floor(Wd / 2));
  for (let j = 1; j < f.fv; j++) {
    for (let i = 1; i < f.fu; i++) {
      const s = score[j * f.fu + i] as number;
      if (s === Number.NEGATIVE_INFINITY) continue;
      let isMax = true;
      for (let dj = -rV; dj <= rV && isMax; dj++) {
        const jj = j + dj;
        if (jj < 0 || jj >= f.fv) continue;
        for (let di = -rU; di <= rU; di++) {
          const ii = i + di;
          if (ii < 0 || ii >= f.fu || (di === 0 && dj === 0)) continue;
          const o = score[jj * f.fu + ii] as number;
          if (o > s || (o === s && (dj < 0 || (dj === 0 && di < 0)))) {
            isMax = false;
            break;
          }
        }
      }
      if (!isMax) continue;
      const cu = i + L / 2;
      const cv = j + Wd / 2;
      out.push({
        size,
        score: s,
        rect: {
          cx: f.ox + cu * f.u[0] + cv * f.v[0],
          cy: f.oy + cu * f.u[1] + cv * f.v[1],
          lengthPx: L,
          widthPx: Wd,
          angleDeg: ((angleDeg % 180) + 180) % 180,
        },
      });
    }
  }
}

/**
 * Suggests container rectangles. `planes` are the image's channels (three for colour — boxes that
 * differ in hue but not in brightness stay apart — or one for grey), each w × h, 0–255.
 */
export function suggestContainers(
  planes: readonly Float32Array[],
  w: number,
  h: number,
  opts: SuggestOptions,
): SuggestResult {
  const gray = grayOf(planes);
  const noiseSigma = Math.max(0.5, estimateNoise(gray, w, h));
  const threshold = opts.minScore ?? MIN_SCORE_Z;
  const orientationsDeg =
    opts.orientationsDeg ?? dominantOrientations(gray, w, h, opts.maxOrientations ?? 2, noiseSigma);
  if (!(opts.gsdM > 0) || opts.gsdM > MAX_SUGGEST_GSD_M)
    return { orientationsDeg, noiseSigma, threshold, suggestions: [] };
  const sizes = opts.sizes ?? [20, 40];
  const sample = Array.from(gray.filter((_, i) => i % 7 === 0)).sort((a, b) => a - b);
  const st: ImageStats = {
    noiseSigma,
    threshold,
    shadowBelow: SHADOW_MAX_BRIGHTNESS_SHARE * (sample[Math.floor(sample.length / 2)] ?? 0),
    weights: planes.length >= 3 ? LUMA_WEIGHTS : [1],
  };
  const candidates: Suggestion[] = [];
  for (const base of orientationsDeg) {
    for (const angle of [base, base + 90]) {
      const tables = new FrameTables(planes, w, h, angle);
      for (const size of sizes) {
        const L = Math.round(CONTAINER_LENGTH_M[size] / opts.gsdM);
        const Wd = Math.round(CONTAINER_WIDTH_M / opts.gsdM);
        if (Wd < 4) continue;
        const score = scoreBoxes(tables, L, Wd, st);
        penaliseSeams(tables, L, Wd, score, st);
        localMaxima(tables.f, score, L, Wd, size, angle, candidates);
      }
    }
  }
  return { orientationsDeg, noiseSigma, threshold, suggestions: nonOverlapping(candidates) };
}

/** Greedy by score: keep a suggestion unless it overlaps a kept one by more than MAX_OVERLAP of the smaller. */
function nonOverlapping(cands: Suggestion[]): Suggestion[] {
  cands.sort((a, b) => b.score - a.score);
  const kept: Suggestion[] = [];
  for (const c of cands) {
    if (kept.every((k) => overlapShare(c.rect, k.rect) <= MAX_OVERLAP)) kept.push(c);
  }
  return kept;
}

/** Share of the smaller rectangle covered by the other, estimated on a 9 × 5 point lattice. */
export function overlapShare(a: RotatedRect, b: RotatedRect): number {
  const reach = (Math.hypot(a.lengthPx, a.widthPx) + Math.hypot(b.lengthPx, b.widthPx)) / 2;
  if (Math.hypot(a.cx - b.cx, a.cy - b.cy) > reach) return 0;
  const [small, big] = a.lengthPx * a.widthPx <= b.lengthPx * b.widthPx ? [a, b] : [b, a];
  const sa = (small.angleDeg * Math.PI) / 180;
  const ba = (big.angleDeg * Math.PI) / 180;
  let inside = 0;
  let total = 0;
  for (let p = 0; p < 9; p++) {
    for (let q = 0; q < 5; q++) {
      const du = ((p + 0.5) / 9 - 0.5) * small.lengthPx;
      const dv = ((q + 0.5) / 5 - 0.5) * small.widthPx;
      const x = small.cx + du * Math.cos(sa) - dv * Math.sin(sa) - big.cx;
      const y = small.cy + du * Math.sin(sa) + dv * Math.cos(sa) - big.cy;
      total++;
      if (
        Math.abs(x * Math.cos(ba) + y * Math.sin(ba)) <= big.lengthPx / 2 &&
        Math.abs(-x * Math.sin(ba) + y * Math.cos(ba)) <= big.widthPx / 2
      )
        inside++;
    }
  }
  return inside / total;
}
