/**
 * A binary copy of the land and water rings, so that a process pays ~0.3 s for them instead of
 * the ~2 s (and a heap of garbage) that parsing the packages' JSON costs: `tallyman detect` runs
 * as a fresh process every time, and on a small incremental run that parse was half its time.
 *
 * The copy is derived data of the installed packages, never a download: it is written beside the
 * user's other caches the first time the JSON is parsed, named by a key over the packages' files
 * (path, size, mtime) and this format's version, so a reinstalled or patched package is parsed
 * again. A copy that cannot be read whole is ignored and rewritten; one that cannot be written
 * (a read-only home) only costs the parse next time. The rings read back are the same doubles,
 * checked against the digest written with them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LandRings } from '../events/land.js';

const MAGIC = 'TMSURF02';
/**
 * Bytes before the ring lengths: magic, the number of layers, and the SHA-256 of everything after
 * the head — a coordinate flipped on disk would move a shore and put a ship on land, so the copy
 * is checked whole (~50 ms) before it is believed.
 */
const DIGEST_AT = 12;
const HEAD_BYTES = DIGEST_AT + 32;

const digestOf = (bytes: Buffer) => createHash('sha256').update(bytes.subarray(HEAD_BYTES)).digest();

/** Where tallyman keeps derived data it can always rebuild: `TALLYMAN_CACHE_DIR`, else the XDG cache. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TALLYMAN_CACHE_DIR) return env.TALLYMAN_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'tallyman');
  const home = homedir();
  return home ? join(home, '.cache', 'tallyman') : join(tmpdir(), 'tallyman-cache');
}

/** The cache file for rings derived from `files` (their path, size and mtime name it). */
export function surfaceCachePath(files: readonly string[], dir = cacheDir()): string {
  const h = createHash('sha256').update(MAGIC);
  for (const f of files) {
    const st = statSync(f);
    h.update(`\0${f}\0${st.size}\0${st.mtimeMs}`);
  }
  return join(dir, `surface-${h.digest('hex').slice(0, 24)}.bin`);
}

/** Layers of rings (land first, then each water layer) as one file: counts, lengths, doubles. */
export function encodeLayers(layers: readonly LandRings[]): Buffer {
  let rings = 0;
  let doubles = 0;
  for (const l of layers)
    for (const r of l) {
      rings++;
      doubles += r.length;
    }
  const countsBytes = 4 * (layers.length + rings);
  const dataAt = Math.ceil((HEAD_BYTES + countsBytes) / 8) * 8;
  const buf = Buffer.alloc(dataAt + 8 * doubles);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(layers.length, 8);
  let at = HEAD_BYTES;
  for (const l of layers) {
    buf.writeUInt32LE(l.length, at);
    at += 4;
  }
  for (const l of layers)
    for (const r of l) {
      buf.writeUInt32LE(r.length, at);
      at += 4;
    }
  const data = new Float64Array(buf.buffer, buf.byteOffset + dataAt, doubles);
  let k = 0;
  for (const l of layers)
    for (const r of l) {
      data.set(r, k);
      k += r.length;
    }
  digestOf(buf).copy(buf, DIGEST_AT);
  return buf;
}

/** The layers of `encodeLayers`, as views into one buffer; null when the bytes are not a whole, intact file. */
export function decodeLayers(bytes: Buffer): LandRings[] | null {
  if (bytes.length < HEAD_BYTES || bytes.toString('latin1', 0, 8) !== MAGIC) return null;
  if (!digestOf(bytes).equals(bytes.subarray(DIGEST_AT, HEAD_BYTES))) return null;
  const nLayers = bytes.readUInt32LE(8);
  let at = HEAD_BYTES;
  if (at + 4 * nLayers > bytes.length) return null;
  const ringsPer: number[] = [];
  let rings = 0;
  for (let i = 0; i < nLayers; i++, at += 4) {
    ringsPer.push(bytes.readUInt32LE(at));
    rings += ringsPer[i];
  }
  if (at + 4 * rings > bytes.length) return null;
  const lengths = new Uint32Array(rings);
  let doubles = 0;
  for (let i = 0; i < rings; i++, at += 4) {
    lengths[i] = bytes.readUInt32LE(at);
    doubles += lengths[i];
  }
  const dataAt = Math.ceil(at / 8) * 8;
  if (dataAt + 8 * doubles !== bytes.length) return null;
  // one aligned copy: the file's bytes need not sit at a multiple of 8 in memory
  const data = new Float64Array(doubles);
  new Uint8Array(data.buffer).set(bytes.subarray(dataAt));
  const layers: LandRings[] = [];
  let ring = 0;
  let k = 0;
  for (const n of ringsPer) {
    const layer: Float64Array[] = [];
    for (let j = 0; j < n; j++, ring++) {
      layer.push(data.subarray(k, k + lengths[ring]));
      k += lengths[ring];
    }
    layers.push(layer);
  }
  return layers;
}

/** The cached layers at `path`, or null when there is none or it is not whole. */
export function readCachedLayers(path: string): LandRings[] | null {
  try {
    return decodeLayers(readFileSync(path));
  } catch {
    return null;
  }
}

/** Writes the layers to `path` whole or not at all (a temporary file renamed over it); false when it could not. */
export function writeCachedLayers(path: string, layers: readonly LandRings[]): boolean {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, encodeLayers(layers));
    renameSync(tmp, path);
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is missing or not one: nothing was left behind
    }
    return false;
  }
}
