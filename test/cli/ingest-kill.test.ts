/**
 * Crash safety through the real CLI: `tallyman ingest` killed with SIGKILL part-way, then run
 * again, leaves the same database as one clean run (every table, row by row, except the run's
 * wall-clock start and finish times — see DUMP_EXCLUDED), on SQLite and on PostgreSQL. The input
 * is SIMULATED AIS written with the scenario encoder: 500 vessels, 120,000 position reports with
 * tag-block receive times.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { DUMP_EXCLUDED, ENGINES, type Engine } from '../store/engines.js';
import { cli, cliAsync, tempDir } from './run-cli.js';
import { writeSyntheticFeed } from './synthetic-feed.js';

const VESSELS = 500;
const REPORTS = 120_000;

function writeInput(path: string): void {
  writeSyntheticFeed(path, { vessels: VESSELS, reports: REPORTS, mmsiBase: 273_100_000 });
}

/** Positions committed so far in a SQLite file another process is writing (0 before it exists). */
function landedInSqlite(path: string): number {
  if (!existsSync(path)) return 0;
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    return Number(db.prepare('SELECT count(*) FROM positions').pluck().get());
  } catch {
    // Not migrated yet, or locked for a moment by the writer.
    return 0;
  } finally {
    db?.close();
  }
}

/** Positions committed so far in a PostgreSQL store another process is writing. */
async function landedInPostgres(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query("SELECT to_regclass('positions') IS NOT NULL AS made");
    if (r.rows[0].made !== true) return 0;
    return Number((await c.query('SELECT count(*) AS n FROM positions')).rows[0].n);
  } finally {
    await c.end();
  }
}

const landed = (engine: Engine['name'], arg: string): Promise<number> =>
  engine === 'sqlite' ? Promise.resolve(landedInSqlite(arg)) : landedInPostgres(arg);

// Asked before any test runs: a check made later could time out while a test blocks the loop.
const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [e, engine] of ENGINES.entries()) {
  test(`a SIGKILLed \`tallyman ingest\` re-run equals one clean run (${engine.name})`, {
    skip: skips[e],
    timeout: 300_000,
  }, async () => {
    const dir = tempDir();
    const input = join(dir, 'kill.simulated.nmea');
    writeInput(input);
    const clean = await engine.fresh();
    const crashed = await engine.fresh();
    try {
      const first = cli(['--db', clean.arg, 'ingest', input, '--json']);
      assert.equal(first.status, 0, first.stderr);
      assert.equal(JSON.parse(first.stdout).totals.positions, REPORTS);

      // Kill as soon as the first commit has landed (SQLite commits at 25,000 fixes and then at
      // doubling sizes, PostgreSQL every 50,000, so the run is then far from done): watching the
      // database, not the clock, keeps this independent of how loaded the machine is.
      let killedMidway = false;
      let killedAt = 0;
      for (let attempt = 0; attempt < 3 && !killedMidway; attempt++) {
        const child = cliAsync(['--db', crashed.arg, 'ingest', input, '--json']);
        const exited = new Promise<string | null>((resolve) =>
          child.on('exit', (_c, signal) => resolve(signal)),
        );
        while (
          child.exitCode === null &&
          child.signalCode === null &&
          (await landed(engine.name, crashed.arg)) === 0
        )
          await new Promise((r) => setTimeout(r, 10));
        const stillRunning = child.exitCode === null && child.signalCode === null;
        child.kill('SIGKILL');
        const signal = await exited;
        const partial = await crashed.dump();
        const stored = Object.entries(partial)
          .filter(([t]) => t.startsWith('positions'))
          .reduce((n, [, rows]) => n + rows.length, 0);
        if (stillRunning && signal === 'SIGKILL' && stored > 0 && stored < REPORTS) {
          killedMidway = true;
          killedAt = stored;
          break;
        }
        await crashed.drop();
        Object.assign(crashed, await engine.fresh());
      }
      assert.ok(killedMidway, 'the ingest was killed after some positions landed and before it finished');

      const rerun = cli(['--db', crashed.arg, 'ingest', input, '--json']);
      assert.equal(rerun.status, 0, rerun.stderr);
      const again = cli(['--db', crashed.arg, 'ingest', input, '--json']);
      assert.equal(JSON.parse(again.stdout).totals.alreadyIngested, 1);

      const a = await clean.dump();
      const b = await crashed.dump();
      assert.equal(a.positions.length, REPORTS);
      for (const table of Object.keys(a)) assert.deepEqual(b[table], a[table], `table ${table} differs`);
      console.log(
        `# ${engine.name}: killed with ${killedAt} of ${REPORTS} positions written; re-run equals the clean run in ${Object.keys(a).length} tables (excluded: ${JSON.stringify(DUMP_EXCLUDED)})`,
      );
    } finally {
      await clean.drop();
      await crashed.drop();
    }
  });
}
