/**
 * scripts/dist-fresh.mjs, which keeps dist/ in step with src/ for the tests that run the built CLI:
 * on a small project of its own (the repository's TypeScript, linked in), with the real tsc.
 */
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureDistFresh, staleDist } from '../../scripts/dist-fresh.mjs';

// Not through test/helpers/dist.ts, which would build the repository's own dist first.
const REPO = new URL('../../', import.meta.url).pathname;
let root: string;
const log: string[] = [];
const src = (rel: string) => join(root, 'src', rel);
const out = (rel: string) => join(root, 'dist', rel);
const setMtime = (path: string, s: number) => utimesSync(path, s, s);

before(() => {
  root = mkdtempSync(join(tmpdir(), 'tallyman-dist-fresh-'));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, types: [] } }),
  );
  writeFileSync(
    join(root, 'tsconfig.build.json'),
    JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist' },
      include: ['src'],
    }),
  );
  mkdirSync(join(root, 'src/sub'), { recursive: true });
  writeFileSync(src('a.ts'), 'export const a: number = 1;\n');
  writeFileSync(src('sub/b.ts'), "import { a } from '../a.js';\nexport const b = a + 1;\n");
  writeFileSync(src('sub/b.test.ts'), 'this is not compiled: tests stay out of dist\n');
});
after(() => rmSync(root, { recursive: true, force: true }));

test('no dist: every source is missing, and one build makes them all', () => {
  const none = staleDist(root);
  assert.deepEqual([none.missing.sort(), none.older], [['a.ts', 'sub/b.ts'], []]);
  ensureDistFresh(root, (line) => log.push(line));
  assert.deepEqual(staleDist(root), { missing: [], older: [] });
  assert.match(readFileSync(out('sub/b.js'), 'utf8'), /export const b = a \+ 1/);
  assert.match(log.join('\n'), /2 outputs missing.*tsc rebuilt it/);
});

test('an edited source is stale until rebuilt, and the build carries the edit', () => {
  const past = Date.now() / 1000 - 60;
  setMtime(out('a.js'), past);
  writeFileSync(src('a.ts'), 'export const a: number = 41;\n');
  assert.deepEqual(staleDist(root).older, ['a.ts']);
  ensureDistFresh(root, () => {});
  assert.deepEqual(staleDist(root), { missing: [], older: [] });
  assert.match(readFileSync(out('a.js'), 'utf8'), /export const a = 41/);
});

test('a source touched but unchanged is current after the build (tsc writes nothing for it)', () => {
  const past = Date.now() / 1000 - 60;
  setMtime(out('sub/b.js'), past);
  setMtime(src('sub/b.ts'), past + 30);
  assert.deepEqual(staleDist(root).older, ['sub/b.ts']);
  ensureDistFresh(root, () => {});
  assert.deepEqual(staleDist(root), { missing: [], older: [] });
});

test('an output deleted by hand comes back, though the incremental build info says nothing changed', () => {
  rmSync(out('a.js'));
  assert.deepEqual(staleDist(root).missing, ['a.ts']);
  ensureDistFresh(root, () => {});
  assert.match(readFileSync(out('a.js'), 'utf8'), /export const a = 41/);
});

test('a changed tsconfig makes every output stale', () => {
  const past = Date.now() / 1000 - 120;
  for (const rel of ['a.ts', 'sub/b.ts']) setMtime(src(rel), past);
  for (const rel of ['a.js', 'sub/b.js']) setMtime(out(rel), past + 30);
  setMtime(join(root, 'tsconfig.json'), past);
  setMtime(join(root, 'tsconfig.build.json'), past);
  assert.deepEqual(staleDist(root), { missing: [], older: [] });
  setMtime(join(root, 'tsconfig.build.json'), past + 60);
  assert.deepEqual(staleDist(root).older.sort(), ['a.ts', 'sub/b.ts']);
  ensureDistFresh(root, () => {});
  assert.deepEqual(staleDist(root), { missing: [], older: [] });
});
