// Keeps dist/ (the compiled CLI and server) in step with src/ for the tests, which run the CLI as a
// user does, `node dist/cli/main.js`, instead of paying tsx's start-up in every child process.
//
// dist is stale when any src/**/*.ts (tests aside) has no dist/**/*.js, or one older than it or than
// the tsconfig files; then tsc rebuilds it (incremental: only what changed is re-emitted). A test
// run can therefore never use a dist older than the source it is meant to test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join, relative } from 'node:path';

// Inside dist, so that removing dist removes it too.
const BUILD_INFO = 'dist/tsconfig.build.tsbuildinfo';
const mtimeMs = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

function sources(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The src files whose compiled output is missing (`missing`) or older than they are (`older`). */
export function staleDist(root) {
  const configMs = Math.max(mtimeMs(join(root, 'tsconfig.json')), mtimeMs(join(root, 'tsconfig.build.json')));
  const missing = [];
  const older = [];
  for (const src of sources(join(root, 'src'), [])) {
    const rel = relative(join(root, 'src'), src);
    const out = join(root, 'dist', rel.replace(/\.ts$/, '.js'));
    const outMs = mtimeMs(out);
    if (outMs === 0) missing.push(rel);
    else if (outMs < Math.max(statSync(src).mtimeMs, configMs)) older.push(rel);
  }
  return { missing, older };
}

// Several test runs may start at once in one working tree; one builds, the others wait for it.
const LOCK_STALE_MS = 10 * 60_000;
function withLock(root, fn) {
  const lock = join(root, 'dist', '.build-lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (Date.now() - mtimeMs(lock) > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tsc(root) {
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      ...['-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', BUILD_INFO],
    ],
    { cwd: root, encoding: 'utf8' },
  );
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, ms: Date.now() - t0 };
}

/**
 * Rebuilds dist when it is stale. Type errors do not stop the run (tsc still emits, and tsx never
 * checked types either) but are printed; a dist still stale after the build is an error.
 */
export function ensureDistFresh(root, log = console.log) {
  if (isFresh(staleDist(root))) return;
  withLock(root, () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const stale = staleDist(root);
      if (isFresh(stale)) return;
      // An incremental build re-emits only what its build info says changed, so an output
      // deleted by hand would never come back: drop the build info when outputs are missing.
      if (stale.missing.length > 0) rmSync(join(root, BUILD_INFO), { force: true });
      const startedMs = Date.now();
      const r = tsc(root);
      const what =
        stale.missing.length > 0
          ? `${stale.missing.length} outputs missing`
          : `${stale.older.length} older than src`;
      log(`# dist was stale (${what}); tsc rebuilt it in ${(r.ms / 1000).toFixed(1)} s`);
      if (r.status !== 0) log(`# tsc reported errors (the tests run on what it emitted):\n${r.output}`);
      // A source touched but not changed (an edit undone, a checkout) is not re-emitted by an
      // incremental build: its output is already what tsc would write, so it is marked current —
      // unless the source changed after tsc started, which the next pass rebuilds.
      const now = new Date();
      for (const rel of staleDist(root).older)
        if (statSync(join(root, 'src', rel)).mtimeMs < startedMs)
          utimesSync(join(root, 'dist', rel.replace(/\.ts$/, '.js')), now, now);
    }
    const stale = staleDist(root);
    if (!isFresh(stale))
      throw new Error(
        `dist is still stale after tsc: ${[...stale.missing, ...stale.older].slice(0, 5).join(', ')}`,
      );
  });
}

const isFresh = (s) => s.missing.length === 0 && s.older.length === 0;
