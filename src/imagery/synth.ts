/**
 * Synthetic quay images with known contents, for measuring the assisted counter: a concrete quay
 * with texture, lane markings, cars and a shed; blocks of 20 ft or 40 ft containers in rows and
 * bays (a few slots empty), each block some tiers high casting its shadow away from the sun; a
 * slight blur (the sensor's point spread) and Gaussian noise. Seeded: the same options give the
 * same image. Rendered at 3× and averaged down, so edges and the dark gaps between boxes blend
 * into pixels as they do in real imagery.
 */
import { Rng } from '../scenario/prng.js';
import { CONTAINER_LENGTH_M, CONTAINER_WIDTH_M, type ContainerSize, TIER_HEIGHT_M } from './containers.js';
import { luminance } from './luminance.js';
import { type Point, type RotatedRect, rectAxes, rectCorners } from './rect.js';

export interface SynthOptions {
  seed: number;
  widthPx: number;
  heightPx: number;
  gsdM: number;
  /** Standard deviation of the added Gaussian noise, grey levels (0–255). */
  noiseSigma: number;
  /** Gaussian blur σ in output pixels (0: none). */
  blurPx: number;
  sun: { elevationDeg: number; azimuthDeg: number };
  /** Container blocks to place (fewer when they do not fit). */
  blocks: number;
}

export interface SynthContainer {
  size: ContainerSize;
  /** Footprint of the top box, pixels. */
  rect: RotatedRect;
  rgb: [number, number, number];
}

export interface SynthBlock {
  size: ContainerSize;
  rect: RotatedRect;
  bays: number;
  rows: number;
  tiers: number;
  /** Visible boxes (slots not left empty). */
  visible: number;
}

export interface SynthScene {
  widthPx: number;
  heightPx: number;
  gsdM: number;
  sun: { elevationDeg: number; azimuthDeg: number };
  /** RGB, 3 bytes a pixel, row-major. */
  rgb: Uint8Array;
  /** Luminance 0–255. */
  gray: Float32Array;
  containers: SynthContainer[];
  blocks: SynthBlock[];
  /** The quay's main direction, degrees clockwise from +x. */
  quayAngleDeg: number;
}

/** Common container liveries (approximate sRGB): rust red, blue, green, white, yellow, brown, grey, teal. */
const LIVERIES: [number, number, number][] = [
  [150, 55, 40],
  [40, 70, 140],
  [50, 110, 60],
  [215, 215, 210],
  [205, 170, 45],
  [115, 75, 50],
  [120, 125, 130],
  [40, 120, 130],
];
const CONCRETE: [number, number, number] = [158, 156, 150];
const GAP_DARK = 35;
const SS = 3; // supersampling factor

/** The supersampled picture being painted: RGB floats, and which pixels a box covers. */
interface Canvas {
  W: number;
  H: number;
  buf: Float32Array;
  /** 1 where a container (or the dark gap around it) is painted: shadows never darken it. */
  covered: Uint8Array;
}

export function renderQuay(opts: SynthOptions): SynthScene {
  const rng = new Rng(opts.seed);
  const W = opts.widthPx * SS;
  const H = opts.heightPx * SS;
  const canvas: Canvas = { W, H, buf: new Float32Array(W * H * 3), covered: new Uint8Array(W * H) };
  const quayAngleDeg = rng.uniform(0, 180);
  paintGround(canvas, rng);
  paintLaneMarkings(canvas, rng, opts, quayAngleDeg);
  const { blocks, containers, placed, shadowDir, shadowLenM } = placeBlocks(canvas, rng, opts, quayAngleDeg);
  // Shadows: darken uncovered ground inside each block's swept footprint. Done as a second pass so
  // boxes are never darkened by a neighbour's shadow rectangle drawn earlier.
  darkenShadows(canvas.buf, canvas.covered, W, H, blocks, shadowDir, shadowLenM, opts.gsdM);
  paintDistractors(canvas, rng, opts, quayAngleDeg, placed);
  const { rgb, gray } = toSensor(canvas, rng, opts);
  return {
    widthPx: opts.widthPx,
    heightPx: opts.heightPx,
    gsdM: opts.gsdM,
    sun: opts.sun,
    rgb,
    gray,
    containers,
    blocks,
    quayAngleDeg,
  };
}

