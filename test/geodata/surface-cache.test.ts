import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSurface } from '../../src/geodata/surface.js';
import {
  cacheDir,
  decodeLayers,
  encodeLayers,
  readCachedLayers,
  writeCachedLayers,
} from '../../src/geodata/surface-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'tallyman-surface-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ring = (...xs: number[]) => Float64Array.from(xs);

describe('surface cache: the rings as one binary file', () => {
  test('layers come back as the same doubles, empty layers and odd counts included', () => {
    const layers = [
      [ring(130.1, 42.3, 130.2, 42.3, 130.2, 42.4, 130.1, 42.3), ring(-0.1, 51.5, 0.1, 51.5, 0, 51.6)],
      [],
      [ring(1e-300, -179.999999999, Math.PI, -90)],
    ];
    const back = decodeLayers(encodeLayers(layers));
    assert.ok(back);
    assert.deepEqual(
      back.map((l) => l.map((r) => [...r])),
      layers.map((l) => l.map((r) => [...r])),
    );
  });

  test('a file cut short, grown, or of another format is not read', () => {
    const buf = encodeLayers([[ring(1, 2, 3, 4)]]);
    assert.equal(decodeLayers(buf.subarray(0, buf.length - 8)), null);
    assert.equal(decodeLayers(Buffer.concat([buf, Buffer.alloc(8)])), null);
    const other = Buffer.from(buf);
    other.write('XXXXXXXX', 0, 'latin1');
    assert.equal(decodeLayers(other), null);
    // one bit flipped in a coordinate: the digest no longer matches
    const flipped = Buffer.from(buf);
    flipped[flipped.length - 3] ^= 0x10;
    assert.equal(decodeLayers(flipped), null);
    assert.ok(decodeLayers(Buffer.from(buf)), 'the intact copy still reads');
    assert.equal(decodeLayers(Buffer.alloc(3)), null);
    assert.equal(readCachedLayers(join(dir, 'absent.bin')), null);
  });

  test('a write that cannot happen reports false and leaves no temporary file', () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    assert.equal(writeCachedLayers(join(blocker, 'surface.bin'), [[ring(1, 2)]]), false);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  test('the cache folder: TALLYMAN_CACHE_DIR, else the XDG cache', () => {
    assert.equal(cacheDir({ TALLYMAN_CACHE_DIR: '/x/y' }), '/x/y');
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/c' }), join('/c', 'tallyman'));
  });

  test('loadSurface parses once, then reads the copy: the same land and water, ring for ring', () => {
    const cacheAt = join(dir, 'cache');
    const parsed = loadSurface({ cacheDir: cacheAt });
    const files = readdirSync(cacheAt);
    assert.equal(files.length, 1, 'one cache file written');
    assert.match(files[0], /^surface-[0-9a-f]{24}\.bin$/);
    const cached = loadSurface({ cacheDir: cacheAt });
    assert.equal(cached.name, parsed.name);
    const flat = (s: typeof parsed) => [s.land ?? [], ...s.water];
    const a = flat(parsed);
    const b = flat(cached);
    assert.equal(b.length, a.length);
    assert.ok(a[0].length > 1000, 'Natural Earth has thousands of land rings');
    for (let l = 0; l < a.length; l++) {
      assert.equal(b[l].length, a[l].length, `layer ${l} ring count`);
      for (let r = 0; r < a[l].length; r++)
        assert.ok(
          Buffer.from(a[l][r].buffer, a[l][r].byteOffset, a[l][r].byteLength).equals(
            Buffer.from(b[l][r].buffer, b[l][r].byteOffset, b[l][r].byteLength),
          ),
          `layer ${l} ring ${r}`,
        );
    }
    // a copy cut short (a crash while another process wrote it by hand) is parsed again and replaced
    const path = join(cacheAt, files[0]);
    const whole = readFileSync(path).length;
    truncateSync(path, 1000);
    const again = loadSurface({ cacheDir: cacheAt });
    assert.equal(again.land?.length, parsed.land?.length);
    assert.equal(readFileSync(path).length, whole);
    assert.ok(existsSync(path));
  });
});
