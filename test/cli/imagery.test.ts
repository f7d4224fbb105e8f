/** `tallyman image add`, `measure stack`, `measure ship` through the real CLI, on fixtures written here. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { haversineM } from '../../src/geo/distance.js';
import { TIER_HEIGHT_M } from '../../src/imagery/containers.js';
import { sunPosition } from '../../src/imagery/solar.js';
import { writePng } from '../imagery/fixtures.js';
import { cli, tempDir } from './run-cli.js';

const RAJIN = { lon: 130.3, lat: 42.25 };
const GSD = 0.5;
const DEG_LAT = GSD / haversineM(0, RAJIN.lat, 0, RAJIN.lat + 1);
const DEG_LON = GSD / haversineM(RAJIN.lon, RAJIN.lat, RAJIN.lon + 1, RAJIN.lat);
const ACQUIRED = '2023-09-07T02:30:00Z';

test('image add → measure stack (shadow) → measure ship: evidence, container observation and sighting recorded', () => {
  const dir = tempDir();
  const db = join(dir, 't.db');
  const env = { TALLYMAN_EVIDENCE_DIR: join(dir, 'evidence') };
  const png = writePng(dir, 'rajin.png', 400, 300, (x, y) => 120 + ((x * 13 + y * 7) % 9));
  // North-up world file at 0.5 m, top-left pixel centre half a pixel in from the corner at Rajin.
  writeFileSync(
    join(dir, 'rajin.pgw'),
    `${DEG_LON}\n0\n0\n${-DEG_LAT}\n${RAJIN.lon + DEG_LON / 2}\n${RAJIN.lat - DEG_LAT / 2}\n`,
  );

  const add = cli(
    [
      '--db',
      db,
      'image',
      'add',
      png,
      '--acquired',
      ACQUIRED,
      '--sensor',
      'SkySat',
      '--grade',
      'B2',
      '--json',
    ],
    { env },
  );
  assert.equal(add.status, 0, add.stderr);
  const added = JSON.parse(add.stdout);
  assert.equal(added.image.georef.source, 'worldfile');
  assert.ok(Math.abs(added.image.gsdM - GSD) < 0.001);
  assert.equal(added.image.sensor, 'SkySat');
  const sha = added.image.sha256 as string;

  // 14 bays of 20 ft (90.3 m with 0.3 m gaps) × 4 rows, 3 tiers: the shadow is what 7.77 m casts.
  const sun = sunPosition(Date.parse(ACQUIRED), RAJIN.lon, RAJIN.lat);
  const shadowPx = (3 * TIER_HEIGHT_M.standard) / Math.tan((sun.elevationDeg * Math.PI) / 180) / GSD;
  const lengthPx = (14 * 6.058 + 13 * 0.3) / GSD;
  const widthPx = (4 * 2.438 + 3 * 0.1) / GSD;
  const stack = cli(
    [
      '--db',
      db,
      'measure',
      'stack',
      sha.slice(0, 10),
      '--rect',
      `200,150,${lengthPx},${widthPx},0`,
      '--shadow',
      String(shadowPx),
      '--size',
      '20',
      '--json',
    ],
    { env },
  );
  assert.equal(stack.status, 0, stack.stderr);
  const s = JSON.parse(stack.stdout);
  assert.ok(Math.abs(s.sun.elevationDeg - sun.elevationDeg) < 0.01);
  assert.equal(s.measurement.counts[0].containers.best, 14 * 4 * 3);
  assert.ok(s.measurement.counts[0].containers.min <= 168 && s.measurement.counts[0].containers.max >= 168);
  assert.ok(Number.isInteger(s.containerObservationId));

  const text = cli(
    [
      '--db',
      db,
      'measure',
      'stack',
      png,
      '--rect',
      `200,150,${lengthPx},${widthPx},0`,
      '--tiers',
      '2',
      '--no-record',
    ],
    { env },
  );
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /20 ft: 15 \(\d+–\d+\) bays|20 ft: 14/);
  assert.match(text.stdout, /40 ft: 7/);

  const ship = cli(
    [
      '--db',
      db,
      'measure',
      'ship',
      sha,
      '--line',
      '50,250,312,250',
      '--beam-line',
      '150,232,150,268',
      '--json',
    ],
    { env },
  );
  assert.equal(ship.status, 0, ship.stderr);
  const sh = JSON.parse(ship.stdout);
  assert.ok(Math.abs(sh.measurement.lengthM.best - 131) < 0.2, `length ${sh.measurement.lengthM.best}`);
  assert.ok(Math.abs(sh.measurement.beamM.best - 18) < 0.1);
  assert.ok(Number.isInteger(sh.sightingId));

  const list = cli(['--db', db, 'image', 'list'], { env });
  assert.match(list.stdout, /1 images/);
  const sqlite = new Database(db, { readonly: true });
  try {
    const ev = sqlite.prepare('SELECT id, kind, reliability, credibility FROM evidence_items').all() as {
      id: number;
      kind: string;
      reliability: string;
      credibility: number;
    }[];
    assert.deepEqual(
      ev.map((e) => [e.kind, e.reliability, e.credibility]),
      [['satellite-image', 'B', 2]],
    );
    const co = sqlite
      .prepare('SELECT count_min, count_max, size_ft, method, image_evidence_id FROM container_observations')
      .all() as Record<string, unknown>[];
    assert.equal(co.length, 1, 'the --no-record measurement is not stored');
    assert.deepEqual(co[0], {
      count_min: s.measurement.counts[0].containers.min,
      count_max: s.measurement.counts[0].containers.max,
      size_ft: 20,
      method: 'measured-stack',
      image_evidence_id: ev[0]?.id,
    });
    const si = sqlite.prepare('SELECT image_id, evidence_id, provider FROM sightings').all();
    assert.deepEqual(si, [{ image_id: sha, evidence_id: ev[0]?.id, provider: 'SkySat' }]);
    const ms = sqlite.prepare('SELECT kind FROM image_measurements ORDER BY id').all();
    assert.deepEqual(ms, [{ kind: 'stack' }, { kind: 'ship' }]);
  } finally {
    sqlite.close();
  }
});

test('refusals with clear messages: sun below 5°, rectangle outside, no georeference, too few control points', () => {
  const dir = tempDir();
  const db = join(dir, 't.db');
  const env = { TALLYMAN_EVIDENCE_DIR: join(dir, 'evidence') };
  const png = writePng(dir, 'plain.png', 200, 100, () => 100);
  const nogeo = cli(['--db', db, 'measure', 'stack', png, '--rect', '100,50,40,10,0', '--tiers', '1'], {
    env,
  });
  assert.equal(nogeo.status, 2);
  assert.match(nogeo.stderr, /not georeferenced.*--gcp/);

  const two = cli(
    ['--db', db, 'image', 'add', png, '--gcp', '130.3,42.25,0,0', '--gcp', '130.301,42.25,200,0'],
    { env },
  );
  assert.equal(two.status, 2);
  assert.match(two.stderr, /at least 3/);

  const gcps = [
    '130.3,42.25,0,0',
    `${130.3 + 200 * DEG_LON},42.25,200,0`,
    `130.3,${42.25 - 100 * DEG_LAT},0,100`,
  ];
  const add = cli(
    [
      '--db',
      db,
      'image',
      'add',
      png,
      ...gcps.flatMap((g) => ['--gcp', g]),
      '--acquired',
      '2023-12-21T07:20:00Z',
      '--json',
    ],
    { env },
  );
  assert.equal(add.status, 0, add.stderr);
  const img = JSON.parse(add.stdout);
  assert.equal(img.image.georef.source, 'gcp');
  assert.ok(Math.abs(img.image.gsdM - GSD) < 0.01);

  // 07:20 UTC on 21 Dec is about 16:00 local solar time at Rajin: the sun is under 4° up.
  const low = cli(
    ['--db', db, 'measure', 'stack', img.image.sha256, '--rect', '100,50,40,10,0', '--shadow', '30'],
    { env },
  );
  assert.equal(low.status, 2);
  assert.match(low.stderr, /sun elevation \d\.\d° is below 5°/);

  const out = cli(
    ['--db', db, 'measure', 'stack', img.image.sha256, '--rect', '190,50,40,10,0', '--tiers', '1'],
    { env },
  );
  assert.equal(out.status, 2);
  assert.match(out.stderr, /outside the 200×100 image/);

  const missing = cli(['--db', db, 'measure', 'ship', 'deadbeefdeadbeef', '--line', '1,1,2,2'], { env });
  assert.equal(missing.status, 4);
});
