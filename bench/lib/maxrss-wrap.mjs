// Runs a Node script in this process and, when the process exits, writes its peak RSS in KiB
// (process.resourceUsage().maxRSS) to OUTFILE: the peak-memory measure where GNU time
// (/usr/bin/time, Debian package `time`) is not installed.
//
//   node bench/lib/maxrss-wrap.mjs OUTFILE SCRIPT [ARGS…]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [outFile, script, ...args] = process.argv.slice(2);
if (!outFile || !script) {
  process.stderr.write('usage: node bench/lib/maxrss-wrap.mjs OUTFILE SCRIPT [ARGS…]\n');
  process.exit(2);
}
process.on('exit', () => writeFileSync(outFile, `${process.resourceUsage().maxRSS}\n`));
process.argv = [process.argv[0], resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
