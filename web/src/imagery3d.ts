/// <reference lib="dom" />
/**
 * The 3D view of measured container stacks and ships on the image they were measured on (issue 6):
 * each stack as its boxes (bays × rows × tiers), the ship as an extruded outline, the sun as a
 * directional light from the acquisition's elevation and azimuth casting shadows onto the image
 * plane — so the analyst sees whether the modelled shadows fall where the picture's do.
 *
 * Scene frame: metres, x east, y up, z south (three.js is right-handed with y up, so north is −z).
 * `buildStackScene` returns a THREE.Scene and touches no DOM; `mountImagery3d` and `exportPng` are
 * the browser shell. The web workbench mounts the same scene in its imagery page.
 */
import * as THREE from 'three';
import {
  BOX_LENGTH_M,
  BOX_WIDTH_M,
  buildStackScene,
  convexHull,
  defaultCamera,
  GAP_LENGTH_M,
  GAP_WIDTH_M,
  type ImagePlane,
  livery,
  RAD,
  type SceneMeasurements,
  STANDARD_TIER_M,
  type SunModel,
  sunDirection,
} from './scene3d.js';

export * from './scene3d.js';

/** Traces a closed polygon on a 2D context. */
function tracePolygon(ctx: CanvasRenderingContext2D, points: readonly [number, number][]): void {
  ctx.beginPath();
  for (const [i, [x, y]] of points.entries()) {
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.closePath();
}

/** Renders once and returns the PNG as a data URL (the export the workbench offers). */
export function exportPng(renderer: THREE.WebGLRenderer, scene: THREE.Scene, camera: THREE.Camera): string {
  renderer.render(scene, camera);
  return renderer.domElement.toDataURL('image/png');
}

/** A renderer set up for the scene's shadows; `preserveDrawingBuffer` so PNG export reads the frame. */
export function createRenderer(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): THREE.WebGLRenderer {
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setSize(width, height, false);
  renderer.shadowMap.enabled = true;
  renderer.shadowMap.type = THREE.PCFShadowMap;
  renderer.outputColorSpace = THREE.SRGBColorSpace;
  return renderer;
}

/**
 * A picture to lay under the model when the real image is not at hand: concrete, the stacks' top
 * boxes and their shadows drawn flat from the same sun — the 3D shadows should land on the drawn ones.
 */
export function drawQuayCanvas(
  measurements: SceneMeasurements,
  sun: SunModel,
  extentM: number,
  px = 1024,
): { canvas: HTMLCanvasElement; cornersM: ImagePlane['cornersM'] } {
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const s = px / extentM;
  const X = (e: number) => px / 2 + e * s;
  const Y = (n: number) => px / 2 - n * s;
  ctx.fillStyle = '#9d9b96';
  ctx.fillRect(0, 0, px, px);
  ctx.strokeStyle = 'rgba(235,230,200,0.8)';
  ctx.lineWidth = 0.15 * s;
  for (let k = -3; k <= 3; k++) {
    ctx.beginPath();
    ctx.moveTo(0, Y(k * 25));
    ctx.lineTo(px, Y(k * 25));
    ctx.stroke();
  }
  // Water beyond each ship's quay side: the half-plane past a line along the ship, on the side away from the origin.
  for (const sh of measurements.ships ?? []) {
    const u = [Math.sin(sh.headingDeg * RAD), Math.cos(sh.headingDeg * RAD)] as const;
    let n = [u[1], -u[0]] as const;
    if (n[0] * -sh.eastM + n[1] * -sh.northM > 0) n = [-n[0], -n[1]] as const;
    const e0 = sh.eastM - n[0] * (sh.beamM / 2 + 2);
    const n0 = sh.northM - n[1] * (sh.beamM / 2 + 2);
    const far = extentM * 2;
    ctx.fillStyle = '#24435a';
    ctx.beginPath();
    ctx.moveTo(X(e0 - u[0] * far), Y(n0 - u[1] * far));
    ctx.lineTo(X(e0 + u[0] * far), Y(n0 + u[1] * far));
    ctx.lineTo(X(e0 + u[0] * far + n[0] * far), Y(n0 + u[1] * far + n[1] * far));
    ctx.lineTo(X(e0 - u[0] * far + n[0] * far), Y(n0 - u[1] * far + n[1] * far));
    ctx.closePath();
    ctx.fill();
  }
  const away = (sun.azimuthDeg + 180) * RAD;
  const tanEl = Math.tan(Math.max(sun.elevationDeg, 1) * RAD);
  for (const st of measurements.stacks) {
    const len = BOX_LENGTH_M[st.sizeFt];
    const L = st.bays * (len + GAP_LENGTH_M);
    const W = st.rows * (BOX_WIDTH_M + GAP_WIDTH_M);
    const shadow = (st.tiers * (st.tierHeightM ?? STANDARD_TIER_M)) / tanEl;
    const u = [Math.sin(st.orientationDeg * RAD), Math.cos(st.orientationDeg * RAD)];
    const v = [u[1] as number, -(u[0] as number)];
    const corner = (a: number, b: number, dE = 0, dN = 0): [number, number] => [
      X(st.eastM + (u[0] as number) * a + (v[0] as number) * b + dE),
      Y(st.northM + (u[1] as number) * a + (v[1] as number) * b + dN),
    ];
    const ring = [corner(-L / 2, -W / 2), corner(L / 2, -W / 2), corner(L / 2, W / 2), corner(-L / 2, W / 2)];
    const dE = Math.sin(away) * shadow;
    const dN = Math.cos(away) * shadow;
    // The shadow on flat ground: the footprint swept away from the sun — for a rectangle, the
    // convex hull of it and its shifted copy.
    ctx.fillStyle = 'rgba(30,30,30,0.6)';
    tracePolygon(
      ctx,
      convexHull([...ring, ...ring.map(([x, y]): [number, number] => [x + dE * s, y - dN * s])]),
    );
    ctx.fill();
  }
  for (const [idx, st] of measurements.stacks.entries()) {
    const len = BOX_LENGTH_M[st.sizeFt];
    const u = [Math.sin(st.orientationDeg * RAD), Math.cos(st.orientationDeg * RAD)];
    const v = [u[1] as number, -(u[0] as number)];
    for (let b = 0; b < st.bays; b++) {
      for (let r = 0; r < st.rows; r++) {
        const a0 = (b + 0.5) * (len + GAP_LENGTH_M) - (st.bays * (len + GAP_LENGTH_M)) / 2;
        const b0 = (r + 0.5) * (BOX_WIDTH_M + GAP_WIDTH_M) - (st.rows * (BOX_WIDTH_M + GAP_WIDTH_M)) / 2;
        const pt = (da: number, db: number): [number, number] => [
          X(st.eastM + (u[0] as number) * (a0 + da) + (v[0] as number) * (b0 + db)),
          Y(st.northM + (u[1] as number) * (a0 + da) + (v[1] as number) * (b0 + db)),
        ];
        ctx.fillStyle = `#${livery(idx * 10007 + (st.tiers - 1) * st.bays * st.rows + b * st.rows + r)
          .toString(16)
          .padStart(6, '0')}`;
        tracePolygon(ctx, [
          pt(-len / 2, -BOX_WIDTH_M / 2),
          pt(len / 2, -BOX_WIDTH_M / 2),
          pt(len / 2, BOX_WIDTH_M / 2),
          pt(-len / 2, BOX_WIDTH_M / 2),
        ]);
        ctx.fill();
      }
    }
  }
  const h = extentM / 2;
  return {
    canvas,
    cornersM: [
      [-h, h],
      [h, h],
      [h, -h],
      [-h, -h],
    ],
  };
}

/**
 * Mounts the view in `container`: orbiting by drag, zoom by wheel, a PNG export button. Returns a
 * handle to re-render and to export.
 */
export function mountImagery3d(
  container: HTMLElement,
  measurements: SceneMeasurements,
  sun: SunModel,
  imageTexture?: ImagePlane,
): {
  scene: THREE.Scene;
  camera: THREE.PerspectiveCamera;
  renderer: THREE.WebGLRenderer;
  render: () => void;
  png: () => string;
} {
  const width = container.clientWidth || 960;
  const height = container.clientHeight || 640;
  const canvas = document.createElement('canvas');
  container.appendChild(canvas);
  const renderer = createRenderer(canvas, width, height);
  const scene = buildStackScene(measurements, sun, imageTexture);
  // From the shadow side, a little off the anti-solar line: shadows in view, not hidden behind the boxes.
  let camEl = 48;
  let camAz = (sun.azimuthDeg + 180 - 35 + 360) % 360;
  const camera = defaultCamera(scene, width / height, camEl, camAz);
  const { centre, radius } = scene.userData as { centre: [number, number, number]; radius: number };
  let distance = radius * 1.5;
  const place = () => {
    const c = new THREE.Vector3(...centre);
    camera.position
      .copy(c)
      .addScaledVector(sunDirection({ elevationDeg: camEl, azimuthDeg: camAz }), distance);
    camera.lookAt(c);
  };
  const render = () => renderer.render(scene, camera);
  let drag: { x: number; y: number } | null = null;
  canvas.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY };
  });
  window.addEventListener('pointerup', () => {
    drag = null;
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    camAz = (camAz - (e.clientX - drag.x) * 0.4 + 360) % 360;
    camEl = Math.min(89, Math.max(5, camEl + (e.clientY - drag.y) * 0.3));
    drag = { x: e.clientX, y: e.clientY };
    place();
    render();
  });
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    distance = Math.min(radius * 10, Math.max(radius * 0.3, distance * (e.deltaY > 0 ? 1.1 : 0.9)));
    place();
    render();
  });
  place();
  render();
  return { scene, camera, renderer, render, png: () => exportPng(renderer, scene, camera) };
}
