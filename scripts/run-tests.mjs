#!/usr/bin/env node
// Runs every *.test.ts under test/ and src/ with Node's own test runner (TypeScript through tsx).
// Node 20's runner takes no globs, so the files are listed here. Extra arguments narrow the set:
// `npm test -- ais` runs only files whose path contains "ais".
// The tests start the CLI as a user does, from dist/ (test/helpers/dist.ts): dist is rebuilt
// here first when any source is newer than its output, so no run tests a stale build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureDistFresh } from './dist-fresh.mjs';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

let files = [...walk(join(root, 'test'), []), ...walk(join(root, 'src'), [])]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

// Real captures that cannot ship with the repository live in ../shared/data beside a CI checkout;
// a user's clone has none. Test files that read them say so with the marker below and are skipped,
// with the reason printed, when the folder is absent; under CI=true its absence fails the run.
const SHARED_MARKER = '@needs-shared-data';
// TALLYMAN_TEST_SHARED_AIS moves it, as for the tests themselves (test/helpers/captures.ts)
const sharedData = process.env.TALLYMAN_TEST_SHARED_AIS || join(root, '..', 'shared', 'data', 'ais');
if (!existsSync(sharedData)) {
  const needing = files.filter((f) => readFileSync(join(root, f), 'utf8').includes(SHARED_MARKER));
  if (process.env.CI === 'true' && needing.length > 0) {
    console.error(`CI=true: ${sharedData} is missing; ${needing.length} test file(s) need it`);
    process.exit(1);
  }
  for (const f of needing)
    console.log(`# skipping ${f}: it reads real captures from ${sharedData}, absent here`);
  files = files.filter((f) => !needing.includes(f));
}
if (files.length === 0) {
  console.error('no test files matched', filters.join(' '));
  process.exit(1);
}
ensureDistFresh(root);
// Stores filled from a scenario once in this run and copied by the files that use them
// (test/server/fixture.ts); removed with the run.
const storeCache = mkdtempSync(join(tmpdir(), 'tallyman-test-stores-'));
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...passThrough, ...files],
  {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, TALLYMAN_TEST: '1', TALLYMAN_TEST_STORE_CACHE: storeCache },
  },
);
rmSync(storeCache, { recursive: true, force: true });
process.exit(res.status ?? 1);
