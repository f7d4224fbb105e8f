/**
 * `tallyman decode [files...]`: decode NMEA/AIS to JSON lines (default), gpsd JSON or CSV, or only
 * count (`--stats`). `-` or no file reads stdin; `.gz` files are gunzipped while streaming.
 *
 * Exit codes:
 *   0  decoded (rejected lines are counted and reported, they are not an error)
 *   1  usage or I/O error (unreadable file, bad option)
 */
import { closeSync, createReadStream, openSync, readSync, writeSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Command } from 'commander';
import { AisDecoder } from '../ais/decoder.js';
import { CSV_HEADER, formatCsvRow } from '../ais/format-jsonl.js';
import type { AisMessage } from '../ais/messages.js';
import type { DecodeStats, MessageMeta } from '../ais/types.js';
import { MAX_LINE_BYTES } from '../ais/write-bytes.js';
import { GpsdWriter } from '../ais/write-gpsd.js';
import { writeJsonl } from '../ais/write-jsonl.js';

interface DecodeOptions {
  format: 'jsonl' | 'gpsd' | 'csv';
  unscaled?: boolean;
  stats?: boolean;
  json?: boolean;
  split24?: boolean;
  verbose?: boolean;
}

/** Output is flushed in writes of about this many bytes. */
const OUT_FLUSH_BYTES = 1 << 20;
/** Files are read in chunks of this size (sentences may span chunks). */
const READ_CHUNK_BYTES = 8 << 20;

/** Stdout closed by the reader (`| head`): stop decoding quietly. */
class OutputClosed extends Error {}

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
): Promise<DecodeStats> {
  const dec = new AisDecoder({
    onMessage,
    onReject: opts.verbose
      ? (r) => process.stderr.write(`${name}:${r.line}: ${r.reason}: ${r.text}\n`)
      : undefined,
  });
  if (name !== '-' && !name.endsWith('.gz')) {
    decodeFile(name, dec);
  } else {
    let stream: NodeJS.ReadableStream = process.stdin;
    if (name !== '-') stream = createReadStream(name, { highWaterMark: 1 << 20 }).pipe(createGunzip());
    for await (const chunk of stream) dec.push(chunk as Buffer);
  }
  dec.end();
  return dec.stats;
}

function merge(total: DecodeStats, s: DecodeStats): void {
  total.lines += s.lines;
  total.aisLines += s.aisLines;
  total.sentences += s.sentences;
  total.messages += s.messages;
  total.sentencesDecoded += s.sentencesDecoded;
  total.badTagBlocks += s.badTagBlocks;
  for (const [k, v] of Object.entries(s.byType)) total.byType[+k] = (total.byType[+k] ?? 0) + v;
  for (const [k, v] of Object.entries(s.rejectedByReason)) {
    const key = k as keyof DecodeStats['rejectedByReason'];
    total.rejectedByReason[key] = (total.rejectedByReason[key] ?? 0) + (v ?? 0);
  }
  for (const [k, v] of Object.entries(s.ignoredByReason)) {
    const key = k as keyof DecodeStats['ignoredByReason'];
    total.ignoredByReason[key] = (total.ignoredByReason[key] ?? 0) + (v ?? 0);
  }
}

function statsTable(s: DecodeStats): string {
  const rows: string[] = [];
  rows.push(`lines              ${s.lines}`);
  rows.push(`ais sentences      ${s.sentences}`);
  rows.push(`messages decoded   ${s.messages}`);
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
  if (opts.stats) onMessage = () => {};
  else if (opts.format === 'gpsd') {
    const gpsd = new GpsdWriter({ scaled: !opts.unscaled, split24: opts.split24 });
    onMessage = (msg, meta) => {
      out.pos = gpsd.write(out.buf, out.pos, msg, meta.channel);
      if (out.pos >= OUT_FLUSH_BYTES) out.flush();
    };
  } else if (opts.format === 'csv') {
    out.write(`${CSV_HEADER}\n`);
    onMessage = (msg, meta) => {
      const l = formatCsvRow(msg, meta);
      if (l !== null) out.write(`${l}\n`);
    };
  } else
    onMessage = (msg, meta) => {
      out.pos = writeJsonl(out.buf, out.pos, msg, meta);
      if (out.pos >= OUT_FLUSH_BYTES) out.flush();
    };

  const total: DecodeStats = {
    lines: 0,
    aisLines: 0,
    sentences: 0,
    messages: 0,
    sentencesDecoded: 0,
    byType: {},
    rejectedByReason: {},
    ignoredByReason: {},
    badTagBlocks: 0,
  };
  const inputs = files.length === 0 ? ['-'] : files;
  try {
    for (const f of inputs) {
      try {
        merge(total, await decodeInput(f, opts, onMessage));
      } catch (err) {
        if (err instanceof OutputClosed) throw err;
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
    const rejected = Object.entries(total.rejectedByReason);
    if (rejected.length > 0) {
      process.stderr.write(
        `decode: ${total.messages} messages; rejected sentences: ${rejected.map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
      );
    }
  }
  return 0;
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
    .action(async (files: string[], o: DecodeOptions) => {
      process.exitCode = await runDecode(files, o);
    });
}
