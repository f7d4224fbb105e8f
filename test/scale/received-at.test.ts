/**
 * A time-less capture fed with `feed --received-at` and stored by a worker: every message has the
 * one instant the analyst gave, as with `ingest --received-at`, and detection must judge no speed
 * between fixes that share it (Track.assignedTimesMs). A clock stamp from a live input is a time
 * heard per message and is judged as usual.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import pg from 'pg';
import { destinationPoint } from '../../src/geo/bearing.js';
import { positionBits } from '../../src/scenario/ais-encode.js';
import { vdmSentences } from '../../src/scenario/nmea-write.js';
import { cli, tempDir } from '../cli/run-cli.js';
import { requirePostgres, requireService } from '../helpers/services.js';
import { startWorker, withScaleRig } from './helpers.js';

const NATS = 'nats://127.0.0.1:4222';
const skip = (await requireService('NATS', '127.0.0.1', 4222)) || (await requirePostgres());
const MMSI = 273_100_019;
const AT = '2014-12-10T00:00:00Z';

/** One vessel heard here, 60 km east, then here again: a jump at any real time, none at one instant. */
function timelessCapture(): string {
  const lines: string[] = [];
  [0, 0.1, 60, 60.1, 0.2, 0.3].forEach((km, i) => {
    const [lon, lat] = destinationPoint(131, 41, 90, km * 1000);
    const bits = positionBits({
      type: 1,
      mmsi: MMSI,
      lat,
      lon,
      speedKnots: 10,
      courseDeg: 90,
      headingDeg: 90,
      navStatus: 0,
      second: i,
    });
    lines.push(...vdmSentences(bits, 'A', 0));
  });
  return `${lines.join('\n')}\n`;
}

test('feed --received-at into a worker: the run keeps the instant, and no speed is judged at it', {
  skip,
  timeout: 120_000,
}, async () => {
  const dir = tempDir();
  const file = join(dir, 'timeless.nmea');
  writeFileSync(file, timelessCapture());
  await withScaleRig(async ({ single, scaled, stream, nc }) => {
    assert.equal(cli(['--db', single.arg, 'ingest', file, '--received-at', AT]).status, 0);
    const fed = cli([
      'feed',
      '--to',
      NATS,
      '--stream',
      stream,
      '--partitions',
      '2',
      file,
      '--received-at',
      AT,
    ]);
    assert.equal(fed.status, 0, fed.stderr);
    const jsm = await jetstreamManager(nc);
    const first = await jsm.streams.getMessage(stream, { seq: 1 });
    assert.equal(first?.header.get('Tallyman-Received-Ms'), String(Date.parse(AT)));
    assert.equal(first?.header.get('Tallyman-Received-Assigned'), '1');
    const worker = startWorker([
      'worker',
      ...['--from', NATS, '--stream', stream, '--db', scaled.arg, '--json'],
      ...['--no-detect', '--exit-when-idle', '2000'],
    ]);
    assert.equal(await worker.exit, 0, worker.stderr());

    const c = new pg.Client({ connectionString: scaled.arg });
    await c.connect();
    const { rows: runs } = await c
      .query<{ options_json: string }>("SELECT options_json FROM ingest_runs WHERE status = 'completed'")
      .finally(() => c.end());
    assert.ok(runs.length > 0);
    for (const r of runs) assert.deepEqual(JSON.parse(r.options_json), { receivedAtMs: Date.parse(AT) });

    // both stores: six fixes at one instant, and detection finds no jump between them
    for (const db of [single, scaled]) {
      assert.equal(cli(['--db', db.arg, 'detect']).status, 0);
      const ev = JSON.parse(cli(['--db', db.arg, 'events', '--json']).stdout) as Array<{ type: string }>;
      assert.deepEqual(
        ev.filter((e) => e.type === 'speed-anomaly' || e.type === 'two-places'),
        [],
        db.arg,
      );
    }
  });
});
