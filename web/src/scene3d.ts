/**
 * The 3D scene of measured container stacks and ships, pure (no DOM): models, the sun's light
 * direction, the scene graph and the conversions from `tallyman measure` results. The browser shell
 * that renders it is web/src/imagery3d.ts. Scene frame: metres, x east, y up, z south (three.js is
 * right-handed with y up, so north is −z).
 */
import * as THREE from 'three';

export interface StackModel {
  /** Centre on the ground, metres east and north of the scene origin. */
  eastM: number;
  northM: number;
  /** Bearing of the length axis, degrees clockwise from north. */
  orientationDeg: number;
  sizeFt: 20 | 40;
  bays: number;
  rows: number;
  tiers: number;
  /** Per-tier height: 2.591 m standard, 2.896 m high cube (ISO 668). */
  tierHeightM?: number;
  label?: string;
}

export interface ShipModel {
  eastM: number;
  northM: number;
  /** Bearing of the bow, degrees clockwise from north. */
  headingDeg: number;
  lengthM: number;
  beamM: number;
  /** Freeboard shown, metres (a guess unless measured). */
  heightM?: number;
}

export interface SunModel {
  elevationDeg: number;
  azimuthDeg: number;
}

export interface ImagePlane {
  /** Anything three.js can texture: an <img>, <canvas>, ImageBitmap, or a ready texture. */
  source: THREE.Texture | ConstructorParameters<typeof THREE.Texture>[0];
  /** Ground corners TL, TR, BR, BL as [eastM, northM] (from the image footprint). */
  cornersM: [[number, number], [number, number], [number, number], [number, number]];
}

export interface SceneMeasurements {
  stacks: readonly StackModel[];
  ships?: readonly ShipModel[];
}

/** ISO 668 outside dimensions, metres. */
export const BOX_LENGTH_M = { 20: 6.058, 40: 12.192 } as const;
export const BOX_WIDTH_M = 2.438;
export const STANDARD_TIER_M = 2.591;
/** Gaps between boxes in the model: visible seams, as on the quay. */
export const GAP_LENGTH_M = 0.3;
export const GAP_WIDTH_M = 0.1;
export const LIVERIES = [0x96372a, 0x28468c, 0x326e3c, 0xd7d7d2, 0xcdaa2d, 0x734b32, 0x787d82, 0x287882];

export const RAD = Math.PI / 180;
/** Ground metres (east, north) → scene x, z. */
export const toScene = (eastM: number, northM: number) => new THREE.Vector3(eastM, 0, -northM);

/** Unit vector towards the sun in scene coordinates. */
export function sunDirection(sun: SunModel): THREE.Vector3 {
  const el = sun.elevationDeg * RAD;
  const az = sun.azimuthDeg * RAD;
  return new THREE.Vector3(Math.sin(az) * Math.cos(el), Math.sin(el), -Math.cos(az) * Math.cos(el));
}

/** Convex hull (monotone chain), counter-clockwise. */
export function convexHull(points: readonly [number, number][]): [number, number][] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (pts: [number, number][]) => {
    const out: [number, number][] = [];
    for (const q of pts) {
      while (
        out.length >= 2 &&
        cross(out[out.length - 2] as [number, number], out[out.length - 1] as [number, number], q) <= 0
      )
        out.pop();
      out.push(q);
    }
    out.pop();
    return out;
  };
  return [...half(p), ...half([...p].reverse())];
}

/** Deterministic livery per box, so the same measurement always looks the same. */
export function livery(i: number): number {
  const h = Math.imul(i + 1, 0x9e3779b1) >>> 0;
  return LIVERIES[h % LIVERIES.length] as number;
}

function stackGroup(s: StackModel, index: number): THREE.Group {
  const g = new THREE.Group();
  g.name = s.label ?? `stack ${index + 1}`;
  const len = BOX_LENGTH_M[s.sizeFt];
  const tierH = s.tierHeightM ?? STANDARD_TIER_M;
  const pitchL = len + GAP_LENGTH_M;
  const pitchW = BOX_WIDTH_M + GAP_WIDTH_M;
  const geo = new THREE.BoxGeometry(len, tierH * 0.995, BOX_WIDTH_M);
  const materials = new Map<number, THREE.MeshStandardMaterial>();
  let k = 0;
  for (let t = 0; t < s.tiers; t++) {
    for (let b = 0; b < s.bays; b++) {
      for (let r = 0; r < s.rows; r++) {
        const colour = livery(index * 10007 + k++);
        let mat = materials.get(colour);
        if (!mat) {
          mat = new THREE.MeshStandardMaterial({ color: colour, roughness: 0.8, metalness: 0.1 });
          materials.set(colour, mat);
        }
        const box = new THREE.Mesh(geo, mat);
        // Local frame: x along the length axis, z across it; centred on the stack.
        box.position.set(
          (b + 0.5) * pitchL - (s.bays * pitchL) / 2,
          (t + 0.5) * tierH,
          (r + 0.5) * pitchW - (s.rows * pitchW) / 2,
        );
        box.castShadow = true;
        box.receiveShadow = true;
        g.add(box);
      }
    }
  }
  // Bearing θ (clockwise from north) of local +x: scene direction (sin θ, 0, −cos θ), a rotation about y by θ − 90°.
  g.rotation.y = (90 - s.orientationDeg) * RAD;
  g.position.copy(toScene(s.eastM, s.northM));
  g.userData = { kind: 'stack', containers: s.bays * s.rows * s.tiers, heightM: s.tiers * tierH };
  return g;
}

