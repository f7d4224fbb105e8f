/**
 * Conformance with gpsd's expected output on every real capture in shared/data/ais: every report,
 * every field (numbers; `*_text` labels differ between gpsd versions). A mismatch passes only when a
 * rule in src/ais/differences.ts explains it. Prints a per-file table.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { type Comparison, compare, decodeToGpsd, readExpected } from './conformance-lib.js';

interface Case {
  input: string;
  expected: string;
  daemon: boolean;
  scaled: boolean;
  device: string | null;
  todo?: string;
}

const jsonl = (f: string, todo?: string): Case => ({
  input: f,
  expected: `${f}.gpsdecode-u.jsonl`,
  daemon: false,
  scaled: false,
  device: 'stdin',
  todo,
});
const CASES: Case[] = [
  {
    input: 'gpsd-ais-18-27.log',
    expected: 'gpsd-ais-18-27.log.chk',
    daemon: true,
    scaled: false,
    device: null,
  },
  {
    input: 'gpsd-ais-raw-messages.log',
    expected: 'gpsd-ais-raw-messages.log.chk',
    daemon: true,
    scaled: false,
    device: null,
  },
  {
    input: 'gpsd-ais_unpack_sixbit.log',
    expected: 'gpsd-ais_unpack_sixbit.log.chk',
    daemon: true,
    scaled: false,
    device: null,
  },
  {
    input: 'gpsd-sample.aivdm',
    expected: 'gpsd-sample.aivdm.ju.chk',
    daemon: false,
    scaled: false,
    device: 'stdin',
  },
  {
    input: 'gpsd-sample.aivdm',
    expected: 'gpsd-sample.aivdm.js.chk',
    daemon: false,
    scaled: true,
    device: 'stdin',
  },
  jsonl('aisdb-test_data_20211101.nm4'),
  jsonl('dma-aislib-ais250.txt'),
  jsonl('dma-aislib-decode_encode_messages.txt'),
  jsonl('dma-aislib-replay_dump.txt'),
  jsonl('dma-aislib-small_cb_example.txt'),
  jsonl('dma-aislib-stream_example.txt'),
];

const rows: string[] = [];
after(() => {
  console.log('\nfile | expected | matched | byte-identical | mismatched | listed differences | unexplained');
  for (const r of rows) console.log(r);
});

for (const c of CASES) {
  test(`gpsd conformance: ${c.expected}`, { todo: c.todo }, () => {
    const cmp: Comparison = compare(
      readExpected(c.expected, c.daemon),
      decodeToGpsd(c.input, { scaled: c.scaled, device: c.device }),
    );
    rows.push(
      `${c.expected} | ${cmp.expected} | ${cmp.matched} | ${cmp.identical} | ${cmp.mismatched} | ${JSON.stringify(Object.fromEntries(cmp.listed))} | ${cmp.unexplained.length}`,
    );
    assert.ok(cmp.expected > 0);
    assert.ok(cmp.matched >= cmp.expected * 0.95, 'most expected reports are matched');
    assert.deepEqual(cmp.unexplained.slice(0, 5), [], 'every mismatch is listed in src/ais/differences.ts');
  });
}
