/**
 * Detection on a process of its own: an ingest-only worker (`--no-detect`) and a detect-only one
 * (`--detect-only`, no partitions) over a real stream and store give the store of `tallyman ingest`
 * + `tallyman detect` of the same SIMULATED file, events included.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, REPO, tempDir } from '../cli/run-cli.js';
import { requirePostgres, requireService } from '../helpers/services.js';
import { COMPARED, dump, startWorker, until, withScaleRig } from './helpers.js';

const NATS = 'nats://127.0.0.1:4222';
const skip = (await requireService('NATS', '127.0.0.1', 4222)) || (await requirePostgres());

test('an ingest-only worker and a detect-only worker: the store equals ingest + detect', {
  skip,
  timeout: 300_000,
}, async () => {
  const dir = tempDir();
  assert.equal(cli(['simulate', join(REPO, 'scenarios/test-small.json'), '--out', dir]).status, 0);
  const input = join(dir, 'test-small.simulated.nmea');
  await withScaleRig(async ({ single, scaled, stream }) => {
    assert.equal(cli(['--db', single.arg, 'ingest', input]).status, 0);
    assert.equal(cli(['--db', single.arg, 'detect']).status, 0);
    assert.equal(cli(['feed', '--to', NATS, '--stream', stream, '--partitions', '4', input]).status, 0);
    const base = ['worker', '--from', NATS, '--stream', stream, '--db', scaled.arg, '--json'];
    const ingest = startWorker([...base, '--no-detect', '--batch', '500', '--exit-when-idle', '3000']);
    await until(
      'the ingest worker to hold the partitions',
      () => ingest.logs.some((l) => l.kind === 'started'),
      60_000,
    );
    const detector = startWorker([...base, '--detect-only', '--exit-when-idle', '8000']);
    const [a, b] = await Promise.all([ingest.exit, detector.exit]);
    assert.equal(a, 0, ingest.stderr());
    assert.equal(b, 0, detector.stderr());
    assert.ok(!ingest.logs.some((l) => l.kind === 'detect'), 'the ingest worker never detects');
    assert.ok(
      detector.logs.some((l) => l.kind === 'detect' && l.ran === true),
      'the detector detects',
    );
    // the lone detector keeps its window between runs: the store below checks runs served from it
    const runs = detector.logs.filter((l) => l.kind === 'detect' && l.ran === true);
    assert.ok(
      runs.some((l) => l.windowFromMemory === true),
      `a run read its window from memory: ${JSON.stringify(runs.map((l) => l.windowFromMemory))}`,
    );
    assert.ok(!detector.logs.some((l) => l.kind === 'commit'), 'the detector stores nothing');
    const want = await dump(single.arg);
    const got = await dump(scaled.arg);
    for (const t of Object.keys(COMPARED)) assert.deepEqual(got[t], want[t], t);
  });
});
