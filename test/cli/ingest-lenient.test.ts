/**
 * `ingest --lenient` and `decode --lenient` on a real class A report cut to 156 bits (gpsd's rule is
 * 163–204): refused by default, stored as a position with it, counted and warned about either way.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { armour } from '../ais/nmea-build.js';
import { cli, tempDir } from './run-cli.js';

/** gpsd-ais-raw-messages.log: `!AIVDM,1,1,,B,13U4vF0P001d<UnEeSmQ>gv`04hd,0*4C` (168 bits), cut to 156. */
function shortType1(): string {
  const payload = '13U4vF0P001d<UnEeSmQ>gv`04hd';
  const bytes = new Uint8Array(32);
  let p = 0;
  for (const ch of payload) {
    let v = ch.charCodeAt(0) - 48;
    if (v > 40) v -= 8;
    for (let i = 5; i >= 0; i--, p++) if (p < 156 && (v >> i) & 1) bytes[p >>> 3] |= 0x80 >>> (p & 7);
  }
  return armour(bytes, 156, 0, 'B')[0];
}

test('ingest and decode --lenient keep a short real report that gpsd drops', () => {
  const dir = tempDir();
  const file = join(dir, 'short.nmea');
  writeFileSync(file, `${shortType1()}\n`);
  const at = ['--received-at', '2023-05-01T00:00:00Z', '--json'];

  const strict = cli(['--db', join(dir, 'a.db'), 'ingest', file, ...at]);
  // Every row rejected: exit 3, nothing stored, the reason named.
  assert.equal(strict.status, 3, strict.stderr);
  assert.match(strict.stderr, /short\.nmea:1: too-short/);

  const lenient = cli(['--db', join(dir, 'b.db'), 'ingest', file, '--lenient', ...at]);
  assert.equal(lenient.status, 0, lenient.stderr);
  const l = JSON.parse(lenient.stdout);
  assert.equal(l.totals.positions, 1);
  assert.equal(l.totals.shortDecoded, 1);
  const track = JSON.parse(
    cli(['--db', join(dir, 'b.db'), 'track', '240205400', '--format', 'geojson']).stdout,
  );
  // One fix: a Point; more: a LineString.
  const c = track.features[0].geometry.coordinates;
  const [lon, lat] = Array.isArray(c[0]) ? c[0] : c;
  assert.ok(Math.abs(lon - 23.6359383) < 1e-6 && Math.abs(lat - 37.94425) < 1e-6, `${lon},${lat}`);

  const dec = cli(['decode', '--lenient', file]);
  assert.equal(dec.status, 0, dec.stderr);
  assert.equal(JSON.parse(dec.stdout).short, true);
  assert.match(dec.stderr, /1 messages shorter than their type allows decoded by --lenient/);
  assert.equal(cli(['decode', file]).stdout, '', 'gpsd-compatible by default: nothing decoded');
});