/** Concrete with slab-scale texture (a few random low-frequency waves) and grain. */
function paintGround({ W, H, buf }: Canvas, rng: Rng): void {
  const waves = Array.from({ length: 4 }, () => ({
    fx: rng.uniform(-0.02, 0.02),
    fy: rng.uniform(-0.02, 0.02),
    ph: rng.uniform(0, 6.28),
    a: rng.uniform(3, 8),
  }));
  const grain = rng.fork('grain');
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 0;
      for (const w of waves) v += w.a * Math.sin((w.fx * x + w.fy * y) / SS + w.ph);
      const g = grain.normal(0, 3);
      const i = 3 * (y * W + x);
      buf[i] = CONCRETE[0] + v + g;
      buf[i + 1] = CONCRETE[1] + v + g;
      buf[i + 2] = CONCRETE[2] + v + g;
    }
  }
}

/** Paints a rectangle given in output pixels; `mark` records it in `covered`. */
function fillRect(
  { W, H, buf, covered }: Canvas,
  r: RotatedRect,
  rgb: readonly [number, number, number],
  mark = 0,
): void {
  const s: RotatedRect = {
    cx: r.cx * SS,
    cy: r.cy * SS,
    lengthPx: r.lengthPx * SS,
    widthPx: r.widthPx * SS,
    angleDeg: r.angleDeg,
  };
  const cs = rectCorners(s);
  const xs = cs.map((c) => c[0]);
  const ys = cs.map((c) => c[1]);
  const { u, v } = rectAxes(s);
  const y1 = Math.min(H - 1, Math.ceil(Math.max(...ys)));
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(W - 1, Math.ceil(Math.max(...xs)));
  for (let y = Math.max(0, Math.floor(Math.min(...ys))); y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - s.cx;
      const dy = y + 0.5 - s.cy;
      if (Math.abs(dx * u[0] + dy * u[1]) > s.lengthPx / 2 || Math.abs(dx * v[0] + dy * v[1]) > s.widthPx / 2)
        continue;
      const p = y * W + x;
      for (let c = 0; c < 3; c++) buf[3 * p + c] = rgb[c] as number;
      if (mark) covered[p] = mark;
    }
  }
}

/** Thin bright lines along the quay. */
function paintLaneMarkings(canvas: Canvas, rng: Rng, opts: SynthOptions, quayAngleDeg: number): void {
  const qa = (quayAngleDeg * Math.PI) / 180;
  for (let k = 0; k < 3; k++) {
    const off = rng.uniform(-0.5, 0.5) * Math.min(opts.widthPx, opts.heightPx);
    fillRect(
      canvas,
      {
        cx: opts.widthPx / 2 - Math.sin(qa) * off,
        cy: opts.heightPx / 2 + Math.cos(qa) * off,
        lengthPx: 3 * Math.max(opts.widthPx, opts.heightPx),
        widthPx: 0.15 / opts.gsdM,
        angleDeg: quayAngleDeg,
      },
      [235, 230, 200],
    );
  }
}

/** Whether two rectangles' circumscribed circles come within 4 px of each other. */
const overlaps = (a: RotatedRect, b: RotatedRect) =>
  Math.hypot(a.cx - b.cx, a.cy - b.cy) <
  (Math.hypot(a.lengthPx, a.widthPx) + Math.hypot(b.lengthPx, b.widthPx)) / 2 + 4;

