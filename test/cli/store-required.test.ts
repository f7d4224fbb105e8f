/**
 * A `--db` naming a store that is not there: the commands that only read refuse it (exit 4, the
 * path in the message) and leave no file behind; the commands that load data create it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, REPO, tempDir } from './run-cli.js';

describe('a store that does not exist', () => {
  it('is refused by the commands that only read, with the path, and not created', () => {
    const dir = tempDir();
    const db = join(dir, 'tallymna.db');
    for (const args of [
      ['vessels'],
      ['events'],
      ['track', '273456000'],
      ['shipments'],
      ['shipments', 'propose'],
      ['estimate', '--samples', '100'],
      ['detect'],
      ['serve', '--port', '0'],
      ['areas', 'list'],
      ['verify'],
    ]) {
      const r = cli(['--db', db, ...args]);
      assert.equal(r.status, 4, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(r.stderr.includes(`no store at ${db} (--db)`), `${args.join(' ')}: ${r.stderr}`);
      assert.equal(existsSync(db), false, `${args.join(' ')} created ${db}`);
    }
    const env = cli(['vessels'], { env: { TALLYMAN_DB: db } });
    assert.equal(env.status, 4);
    assert.match(env.stderr, /\(TALLYMAN_DB\)/);
  });
  it('is created by ingest, and then the readers work on it', () => {
    const dir = tempDir();
    const db = join(dir, 'new.db');
    const r = cli(['--db', db, 'ingest', join(REPO, 'data/samples/dma-aislib-replay_dump.txt'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(db));
    const v = cli(['--db', db, 'vessels', '--json']);
    assert.equal(v.status, 0, v.stderr);
  });
  it('estimate from a scenario reads no store, so needs none', () => {
    const dir = tempDir();
    const db = join(dir, 'none.db');
    const r = cli(['--db', db, 'estimate', '--scenario', '--samples', '100', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(db), false);
  });
});
