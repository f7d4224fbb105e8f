/**
 * Following a file being appended (`tallyman watch PATH`, src/sources/live-feed.ts): lines land
 * as they are appended, a line written in two parts is read whole, and a file truncated or
 * replaced (log rotation) is read again from its start, like `tail -F`.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { followSource } from '../../src/sources/live-feed.js';
import type { Batch } from '../../src/sources/types.js';
import { tempDir } from '../cli/run-cli.js';
import { scenarioFiles } from '../server/fixture.js';

const LINES = readFileSync(scenarioFiles().nmea, 'utf8').split('\n').filter(Boolean);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('follows appends, joins a split line, and starts over after truncation and replacement', async () => {
  const dir = tempDir('tallyman-follow-');
  const file = join(dir, 'feed.nmea');
  writeFileSync(file, `${LINES.slice(0, 100).join('\n')}\n`);
  const stop = new AbortController();
  const src = followSource(file, { signal: stop.signal, flushMs: 20, pollMs: 20 });
  const seen: Batch[] = [];
  const reading = (async () => {
    for await (const b of src.batches()) seen.push(b);
  })();
  const fixes = () => seen.reduce((n, b) => n + b.positions.length + b.statics.length, 0);
  const waitFor = async (n: number) => {
    for (let t = 0; fixes() < n && t < 200; t++) await sleep(20);
  };
  await waitFor(1);
  const first = fixes();
  assert.ok(first > 50, `${first} records from the first 100 lines`);
  // a line written in two parts, the second after the reader has seen the first
  const line = LINES[100];
  appendFileSync(file, line.slice(0, 20));
  await sleep(100);
  appendFileSync(file, `${line.slice(20)}\n${LINES.slice(101, 200).join('\n')}\n`);
  await waitFor(first + 50);
  const second = fixes();
  assert.ok(second > first + 50, `${second} after the append`);
  // truncated and rewritten shorter: read again from the start
  writeFileSync(file, `${LINES.slice(0, 10).join('\n')}\n`);
  await waitFor(second + 5);
  const third = fixes();
  assert.ok(third > second, `${third} after truncation`);
  // replaced by another file (rotation): read from its start
  const next = join(dir, 'next.nmea');
  writeFileSync(next, `${LINES.slice(200, 300).join('\n')}\n`);
  renameSync(next, file);
  await waitFor(third + 50);
  stop.abort();
  await reading;
  assert.ok(fixes() > third + 50, `${fixes()} after replacement`);
  // the split line was read whole; the only rejects are the first halves of two-sentence
  // messages that the truncation and the replacement cut off (lines 10 and 100 of those files)
  const rejects = seen.flatMap((b) => b.rejects).map((r) => `${r.line} ${r.reason}`);
  assert.deepEqual(rejects, ['210 incomplete-message', '310 incomplete-message']);
  assert.equal(src.counts.lines, 100 + 100 + 10 + 100);
});
