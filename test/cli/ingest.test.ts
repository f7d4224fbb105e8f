import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { capturePath } from '../helpers/captures.js';
import { cli, tempDir } from './run-cli.js';

const STREAM = capturePath('dma-aislib-stream_example.txt');
const TAGBLOCK = capturePath('libais-tagblock.nmea');

test('ingest real captures, list vessels, export a track; a second ingest adds nothing', () => {
  const db = join(tempDir(), 't.db');
  const first = cli(['--db', db, 'ingest', STREAM, TAGBLOCK, '--json']);
  assert.equal(first.status, 0, first.stderr);
  const s1 = JSON.parse(first.stdout);
  assert.equal(s1.totals.ingested, 2);
  assert.ok(s1.totals.positions > 2500, `positions ${s1.totals.positions}`);
  assert.ok(s1.totals.byType['1'] > 2000);
  const stream = s1.inputs.find((i: { name: string }) => i.name === STREAM);
  assert.equal(stream.format, 'nmea');
  assert.match(stream.sha256, /^[0-9a-f]{64}$/);

  const vessels = JSON.parse(cli(['--db', db, 'vessels', '--json']).stdout);
  assert.ok(vessels.length > 300, `vessels ${vessels.length}`);
  const busiest = vessels[0];
  assert.ok(busiest.positionCount >= vessels[vessels.length - 1].positionCount);

  const track = cli(['--db', db, 'track', String(busiest.mmsi), '--format', 'geojson']);
  assert.equal(track.status, 0, track.stderr);
  const fc = JSON.parse(track.stdout);
  const props = fc.features[0].properties;
  assert.equal(props.mmsi, busiest.mmsi);
  assert.equal(props.pointCount, busiest.positionCount);
  const times: number[] = (props.times as string).split(' ').map((t) => Date.parse(t));
  assert.ok(
    times.every((t, i) => i === 0 || times[i - 1]! <= t),
    'time-ordered',
  );
  // Receive times come from the $PGHP stamps: 2010-06-11 11:46 UTC.
  assert.match(props.startTime, /^2010-06-11T11:4/);

  const csv = cli(['--db', db, 'track', String(busiest.mmsi), '--format', 'csv'])
    .stdout.trim()
    .split('\n');
  assert.equal(csv.length, busiest.positionCount + 1);

  const again = cli(['--db', db, 'ingest', STREAM, TAGBLOCK, '--json']);
  assert.equal(again.status, 0, again.stderr);
  const s2 = JSON.parse(again.stdout);
  assert.equal(s2.totals.alreadyIngested, 2);
  assert.equal(s2.totals.positions, 0);
  const vessels2 = JSON.parse(cli(['--db', db, 'vessels', '--json']).stdout);
  assert.deepEqual(vessels2, vessels);
});

test('bad lines are reported with file, line and reason; good lines beside them land', () => {
  const dir = tempDir();
  const file = join(dir, 'mixed.nmea');
  writeFileSync(
    file,
    [
      '\\s:rx1,c:1418169601*02\\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78',
      'garbage line that is not NMEA',
      '!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*79',
      '!AIVDM,1,1,,B,13F?Vv700<DJ',
      '',
    ].join('\n'),
  );
  const r = cli(['--db', join(dir, 't.db'), 'ingest', file, '--json', '--received-at', '2014-12-10T00:00Z']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: bad-checksum`));
  const s = JSON.parse(r.stdout);
  assert.equal(s.totals.positions, 1);
  // The tag block's c: time wins over --received-at, which only fills in for time-less messages.
  assert.equal(s.inputs[0].counts.decode.badTagBlocks, 0);
  assert.equal(s.totals.rejectedByReason['bad-checksum'], 1);
  assert.ok(Object.values(s.totals.rejectedByReason).reduce((a: number, b) => a + (b as number), 0) >= 2);
});

test('unknown CSV, missing file, unknown vessel and bad arguments have their exit codes', () => {
  const dir = tempDir();
  const csv = join(dir, 'odd.csv');
  writeFileSync(csv, 'ship,when,x,y\n1,2,3,4\n');
  const db = join(dir, 't.db');
  const unknown = cli(['--db', db, 'ingest', csv]);
  assert.equal(unknown.status, 3);
  assert.match(unknown.stderr, /odd\.csv/);
  assert.match(unknown.stderr, /BaseDateTime/);

  const missing = cli(['--db', db, 'ingest', join(dir, 'nope.nmea')]);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /nope\.nmea: no such file/);

  assert.equal(cli(['--db', db, 'track', '123456789']).status, 4);
  assert.equal(cli(['--db', db, 'track', 'abc']).status, 4, 'a name no vessel has: not found');
  assert.equal(cli(['--db', db, 'track', '123456789', '--from', 'soon']).status, 2);
  assert.equal(cli(['--db', db, 'no-such-command']).status, 2);
});
