/**
 * The SIMULATED sample image that ships with the workbench: the same bytes on every install,
 * georeferenced at Rajin by its world file, added by `tallyman image sample` as simulated evidence
 * (once), so the Imagery page has an image to try on first start.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { SAMPLE, sampleImage } from '../../src/imagery/sample.js';
import { parseWorldFile } from '../../src/imagery/worldfile.js';
import { cli, tempDir } from '../cli/run-cli.js';

test('the sample is deterministic and its world file puts it on the Rajin quay', () => {
  const a = sampleImage();
  const b = sampleImage();
  assert.equal(
    createHash('sha256').update(a.png).digest('hex'),
    createHash('sha256').update(b.png).digest('hex'),
  );
  assert.ok(a.containers > 20, `${a.containers} boxes to measure`);
  const wf = parseWorldFile(a.worldFile);
  assert.ok(wf.ok);
  const [x0, sx, , y0, , sy] = wf.affine;
  assert.ok(Math.abs(x0 - SAMPLE.lon) < 1e-9 && Math.abs(y0 - SAMPLE.lat) < 1e-9, 'upper-left corner');
  // 0.5 m pixels: 480 × 0.5 m = 240 m east, 180 m south
  const eastM = 480 * sx * 111_320 * Math.cos((SAMPLE.lat * Math.PI) / 180);
  const southM = -360 * sy * 110_574;
  assert.ok(Math.abs(eastM - 240) < 0.5 && Math.abs(southM - 180) < 0.5, `${eastM} m × ${southM} m`);
});

test('tallyman image sample adds it once, simulated, georeferenced, with its acquisition time', () => {
  const dir = tempDir('tallyman-sample-');
  const db = join(dir, 'sample.db');
  const first = cli(['--db', db, 'image', 'sample']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(
    first.stdout,
    /^added the SIMULATED sample image [0-9a-f]{12}… \(\d+ container blocks, \d+ boxes visible\) as evidence #1/,
  );
  assert.match(cli(['--db', db, 'image', 'sample']).stdout, /^already added/);
  const list = JSON.parse(cli(['--db', db, 'image', 'list', '--json']).stdout);
  const images = Array.isArray(list) ? list : list.images;
  assert.equal(images.length, 1);
  const im = images[0];
  assert.equal(im.acquiredMs, SAMPLE.acquiredMs);
  assert.equal(im.georef?.source ?? im.georefSource, 'worldfile');
  const ev = JSON.parse(cli(['--db', db, 'evidence', 'list', '--json']).stdout);
  const item = (Array.isArray(ev) ? ev : ev.items)[0];
  assert.equal(item.simulated, true);
  assert.match(item.title, /^SIMULATED sample image/);
});
