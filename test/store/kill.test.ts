/**
 * Crash safety: an ingest killed with SIGKILL part-way and then run again leaves the same
 * database as one clean run — every table compared row by row, except the run's wall-clock
 * start and finish times (DUMP_EXCLUDED). Run as a separate process so the kill is real.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DUMP_EXCLUDED, ENGINES } from './engines.js';

const CHILD = fileURLToPath(new URL('./fixtures/ingest-child.ts', import.meta.url));
const N = 60_000; // 30 batches of 2,000
const KILL_AFTER = 'batch 13';

function runToEnd(db: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, db, String(N)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function runAndKill(db: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db, String(N)]);
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      if (out.includes(`${KILL_AFTER}\n`)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(`${out}${err}signal ${signal}`));
  });
}

// Asked before any test runs: a check made later could time out while a test blocks the loop.
const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [i, engine] of ENGINES.entries()) {
  describe(`store kill and re-run (${engine.name})`, () => {
    const skip = skips[i];
    it('a killed and re-run ingest equals one clean run', { skip, timeout: 180_000 }, async () => {
      const clean = await engine.fresh();
      const crashed = await engine.fresh();
      try {
        assert.match(runToEnd(clean.arg), /done\n$/);

        const killed = await runAndKill(crashed.arg);
        assert.match(killed, /signal SIGKILL$/, 'the child was killed, not finished');
        assert.doesNotMatch(killed, /done/);
        const partial = await crashed.dump();
        assert.ok(partial.ingest_runs.length === 1, 'the interrupted run is recorded');
        assert.ok(partial.positions.length > 0, 'some batches landed');

        assert.match(runToEnd(crashed.arg), /done\n$/);
        assert.match(runToEnd(crashed.arg), /already ingested/);

        const a = await clean.dump();
        const b = await crashed.dump();
        assert.equal(a.positions.length, N);
        for (const table of Object.keys(a)) assert.deepEqual(b[table], a[table], `table ${table} differs`);
        assert.deepEqual(DUMP_EXCLUDED, { ingest_runs: ['started_ms', 'finished_ms'] });
      } finally {
        await clean.drop();
        await crashed.drop();
      }
    });
  });
}
