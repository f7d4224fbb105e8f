/**
 * ESRI world files (.pgw, .jgw, .tfw, .wld …): six numbers, one a line — A (x size of a pixel),
 * D (rotation), B (rotation), E (y size, negative for north-up), C and F (map position of the
 * CENTRE of the top-left pixel). Esri, "World files for raster datasets" (ArcGIS documentation).
 */
import type { Affine } from './affine.js';

export type WorldFileResult = { ok: true; affine: Affine } | { ok: false; line: number; reason: string };

export function parseWorldFile(text: string): WorldFileResult {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== 6)
    return {
      ok: false,
      line: Math.min(lines.length + 1, 7),
      reason: `expected 6 numbers, found ${lines.length} lines`,
    };
  const v: number[] = [];
  for (let i = 0; i < 6; i++) {
    const x = Number(lines[i]);
    if (lines[i] === '' || !Number.isFinite(x))
      return { ok: false, line: i + 1, reason: `"${lines[i]}" is not a number` };
    v.push(x);
  }
  const [a, d, b, e, c, f] = v as [number, number, number, number, number, number];
  if (Math.abs(a * e - b * d) < 1e-300)
    return { ok: false, line: 1, reason: 'pixel size is zero (degenerate transform)' };
  // Shift from the centre of the first pixel to its outer corner, the convention of affine.ts.
  return { ok: true, affine: [c - 0.5 * a - 0.5 * b, a, b, f - 0.5 * d - 0.5 * e, d, e] };
}

/** World-file names to look for beside an image, in order (e.g. quay.png → quay.pgw, quay.pngw, quay.wld). */
export function worldFileCandidates(imagePath: string): string[] {
  const dot = imagePath.lastIndexOf('.');
  const slash = Math.max(imagePath.lastIndexOf('/'), imagePath.lastIndexOf('\\'));
  if (dot <= slash) return [`${imagePath}.wld`];
  const stem = imagePath.slice(0, dot);
  const ext = imagePath.slice(dot + 1).toLowerCase();
  const short = ext.length >= 3 ? `${ext[0]}${ext[ext.length - 1]}w` : `${ext}w`;
  return [`${stem}.${short}`, `${stem}.${ext}w`, `${stem}.wld`, `${imagePath}.aux.wld`];
}
