/**
 * `tallyman decode [files...]`: decode NMEA/AIS to JSON lines (default), gpsd JSON or CSV, or only
 * count (`--stats`). `-` or no file reads stdin; `.gz` files are gunzipped while streaming.
 *
 * Exit codes:
 *   0  decoded (rejected lines are counted and reported, they are not an error)
 *   1  usage or I/O error (unreadable file, bad option)
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Command } from 'commander';
import { AisDecoder } from '../ais/decoder.js';
import { GpsdFormatter } from '../ais/format-gpsd.js';
import { CSV_HEADER, formatCsvRow, formatJsonl } from '../ais/format-jsonl.js';
import type { AisMessage } from '../ais/messages.js';
import type { DecodeStats, MessageMeta } from '../ais/types.js';

interface DecodeOptions {
  format: 'jsonl' | 'gpsd' | 'csv';
  unscaled?: boolean;
  stats?: boolean;
  json?: boolean;
  split24?: boolean;
  verbose?: boolean;
}

/** Output buffered into ~64 KB writes. */
class Out {
  private buf = '';
  write(s: string): void {
    this.buf += s;
    if (this.buf.length >= 65536) this.flush();
  }
  flush(): void {
    if (this.buf.length > 0) {
      process.stdout.write(this.buf);
      this.buf = '';
    }
  }
}

async function decodeStream(
  name: string,
  stream: NodeJS.ReadableStream,
  opts: DecodeOptions,
  onMessage: (msg: AisMessage, meta: MessageMeta) => void,
): Promise<DecodeStats> {
  const dec = new AisDecoder({
    onMessage,
    onReject: opts.verbose
      ? (r) => process.stderr.write(`${name}:${r.line}: ${r.reason}: ${r.text}\n`)
      : undefined,
  });
  for await (const chunk of stream) dec.push(chunk as Buffer);
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
  const gpsd = new GpsdFormatter({ scaled: !opts.unscaled, split24: opts.split24 });
  let onMessage: (msg: AisMessage, meta: MessageMeta) => void;
  if (opts.stats) onMessage = () => {};
  else if (opts.format === 'gpsd')
    onMessage = (msg, meta) => {
      const l = gpsd.format(msg, meta.channel);
      if (l !== null) out.write(`${l}\n`);
    };
  else if (opts.format === 'csv') {
    out.write(`${CSV_HEADER}\n`);
    onMessage = (msg, meta) => {
      const l = formatCsvRow(msg, meta);
      if (l !== null) out.write(`${l}\n`);
    };
  } else onMessage = (msg, meta) => out.write(`${formatJsonl(msg, meta)}\n`);

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
  for (const f of inputs) {
    let stream: NodeJS.ReadableStream;
    if (f === '-') stream = process.stdin;
    else {
      const raw = createReadStream(f, { highWaterMark: 1 << 20 });
      stream = f.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    }
    try {
      merge(total, await decodeStream(f, stream, opts, onMessage));
    } catch (err) {
      out.flush();
      process.stderr.write(`decode: ${f}: ${(err as Error).message}\n`);
      return 1;
    }
  }
  out.flush();
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
