/**
 * A worker's detection thread (src/scale/detect-thread.ts) over a real PostgreSQL store and NATS:
 * a run publishes its changes from the thread's own connection and hands them back to be raised
 * as alerts before it ends; a failure to raise them fails the run, and the thread still closes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { BUNDLED_AREAS, mergeAreas } from '../../src/areas/index.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import type { EventChange } from '../../src/live/revisions.js';
import { WorkerDetectThread } from '../../src/scale/detect-thread.js';
import { cli, REPO, tempDir } from '../cli/run-cli.js';
import { requirePostgres, requireService } from '../helpers/services.js';
import { ENGINES } from '../store/engines.js';

const skip = (await requireService('NATS', '127.0.0.1', 4222)) || (await requirePostgres());
const postgres = ENGINES.find((e) => e.name === 'postgres');

async function storeWithScenario() {
  if (postgres === undefined) throw new Error('no PostgreSQL engine');
  const dir = tempDir();
  assert.equal(cli(['simulate', join(REPO, 'scenarios/test-small.json'), '--out', dir]).status, 0);
  const db = await postgres.fresh();
  assert.equal(cli(['--db', db.arg, 'ingest', join(dir, 'test-small.simulated.nmea')]).status, 0);
  return db;
}

const threadOptions = (dbUrl: string, eventsPrefix: string) => ({
  dbUrl,
  natsServers: '127.0.0.1:4222',
  eventsPrefix,
  stream: 'T_thread',
  areas: mergeAreas(BUNDLED_AREAS, []),
  params: DEFAULT_PARAMS,
  land: false,
});

test('a run on the thread publishes its changes and hands them back before it ends', {
  skip,
  timeout: 180_000,
}, async () => {
  const db = await storeWithScenario();
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const prefix = `t_${process.pid}_${Date.now()}`;
  const published: string[] = [];
  const sub = nc.subscribe(`${prefix}.>`, {
    callback: (_err, m) => {
      published.push(m.subject);
    },
  });
  const handed: EventChange[][] = [];
  const thread = new WorkerDetectThread(threadOptions(db.arg, prefix), async (changes) => {
    handed.push([...changes]);
  });
  try {
    const first = await thread.run();
    assert.equal(first.ran, true);
    assert.ok(first.changes > 10, `${first.changes} changes`);
    // handed back once, whole, before the run ended
    assert.equal(handed.length, 1);
    assert.equal(handed[0].length, first.changes);
    assert.ok(handed[0].every((c) => c.state === 'decided' && c.revision === 1));
    await nc.flush();
    assert.equal(published.length, first.changes);
    assert.deepEqual(
      [...new Set(published)].sort(),
      [...new Set(handed[0].map((c) => `${prefix}.${c.event.type}`))].sort(),
    );
    // nothing ingested since: the next run changes nothing (it may read the last input again,
    // since a run's start is recorded CLOCK_MARGIN_MS early)
    const second = await thread.run();
    assert.equal(second.changes, 0);
    assert.ok(handed.slice(1).every((h) => h.length === 0));
  } finally {
    await thread.close();
    sub.unsubscribe();
    await nc.close();
    await db.drop();
  }
});

test('alerts that cannot be raised fail the run, and the thread still closes', {
  skip,
  timeout: 180_000,
}, async () => {
  const db = await storeWithScenario();
  const thread = new WorkerDetectThread(threadOptions(db.arg, `t_fail_${process.pid}`), async () => {
    throw new Error('alerts store unreachable');
  });
  try {
    await assert.rejects(thread.run(), /raising the run's alerts: alerts store unreachable/);
  } finally {
    await thread.close();
    await db.drop();
  }
});