function shipGroup(s: ShipModel, index: number): THREE.Group {
  const L = s.lengthM;
  const B = s.beamM;
  // Plan: a box hull with a pointed bow over the forward 15 % — an outline, not a hull form.
  const shape = new THREE.Shape();
  shape.moveTo(-L / 2, -B / 2);
  shape.lineTo(L * 0.35, -B / 2);
  shape.lineTo(L / 2, 0);
  shape.lineTo(L * 0.35, B / 2);
  shape.lineTo(-L / 2, B / 2);
  shape.closePath();
  const h = s.heightM ?? 6;
  const geo = new THREE.ExtrudeGeometry(shape, { depth: h, bevelEnabled: false });
  // Extruded along +z: turn it so the extrusion points up and the plan lies on the ground.
  geo.rotateX(-Math.PI / 2);
  const mesh = new THREE.Mesh(
    geo,
    new THREE.MeshStandardMaterial({ color: 0x3b4a5a, transparent: true, opacity: 0.85, roughness: 0.7 }),
  );
  mesh.castShadow = true;
  const edges = new THREE.LineSegments(
    new THREE.EdgesGeometry(geo),
    new THREE.LineBasicMaterial({ color: 0xffd54a }),
  );
  const g = new THREE.Group();
  g.name = `ship ${index + 1}`;
  g.add(mesh, edges);
  g.rotation.y = (90 - s.headingDeg) * RAD;
  g.position.copy(toScene(s.eastM, s.northM));
  g.userData = { kind: 'ship', lengthM: L, beamM: B };
  return g;
}

function imagePlaneMesh(img: ImagePlane): THREE.Mesh {
  const texture = img.source instanceof THREE.Texture ? img.source : new THREE.Texture(img.source);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.needsUpdate = true;
  const [tl, tr, br, bl] = img.cornersM.map(([e, n]) => toScene(e, n)) as [
    THREE.Vector3,
    THREE.Vector3,
    THREE.Vector3,
    THREE.Vector3,
  ];
  const geo = new THREE.BufferGeometry();
  geo.setAttribute(
    'position',
    new THREE.Float32BufferAttribute([tl.x, 0, tl.z, tr.x, 0, tr.z, br.x, 0, br.z, bl.x, 0, bl.z], 3),
  );
  geo.setAttribute('uv', new THREE.Float32BufferAttribute([0, 1, 1, 1, 1, 0, 0, 0], 2));
  geo.setAttribute('normal', new THREE.Float32BufferAttribute([0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0], 3));
  geo.setIndex([0, 3, 1, 1, 3, 2]);
  const mesh = new THREE.Mesh(geo, new THREE.MeshStandardMaterial({ map: texture, roughness: 1 }));
  mesh.receiveShadow = true;
  mesh.name = 'image';
  return mesh;
}

/**
 * The scene: stacks, ships, the image (or a plain ground) and the sun. Shadows are on; the
 * directional light's shadow camera is fitted to everything in the scene.
 */
export function buildStackScene(
  measurements: SceneMeasurements,
  sun: SunModel,
  imageTexture?: ImagePlane,
): THREE.Scene {
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x1d2430);
  const content = new THREE.Group();
  content.name = 'measurements';
  for (const [i, s] of measurements.stacks.entries()) content.add(stackGroup(s, i));
  for (const [i, s] of (measurements.ships ?? []).entries()) content.add(shipGroup(s, i));
  scene.add(content);

  const bounds = new THREE.Box3().setFromObject(content);
  if (imageTexture) {
    const plane = imagePlaneMesh(imageTexture);
    scene.add(plane);
    bounds.union(new THREE.Box3().setFromObject(plane));
  }
  if (bounds.isEmpty()) bounds.set(new THREE.Vector3(-50, 0, -50), new THREE.Vector3(50, 10, 50));
  if (!imageTexture) {
    const size = bounds.getSize(new THREE.Vector3());
    const centre = bounds.getCenter(new THREE.Vector3());
    const ground = new THREE.Mesh(
      new THREE.PlaneGeometry(size.x * 2 + 40, size.z * 2 + 40),
      new THREE.MeshStandardMaterial({ color: 0x9c9a96, roughness: 1 }),
    );
    ground.rotation.x = -Math.PI / 2;
    ground.position.set(centre.x, 0, centre.z);
    ground.receiveShadow = true;
    ground.name = 'ground';
    scene.add(ground);
  }

  const centre = bounds.getCenter(new THREE.Vector3());
  const radius = Math.max(20, bounds.getSize(new THREE.Vector3()).length() / 2);
  const light = new THREE.DirectionalLight(0xffffff, 2.2);
  light.name = 'sun';
  light.position.copy(centre).addScaledVector(sunDirection(sun), radius * 3);
  light.target.position.copy(centre);
  light.castShadow = sun.elevationDeg > 0;
  light.shadow.mapSize.set(4096, 4096);
  light.shadow.bias = -0.0005;
  light.shadow.normalBias = 0.02;
  const cam = light.shadow.camera;
  cam.left = -radius * 1.5;
  cam.right = radius * 1.5;
  cam.top = radius * 1.5;
  cam.bottom = -radius * 1.5;
  cam.near = 0.1;
  cam.far = radius * 6;
  scene.add(light, light.target);
  scene.add(new THREE.HemisphereLight(0xdde6f0, 0x4a4640, 0.6));
  scene.userData = { sun, centre: centre.toArray(), radius };
  return scene;
}

