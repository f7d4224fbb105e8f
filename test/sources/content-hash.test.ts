import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  ContentHashes,
  HASH_THREAD_MIN_BYTES,
  sha256OfFile,
  sha256OfFileOnThread,
} from '../../src/sources/content-hash.js';
import { capturePath } from '../helpers/captures.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('the hashing thread and the stream give the SHA-256 of the whole content', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tallyman-hash-'));
  try {
    const real = capturePath('dma-aislib-stream_example.txt');
    // larger than the thread's 4 MB reads, and not a multiple of them; and an empty file
    const big = join(dir, 'big.bin');
    writeFileSync(big, randomBytes(2 * HASH_THREAD_MIN_BYTES + 12345));
    const empty = join(dir, 'empty.bin');
    writeFileSync(empty, '');
    for (const path of [real, big, empty]) {
      const expected = sha256(readFileSync(path));
      assert.equal(await sha256OfFileOnThread(path), expected, path);
      assert.equal(await sha256OfFile(path), expected, path);
    }
    const hashes = new ContentHashes();
    hashes.start(big, 2 * HASH_THREAD_MIN_BYTES + 12345);
    assert.equal(await hashes.get(big), sha256(readFileSync(big)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file the thread cannot read is an error that names it', async () => {
  await assert.rejects(sha256OfFileOnThread('/nonexistent/feed.nmea'), /\/nonexistent\/feed\.nmea: .*ENOENT/);
});
