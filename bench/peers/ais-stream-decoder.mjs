#!/usr/bin/env node
// Benchmark peer: decode an NMEA file with npm ais-stream-decoder and print JSON counts.
// Usage: node bench/peers/ais-stream-decoder.mjs FILE [--count-errors]
// Its documented API: a Transform stream; write one sentence per call, each decoded message comes
// out as a 'data' event (a JSON string). It reassembles multi-part messages itself and silently
// skips the types it does not support.
// Default mode is the README's `{ silent: true }` (decoding errors are swallowed): the fast path,
// used for timing. `--count-errors` uses the default (non-silent) mode, where a decoding error
// errors the stream; a fresh decoder then takes over, so each error is counted by reason. That
// recovery costs time, so the harness runs it once for counts only.
import { createRequire } from 'node:module';
import AisDecoderModule from 'ais-stream-decoder';
import { forEachLine } from './lines.mjs';

const AisDecoder = AisDecoderModule.default ?? AisDecoderModule;
const { version } = createRequire(import.meta.url)('ais-stream-decoder/package.json');
const path = process.argv[2];
const countErrors = process.argv.includes('--count-errors');
if (!path) {
  console.error('usage: node bench/peers/ais-stream-decoder.mjs FILE [--count-errors]');
  process.exit(2);
}

let sentences = 0;
let decoded = 0;
let errors = 0;
const byType = {};
const rejectedByReason = {};

const onData = (json) => {
  decoded++;
  // output starts with {"type":N — read N without re-parsing the whole message
  const type = Number.parseInt(json.slice(8, 10), 10);
  byType[type] = (byType[type] ?? 0) + 1;
};
const makeDecoder = () => {
  const d = new AisDecoder({ silent: !countErrors });
  d.on('data', onData);
  d.on('error', () => {}); // counted below from d.errored
  return d;
};

let decoder = makeDecoder();
await forEachLine(path, (line) => {
  sentences++;
  decoder.write(line);
  if (countErrors && decoder.errored) {
    errors++;
    const reason = decoder.errored.message.replace(/ \(.*$/, '');
    rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + 1;
    decoder = makeDecoder();
  }
});
decoder.end();

console.log(
  JSON.stringify({
    decoder: `ais-stream-decoder ${version}`,
    mode: countErrors ? 'count-errors' : 'silent',
    sentences,
    decoded,
    rejected: countErrors ? errors : null,
    byType,
    rejectedByReason,
  }),
);
