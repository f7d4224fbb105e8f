/**
 * A container stack measured on an image: its rectangle in pixels → length and width in metres →
 * bays and rows of 20 ft or 40 ft boxes → tiers from the shadow (height = shadow × tan(sun
 * elevation), docs/sources.md "Imagery") or as entered → a container count as a range.
 *
 * The range is an interval, not a distribution: each drawn edge may be `edgePx` pixels off either
 * way (so a side ±2·edgePx), a control-point fit adds its RMS residual at each end, and the gap
 * between boxes lies in STACK_GAP_M. Not modelled: off-nadir view (a tall stack leans in the
 * image), sloped ground under the shadow, partly empty slots inside the footprint.
 */
import {
  CONTAINER_LENGTH_M,
  CONTAINER_WIDTH_M,
  type ContainerSize,
  DEFAULT_EDGE_PX,
  MIN_SUN_ELEVATION_FOR_SHADOW_DEG,
  STACK_GAP_M,
  TIER_HEIGHT_M,
} from './containers.js';
import { type MetricJacobian, pixelDirectionOfBearing, vectorBearingDeg, vectorLengthM } from './georef.js';
import { cornerOutside, type RotatedRect, rectAxes } from './rect.js';

export type MeasureErrorCode = 'outside-image' | 'not-georeferenced' | 'sun-too-low' | 'no-sun' | 'bad-input';
export interface MeasureError {
  ok: false;
  code: MeasureErrorCode;
  message: string;
}

export interface Range {
  min: number;
  best: number;
  max: number;
}

export type TierInput =
  | { kind: 'entered'; tiers: number }
  | { kind: 'shadow'; shadowPx: number; sunElevationDeg: number; sunAzimuthDeg: number }
  | { kind: 'none' };

export interface StackInput {
  rect: RotatedRect;
  imageWidthPx: number;
  imageHeightPx: number;
  /** The local pixel → metres map at the rectangle (georef.ts); null when the image is not georeferenced. */
  jacobian: MetricJacobian | null;
  /** Extra positional error in metres from the georeference (GCP RMS), per edge; 0 for file georeferences. */
  georefErrorM?: number;
  edgePx?: number;
  sizes?: readonly ContainerSize[];
  tiers: TierInput;
}

export interface SizeCount {
  size: ContainerSize;
  bays: Range;
  rows: Range;
  tiers: Range;
  containers: Range;
  /** Twenty-foot equivalent units: containers × 1 or × 2. */
  teu: Range;
}

export interface StackMeasurement {
  ok: true;
  lengthM: Range;
  widthM: Range;
  areaM2: number;
  /** Ground bearing of the length axis, degrees from north, [0, 180). */
  orientationDeg: number;
  heightM: Range | null;
  shadowM: Range | null;
  tierSource: 'shadow' | 'entered' | 'none';
  edgePx: number;
  counts: SizeCount[];
}

/** Boxes of length `boxM` that fit in `spanM`, end to end with a gap between neighbours. */
export function boxesInSpan(spanM: number, boxM: number, gapM: number): number {
  if (spanM <= 0) return 0;
  // n·box + (n−1)·gap ≤ span, allowing a quarter box of slack for a drawn edge that stops short.
  return Math.max(0, Math.floor((spanM + gapM + 0.25 * boxM) / (boxM + gapM)));
}

function slotRange(span: Range, boxM: number): Range {
  const min = boxesInSpan(span.min, boxM, STACK_GAP_M.max);
  const max = Math.max(min, boxesInSpan(span.max, boxM, STACK_GAP_M.min));
  const best = Math.min(
    max,
    Math.max(min, Math.round((span.best + STACK_GAP_M.typical) / (boxM + STACK_GAP_M.typical))),
  );
  return { min, best, max };
}

const mul = (a: Range, b: Range, c: Range): Range => ({
  min: a.min * b.min * c.min,
  best: a.best * b.best * c.best,
  max: a.max * b.max * c.max,
});

