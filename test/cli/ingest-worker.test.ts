/**
 * `tallyman ingest` reading on a worker thread (TALLYMAN_INGEST_WORKER=1, the default for files of
 * 4 MB or more) must store exactly what reading in-process (=0) stores — every table, row by row —
 * and report the same counts and rejects, on both engines. Inputs: the SIMULATED test-small
 * scenario as NMEA and as DMA CSV, a real capture gzipped, and a real capture with bad sentences.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { capturePath } from '../helpers/captures.js';
import { DUMP_EXCLUDED, ENGINES } from '../store/engines.js';
import { cli, REPO, tempDir } from './run-cli.js';

const dir = tempDir();
const made = cli(['simulate', join(REPO, 'scenarios/test-small.json'), '--out', dir, '--json']);
const { files } = JSON.parse(made.stdout) as { files: { kind: string; path: string }[] };
const nmea = files.find((f) => f.path.endsWith('.simulated.nmea'))!.path;
const dma = files.find((f) => f.path.endsWith('-dma.csv'))!.path;
const realGz = join(dir, 'dma-aislib-stream_example.txt.gz');
writeFileSync(realGz, gzipSync(readFileSync(capturePath('dma-aislib-stream_example.txt'))));
/** A real capture with bad sentences (too short, bad length) among good ones. */
const realBad = capturePath('libais-test.aivdm');

/** The summary without wall-clock figures. */
function summary(stdout: string): unknown {
  const s = JSON.parse(stdout) as { inputs: Record<string, unknown>[]; totals: unknown };
  return { inputs: s.inputs.map(({ ms: _ms, positionsPerSec: _r, ...rest }) => rest), totals: s.totals };
}

for (const engine of ENGINES) {
  test(`ingest on a reader thread equals ingest in-process (${engine.name})`, {
    timeout: 300_000,
  }, async (t) => {
    const skip = await engine.skip();
    if (skip) {
      t.skip(skip);
      return;
    }
    const inProcess = await engine.fresh();
    const onWorker = await engine.fresh();
    try {
      const args = (db: string) => ['--db', db, 'ingest', '--json', nmea, dma, realGz, realBad];
      const a = cli(args(inProcess.arg), { env: { TALLYMAN_INGEST_WORKER: '0' } });
      const b = cli(args(onWorker.arg), { env: { TALLYMAN_INGEST_WORKER: '1' } });
      assert.equal(a.status, 0, a.stderr);
      assert.equal(b.status, 0, b.stderr);
      assert.deepEqual(summary(b.stdout), summary(a.stdout));
      // The real capture's bad sentences are reported by file and line from either path.
      assert.match(b.stderr, /libais-test\.aivdm:\d+: too-short: /);
      assert.equal(b.stderr, a.stderr);
      const totals = (JSON.parse(b.stdout) as { totals: { positions: number; statics: number } }).totals;
      assert.ok(totals.positions > 10_000, `positions: ${totals.positions}`);

      const da = await inProcess.dump();
      const db = await onWorker.dump();
      for (const table of Object.keys(da)) assert.deepEqual(db[table], da[table], `table ${table} differs`);
      // Re-ingesting through the worker finds every input already ingested, and the thread exits.
      const again = cli(args(onWorker.arg), { env: { TALLYMAN_INGEST_WORKER: '1' } });
      assert.equal(again.status, 0, again.stderr);
      assert.equal(
        (JSON.parse(again.stdout) as { totals: { alreadyIngested: number } }).totals.alreadyIngested,
        4,
      );
      console.log(
        `# ${engine.name}: ${totals.positions} positions, ${totals.statics} statics from 4 inputs; ${Object.keys(da).length} tables equal (excluded: ${JSON.stringify(DUMP_EXCLUDED)})`,
      );
    } finally {
      await inProcess.drop();
      await onWorker.drop();
    }
  });
}

test('a file that is not AIS data is refused by name from the reader thread too', () => {
  const bad = join(dir, 'notes.txt');
  writeFileSync(bad, 'hello\nthis is not AIS\n');
  const db = join(dir, 'bad.db');
  const r = cli(['--db', db, 'ingest', '--json', bad], { env: { TALLYMAN_INGEST_WORKER: '1' } });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /notes\.txt/);
  const inProc = cli(['--db', join(dir, 'bad2.db'), 'ingest', '--json', bad], {
    env: { TALLYMAN_INGEST_WORKER: '0' },
  });
  assert.equal(r.stderr, inProc.stderr);
  assert.equal(r.status, inProc.status);
});
