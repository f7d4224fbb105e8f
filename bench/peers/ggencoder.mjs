#!/usr/bin/env node
// Benchmark peer: decode an NMEA file with npm ggencoder (GeoGate) and print JSON counts.
// Usage: node bench/peers/ggencoder.mjs FILE
// Its documented API: `new AisDecode(sentence, session)` per sentence, one session object kept
// across sentences for multi-part messages (as its own test/AisEncodeDecodeTest.js CheckFile does);
// `valid` says the message decoded. Every field of the message type is decoded by the constructor.
import { createRequire } from 'node:module';
import { forEachLine } from './lines.mjs';

const require = createRequire(import.meta.url);
const { AisDecode } = require('ggencoder');
const { version } = require('ggencoder/package.json');

const path = process.argv[2];
if (!path) {
  console.error('usage: node bench/peers/ggencoder.mjs FILE');
  process.exit(2);
}

let sentences = 0;
let messages = 0;
let decoded = 0;
const byType = {};
const rejectedByReason = {};
const session = {};

await forEachLine(path, (line) => {
  sentences++;
  const msg = new AisDecode(line, session);
  if (msg.valid) {
    messages++;
    decoded++;
    byType[msg.aistype] = (byType[msg.aistype] ?? 0) + 1;
    return;
  }
  // a first or middle fragment is not a message yet: no error, nothing decoded
  if (msg.error === '' && !isLastFragment(line)) return;
  messages++;
  const reason = msg.error === '' ? `not valid (type ${msg.aistype ?? '?'})` : msg.error;
  rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + 1;
});

console.log(
  JSON.stringify({
    decoder: `ggencoder ${version}`,
    sentences,
    messages,
    decoded,
    rejected: messages - decoded,
    byType,
    rejectedByReason,
  }),
);

// "!AIVDM,2,1,..." → fragment count field equals fragment number field
function isLastFragment(line) {
  const a = line.indexOf(',');
  const b = line.indexOf(',', a + 1);
  const c = line.indexOf(',', b + 1);
  return line.slice(a + 1, b) === line.slice(b + 1, c);
}
