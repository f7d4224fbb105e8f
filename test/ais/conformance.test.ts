/**
 * Conformance with gpsd's expected output on every real capture in shared/data/ais: every report,
 * every field (numbers; `*_text` labels differ between gpsd versions). A mismatch passes only when a
 * rule in test/ais/differences.ts explains it. Prints a per-file table.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { captureHere, sharedSkip } from '../helpers/captures.js';
import {
  type Comparison,
  compare,
  compareChkPipe,
  compareLibais,
  decodeToGpsd,
  type LibaisComparison,
  readExpected,
} from './conformance-lib.js';

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
const libaisRows: string[] = [];
after(() => {
  console.log(
    '\nfile | expected | matched | byte-identical | mismatched | 6/8 decoded by gpsd (byte-identical) | listed differences | unexplained',
  );
  for (const r of rows) console.log(r);
  console.log(
    '\nlibais file | objects | matched | fields compared | equal | listed differences | unexplained | libais-only keys (not compared)',
  );
  for (const r of libaisRows) console.log(r);
});

for (const c of CASES) {
  test(`gpsd conformance: ${c.expected}`, {
    todo: c.todo,
    skip: captureHere(c.input) ? false : sharedSkip(),
  }, () => {
    const cmp: Comparison = compare(
      readExpected(c.expected, c.daemon),
      decodeToGpsd(c.input, { scaled: c.scaled, device: c.device }),
    );
    rows.push(
      `${c.expected} | ${cmp.expected} | ${cmp.matched} | ${cmp.identical} | ${cmp.mismatched} | ${cmp.apps} (${cmp.appsIdentical}) | ${JSON.stringify(Object.fromEntries(cmp.listed))} | ${cmp.unexplained.length}`,
    );
    assert.ok(cmp.expected > 0);
    // Every application payload gpsd decoded is decoded by tallyman and printed the same, byte for byte.
    assert.equal(cmp.appsIdentical, cmp.apps, 'type 6/8 application reports byte-identical');
    assert.ok(cmp.matched >= cmp.expected * 0.95, 'most expected reports are matched');
    assert.deepEqual(cmp.unexplained.slice(0, 5), [], 'every mismatch is listed in test/ais/differences.ts');
  });
}

test('gpsd conformance: gpsd-sample.aivdm.chk (gpsdecode -u -c, pipe-separated)', () => {
  const cmp = compareChkPipe('gpsd-sample.aivdm.chk', decodeToGpsd('gpsd-sample.aivdm', { scaled: false }));
  rows.push(
    `gpsd-sample.aivdm.chk | ${cmp.expected} | ${cmp.matched} | ${cmp.identical} | ${cmp.mismatched} | - | ${JSON.stringify(Object.fromEntries(cmp.listed))} | ${cmp.unexplained.length}`,
  );
  assert.equal(cmp.matched, cmp.expected);
  assert.deepEqual(cmp.unexplained.slice(0, 5), [], 'every mismatch is listed in test/ais/differences.ts');
});

// libais's scaled JSON (written by an older libais), compared field by field where libais and
// tallyman both have the field; test/ais/differences.ts LIBAIS_DIFFERENCES lists the accepted ones.
for (const [nmea, json] of [
  ['libais-typeexamples.nmea', 'libais-typeexamples.json'],
  ['libais-tagblock.nmea', 'libais-tagblock.json'],
]) {
  test(`libais conformance: ${json}`, () => {
    const c: LibaisComparison = compareLibais(nmea, json);
    libaisRows.push(
      `${json} | ${c.objects} | ${c.matched} | ${c.fieldsCompared} | ${c.fieldsEqual} | ${JSON.stringify(Object.fromEntries(c.listed))} | ${c.unexplained.length} | ${[...c.libaisOnlyKeys].sort().join(' ')}`,
    );
    assert.equal(c.matched, c.objects, 'every libais object has a tallyman message');
    assert.ok(c.fieldsEqual >= c.fieldsCompared * 0.9, 'most common fields are equal');
    assert.deepEqual(c.unexplained.slice(0, 5), [], 'every mismatch is listed in LIBAIS_DIFFERENCES');
  });
}
