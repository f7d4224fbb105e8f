/** `tallyman --version` prints the package's version, so that a published figure can name the build that made it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, REPO } from './run-cli.js';

test('--version and -V print the version in package.json and exit 0', () => {
  const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = cli([flag]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${version}\n`);
  }
  assert.match(cli(['--help']).stdout, /-V, --version/);
});
