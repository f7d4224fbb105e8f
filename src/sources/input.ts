/**
 * Opening inputs (the imperative edge): what an input argument names, and a byte stream over it
 * that counts raw bytes, hashes them (SHA-256 of the raw content, compressed or not) and
 * transparently gunzips content that starts with the gzip magic bytes 1f 8b, whatever its name.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SAMPLE_BYTES } from './detect.js';

export type InputRef =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'stdin' }
  | { kind: 'tcp'; url: string; host: string; port: number };

export function parseTcpUrl(input: string): { host: string; port: number } | null {
  const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(input);
  if (m === null) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

/**
 * Expands an input argument: `-` is stdin, `tcp://HOST:PORT` a live feed, a folder every
 * non-hidden file below it (recursively, sorted by relative path so runs are repeatable), a file
 * itself. Throws an Error naming the input when it does not exist.
 */
export async function resolveInputs(input: string): Promise<InputRef[]> {
  if (input === '-') return [{ kind: 'stdin' }];
  if (input.startsWith('tcp://')) {
    const t = parseTcpUrl(input);
    if (t === null) throw new Error(`${input}: not a tcp://HOST:PORT address`);
    return [{ kind: 'tcp', url: input, ...t }];
  }
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(input);
  } catch {
    throw new Error(`${input}: no such file or folder`);
  }
  if (!st.isDirectory()) return [{ kind: 'file', path: input, size: st.size }];
  const out: InputRef[] = [];
  await walk(input, out);
  return out;
}

async function walk(dir: string, out: InputRef[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.push({ kind: 'file', path: p, size: (await stat(p)).size });
  }
}

/**
 * The input broke off part way (a corrupt or truncated gzip, an I/O error): what came before it
 * stands and is kept; the readers record it as a `read-error` reject with file, line and this
 * message, and `ingest`/`decode` exit 3.
 */
export class InputBrokenError extends Error {}

/** Raw byte meter: count and hash of what was read. */
export class Meter {
  bytes = 0;
  private readonly hash = createHash('sha256');
  private digest: string | null = null;

  update(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
  }

  finish(): void {
    if (this.digest === null) this.digest = this.hash.digest('hex');
  }

  sha256(name: string): string {
    if (this.digest === null) throw new Error(`${name}: SHA-256 is known only once the input has been read`);
    return this.digest;
  }
}

export interface OpenedBytes {
  gzip: boolean;
  /** The first SAMPLE_BYTES of the (decompressed) content, for detection. */
  sample: Buffer;
  /** The whole (decompressed) content from its start, sample included. Read once. */
  chunks: AsyncIterable<Buffer>;
  meter: Meter;
}

export function rawStream(ref: InputRef, stdin?: NodeJS.ReadableStream): NodeJS.ReadableStream {
  if (ref.kind === 'file') return createReadStream(ref.path, { highWaterMark: 256 * 1024 });
  if (ref.kind === 'stdin') return stdin ?? process.stdin;
  throw new Error('a TCP feed is not a byte stream');
}

/** Opens a stream: peeks the gzip magic, then the first SAMPLE_BYTES of content. */
export async function openBytes(stream: NodeJS.ReadableStream): Promise<OpenedBytes> {
  const meter = new Meter();
  const raw = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const nextRaw = async (): Promise<Buffer | null> => {
    const r = await raw.next();
    if (r.done) {
      meter.finish();
      return null;
    }
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    meter.update(b);
    return b;
  };

  const head: Buffer[] = [];
  let headLen = 0;
  let rawDone = false;
  while (headLen < 2) {
    const b = await nextRaw();
    if (b === null) {
      rawDone = true;
      break;
    }
    head.push(b);
    headLen += b.length;
  }
  const headBuf = Buffer.concat(head);
  const gzip = headBuf.length >= 2 && headBuf[0] === 0x1f && headBuf[1] === 0x8b;

  async function* rawAll(): AsyncGenerator<Buffer> {
    if (headBuf.length > 0) yield headBuf;
    if (rawDone) return;
    for (;;) {
      const b = await nextRaw();
      if (b === null) return;
      yield b;
    }
  }
  const gunzip = gzip ? createGunzip() : null;
  const plain: AsyncIterable<Buffer> = gunzip ? Readable.from(rawAll()).pipe(gunzip) : rawAll();
  const it = plain[Symbol.asyncIterator]();
  let plainBytes = 0;
  // A gzip error names where it broke: the compressed byte zlib had reached, and the
  // decompressed bytes delivered before it (the readers add the line).
  const drainRaw = async (): Promise<void> => {
    // the raw bytes after the fault still belong to the file's SHA-256
    try {
      while ((await nextRaw()) !== null) {}
    } catch {
      // an I/O error: the hash stays unknown, the caller reports the fault it has
    }
  };
  const broken = (err: unknown): InputBrokenError =>
    new InputBrokenError(
      gunzip
        ? `gzip data broken at compressed byte ${gunzip.bytesWritten} (after ${plainBytes} good bytes): ${(err as Error).message}`
        : (err as Error).message,
    );
  const peeked: Buffer[] = [];
  let n = 0;
  let plainDone = false;
  // A fault within the sample is kept for later: the lines before it are still read and stored.
  let sampleError: InputBrokenError | null = null;
  while (n < SAMPLE_BYTES) {
    let r: IteratorResult<Buffer>;
    try {
      r = await it.next();
    } catch (err) {
      sampleError = broken(err);
      await drainRaw();
      break;
    }
    if (r.done) {
      plainDone = true;
      break;
    }
    peeked.push(r.value);
    n += r.value.length;
    plainBytes += r.value.length;
  }
  if (sampleError !== null && n === 0) throw sampleError;
  const sample = Buffer.concat(peeked).subarray(0, SAMPLE_BYTES);

  async function* all(): AsyncGenerator<Buffer> {
    for (const p of peeked) yield p;
    if (sampleError !== null) throw sampleError;
    if (!plainDone) {
      for (;;) {
        let r: IteratorResult<Buffer>;
        try {
          r = await it.next();
        } catch (err) {
          const e = broken(err);
          await drainRaw();
          throw e;
        }
        if (r.done) break;
        plainBytes += r.value.length;
        yield r.value;
      }
    }
    // Whatever the decompressor left (trailing bytes) still belongs to the raw content's hash.
    while ((await nextRaw()) !== null) {}
  }
  return { gzip, sample, chunks: all(), meter };
}
