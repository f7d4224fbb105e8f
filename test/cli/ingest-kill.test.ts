/**
 * Crash safety through the real CLI: `tallyman ingest` killed with SIGKILL part-way, then run
 * again, leaves the same database as one clean run (every table, row by row, except the run's
 * wall-clock start and finish times — see DUMP_EXCLUDED). The input is SIMULATED AIS written with
 * the scenario encoder: 500 vessels, 120,000 position reports with tag-block receive times.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { DUMP_EXCLUDED, ENGINES } from '../store/engines.js';
import { cli, cliAsync, tempDir } from './run-cli.js';
import { writeSyntheticFeed } from './synthetic-feed.js';

const VESSELS = 500;
const REPORTS = 120_000;

function writeInput(path: string): void {
  writeSyntheticFeed(path, { vessels: VESSELS, reports: REPORTS, mmsiBase: 273_100_000 });
}

/** Positions committed so far in a SQLite file another process is writing (0 before it exists). */
function landedPositions(path: string): number {
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

test('a SIGKILLed `tallyman ingest` re-run equals one clean run', { timeout: 300_000 }, async () => {
  const dir = tempDir();
  const input = join(dir, 'kill.simulated.nmea');
  writeInput(input);
  const sqlite = ENGINES.find((e) => e.name === 'sqlite')!;
  const clean = await sqlite.fresh();
  const crashed = await sqlite.fresh();
  try {
    const first = cli(['--db', clean.arg, 'ingest', input, '--json']);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).totals.positions, REPORTS);

    // Kill as soon as the first commit has landed (commits come at 25,000 fixes and then at doubling
    // sizes, so the run is then far from done): watching the database, not the clock, keeps this
    // independent of how loaded the machine is.
    let killedMidway = false;
    let killedAt = 0;
    for (let attempt = 0; attempt < 3 && !killedMidway; attempt++) {
      const child = cliAsync(['--db', crashed.arg, 'ingest', input, '--json']);
      const exited = new Promise<string | null>((resolve) =>
        child.on('exit', (_c, signal) => resolve(signal)),
      );
      while (child.exitCode === null && child.signalCode === null && landedPositions(crashed.arg) === 0)
        await new Promise((r) => setTimeout(r, 10));
      const stillRunning = child.exitCode === null && child.signalCode === null;
      child.kill('SIGKILL');
      const signal = await exited;
      const partial = await crashed.dump();
      const landed = Object.entries(partial)
        .filter(([t]) => t.startsWith('positions'))
        .reduce((n, [, rows]) => n + rows.length, 0);
      if (stillRunning && signal === 'SIGKILL' && landed > 0 && landed < REPORTS) {
        killedMidway = true;
        killedAt = landed;
        break;
      }
      await crashed.drop();
      Object.assign(crashed, await sqlite.fresh());
    }
    assert.ok(killedMidway, 'the ingest was killed after some positions landed and before it finished');

    const rerun = cli(['--db', crashed.arg, 'ingest', input, '--json']);
    assert.equal(rerun.status, 0, rerun.stderr);
    const again = cli(['--db', crashed.arg, 'ingest', input, '--json']);
    assert.equal(JSON.parse(again.stdout).totals.alreadyIngested, 1);

    const a = await clean.dump();
    const b = await crashed.dump();
    for (const table of Object.keys(a)) assert.deepEqual(b[table], a[table], `table ${table} differs`);
    console.log(
      `# killed with ${killedAt} of ${REPORTS} positions written; re-run equals the clean run in ${Object.keys(a).length} tables (excluded: ${JSON.stringify(DUMP_EXCLUDED)})`,
    );
  } finally {
    await clean.drop();
    await crashed.drop();
  }
});
