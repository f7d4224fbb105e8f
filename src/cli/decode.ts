/**
 * `tallyman decode [files...]`: decode NMEA/AIS to JSON lines (default), gpsd JSON or CSV, or only
 * count (`--stats`). `-` or no file reads stdin; `.gz` files are gunzipped while streaming.
 *
 * Exit codes:
 *   0  decoded (rejected lines are counted and reported, they are not an error)
 *   1  usage or I/O error (unreadable file, bad option)
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import type { Command } from 'commander';
import { AisDecoder, type AisDecoderOptions } from '../ais/decoder.js';
import type { AisMessage } from '../ais/messages.js';
import { SegmentSink, type Segments } from '../ais/segments.js';
import { emptyStats, findPieceStart, mergeStats } from '../ais/split.js';
import type { DecodeStats, MessageMeta, RejectReason } from '../ais/types.js';
import { MAX_LINE_BYTES } from '../ais/write-bytes.js';
import type { GpsdWriter } from '../ais/write-gpsd.js';
import { startModuleWorker } from '../sources/worker-start.js';

/**
 * The writer a format needs, loaded only then: `--stats` loads none, which is ~10 ms of a 0.4 s
 * decode of the benchmark file.
 */
const loadGpsd = () => import('../ais/write-gpsd.js');
const loadJsonl = () => import('../ais/write-jsonl.js');
const loadCsv = () => import('../ais/format-jsonl.js');

interface DecodeOptions {
  format: 'jsonl' | 'gpsd' | 'csv';
  unscaled?: boolean;
  stats?: boolean;
  json?: boolean;
  split24?: boolean;
  verbose?: boolean;
  lenient?: boolean;
}

/** Output is flushed in writes of about this many bytes. */
const OUT_FLUSH_BYTES = 1 << 20;
/** Files are read in chunks of this size (sentences may span chunks). */
const READ_CHUNK_BYTES = 8 << 20;

/** Runs at least this long are written without copying them into the output buffer first. */
const DIRECT_WRITE_BYTES = 256 << 10;
/** Pieces read ahead of the one being written: bounds the output held in memory. */
const LOOKAHEAD_PIECES = 4;

/** Stdout closed by the reader (`| head`): stop decoding quietly. */
class OutputClosed extends Error {}

