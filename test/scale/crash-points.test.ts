/**
 * A worker killed at each point of a commit (TALLYMAN_SCALE_KILL_AT: its run begun but not yet
 * recorded as the worker's; written but not finished; finished but offsets not moved; offsets
 * moved but nothing acked), then started again:
 * the store equals `tallyman ingest` + `tallyman detect` of the same SIMULATED file, every fix is
 * counted once in its run, and no run is left running. Real NATS JetStream and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { cli, REPO, tempDir } from '../cli/run-cli.js';
import { requirePostgres, requireService } from '../helpers/services.js';
import { ENGINES, type TestDb } from '../store/engines.js';
import { COMPARED, dump, startWorker } from './helpers.js';

const NATS = 'nats://127.0.0.1:4222';
const skip = (await requireService('NATS', '127.0.0.1', 4222)) || (await requirePostgres());
const postgres = ENGINES.find((e) => e.name === 'postgres');

test('a worker killed at each point of a commit and restarted leaves the store of ingest + detect', {
  skip,
  timeout: 600_000,
}, async () => {
  assert.ok(postgres);
  const dir = tempDir();
  const sim = cli(['simulate', join(REPO, 'scenarios/test-small.json'), '--out', dir]);
  assert.equal(sim.status, 0, sim.stderr);
  const input = join(dir, 'test-small.simulated.nmea');
  const single = await postgres.fresh();
  const stream = `T_${randomBytes(5).toString('hex')}`;
  const nc = await connect({ servers: '127.0.0.1:4222' });
  try {
    assert.equal(cli(['--db', single.arg, 'ingest', input]).status, 0);
    assert.equal(cli(['--db', single.arg, 'detect']).status, 0);
    const want = await dump(single.arg);
    const fed = cli(['feed', '--to', NATS, '--stream', stream, '--partitions', '4', input]);
    assert.equal(fed.status, 0, fed.stderr);

    for (const point of ['unrecorded', 'begun', 'stored', 'offsets']) {
      const scaled: TestDb = await postgres.fresh();
      try {
        const args = ['worker', '--from', NATS, '--stream', stream, '--db', scaled.arg];
        const more = ['--batch', '500', '--linger-ms', '1', '--exit-when-idle', '1000', '--json'];
        const killed = startWorker([...args, ...more], { TALLYMAN_SCALE_KILL_AT: `3:${point}` });
        await killed.exit;
        assert.equal(killed.child.signalCode, 'SIGKILL', `${point}: ${killed.stderr()}`);
        assert.equal(killed.logs.filter((l) => l.kind === 'commit').length, 2, `${point}: died in commit 3`);

        const again = startWorker([...args, ...more]);
        assert.equal(await again.exit, 0, again.stderr());
        if (point === 'begun' || point === 'unrecorded')
          assert.ok(
            again.logs.some((l) => l.kind === 'orphan-finished'),
            'the dead run is finished',
          );

        const got = await dump(scaled.arg);
        for (const t of Object.keys(COMPARED)) assert.deepEqual(got[t], want[t], `${point}: ${t}`);
        const c: pg.Client = new pg.Client({ connectionString: scaled.arg });
        await c.connect();
        try {
          const r: pg.QueryResult = await c.query(
            `SELECT (SELECT sum(positions_added) FROM ingest_runs) AS added, (SELECT count(*) FROM positions) AS n,
                    (SELECT count(*) FROM ingest_runs WHERE status <> 'completed') AS open`,
          );
          assert.equal(Number(r.rows[0].added), Number(r.rows[0].n), `${point}: each fix counted once`);
          assert.equal(Number(r.rows[0].open), 0, `${point}: no run left running`);
        } finally {
          await c.end();
        }
      } finally {
        await scaled.drop();
      }
    }
  } finally {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => {});
    await nc.close();
    await single.drop();
  }
});
