/**
 * A ship measured on an image: length along a drawn line (bow to stern), beam across it → the
 * vessels whose recorded dimensions fit, each with a score. Fit: z = (measured − recorded) / σ,
 * σ² = measurement half-range² + (3 % of the recorded value)² — AIS dimensions are typed in by
 * crews and rounded to the metre, registers round too; score = exp(−½ Σ z²) in (0, 1].
 */
import { DEFAULT_EDGE_PX } from './containers.js';
import { type MetricJacobian, vectorBearingDeg, vectorLengthM } from './georef.js';
import type { MeasureError, Range } from './measure-stack.js';
import type { Point } from './rect.js';

export interface ShipInput {
  line: [Point, Point];
  beamLine: [Point, Point] | null;
  imageWidthPx: number;
  imageHeightPx: number;
  jacobian: MetricJacobian | null;
  georefErrorM?: number;
  edgePx?: number;
}

export interface ShipMeasurement {
  ok: true;
  lengthM: Range;
  beamM: Range | null;
  /** Bearing of the line from its first to its second point, degrees from north (bow-to-stern ambiguity is the analyst's). */
  headingDeg: number;
}

export interface KnownVessel {
  mmsi: number | null;
  imo: number | null;
  name: string | null;
  lengthM: number | null;
  beamM: number | null;
  /** Where the dimensions come from: 'store' (AIS), 'fleet' (scenario / reference list), … */
  source: string;
}

export interface VesselCandidate {
  vessel: KnownVessel;
  lengthZ: number;
  beamZ: number | null;
  score: number;
}

/** Relative uncertainty of recorded dimensions. */
export const RECORDED_DIMENSION_REL = 0.03;
/** Candidates beyond this many σ on either dimension are left out. */
export const MAX_Z = 3;

const inside = (p: Point, w: number, h: number) => p[0] >= 0 && p[1] >= 0 && p[0] <= w && p[1] <= h;

export function measureShip(input: ShipInput): ShipMeasurement | MeasureError {
  const edgePx = input.edgePx ?? DEFAULT_EDGE_PX;
  for (const p of [...input.line, ...(input.beamLine ?? [])]) {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]))
      return { ok: false, code: 'bad-input', message: 'line coordinates must be numbers' };
    if (!inside(p, input.imageWidthPx, input.imageHeightPx)) {
      return {
        ok: false,
        code: 'outside-image',
        message: `line end (${p[0]}, ${p[1]}) is outside the ${input.imageWidthPx}×${input.imageHeightPx} image`,
      };
    }
  }
  const j = input.jacobian;
  if (j === null) {
    return {
      ok: false,
      code: 'not-georeferenced',
      message:
        'the image is not georeferenced and has no control points: add it again with --gcp lon,lat,x,y (three or more)',
    };
  }
  const geoErr = 2 * (input.georefErrorM ?? 0);
  const measure = ([a, b]: [Point, Point]): Range => {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const px = Math.hypot(dx, dy);
    const mPerPx = px === 0 ? 0 : vectorLengthM(j, dx / px, dy / px);
    return {
      min: Math.max(0, (px - 2 * edgePx) * mPerPx - geoErr),
      best: px * mPerPx,
      max: (px + 2 * edgePx) * mPerPx + geoErr,
    };
  };
  const lengthM = measure(input.line);
  if (lengthM.best === 0) return { ok: false, code: 'bad-input', message: 'the length line has zero length' };
  const [a, b] = input.line;
  return {
    ok: true,
    lengthM,
    beamM: input.beamLine ? measure(input.beamLine) : null,
    headingDeg: vectorBearingDeg(j, b[0] - a[0], b[1] - a[1]),
  };
}

export function matchVessels(m: ShipMeasurement, vessels: readonly KnownVessel[]): VesselCandidate[] {
  const out: VesselCandidate[] = [];
  const halfL = (m.lengthM.max - m.lengthM.min) / 2;
  for (const v of vessels) {
    if (v.lengthM === null || !(v.lengthM > 0)) continue;
    const sL = Math.hypot(halfL, RECORDED_DIMENSION_REL * v.lengthM);
    const lengthZ = (m.lengthM.best - v.lengthM) / sL;
    let beamZ: number | null = null;
    if (m.beamM && v.beamM !== null && v.beamM > 0) {
      const sB = Math.hypot((m.beamM.max - m.beamM.min) / 2, RECORDED_DIMENSION_REL * v.beamM);
      beamZ = (m.beamM.best - v.beamM) / sB;
    }
    if (Math.abs(lengthZ) > MAX_Z || (beamZ !== null && Math.abs(beamZ) > MAX_Z)) continue;
    out.push({ vessel: v, lengthZ, beamZ, score: Math.exp(-0.5 * (lengthZ ** 2 + (beamZ ?? 0) ** 2)) });
  }
  return out.sort((x, y) => y.score - x.score);
}
