/** The 3D scene built without a browser: boxes per stack, the sun light's direction, shadows on. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as THREE from 'three';
import { sunPosition } from '../../src/imagery/solar.js';
import {
  buildStackScene,
  footprintToCornersM,
  shipsFromResults,
  stacksFromResults,
  sunDirection,
} from '../../web/src/scene3d.js';

test('a 14 × 5 × 3 stack is 210 boxes casting shadows; the light comes from the sun’s azimuth and elevation', () => {
  const p = sunPosition(Date.parse('2023-09-07T02:30:00Z'), 130.3, 42.25);
  const sun = { elevationDeg: p.elevationDeg, azimuthDeg: p.azimuthDeg };
  const scene = buildStackScene(
    {
      stacks: [{ eastM: 0, northM: 0, orientationDeg: 70, sizeFt: 20, bays: 14, rows: 5, tiers: 3 }],
      ships: [{ eastM: 0, northM: -30, headingDeg: 70, lengthM: 115, beamM: 17 }],
    },
    sun,
  );
  const stack = scene.getObjectByName('stack 1');
  assert.ok(stack);
  const boxes = stack.children.filter((c) => c instanceof THREE.Mesh);
  assert.equal(boxes.length, 210);
  assert.ok(boxes.every((b) => b.castShadow));
  // Top of the stack: 3 tiers × 2.591 m.
  const bb = new THREE.Box3().setFromObject(stack);
  assert.ok(Math.abs(bb.max.y - 3 * 2.591) < 0.05);
  // Footprint: 14 boxes of 6.058 m with 13 gaps of 0.3 m along 70° (east-north-east), 5 rows of 2.438 m with 0.1 m gaps across.
  const size = bb.getSize(new THREE.Vector3());
  const along = 14 * 6.058 + 13 * 0.3;
  const across = 5 * 2.438 + 4 * 0.1;
  const expectX = along * Math.sin((70 * Math.PI) / 180) + across * Math.cos((70 * Math.PI) / 180);
  assert.ok(Math.abs(size.x - expectX) < 0.2, `x extent ${size.x} vs ${expectX}`);

  const light = scene.getObjectByName('sun') as THREE.DirectionalLight;
  assert.ok(light.castShadow);
  const dir = light.position.clone().sub(light.target.position).normalize();
  assert.ok(dir.distanceTo(sunDirection(sun)) < 1e-9);
  // Sun in the south-south-east (azimuth ~160°): the light sits south (+z) and a little east (+x).
  assert.ok(dir.z > 0 && dir.x > 0);
  assert.ok(Math.abs(Math.asin(dir.y) * (180 / Math.PI) - sun.elevationDeg) < 1e-9);
  assert.ok(scene.getObjectByName('ship 1'));
  assert.ok(scene.getObjectByName('ground'));
});

test('measurement JSON places stacks in metres around an origin; a footprint gives the image plane corners', () => {
  const origin: [number, number] = [130.3, 42.25];
  const stacks = stacksFromResults(
    [
      {
        centre: [130.301, 42.25],
        measurement: {
          orientationDeg: 92,
          counts: [{ size: 40, bays: { best: 2 }, rows: { best: 3 }, tiers: { best: 4 } }],
        },
        sun: null,
      },
    ],
    origin,
    40,
  );
  assert.equal(stacks.length, 1);
  assert.ok(Math.abs((stacks[0]?.eastM ?? 0) - 82.3) < 0.5, `east ${stacks[0]?.eastM}`);
  assert.equal(stacks[0]?.tiers, 4);
  const corners = footprintToCornersM(
    [
      [130.3, 42.25],
      [130.301, 42.25],
      [130.301, 42.249],
      [130.3, 42.249],
      [130.3, 42.25],
    ],
    origin,
  );
  assert.deepEqual(corners[0], [0, 0]);
  const ships = shipsFromResults(
    [{ centre: [130.3, 42.249], measurement: { lengthM: { best: 120 }, beamM: null, headingDeg: 45 } }],
    origin,
  );
  assert.ok(Math.abs((ships[0]?.northM ?? 0) + 111.2) < 0.5);
  assert.equal(ships[0]?.beamM, 20);
  assert.ok(Math.abs(corners[2][1] + 111.2) < 0.5);
});
