/**
 * Pixel ↔ map affine transforms, in GDAL's geotransform order: for a pixel position (x, y) — x to
 * the right, y down, (0, 0) the outer top-left corner of the first pixel, so the centre of pixel
 * (col, row) is (col + 0.5, row + 0.5) —
 *   X = c[0] + c[1]·x + c[2]·y,  Y = c[3] + c[4]·x + c[5]·y
 * (X, Y) are longitude/latitude in degrees or projected metres, depending on the CRS beside it.
 */

export type Affine = readonly [number, number, number, number, number, number];

export function applyAffine(a: Affine, x: number, y: number): [number, number] {
  return [a[0] + a[1] * x + a[2] * y, a[3] + a[4] * x + a[5] * y];
}

/** A ground control point: map position (lon, lat, degrees) placed by the analyst at pixel (x, y). */
export interface ControlPoint {
  lon: number;
  lat: number;
  x: number;
  y: number;
}

export interface AffineFit {
  affine: Affine;
  /** Per point: fitted minus given, in map units (degrees here) — the shell converts to metres. */
  residuals: { dLon: number; dLat: number }[];
}

/**
 * Least-squares affine from three or more control points (normal equations on [1, x, y]; coordinates
 * are centred first so the 3×3 system stays well conditioned). Null when the points are fewer than
 * three or (nearly) collinear: an affine is then undetermined.
 */
export function fitAffine(points: readonly ControlPoint[]): AffineFit | null {
  const n = points.length;
  if (n < 3) return null;
  let mx = 0;
  let my = 0;
  for (const p of points) {
    mx += p.x;
    my += p.y;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    const dx = p.x - mx;
    const dy = p.y - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const det = sxx * syy - sxy * sxy;
  // Collinear points: the spread across the line is nothing against the spread along it.
  if (!(det > 1e-9 * (sxx + syy) ** 2)) return null;
  const solve = (value: (p: ControlPoint) => number): [number, number, number] => {
    let mv = 0;
    for (const p of points) mv += value(p);
    mv /= n;
    let sxv = 0;
    let syv = 0;
    for (const p of points) {
      const dv = value(p) - mv;
      sxv += (p.x - mx) * dv;
      syv += (p.y - my) * dv;
    }
    const bx = (syy * sxv - sxy * syv) / det;
    const by = (sxx * syv - sxy * sxv) / det;
    return [mv - bx * mx - by * my, bx, by];
  };
  const [a0, a1, a2] = solve((p) => p.lon);
  const [b0, b1, b2] = solve((p) => p.lat);
  const affine: Affine = [a0, a1, a2, b0, b1, b2];
  const residuals = points.map((p) => {
    const [lon, lat] = applyAffine(affine, p.x, p.y);
    return { dLon: lon - p.lon, dLat: lat - p.lat };
  });
  return { affine, residuals };
}