/** Blocks placed without overlap (their shadows included), aligned with the quay or across it. */
function placeBlocks(canvas: Canvas, rng: Rng, opts: SynthOptions, quayAngleDeg: number) {
  const blocks: SynthBlock[] = [];
  const containers: SynthContainer[] = [];
  const placed: RotatedRect[] = [];
  const shadowLenM = (tiers: number) =>
    (tiers * TIER_HEIGHT_M.standard) / Math.tan((opts.sun.elevationDeg * Math.PI) / 180);
  const sunAway = ((opts.sun.azimuthDeg + 180) * Math.PI) / 180;
  // North-up image: bearing b is pixel direction (sin b, −cos b).
  const shadowDir: Point = [Math.sin(sunAway), -Math.cos(sunAway)];
  for (let attempt = 0; attempt < 400 && blocks.length < opts.blocks; attempt++) {
    const size: ContainerSize = rng.chance(0.5) ? 20 : 40;
    const bays = rng.int(2, size === 20 ? 8 : 4);
    const rows = rng.int(2, 6);
    const tiers = rng.int(1, 4);
    const gapL = rng.uniform(0.15, 0.45);
    const gapW = rng.uniform(0.1, 0.3);
    const angle = (quayAngleDeg + (rng.chance(0.2) ? 90 : 0)) % 180;
    const pitchL = (CONTAINER_LENGTH_M[size] + gapL) / opts.gsdM;
    const pitchW = (CONTAINER_WIDTH_M + gapW) / opts.gsdM;
    const lengthPx = bays * pitchL;
    const widthPx = rows * pitchW;
    const cx = rng.uniform(0, opts.widthPx);
    const cy = rng.uniform(0, opts.heightPx);
    const rect: RotatedRect = { cx, cy, lengthPx, widthPx, angleDeg: angle };
    if (
      rectCorners(rect).some(
        (c) => c[0] < 2 || c[1] < 2 || c[0] > opts.widthPx - 2 || c[1] > opts.heightPx - 2,
      )
    )
      continue;
    const sl = shadowLenM(tiers) / opts.gsdM;
    const withShadow: RotatedRect = {
      ...rect,
      cx: cx + (shadowDir[0] * sl) / 2,
      cy: cy + (shadowDir[1] * sl) / 2,
      lengthPx: lengthPx + sl,
      widthPx: widthPx + sl,
    };
    if (placed.some((p) => overlaps(p, withShadow))) continue;
    placed.push(withShadow);

    const { u, v } = rectAxes(rect);
    const slots: { rect: RotatedRect; rgb: [number, number, number] }[] = [];
    for (let b = 0; b < bays; b++) {
      for (let r = 0; r < rows; r++) {
        if (rng.chance(0.06)) continue; // an empty slot: ground shows
        const du = (b + 0.5) * pitchL - lengthPx / 2;
        const dv = (r + 0.5) * pitchW - widthPx / 2;
        const base = rng.pick(LIVERIES);
        const shade = rng.uniform(-12, 12);
        slots.push({
          rect: {
            cx: cx + u[0] * du + v[0] * dv,
            cy: cy + u[1] * du + v[1] * dv,
            lengthPx: CONTAINER_LENGTH_M[size] / opts.gsdM,
            widthPx: CONTAINER_WIDTH_M / opts.gsdM,
            angleDeg: angle,
          },
          rgb: [base[0] + shade, base[1] + shade, base[2] + shade],
        });
      }
    }
    // Gaps between boxes look into the stack: dark.
    for (const slot of slots)
      fillRect(
        canvas,
        { ...slot.rect, lengthPx: pitchL, widthPx: pitchW },
        [GAP_DARK, GAP_DARK, GAP_DARK],
        1,
      );
    for (const slot of slots) {
      fillRect(canvas, slot.rect, slot.rgb, 1);
      containers.push({ size, rect: slot.rect, rgb: slot.rgb });
    }
    blocks.push({ size, rect, bays, rows, tiers, visible: slots.length });
  }
  return { blocks, containers, placed, shadowDir, shadowLenM };
}

/** Cars (4.5 × 1.8 m) and a shed roof (20 × 14 m): bright shapes that are not container sized. */
function paintDistractors(
  canvas: Canvas,
  rng: Rng,
  opts: SynthOptions,
  quayAngleDeg: number,
  placed: readonly RotatedRect[],
): void {
  for (let k = 0; k < 6; k++) {
    const r: RotatedRect = {
      cx: rng.uniform(0, opts.widthPx),
      cy: rng.uniform(0, opts.heightPx),
      lengthPx: 4.5 / opts.gsdM,
      widthPx: 1.8 / opts.gsdM,
      angleDeg: rng.uniform(0, 180),
    };
    if (placed.some((p) => overlaps(p, r))) continue;
    fillRect(canvas, r, rng.pick(LIVERIES));
  }
  const shed: RotatedRect = {
    cx: rng.uniform(0, opts.widthPx),
    cy: rng.uniform(0, opts.heightPx),
    lengthPx: 20 / opts.gsdM,
    widthPx: 14 / opts.gsdM,
    angleDeg: quayAngleDeg,
  };
  if (!placed.some((p) => overlaps(p, shed))) fillRect(canvas, shed, [110, 112, 118]);
}

