/**
 * No new block of six or more lines repeated in src/ (jscpd, exact clones of at least 6 lines and
 * 40 tokens, settings in .jscpd.json). The clones there were when this check came are in
 * .jscpd-baseline.json, each group with its reason in docs/architecture.md; a new one fails here.
 * Move the shared lines into a helper, or, where the copy is on purpose (a migration is history and
 * shares no code that may change), add it with `npm run dup -- --update-baseline` and a reason.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

test('no new repeated block in src/', () => {
  const r = spawnSync(
    join(REPO, 'node_modules', '.bin', 'jscpd'),
    [
      '--config',
      '.jscpd.json',
      '--baseline',
      '.jscpd-baseline.json',
      '--fail-on-new-clones',
      '0',
      '--reporters',
      'console',
      'src',
    ],
    { cwd: REPO, encoding: 'utf8' },
  );
  const out = `${r.stdout}${r.stderr}`;
  const found = /Found (\d+) clones/.exec(out);
  assert.ok(
    found,
    `jscpd ran and counted (exit ${r.status}, ${r.error?.message ?? 'no spawn error'}):\n${out.slice(-2000)}`,
  );
  const newOnes = out
    .split('\n')
    .filter(
      (l, i, all) => l.includes('[NEW]') || all[i - 1]?.includes('[NEW]') || all[i - 2]?.includes('[NEW]'),
    );
  assert.equal(r.status, 0, `new repeated blocks:\n${newOnes.join('\n')}\n${out.slice(-400)}`);
});
