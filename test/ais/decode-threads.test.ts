// @needs-shared-data: reads real AIS captures from ../shared/data/ais, which cannot ship (their licences: that folder's README)
/**
 * `tallyman decode` on two worker threads prints exactly what the single-threaded path prints: every
 * output format, `--stats --json`, and the `--verbose` reject lines, on every real capture (cut into
 * tiny pieces so that many splits land inside multi-part groups, after `$PGHP` stamps and lone tag
 * blocks, and must be decoded again by a continued decoder), and on a 200,000-sentence benchmark
 * file made by the shared generator. Two threads are opt-in (TALLYMAN_DECODE_THREADS=2).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AisDecoder } from '../../src/ais/decoder.js';
import { emptyStats, findPieceStart, mergeStats } from '../../src/ais/split.js';
import { cli, REPO, SHARED_AIS, tempDir } from '../cli/run-cli.js';
import { CLI_MAIN } from '../helpers/dist.js';

const CAPTURES = readdirSync(SHARED_AIS)
  .filter((f) => /\.(nmea|aivdm|log|txt|nm4)$/.test(f) || f.startsWith('pyais-'))
  .sort()
  .map((f) => join(SHARED_AIS, f));

// One variant per writer path (the scaled and split-24 gpsd forms share the unscaled one's framing).
const VARIANTS: string[][] = [
  ['--format', 'gpsd', '--unscaled'],
  ['--format', 'jsonl', '--verbose'],
  ['--format', 'csv'],
  ['--stats', '--json'],
];

/** Pieces of this many bytes: smaller than most captures' multi-part runs. */
const TINY_PIECES = { TALLYMAN_DECODE_PIECE_BYTES: '4000', TALLYMAN_DECODE_DEBUG: '1' };

function threadsReport(stderr: string): { pieces: number; continued: number } {
  let pieces = 0;
  let continued = 0;
  for (const m of stderr.matchAll(/^decode: threads: pieces (\d+) continued (\d+)$/gm)) {
    pieces += +m[1];
    continued += +m[2];
  }
  return { pieces, continued };
}

const withoutDebug = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((l) => !l.startsWith('decode: threads: '))
    .join('\n');

test('two threads print byte-identical output on every real capture', () => {
  assert.ok(CAPTURES.length >= 10, `captures: ${CAPTURES.join(', ')}`);
  for (const args of VARIANTS) {
    const one = cli(['decode', ...args, ...CAPTURES], { env: { TALLYMAN_DECODE_THREADS: '1' } });
    const two = cli(['decode', ...args, ...CAPTURES], {
      env: { TALLYMAN_DECODE_THREADS: '2', ...TINY_PIECES },
    });
    assert.equal(one.status, 0, one.stderr);
    assert.equal(two.status, 0, two.stderr);
    assert.ok(one.stdout.length > 200, args.join(' '));
    assert.equal(two.stdout, one.stdout, args.join(' '));
    assert.equal(withoutDebug(two.stderr), one.stderr, args.join(' '));
    const r = threadsReport(two.stderr);
    // Every file went through the threaded path, most in many pieces, some re-decoded.
    assert.ok(r.pieces > CAPTURES.length * 5, `${args.join(' ')}: ${JSON.stringify(r)}`);
    assert.ok(r.continued > 0, `${args.join(' ')}: ${JSON.stringify(r)}`);
    assert.ok(r.continued < r.pieces, `${args.join(' ')}: ${JSON.stringify(r)}`);
  }
});

test('--stats counts of the pieces add up to the single-threaded counts', () => {
  // The scheduler's rule in-process: fresh decoder per piece unless the piece before ended unclean.
  let continued = 0;
  for (const file of CAPTURES) {
    const data = readFileSync(file);
    const whole = new AisDecoder({ onMessage: () => {} });
    whole.push(data);
    whole.end();
    for (const step of [300, 1000, 5000]) {
      const total = emptyStats();
      let dec: AisDecoder | null = null;
      let at = 0;
      while (at < data.length) {
        let end = findPieceStart(data, at + step);
        if (end < 0) end = data.length;
        if (dec === null) dec = new AisDecoder({ onMessage: () => {} });
        else continued++;
        dec.push(data.subarray(at, end));
        if (end === data.length) dec.end();
        const clean = dec.atCleanBoundary();
        mergeStats(total, dec.takeStats());
        if (clean) dec = null;
        at = end;
      }
      // Same counters in the same key order.
      assert.equal(JSON.stringify(total), JSON.stringify(whole.stats), `${file} pieces of ${step}`);
    }
  }
  assert.ok(continued > 0);
});

const MAKE_BENCH = join(SHARED_AIS, 'bench/make-bench.mjs');

function hashRun(args: string[], env: NodeJS.ProcessEnv, dir: string): { hash: string; stderr: string } {
  const outPath = join(dir, 'out');
  const fd = openSync(outPath, 'w');
  try {
    const r = spawnSync(process.execPath, [CLI_MAIN, ...args], {
      cwd: REPO,
      env: { ...process.env, TALLYMAN_DATABASE_URL: '', ...env },
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const hash = createHash('sha256').update(readFileSync(outPath)).digest('hex');
    return { hash, stderr: r.stderr };
  } finally {
    closeSync(fd);
    rmSync(outPath, { force: true });
  }
}

test('two threads on a 200,000-sentence benchmark file', () => {
  assert.ok(existsSync(MAKE_BENCH), `${MAKE_BENCH} missing`);
  const dir = tempDir();
  try {
    const bench = join(dir, 'bench.nmea');
    const made = spawnSync(process.execPath, [MAKE_BENCH, bench, '200000'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    for (const args of [
      ['--format', 'gpsd', '--unscaled'],
      ['--stats', '--json'],
    ]) {
      const one = hashRun(['decode', ...args, bench], { TALLYMAN_DECODE_DEBUG: '1' }, dir);
      const two = hashRun(
        ['decode', ...args, bench],
        { TALLYMAN_DECODE_THREADS: '2', TALLYMAN_DECODE_DEBUG: '1' },
        dir,
      );
      assert.equal(two.hash, one.hash, args.join(' '));
      assert.equal(withoutDebug(two.stderr), withoutDebug(one.stderr));
      assert.equal(threadsReport(one.stderr).pieces, 0, 'one thread unless asked');
      assert.ok(threadsReport(two.stderr).pieces >= 2, two.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