/** A .gz input broke off part way: its message names file, line and byte; `stats` counts what came before. */
class InputBroken extends Error {
  constructor(
    message: string,
    readonly stats: DecodeStats,
  ) {
    super(message);
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of buf[0, len) to fd, waiting out EAGAIN when stdout is a non-blocking pipe. */
function writeAll(fd: number, buf: Buffer, len: number): void {
  let off = 0;
  while (off < len) {
    try {
      off += writeSync(fd, buf, off, len - off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(sleepCell, 0, 0, 1);
      else if (code === 'EPIPE') throw new OutputClosed();
      else throw err;
    }
  }
}

/**
 * Stdout as one preallocated buffer: writers print into `buf` at `pos` (keeping MAX_LINE_BYTES
 * free per line) and it goes out in ~1 MB synchronous writes.
 */
class Out {
  readonly buf = Buffer.allocUnsafe(OUT_FLUSH_BYTES + MAX_LINE_BYTES);
  pos = 0;
  write(s: string): void {
    this.pos += this.buf.write(s, this.pos, 'utf8');
    if (this.pos >= OUT_FLUSH_BYTES) this.flush();
  }
  /** Copies src[a, b) out; large runs are written straight from src. */
  bytes(src: Buffer, a: number, b: number): void {
    const n = b - a;
    if (n <= 0) return;
    if (n >= DIRECT_WRITE_BYTES) {
      this.flush();
      writeAll(1, a === 0 ? src : src.subarray(a), n);
      return;
    }
    if (this.pos + n > this.buf.length) this.flush();
    src.copy(this.buf, this.pos, a, b);
    this.pos += n;
    if (this.pos >= OUT_FLUSH_BYTES) this.flush();
  }
  flush(): void {
    if (this.pos > 0) {
      const n = this.pos;
      this.pos = 0;
      writeAll(1, this.buf, n);
    }
  }
}

/** Reads a plain file in large synchronous chunks: no stream machinery per 64 KB. */
function decodeFile(path: string, dec: AisDecoder): void {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n <= 0) break;
      dec.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

async function decodeInput(
  name: string,
  opts: DecodeOptions,
  onMessage: (msg: AisMessage, meta: MessageMeta) => void,
  onPayload: AisDecoderOptions['onPayload'],
  out: Out,
  gpsd: GpsdWriter | null,
): Promise<DecodeStats> {
  if (name !== '-' && !name.endsWith('.gz')) {
    const fd = openSync(name, 'r');
    let size: number;
    let regular: boolean;
    try {
      const st = fstatSync(fd);
      size = st.size;
      regular = st.isFile();
    } finally {
      closeSync(fd);
    }
    if (regular && useThreads(size)) return decodeParallel(name, size, opts, out, gpsd);
  }
  const dec = new AisDecoder({
    onMessage,
    onPayload,
    lenient: opts.lenient === true,
    onReject: opts.verbose
      ? (r) => process.stderr.write(`${name}:${r.line}: ${r.reason}: ${r.text}\n`)
      : undefined,
  });
  if (name !== '-' && !name.endsWith('.gz')) {
    decodeFile(name, dec);
  } else {
    let stream: NodeJS.ReadableStream = process.stdin;
    const gunzip = name === '-' ? null : createGunzip();
    if (gunzip !== null) stream = createReadStream(name, { highWaterMark: 1 << 20 }).pipe(gunzip);
    try {
      for await (const chunk of stream) dec.push(chunk as Buffer);
    } catch (err) {
      if (gunzip === null || (err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
      // What came before the fault is decoded, printed and counted; the run exits 3.
      const line = dec.stats.lines + 1;
      dec.end();
      throw new InputBroken(
        `${name}:${line}: gzip data broken at compressed byte ${gunzip.bytesWritten}: ${(err as Error).message}; the ${line - 1} lines before it were decoded`,
        dec.stats,
      );
    }
  }
  dec.end();
  return dec.stats;
}

/**
 * Whether a plain file is decoded on two threads: only when TALLYMAN_DECODE_THREADS=2 asks, because
 * on the 2-core machines we measure on the hand-off costs more than the second core gives back
 * (bench file, gpsd --unscaled: 0.66–0.74 s on one thread, 1.33–1.50 s on two; each thread warms up its own JIT).
 */
function useThreads(size: number): boolean {
  return process.env.TALLYMAN_DECODE_THREADS === '2' && size > 0;
}

/** Piece size: about an eighth of the file, 4–32 MB (TALLYMAN_DECODE_PIECE_BYTES overrides, for tests). */
function pieceBytes(size: number): number {
  const env = Number(process.env.TALLYMAN_DECODE_PIECE_BYTES);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.min(32 << 20, Math.max(4 << 20, Math.ceil(size / 8)));
}

/** Piece boundaries [0, …, size]: each inner one a line start found by findPieceStart. */
function pieceBounds(path: string, size: number): number[] {
  const step = pieceBytes(size);
  const bounds = [0];
  const fd = openSync(path, 'r');
  try {
    const win = Buffer.allocUnsafe(Math.min(64 << 10, Math.max(step, 4096)));
    for (let at = step; at < size; ) {
      const last = bounds[bounds.length - 1];
      const from = Math.max(at, last + 1);
      const n = readSync(fd, win, 0, win.length, from - 1);
      let p = findPieceStart(win.subarray(0, n), 1);
      if (p < 0) {
        // No ideal line in the window: any line start will do (the decoder checks exactness).
        p = win.subarray(0, n).indexOf(10);
        if (p >= 0) p++;
      }
      if (p < 0) {
        at = from + n;
        continue;
      }
      const b = from - 1 + p;
      if (b >= size) break;
      bounds.push(b);
      at = b + step;
    }
  } finally {
    closeSync(fd);
  }
  bounds.push(size);
  return bounds;
}

interface WorkerInit {
  tallymanDecodeWorker: true;
  path: string;
  format: DecodeOptions['format'];
  stats: boolean;
  unscaled: boolean;
  split24: boolean;
  verbose: boolean;
  lenient: boolean;
}

/** Decode [start, end) of the file, with a fresh decoder or the one that ended piece `from`. */
interface PieceTask {
  piece: number;
  start: number;
  end: number;
  last: boolean;
  from: number | null;
}

interface RejectLine {
  line: number;
  reason: RejectReason;
  text: string;
}

interface PieceResult {
  kind: 'result';
  piece: number;
  fresh: boolean;
  /** The decoder's state at the end carries nothing over (always true for the last piece). */
  clean: boolean;
  stats: DecodeStats;
  seg: Segments | null;
  /** Line numbers count from the start of the decoder's first piece. */
  rejects: RejectLine[];
}

type WorkerReply = PieceResult | { kind: 'error'; message: string };

/** Worker side: decodes the pieces it is sent and posts each piece's output and counts. */
async function workerMain(init: WorkerInit, port: NonNullable<typeof parentPort>): Promise<void> {
  const fd = openSync(init.path, 'r');
  const sink = new SegmentSink();
  let rejects: RejectLine[] = [];
  let onMessage: (msg: AisMessage, meta: MessageMeta) => void;
  let onPayload: AisDecoderOptions['onPayload'];
  if (init.stats) onMessage = () => {};
  else if (init.format === 'gpsd') {
    const { GpsdWriter } = await loadGpsd();
    const gpsd = new GpsdWriter({ scaled: !init.unscaled, split24: init.split24 });
    onMessage = (msg, meta) => {
      // Type 24 halves merge across the whole file: the output thread prints them.
      if (msg.type === 24) sink.hold(msg, meta.channel);
      else {
        sink.pos = gpsd.write(sink.buf, sink.pos, msg, meta.channel);
        sink.next();
      }
    };
    onPayload = (bytes, n, type) => {
      const p = gpsd.writePayload(sink.buf, sink.pos, bytes, n, type);
      if (p < 0) return false;
      sink.pos = p;
      sink.next();
      return true;
    };
  } else if (init.format === 'csv') {
    const { formatCsvRow } = await loadCsv();
    onMessage = (msg, meta) => {
      const l = formatCsvRow(msg, meta);
      if (l !== null) sink.write(`${l}\n`);
    };
  } else {
    const { writeJsonl } = await loadJsonl();
    onMessage = (msg, meta) => {
      sink.pos = writeJsonl(sink.buf, sink.pos, msg, meta);
      sink.next();
    };
  }
  const onReject = init.verbose
    ? (r: { line: number; reason: RejectReason; text: string }) =>
        rejects.push({ line: r.line, reason: r.reason, text: r.text })
    : undefined;
  /** Decoders whose piece ended with state to carry, kept in case the next piece must continue them. */
  const open = new Map<number, AisDecoder>();
  let readBuf = Buffer.allocUnsafe(0);
  port.on('message', (t: PieceTask) => {
    try {
      let dec: AisDecoder | undefined;
      if (t.from !== null) {
        dec = open.get(t.from);
        open.delete(t.from);
        if (dec === undefined) throw new Error(`internal: no decoder for piece ${t.from}`);
      } else dec = new AisDecoder({ onMessage, onPayload, onReject, lenient: init.lenient });
      const n = t.end - t.start;
      if (readBuf.length < n) readBuf = Buffer.allocUnsafe(n);
      let got = 0;
      while (got < n) {
        const r = readSync(fd, readBuf, got, n - got, t.start + got);
        if (r <= 0) break;
        got += r;
      }
      dec.push(readBuf.subarray(0, got));
      if (t.last) dec.end();
      const clean = t.last || dec.atCleanBoundary();
      if (!clean) open.set(t.piece, dec);
      const seg = init.stats ? null : sink.take();
      const reply: WorkerReply = {
        kind: 'result',
        piece: t.piece,
        fresh: t.from === null,
        clean,
        stats: dec.takeStats(),
        seg,
        rejects,
      };
      rejects = [];
      port.postMessage(reply, seg === null ? [] : seg.blocks);
    } catch (err) {
      port.postMessage({ kind: 'error', message: (err as Error).message } satisfies WorkerReply);
    }
  });
}

/** Prints a piece's output, printing its held type 24 messages through the file-wide gpsd writer. */
function writeSegments(seg: Segments, out: Out, gpsd: GpsdWriter | null): void {
  let m = 0;
  for (let b = 0; b < seg.blocks.length; b++) {
    const block = Buffer.from(seg.blocks[b], 0, seg.lengths[b]);
    let a = 0;
    while (m < seg.messages.length && seg.marks[2 * m] === b) {
      const at = seg.marks[2 * m + 1];
      out.bytes(block, a, at);
      a = at;
      if (gpsd !== null) {
        out.pos = gpsd.write(out.buf, out.pos, seg.messages[m], seg.channels[m]);
        if (out.pos >= OUT_FLUSH_BYTES) out.flush();
      }
      m++;
    }
    out.bytes(block, a, block.length);
  }
}

/**
 * Decodes a plain file on two worker threads, output byte-identical to decodeFile. The file is cut
 * into pieces at line starts; each piece is decoded with a fresh decoder, speculatively. A fresh
 * piece's result stands when the piece before it ended at a clean boundary (AisDecoder
 * .atCleanBoundary: nothing carried over); otherwise that piece is decoded again by continuing the
 * decoder that ended the piece before. Pieces are printed in order; gpsd type 24 lines are printed
 * here, in file order, so the part A/B merge is the single-threaded one.
 */
function decodeParallel(
  name: string,
  size: number,
  opts: DecodeOptions,
  out: Out,
  gpsd: GpsdWriter | null,
): Promise<DecodeStats> {
  const init: WorkerInit = {
    tallymanDecodeWorker: true,
    path: name,
    format: opts.format,
    stats: opts.stats === true,
    unscaled: opts.unscaled === true,
    split24: opts.split24 === true,
    verbose: opts.verbose === true,
    lenient: opts.lenient === true,
  };
  const debug = process.env.TALLYMAN_DECODE_DEBUG === '1';
  const t0 = performance.now();
  let continued = 0;
  // Both run this very module (through tsx when running from source).
  const workers = [startModuleWorker(import.meta.url, init), startModuleWorker(import.meta.url, init)];
  const bounds = pieceBounds(name, size);
  const n = bounds.length - 1;
  const total = emptyStats();
  const fresh = new Map<number, PieceResult>();
  const cont = new Map<number, PieceResult>();
  const busy = [false, false];
  const contSent = new Set<number>();
  let nextFresh = 0;
  let writeIdx = 0;
  let prevClean = true;
  let prevHolder = -1;
  let prevChainBase = 0;
  let linesBefore = 0;
  /** Which worker (hence which decoder) produced each waiting result. */
  const resultWorker = new Map<PieceResult, number>();

  const send = (w: number, piece: number, from: number | null): void => {
    busy[w] = true;
    const task: PieceTask = {
      piece,
      start: bounds[piece],
      end: bounds[piece + 1],
      last: piece === n - 1,
      from,
    };
    workers[w].postMessage(task);
  };
  const assign = (w: number): void => {
    if (busy[w]) return;
    if (!prevClean && prevHolder === w && writeIdx < n && !contSent.has(writeIdx)) {
      contSent.add(writeIdx);
      send(w, writeIdx, writeIdx - 1);
      return;
    }
    while (nextFresh < n && nextFresh < writeIdx + LOOKAHEAD_PIECES) {
      const j = nextFresh++;
      // Known already to need the continued decoder instead.
      if (j < writeIdx || (j === writeIdx && !prevClean)) continue;
      send(w, j, null);
      return;
    }
  };
  const emit = (r: PieceResult): void => {
    const chainBase = r.fresh ? linesBefore : prevChainBase;
    if (!r.fresh) continued++;
    if (r.seg !== null) writeSegments(r.seg, out, gpsd);
    for (const x of r.rejects)
      process.stderr.write(`${name}:${chainBase + x.line}: ${x.reason}: ${x.text}\n`);
    mergeStats(total, r.stats);
    linesBefore += r.stats.lines;
    prevClean = r.clean;
    prevHolder = resultWorker.get(r) ?? -1;
    prevChainBase = chainBase;
  };

  return new Promise<DecodeStats>((resolve, reject) => {
    const finish = (err: unknown): void => {
      for (const w of workers) void w.terminate();
      if (err === null) resolve(total);
      else reject(err);
    };
    workers.forEach((worker, w) => {
      worker.on('error', (err) => finish(err));
      worker.on('message', (msg: WorkerReply) => {
        try {
          if (msg.kind === 'error') throw new Error(msg.message);
          busy[w] = false;
          if (debug) {
            const ms = (performance.now() - t0).toFixed(0);
            process.stderr.write(
              `decode: threads: ${ms} ms: worker ${w} piece ${msg.piece} ${msg.fresh ? 'fresh' : 'continued'}${msg.clean ? '' : ' (state carried)'}\n`,
            );
          }
          // A speculative piece already settled by a continued decoder is dropped.
          if (msg.piece >= writeIdx) {
            resultWorker.set(msg, w);
            (msg.fresh ? fresh : cont).set(msg.piece, msg);
          }
          while (writeIdx < n) {
            const r = prevClean ? fresh.get(writeIdx) : cont.get(writeIdx);
            if (r === undefined) break;
            emit(r);
            for (const m of [fresh, cont]) {
              const x = m.get(writeIdx);
              if (x !== undefined) resultWorker.delete(x);
              m.delete(writeIdx);
            }
            writeIdx++;
          }
          if (writeIdx === n) {
            // Machine-readable for tests: how many pieces, how many decoded by a continued decoder.
            if (debug) process.stderr.write(`decode: threads: pieces ${n} continued ${continued}\n`);
            finish(null);
            return;
          }
          assign(0);
          assign(1);
        } catch (err) {
          finish(err);
        }
      });
    });
    assign(0);
    assign(1);
  });
}

function statsTable(s: DecodeStats): string {
  const rows: string[] = [];
  rows.push(`lines              ${s.lines}`);
  rows.push(`ais sentences      ${s.sentences}`);
  rows.push(`messages decoded   ${s.messages}`);
  if (s.shortDecoded > 0) rows.push(`  short (lenient)  ${s.shortDecoded}`);
  rows.push('by type:');
  for (const [k, v] of Object.entries(s.byType).sort((a, b) => +a[0] - +b[0]))
    rows.push(`  ${k.padStart(2)}  ${v}`);
  rows.push('rejected sentences by reason:');
  for (const [k, v] of Object.entries(s.rejectedByReason)) rows.push(`  ${k.padEnd(20)} ${v}`);
  rows.push('ignored lines by reason:');
  for (const [k, v] of Object.entries(s.ignoredByReason)) rows.push(`  ${k.padEnd(20)} ${v}`);
  return `${rows.join('\n')}\n`;
}

export async function runDecode(files: string[], opts: DecodeOptions): Promise<number> {
  if (!['jsonl', 'gpsd', 'csv'].includes(opts.format)) {
    process.stderr.write(`decode: unknown --format ${opts.format} (jsonl, gpsd, csv)\n`);
    return 1;
  }
  const out = new Out();
  let onMessage: (msg: AisMessage, meta: MessageMeta) => void;
  // One gpsd writer for all inputs: its type 24 part A queue carries from file to file.
  const gpsd =
    opts.format === 'gpsd'
      ? new (await loadGpsd()).GpsdWriter({ scaled: !opts.unscaled, split24: opts.split24 })
      : null;
  let onPayload: AisDecoderOptions['onPayload'];
  if (opts.stats) onMessage = () => {};
  else if (gpsd !== null) {
    onMessage = (msg, meta) => {
      out.pos = gpsd.write(out.buf, out.pos, msg, meta.channel);
      if (out.pos >= OUT_FLUSH_BYTES) out.flush();
    };
    onPayload = (bytes, n, type) => {
      const p = gpsd.writePayload(out.buf, out.pos, bytes, n, type);
      if (p < 0) return false;
      out.pos = p;
      if (p >= OUT_FLUSH_BYTES) out.flush();
      return true;
    };
  } else if (opts.format === 'csv') {
    const { CSV_HEADER, formatCsvRow } = await loadCsv();
    out.write(`${CSV_HEADER}\n`);
    onMessage = (msg, meta) => {
      const l = formatCsvRow(msg, meta);
      if (l !== null) out.write(`${l}\n`);
    };
  } else {
    const { writeJsonl } = await loadJsonl();
    onMessage = (msg, meta) => {
      out.pos = writeJsonl(out.buf, out.pos, msg, meta);
      if (out.pos >= OUT_FLUSH_BYTES) out.flush();
    };
  }

  const total = emptyStats();
  const inputs = files.length === 0 ? ['-'] : files;
  let broken = 0;
  try {
    for (const f of inputs) {
      try {
        mergeStats(total, await decodeInput(f, opts, onMessage, onPayload, out, gpsd));
      } catch (err) {
        if (err instanceof OutputClosed) throw err;
        if (err instanceof InputBroken) {
          mergeStats(total, err.stats);
          out.flush();
          process.stderr.write(`decode: ${err.message}\n`);
          broken++;
          continue;
        }
        out.flush();
        process.stderr.write(`decode: ${f}: ${(err as Error).message}\n`);
        return 1;
      }
    }
    out.flush();
  } catch (err) {
    if (err instanceof OutputClosed) return 0;
    throw err;
  }
  if (opts.stats) {
    process.stdout.write(opts.json ? `${JSON.stringify(total)}\n` : statsTable(total));
  } else {
    if (total.shortDecoded > 0)
      process.stderr.write(
        `decode: warning: ${total.shortDecoded} messages shorter than their type allows decoded by --lenient (flagged short)\n`,
      );
    const rejected = Object.entries(total.rejectedByReason);
    if (rejected.length > 0) {
      process.stderr.write(
        `decode: ${total.messages} messages; rejected sentences: ${rejected.map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
      );
    }
  }
  // exit 3, as for ingest: an input broke off part way (what came before it was decoded)
  return broken > 0 ? 3 : 0;
}

export function registerDecode(program: Command): void {
  program
    .command('decode')
    .description('decode NMEA 0183 AIS sentences (files, .gz, or stdin)')
    .argument('[files...]', "input files; '-' or none for stdin")
    .option('--format <format>', 'jsonl | gpsd | csv', 'jsonl')
    .option('--unscaled', 'gpsd format: raw field values (gpsd -u)')
    .option('--stats', 'decode everything, print only counts by type and reject reason')
    .option('--json', 'with --stats: print the counts as JSON')
    .option('--split-24', 'gpsd format: print each type 24 half (gpsdecode -s)')
    .option('--verbose', 'print each rejected line to stderr')
    .option(
      '--lenient',
      "decode messages shorter than their type's length rule (gpsd drops them) as far as they go, flagged short: true and counted",
    )
    .action(async (files: string[], o: DecodeOptions) => {
      process.exitCode = await runDecode(files, o);
    });
}

// Worker threads run this same module: see decodeParallel.
if (
  !isMainThread &&
  parentPort !== null &&
  (workerData as WorkerInit | null)?.tallymanDecodeWorker === true
) {
  const port = parentPort;
  workerMain(workerData as WorkerInit, port).catch((err: unknown) =>
    port.postMessage({ kind: 'error', message: (err as Error).message } satisfies WorkerReply),
  );
}
