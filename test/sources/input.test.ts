// @needs-shared-data: reads real AIS captures from ../shared/data/ais, which cannot ship (their licences: that folder's README)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openSource, openSources, resolveInputs, totalSize } from '../../src/sources/index.js';
import type { Source } from '../../src/sources/types.js';
import { AIS, collect, TRACKS } from './collect.js';

const MC = `${TRACKS}aisdb-marinecadastre-20230111.csv`;
const NM4 = `${AIS}aisdb-test_data_20211101.nm4`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('inputs: gzip, folders, stdin', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tallyman-input-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('reads gzip by its magic bytes, whatever the name, and hashes the compressed bytes', async () => {
    const plain = await readFile(MC);
    const gz = gzipSync(plain);
    const named = join(dir, 'mc.csv.gz');
    const unnamed = join(dir, 'mc-no-extension');
    await writeFile(named, gz);
    await writeFile(unnamed, gz);
    const reference = await collect(await openSource(MC));
    for (const f of [named, unnamed]) {
      const src = await openSource(f);
      assert.equal(src.format, 'marinecadastre');
      const got = await collect(src);
      assert.deepEqual(got.positions, reference.positions);
      assert.equal(src.sha256(), sha(gz));
      assert.equal(src.bytesRead(), gz.length);
      assert.equal(src.totalBytes, gz.length);
    }
  });

  it('reads gzipped NMEA the same as plain', async () => {
    const f = join(dir, 'capture.nm4.gz');
    await writeFile(f, gzipSync(await readFile(NM4)));
    const a = await collect(await openSource(NM4));
    const b = await collect(await openSource(f));
    assert.ok(a.positions.length > 900);
    assert.deepEqual(b.positions, a.positions);
  });

  it('counts a truncated gzip as a read error and keeps what came before', async () => {
    const gz = gzipSync(await readFile(MC));
    const f = join(dir, 'cut.csv.gz');
    await writeFile(f, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const src = await openSource(f);
    const got = await collect(src);
    assert.ok(got.positions.length > 100 && got.positions.length < 1000, `${got.positions.length}`);
    assert.equal(src.counts.rejectedByReason['read-error'], 1);
  });

  it('walks a folder recursively in name order, skipping hidden files', async () => {
    const root = join(dir, 'tree');
    await mkdir(join(root, 'b-sub'), { recursive: true });
    await mkdir(join(root, '.hidden-dir'), { recursive: true });
    await copyFile(MC, join(root, 'c.csv'));
    await copyFile(NM4, join(root, 'a.nm4'));
    await writeFile(join(root, 'b-sub', 'x.nm4.gz'), gzipSync(await readFile(NM4)));
    await copyFile(MC, join(root, '.secret.csv'));
    await copyFile(MC, join(root, '.hidden-dir', 'd.csv'));
    const refs = await resolveInputs(root);
    assert.deepEqual(
      refs.map((r) => (r.kind === 'file' ? r.path.slice(root.length + 1) : r.kind)),
      ['a.nm4', 'b-sub/x.nm4.gz', 'c.csv'],
    );
    const formats: string[] = [];
    const sources: Source[] = [];
    for await (const s of openSources(root)) {
      formats.push(s.format);
      sources.push(s);
      await collect(s);
    }
    assert.deepEqual(formats, ['nmea', 'nmea', 'marinecadastre']);
    assert.equal(sources[0].counts.positions, sources[1].counts.positions);
    const total = await totalSize(root);
    assert.equal(
      total,
      sources.reduce((n, s) => n + (s.totalBytes ?? 0), 0),
    );
    await assert.rejects(openSource(root), /a folder; open it with openSources/);
  });

  it('reads stdin from a stream, with no total size', async () => {
    const bytes = await readFile(NM4);
    // Small chunks, as a pipe delivers them.
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
    const src = await openSource('-', { stdin: Readable.from(chunks) });
    assert.equal(src.name, '-');
    assert.equal(src.totalBytes, null);
    const got = await collect(src);
    const ref = await collect(await openSource(NM4));
    assert.deepEqual(got.positions, ref.positions);
    assert.equal(src.sha256(), sha(bytes));
    assert.equal(src.bytesRead(), bytes.length);
  });

  it('gives clear errors for what is not an input', async () => {
    await assert.rejects(openSource(join(dir, 'nope.csv')), /nope\.csv: no such file or folder/);
    await assert.rejects(openSource('tcp://host-only'), /not a tcp:\/\/HOST:PORT address/);
    const junk = join(dir, 'junk.bin');
    await writeFile(junk, 'hello\n');
    await assert.rejects(openSource(junk), /unknown input format in .*junk\.bin/);
  });

  it('has no hash before the input is read', async () => {
    const src = await openSource(MC);
    assert.throws(() => src.sha256(), /only once the input has been read/);
    await collect(src);
    assert.equal(src.sha256(), sha(await readFile(MC)));
  });
});
