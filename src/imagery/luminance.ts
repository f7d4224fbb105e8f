/**
 * Luminance from RGB with the ITU-R BT.601 weights (the "luma" of JPEG and of most imagery tools):
 * one definition for loading images, synthesising them and counting boxes on them.
 */
export const LUMA_WEIGHTS = [0.299, 0.587, 0.114] as const;

export const luminance = (r: number, g: number, b: number): number =>
  LUMA_WEIGHTS[0] * r + LUMA_WEIGHTS[1] * g + LUMA_WEIGHTS[2] * b;

/** The luminance of colour planes, or the one grey plane itself. */
export function grayOf(planes: readonly Float32Array[]): Float32Array {
  const [r, g, b] = planes as [Float32Array, Float32Array | undefined, Float32Array | undefined];
  if (!g || !b) return r;
  const out = new Float32Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = luminance(r[i] as number, g[i] as number, b[i] as number);
  return out;
}