/** What the sensor records: averaged down to output resolution, blurred, with noise. */
function toSensor({ W, buf }: Canvas, rng: Rng, opts: SynthOptions): { rgb: Uint8Array; gray: Float32Array } {
  const w = opts.widthPx;
  const h = opts.heightPx;
  let planes: Float32Array[] = [0, 1, 2].map((c) => {
    const out = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let j = 0; j < SS; j++)
          for (let i = 0; i < SS; i++) s += buf[3 * ((y * SS + j) * W + x * SS + i) + c] as number;
        out[y * w + x] = s / (SS * SS);
      }
    }
    return out;
  });
  if (opts.blurPx > 0) planes = planes.map((p) => gaussianBlur(p, w, h, opts.blurPx));
  const noise = rng.fork('noise');
  const rgb = new Uint8Array(w * h * 3);
  const gray = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const n = noise.normal(0, opts.noiseSigma);
    const r = clamp((planes[0] as Float32Array)[i] as number) + n;
    const g = clamp((planes[1] as Float32Array)[i] as number) + n;
    const b = clamp((planes[2] as Float32Array)[i] as number) + n;
    rgb[3 * i] = clamp(r);
    rgb[3 * i + 1] = clamp(g);
    rgb[3 * i + 2] = clamp(b);
    gray[i] = luminance(clamp(r), clamp(g), clamp(b));
  }
  return { rgb, gray };
}

const clamp = (x: number) => Math.max(0, Math.min(255, Math.round(x)));

function darkenShadows(
  buf: Float32Array,
  covered: Uint8Array,
  W: number,
  H: number,
  blocks: readonly SynthBlock[],
  dir: Point,
  shadowLenM: (tiers: number) => number,
  gsdM: number,
): void {
  for (const b of blocks) {
    const sl = (shadowLenM(b.tiers) / gsdM) * SS;
    const r: RotatedRect = {
      cx: b.rect.cx * SS,
      cy: b.rect.cy * SS,
      lengthPx: b.rect.lengthPx * SS,
      widthPx: b.rect.widthPx * SS,
      angleDeg: b.rect.angleDeg,
    };
    const { u, v } = rectAxes(r);
    const cs = rectCorners(r);
    const all = [...cs, ...cs.map((c): Point => [c[0] + dir[0] * sl, c[1] + dir[1] * sl])];
    const x0 = Math.max(0, Math.floor(Math.min(...all.map((c) => c[0]))));
    const x1 = Math.min(W - 1, Math.ceil(Math.max(...all.map((c) => c[0]))));
    const y0 = Math.max(0, Math.floor(Math.min(...all.map((c) => c[1]))));
    const y1 = Math.min(H - 1, Math.ceil(Math.max(...all.map((c) => c[1]))));
    // A point is in shadow when stepping back toward the sun by some t ∈ [0, sl] lands in the footprint.
    const inFoot = (px: number, py: number) => {
      const dx = px - r.cx;
      const dy = py - r.cy;
      return (
        Math.abs(dx * u[0] + dy * u[1]) <= r.lengthPx / 2 && Math.abs(dx * v[0] + dy * v[1]) <= r.widthPx / 2
      );
    };
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const p = y * W + x;
        if (covered[p] === 1) continue;
        let shade = false;
        for (let t = 0; t <= sl; t += 1.5) {
          if (inFoot(x + 0.5 - dir[0] * t, y + 0.5 - dir[1] * t)) {
            shade = true;
            break;
          }
        }
        if (shade) for (let c = 0; c < 3; c++) buf[3 * p + c] = (buf[3 * p + c] as number) * 0.45;
      }
    }
  }
}

export function gaussianBlur(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  const rad = Math.max(1, Math.ceil(3 * sigma));
  const k = Array.from({ length: 2 * rad + 1 }, (_, i) => Math.exp(-((i - rad) ** 2) / (2 * sigma * sigma)));
  const ks = k.reduce((a, b) => a + b, 0);
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -rad; i <= rad; i++)
        s += (k[i + rad] as number) * (src[y * w + Math.min(w - 1, Math.max(0, x + i))] as number);
      tmp[y * w + x] = s / ks;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -rad; i <= rad; i++)
        s += (k[i + rad] as number) * (tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x] as number);
      out[y * w + x] = s / ks;
    }
  }
  return out;
}