/** A camera looking down at the scene from the south-east at `elevationDeg`, framing it. */
export function defaultCamera(
  scene: THREE.Scene,
  aspect: number,
  elevationDeg = 45,
  azimuthDeg = 200,
): THREE.PerspectiveCamera {
  const { centre, radius } = scene.userData as { centre: [number, number, number]; radius: number };
  const c = new THREE.Vector3(...centre);
  const camera = new THREE.PerspectiveCamera(40, aspect, 0.5, radius * 20);
  const dir = sunDirection({ elevationDeg, azimuthDeg });
  camera.position.copy(c).addScaledVector(dir, radius * 2.4);
  camera.lookAt(c);
  return camera;
}

/** What `tallyman measure stack --json` prints (the parts the view needs). */
export interface StackResultJson {
  centre: [number, number] | null;
  footprint?: [number, number][] | null;
  measurement: {
    orientationDeg: number;
    counts: { size: 20 | 40; bays: { best: number }; rows: { best: number }; tiers: { best: number } }[];
  };
  sun: { elevationDeg: number; azimuthDeg: number } | null;
}

/** Stack models from measurement results, placed relative to `origin` [lon, lat] (local equirectangular: sub-km scenes). */
export function stacksFromResults(
  results: readonly StackResultJson[],
  origin: [number, number],
  sizeFt: 20 | 40 = 20,
): StackModel[] {
  const mPerDegLat = 6371008.8 * RAD;
  const mPerDegLon = mPerDegLat * Math.cos(origin[1] * RAD);
  return results.flatMap((r) => {
    const c = r.measurement.counts.find((x) => x.size === sizeFt) ?? r.measurement.counts[0];
    if (!c || !r.centre) return [];
    return [
      {
        eastM: (r.centre[0] - origin[0]) * mPerDegLon,
        northM: (r.centre[1] - origin[1]) * mPerDegLat,
        orientationDeg: r.measurement.orientationDeg,
        sizeFt: c.size,
        bays: c.bays.best,
        rows: c.rows.best,
        tiers: c.tiers.best,
      },
    ];
  });
}

/** What `tallyman measure ship --json` prints (the parts the view needs). */
export interface ShipResultJson {
  centre: [number, number] | null;
  measurement: { lengthM: { best: number }; beamM: { best: number } | null; headingDeg: number };
}

/** Ship outlines from measurement results; a ship measured without a beam is drawn at a sixth of its length. */
export function shipsFromResults(results: readonly ShipResultJson[], origin: [number, number]): ShipModel[] {
  const mPerDegLat = 6371008.8 * RAD;
  const mPerDegLon = mPerDegLat * Math.cos(origin[1] * RAD);
  return results.flatMap((r) =>
    r.centre
      ? [
          {
            eastM: (r.centre[0] - origin[0]) * mPerDegLon,
            northM: (r.centre[1] - origin[1]) * mPerDegLat,
            headingDeg: r.measurement.headingDeg,
            lengthM: r.measurement.lengthM.best,
            beamM: r.measurement.beamM?.best ?? r.measurement.lengthM.best / 6,
          },
        ]
      : [],
  );
}

/** Ground corners [eastM, northM] of an image footprint (TL, TR, BR, BL as lon/lat) relative to `origin`. */
export function footprintToCornersM(
  footprint: readonly [number, number][],
  origin: [number, number],
): ImagePlane['cornersM'] {
  const mPerDegLat = 6371008.8 * RAD;
  const mPerDegLon = mPerDegLat * Math.cos(origin[1] * RAD);
  const c = footprint
    .slice(0, 4)
    .map(([lon, lat]): [number, number] => [(lon - origin[0]) * mPerDegLon, (lat - origin[1]) * mPerDegLat]);
  return [c[0], c[1], c[2], c[3]] as ImagePlane['cornersM'];
}
