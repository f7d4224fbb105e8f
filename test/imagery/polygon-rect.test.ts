/**
 * The stack polygon → minimum-area rectangle: rotating calipers agree with the plain search over
 * every hull edge (the reference, kept here), a 40,000-point outline gets its rectangle, and the API
 * refuses a polygon over the cap with 400 naming it — before any image is looked up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { POLYGON_MAX_VERTICES, type Point, polygonToRect, rectCorners } from '../../src/imagery/rect.js';
import { buildApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/index.js';

/** The O(h²) reference: for each hull edge, the box of every point in that frame. */
function referenceMinArea(points: readonly Point[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < points.length; i++)
    for (let j = 0; j < points.length; j++) {
      const a = points[i] as Point;
      const b = points[j] as Point;
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (len === 0) continue;
      const ux = (b[0] - a[0]) / len;
      const uy = (b[1] - a[1]) / len;
      let u0 = Infinity;
      let u1 = -Infinity;
      let v0 = Infinity;
      let v1 = -Infinity;
      for (const q of points) {
        const u = q[0] * ux + q[1] * uy;
        const v = -q[0] * uy + q[1] * ux;
        u0 = Math.min(u0, u);
        u1 = Math.max(u1, u);
        v0 = Math.min(v0, v);
        v1 = Math.max(v1, v);
      }
      best = Math.min(best, (u1 - u0) * (v1 - v0));
    }
  return best;
}

const circle = (n: number, r: number): Point[] =>
  Array.from({ length: n }, (_, i) => {
    const t = (2 * Math.PI * i) / n;
    return [5000 + r * Math.cos(t), 5000 + r * Math.sin(t)];
  });

describe('polygon → minimum-area rectangle', () => {
  it('property: rotating calipers give the area of the search over every edge direction, and hold every point', () => {
    const pt = fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }));
    fc.assert(
      fc.property(fc.array(pt, { minLength: 3, maxLength: 40 }), (raw) => {
        const points = raw as Point[];
        const r = polygonToRect(points);
        const ref = referenceMinArea(points);
        if (r === null) {
          assert.ok(ref < 1e-9, `null but reference area ${ref}`);
          return;
        }
        const area = r.lengthPx * r.widthPx;
        assert.ok(Math.abs(area - ref) <= 1e-6 * Math.max(1, ref), `${area} vs ${ref}`);
        const [c0, c1, , c3] = rectCorners(r);
        const ex: Point = [c1![0] - c0![0], c1![1] - c0![1]];
        const ey: Point = [c3![0] - c0![0], c3![1] - c0![1]];
        for (const q of points) {
          const s = ((q[0] - c0![0]) * ex[0] + (q[1] - c0![1]) * ex[1]) / (ex[0] ** 2 + ex[1] ** 2);
          const t = ((q[0] - c0![0]) * ey[0] + (q[1] - c0![1]) * ey[1]) / (ey[0] ** 2 + ey[1] ** 2);
          assert.ok(s > -1e-6 && s < 1 + 1e-6 && t > -1e-6 && t < 1 + 1e-6, `${q} outside`);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('a 40,000-point outline (a circle of radius 1000 px) gets its square of side 2000 px', () => {
    const r = polygonToRect(circle(40_000, 1000));
    assert.ok(r);
    assert.ok(Math.abs(r.lengthPx - 2000) < 0.01 && Math.abs(r.widthPx - 2000) < 0.01, JSON.stringify(r));
    assert.ok(Math.abs(r.cx - 5000) < 1e-6 && Math.abs(r.cy - 5000) < 1e-6);
  });
  it(`the API refuses a 40,000-point polygon with 400 naming the cap (${POLYGON_MAX_VERTICES})`, async () => {
    const store = await openStore({ path: ':memory:' });
    const { app } = await buildApp({ store });
    try {
      const r = await app.inject({
        method: 'POST',
        url: `/api/images/${'0'.repeat(64)}/measure/stack`,
        headers: { 'content-type': 'application/json', host: 'localhost' },
        payload: JSON.stringify({
          polygon: circle(40_000, 1000).map(([x, y]) => [Math.round(x), Math.round(y)]),
        }),
      });
      assert.equal(r.statusCode, 400, r.body.slice(0, 300));
      assert.match(r.body, new RegExp(`at most ${POLYGON_MAX_VERTICES} vertices`));
      assert.match(r.body, /body\.polygon/);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
