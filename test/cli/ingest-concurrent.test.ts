/**
 * Two processes ingesting the same file at the same time: one ingests it, the other reports
 * "already in progress" and exits 6 (EXIT.inProgress), or, where the first had already finished,
 * "already ingested" and 0. Never exit 1, never a second run of the content, and the store equals
 * one clean ingest. First with the claim held by this process (so the outcome is certain), then
 * with two real CLI processes started at the same moment on a new store. On SQLite and
 * PostgreSQL. The input is SIMULATED AIS.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { openStore } from '../../src/store/index.js';
import { ENGINES } from '../store/engines.js';
import { cli, cliAsync, tempDir } from './run-cli.js';
import { writeSyntheticFeed } from './synthetic-feed.js';

const VESSELS = 300;
const REPORTS = 90_000;

function writeInput(path: string): void {
  writeSyntheticFeed(path, { vessels: VESSELS, reports: REPORTS, mmsiBase: 273_200_000 });
}

interface Exit {
  status: number | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess): Promise<Exit> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const skips = await Promise.all(ENGINES.map((e) => e.skip()));
const dir = tempDir();
const input = join(dir, 'concurrent.simulated.nmea');
writeInput(input);
after(() => rmSync(dir, { recursive: true, force: true }));

for (const [i, engine] of ENGINES.entries()) {
  test(`two processes ingesting one file at once (${engine.name})`, {
    skip: skips[i],
    timeout: 300_000,
  }, async () => {
    const clean = await engine.fresh();
    const dbs = [clean];
    try {
      const one = cli(['--db', clean.arg, 'ingest', input, '--json']);
      assert.equal(one.status, 0, one.stderr);
      const want = await clean.dump();

      // 1. Deterministic: while another process (this one, through the store API the CLI uses)
      //    holds the content's claim, a real `tallyman ingest` of it leaves it alone and exits 6.
      const db = await engine.fresh();
      dbs.push(db);
      const holder = await openStore(db.location);
      const sha = createHash('sha256').update(readFileSync(input)).digest('hex');
      const claim = await holder.claimIngest(sha);
      assert.ok(claim !== null);
      const second = cli(['--db', db.arg, 'ingest', input, '--json']);
      assert.equal(second.status, EXIT.inProgress, second.stderr);
      const s = JSON.parse(second.stdout);
      assert.equal(s.totals.inProgress, 1);
      assert.equal(s.inputs[0].status, 'in-progress');
      assert.equal(
        second.stderr,
        `tallyman ingest: ${input}: already in progress in another process; nothing done for it here\n`,
      );
      assert.equal((await holder.ingestRuns()).length, 0, 'it wrote nothing');
      await claim.release(false);
      await holder.close();
      const after = cli(['--db', db.arg, 'ingest', input, '--json']);
      assert.equal(after.status, 0, after.stderr);
      assert.equal(JSON.parse(after.stdout).totals.ingested, 1);
      const got = await db.dump();
      for (const table of Object.keys(want))
        assert.deepEqual(got[table], want[table], `table ${table} differs`);
      if (db.location.path !== undefined)
        assert.deepEqual(
          readdirSync(dirname(db.location.path)).filter((f) => f.endsWith('.lock')),
          [],
          'the claim file goes once the content is in',
        );

      // 2. Both started at the same moment, on a store neither has created yet, a few times over:
      //    exactly one ingests, the other exits 6 or 0, nobody exits 1, the store is one ingest.
      const outcomes: string[] = [];
      for (let round = 0; round < 3; round++) {
        const race = await engine.fresh();
        dbs.push(race);
        const [x, y] = await Promise.all(
          [0, 1].map(() => collect(cliAsync(['--db', race.arg, 'ingest', input, '--json']))),
        );
        for (const r of [x, y])
          assert.ok(r.status === 0 || r.status === EXIT.inProgress, `exit ${r.status}: ${r.stderr}`);
        const statuses = [x, y].map((r) => JSON.parse(r.stdout).inputs[0].status as string).sort();
        assert.equal(statuses.filter((s) => s === 'ingested').length, 1, statuses.join(', '));
        outcomes.push(statuses.join(' + '));
        const raced = await race.dump();
        for (const table of Object.keys(want))
          assert.deepEqual(raced[table], want[table], `race ${round}: table ${table} differs`);
      }
      console.log(
        `# ${engine.name}: ingest while another process holds the file → exit ${second.status}; two CLI processes started at once: ${outcomes.join('; ')}`,
      );
    } finally {
      for (const d of dbs) await d.drop();
    }
  });
}
