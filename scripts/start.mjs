#!/usr/bin/env node
// `npm start`: build if needed, ingest the bundled sample captures into the embedded database
// (./tallyman.db, or TALLYMAN_DB / TALLYMAN_DATABASE_URL), and print the summary.
// Re-running adds nothing: each capture is recognised by its content hash.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/cli/main.js');

function newestMtime(dir) {
  let t = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    t = Math.max(t, name.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

function run(args, opts = {}) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: process.cwd(), ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(cli) || statSync(cli).mtimeMs < newestMtime(join(root, 'src'))) {
  console.log('building tallyman …');
  run([join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')]);
}

const samples = readdirSync(join(root, 'data/samples'))
  .filter((f) => !f.endsWith('.md'))
  .sort()
  .map((f) => join('data/samples', f));
console.log('tallyman: ingesting the bundled real sample captures (data/samples, see its README) …');
run([cli, 'ingest', ...samples], { cwd: root });
console.log('');
run([cli, 'vessels', '--limit', '15'], { cwd: root });