export function measureStack(input: StackInput): StackMeasurement | MeasureError {
  const { rect } = input;
  const edgePx = input.edgePx ?? DEFAULT_EDGE_PX;
  for (const [k, v] of Object.entries(rect)) {
    if (!Number.isFinite(v))
      return { ok: false, code: 'bad-input', message: `rectangle ${k} is not a number` };
  }
  if (rect.lengthPx <= 0 || rect.widthPx <= 0)
    return { ok: false, code: 'bad-input', message: 'rectangle length and width must be positive' };
  if (!(edgePx >= 0)) return { ok: false, code: 'bad-input', message: 'edge placement error must be ≥ 0 px' };
  const outside = cornerOutside(rect, input.imageWidthPx, input.imageHeightPx);
  if (outside) {
    return {
      ok: false,
      code: 'outside-image',
      message: `rectangle corner (${outside[0].toFixed(1)}, ${outside[1].toFixed(1)}) is outside the ${input.imageWidthPx}×${input.imageHeightPx} image`,
    };
  }
  const j = input.jacobian;
  if (j === null) {
    return {
      ok: false,
      code: 'not-georeferenced',
      message:
        'the image is not georeferenced (no GeoTIFF tags, no world file) and has no control points: add it again with --gcp lon,lat,x,y (three or more)',
    };
  }
  const { u, v } = rectAxes(rect);
  const mPerPxU = vectorLengthM(j, u[0], u[1]);
  const mPerPxV = vectorLengthM(j, v[0], v[1]);
  const geoErr = 2 * (input.georefErrorM ?? 0);
  const span = (px: number, mPerPx: number): Range => ({
    min: Math.max(0, (px - 2 * edgePx) * mPerPx - geoErr),
    best: px * mPerPx,
    max: (px + 2 * edgePx) * mPerPx + geoErr,
  });
  const lengthM = span(rect.lengthPx, mPerPxU);
  const widthM = span(rect.widthPx, mPerPxV);

  let heightM: Range | null = null;
  let shadowM: Range | null = null;
  let tiers: Range = { min: 1, best: 1, max: 1 };
  const t = input.tiers;
  if (t.kind === 'entered') {
    if (!Number.isInteger(t.tiers) || t.tiers < 1 || t.tiers > 12)
      return { ok: false, code: 'bad-input', message: `tiers ${t.tiers}: a whole number from 1 to 12` };
    tiers = { min: t.tiers, best: t.tiers, max: t.tiers };
  } else if (t.kind === 'shadow') {
    if (!(t.shadowPx > 0)) return { ok: false, code: 'bad-input', message: 'shadow length must be positive' };
    if (!Number.isFinite(t.sunElevationDeg))
      return { ok: false, code: 'no-sun', message: 'no sun elevation: the image needs an acquisition time' };
    if (t.sunElevationDeg < MIN_SUN_ELEVATION_FOR_SHADOW_DEG) {
      return {
        ok: false,
        code: 'sun-too-low',
        message: `sun elevation ${t.sunElevationDeg.toFixed(1)}° is below ${MIN_SUN_ELEVATION_FOR_SHADOW_DEG}°: a shadow length gives no usable height (enter --tiers instead)`,
      };
    }
    // Shadows fall away from the sun: measure metres per pixel along the anti-solar bearing.
    const d = pixelDirectionOfBearing(j, (t.sunAzimuthDeg + 180) % 360);
    const mPerPx = vectorLengthM(j, d[0], d[1]);
    shadowM = span(t.shadowPx, mPerPx);
    const tan = Math.tan((t.sunElevationDeg * Math.PI) / 180);
    heightM = { min: shadowM.min * tan, best: shadowM.best * tan, max: shadowM.max * tan };
    const tMin = Math.max(1, Math.round(heightM.min / TIER_HEIGHT_M.highCube));
    const tMax = Math.max(tMin, Math.round(heightM.max / TIER_HEIGHT_M.standard));
    tiers = {
      min: tMin,
      best: Math.min(tMax, Math.max(tMin, Math.round(heightM.best / TIER_HEIGHT_M.standard))),
      max: tMax,
    };
  }

  const sizes = input.sizes ?? [20, 40];
  const counts = sizes.map((size): SizeCount => {
    const bays = slotRange(lengthM, CONTAINER_LENGTH_M[size]);
    const rows = slotRange(widthM, CONTAINER_WIDTH_M);
    const containers = mul(bays, rows, tiers);
    const f = size === 40 ? 2 : 1;
    return {
      size,
      bays,
      rows,
      tiers,
      containers,
      teu: { min: containers.min * f, best: containers.best * f, max: containers.max * f },
    };
  });
  return {
    ok: true,
    lengthM,
    widthM,
    areaM2: lengthM.best * widthM.best,
    orientationDeg: vectorBearingDeg(j, u[0], u[1]) % 180,
    heightM,
    shadowM,
    tierSource: t.kind,
    edgePx,
    counts,
  };
}
