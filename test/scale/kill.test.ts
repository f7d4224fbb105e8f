/**
 * Scale-out for real, on NATS JetStream and PostgreSQL: the bundled SIMULATED test scenario is fed
 * to a fresh stream, two `tallyman worker` processes consume it, one is killed with SIGKILL
 * mid-stream and started again; the other takes its partitions while it is gone and gives half
 * back when it returns. Once both have drained the stream, the store must equal a single-process
 * `tallyman ingest` + `tallyman detect` of the same file: positions, vessels, identities, voyage
 * statements, reports and events, row for row (run ids aside).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { CLOCK_MARGIN_MS } from '../../src/scale/detect.js';
import { DEFAULT_SETTINGS, ensureStream } from '../../src/scale/stream.js';
import { cli, cliAsync, REPO, tempDir } from '../cli/run-cli.js';
import { requirePostgres, requireService } from '../helpers/services.js';
import { ENGINES } from '../store/engines.js';
import { COMPARED, count, dump, type Running, startWorker, until } from './helpers.js';

const NATS = 'nats://127.0.0.1:4222';
const skip = (await requireService('NATS', '127.0.0.1', 4222)) || (await requirePostgres());
const postgres = ENGINES.find((e) => e.name === 'postgres');

const held = (r: Running) => {
  const last = r.logs.filter((l) => Array.isArray(l.held)).at(-1);
  return last === undefined ? [] : (last.held as number[]);
};

test('two workers, one killed with -9 mid-stream and restarted: the store equals ingest + detect', {
  skip,
  timeout: 600_000,
}, async () => {
  assert.ok(postgres);
  const dir = tempDir();
  const sim = cli(['simulate', join(REPO, 'scenarios/test-small.json'), '--out', dir, '--json']);
  assert.equal(sim.status, 0, sim.stderr);
  const input = join(dir, 'test-small.simulated.nmea');
  const single = await postgres.fresh();
  const scaled = await postgres.fresh();
  const stream = `T_${randomBytes(5).toString('hex')}`;
  const prefix = `tallyman.test.${stream}.events`;
  const alertsPrefix = `tallyman.test.${stream}.alerts`;
  const alertsOut: Array<{ key: string; notice?: string; ruleKind: string }> = [];
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const published: Array<{ status: string; simulated?: boolean; notice?: string }> = [];
  const sub = nc.subscribe(`${prefix}.>`, {
    callback: (_err, m) => {
      published.push(m.json());
    },
  });
  const workers: Running[] = [];
  try {
    // the single-process reference
    const ing = cli(['--db', single.arg, 'ingest', input]);
    assert.equal(ing.status, 0, ing.stderr);
    const det = cli(['--db', single.arg, 'detect']);
    assert.equal(det.status, 0, det.stderr);

    // the stream first, so that the workers split it before any message arrives (on a loaded
    // machine the first worker could otherwise drain it before the second has started)
    const jsm0 = await jetstreamManager(nc);
    await ensureStream(jsm0, stream, { ...DEFAULT_SETTINGS, partitions: 8 });
    const feed = async () => {
      const child = cliAsync(['feed', '--to', NATS, '--stream', stream, input, '--json']);
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
      });
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString();
      });
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      assert.equal(code, 0, err);
      return JSON.parse(out);
    };

    // a watchlist rule on one of the scenario's ships: the workers raise its alerts
    const rule = cli([
      '--db',
      scaled.arg,
      'alerts',
      'add',
      'watch 273219870',
      '--kind',
      'watchlist',
      '--mmsi',
      '273219870',
      '--reason',
      'test',
    ]);
    assert.equal(rule.status, 0, rule.stderr);
    const alertSub = nc.subscribe(`${alertsPrefix}.>`, {
      callback: (_err, m) => {
        alertsOut.push(m.json());
      },
    });
    const args = [
      'worker',
      '--alerts-prefix',
      alertsPrefix,
      '--from',
      NATS,
      '--stream',
      stream,
      '--db',
      scaled.arg,
      '--events-prefix',
      prefix,
      '--batch',
      '100',
      '--linger-ms',
      '1',
      '--exit-when-idle',
      '8000',
      '--json',
    ];
    const a = startWorker(args);
    workers.push(a);
    await until('the first worker to hold partitions', () => held(a).length > 0, 60_000);
    const b = startWorker(args);
    workers.push(b);
    // with two alive, each settles on half
    await until('a 4/4 split', () => held(a).length === 4 && held(b).length === 4, 60_000);
    assert.deepEqual([...held(a), ...held(b)].sort(), [0, 1, 2, 3, 4, 5, 6, 7]);

    // the feed, while the workers consume it
    const feeding = feed();

    // kill one once some of the stream is stored, long before all of it is
    const total = await count(single.arg, 'positions');
    await until(
      'a fifth of the fixes stored',
      async () => (await count(scaled.arg, 'positions')) >= total / 5,
      120_000,
    );
    a.child.kill('SIGKILL');
    await a.exit;
    const atKill = await count(scaled.arg, 'positions');
    assert.ok(atKill < total, `killed mid-stream: ${atKill} of ${total} fixes stored`);

    // the survivor takes every partition, then gives half back to the restarted worker
    await until('the survivor to hold all 8', () => held(b).length === 8, 60_000);
    const a2 = startWorker(args);
    workers.push(a2);
    await until('a 4/4 split again', () => held(a2).length === 4 && held(b).length === 4, 60_000);

    const first = await feeding;
    assert.equal(first.created, false);
    assert.equal(first.partitions, 8);
    assert.ok(first.messages > 9_000, `messages: ${first.messages}`);
    assert.equal(first.published, first.messages);
    const [codeB, codeA2] = await Promise.all([b.exit, a2.exit]);
    // a second feed of the same file finds every message already in the stream
    const second = await feed();
    assert.equal(second.published, 0);
    assert.equal(second.duplicates, first.messages);
    assert.equal(codeB, 0, b.stderr());
    assert.equal(codeA2, 0, a2.stderr());
    await nc.flush();

    const want = await dump(single.arg);
    const got = await dump(scaled.arg);
    for (const t of Object.keys(COMPARED)) {
      assert.equal(got[t].length, want[t].length, `${t}: row count`);
      assert.deepEqual(got[t], want[t], `${t}: rows`);
    }
    assert.ok(want.positions.length > 7_000 && want.events.length > 50);

    // every ingest run is finished (the killed worker's too) and a complete detection run began
    // after the last of them (its recorded start is set back by CLOCK_MARGIN_MS, see detect.ts)
    const c = new pg.Client({ connectionString: scaled.arg });
    await c.connect();
    try {
      const runs = await c.query(
        "SELECT count(*) FILTER (WHERE status <> 'completed') AS open, max(finished_ms) AS last FROM ingest_runs",
      );
      assert.equal(Number(runs.rows[0].open), 0);
      const det = await c.query('SELECT max(started_ms) AS started FROM detection_runs WHERE complete = 1');
      assert.ok(Number(det.rows[0].started) + CLOCK_MARGIN_MS >= Number(runs.rows[0].last));
    } finally {
      await c.end();
    }

    // the changes went out on NATS, each saying it was built from simulated input
    assert.ok(published.filter((p) => p.status === 'decided').length > 0);
    for (const p of published) assert.equal(p.notice, 'SIMULATED');
    // alerts: stored once per key, each published at most once, all marked SIMULATED
    alertSub.unsubscribe();
    const c2 = new pg.Client({ connectionString: scaled.arg });
    await c2.connect();
    const storedKeys = (await c2.query('SELECT dedup_key FROM alerts')).rows.map(
      (r) => r.dedup_key as string,
    );
    await c2.end();
    assert.ok(storedKeys.length > 0, 'the watchlist rule raised alerts');
    const publishedKeys = alertsOut.map((a) => a.key);
    assert.equal(new Set(publishedKeys).size, publishedKeys.length, 'no alert published twice');
    for (const k of publishedKeys) assert.ok(storedKeys.includes(k));
    for (const a of alertsOut) assert.match(a.notice ?? '', /SIMULATED/);
    const commits = [...b.logs, ...a2.logs].filter((l) => l.kind === 'commit');
    console.log(
      `# killed at ${atKill} of ${total} fixes; after it: ${commits.length} commits, ` +
        `${commits.reduce((n, l) => n + (l.skipped as number), 0)} messages skipped as already applied, ` +
        `${[...b.logs, ...a2.logs].filter((l) => l.kind === 'orphan-finished').length} orphaned runs finished; ` +
        `${published.length} event changes published; ${storedKeys.length} alerts stored, ${publishedKeys.length} published`,
    );
  } finally {
    for (const w of workers)
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    sub.unsubscribe();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => {});
    await nc.close();
    await single.drop();
    await scaled.drop();
  }
});
