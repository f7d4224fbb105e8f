/** Framing, receive context and robustness of AisDecoder on real captures and damaged input. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { AisDecoder } from '../../src/ais/decoder.js';
import type { AisMessage } from '../../src/ais/messages.js';
import type { DecodeStats, MessageMeta, Reject } from '../../src/ais/types.js';

const DATA = new URL('../../../shared/data/ais/', import.meta.url);

function run(input: Uint8Array | string, chunk = 0) {
  const msgs: { msg: AisMessage; meta: MessageMeta }[] = [];
  const rejects: Reject[] = [];
  const d = new AisDecoder({
    onMessage: (msg, meta) => msgs.push({ msg, meta }),
    onReject: (r) => rejects.push(r),
    maxLineBytes: 4096,
  });
  const buf = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  if (chunk > 0) for (let i = 0; i < buf.length; i += chunk) d.push(buf.subarray(i, i + chunk));
  else d.push(buf);
  d.end();
  return { msgs, rejects, stats: d.stats };
}

function assertConserved(s: DecodeStats): void {
  const rejected = Object.values(s.rejectedByReason).reduce((a, b) => a + (b ?? 0), 0);
  const ignored = Object.values(s.ignoredByReason).reduce((a, b) => a + (b ?? 0), 0);
  assert.equal(s.sentences, s.sentencesDecoded + rejected, 'sentences = decoded + rejected');
  assert.equal(s.lines, s.aisLines + ignored, 'lines = AIS lines + ignored');
}

const GOOD = '!AIVDM,1,1,,B,14pWHb?P03rwO<F:RQOnROw<25bd,0*3E';

test('tag blocks: group reassembly of interleaved parts, station and time (libais-tagblock)', () => {
  const { msgs, stats } = run(readFileSync(new URL('libais-tagblock.nmea', DATA)));
  const expected = readFileSync(new URL('libais-tagblock.json', DATA), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(msgs.length, expected.length);
  for (const e of expected) {
    const m = msgs.find(
      (x) =>
        x.msg.mmsi === e.mmsi &&
        x.msg.type === e.type &&
        (e.type !== 1 || (x.msg as { second: number }).second === e.second),
    );
    assert.ok(m, `message ${e.mmsi}`);
    assert.equal(m.meta.station, e.tagblock_station);
    assert.equal(m.meta.receivedAtMs, Date.parse(e.tagblock_timestamp));
  }
  assertConserved(stats);
});

test('$PGHP stamps the next message (pyais-gatehouse.nmea, dma replay dump)', () => {
  const { msgs } = run(readFileSync(new URL('pyais-gatehouse.nmea', DATA)));
  assert.equal(msgs[0].meta.receivedAtMs, Date.UTC(2008, 4, 9, 0, 0, 0, 10));
  assert.equal(msgs[1].meta.receivedAtMs, null, 'a message without its own $PGHP is not stamped');
  const dump = run(readFileSync(new URL('dma-aislib-replay_dump.txt', DATA)));
  assert.ok(
    dump.msgs.every((m) => m.meta.receivedAtMs !== null && m.meta.receivedAtMs > Date.UTC(2013, 2, 17)),
  );
});

test('epoch prefixes and USCG receiver fields give the receive time', () => {
  const a = run(`1272412827 ${GOOD}\n1272412827.123,${GOOD}\n${GOOD},b003669794,1272412828\n`);
  assert.deepEqual(
    a.msgs.map((m) => m.meta.receivedAtMs),
    [1272412827000, 1272412827123, 1272412828000],
  );
  assert.equal(a.msgs[2].meta.station, 'b003669794');
});

test('literal \\r\\n glued sentences are split and decoded (dma-aislib-ais250.txt)', () => {
  const { stats } = run(readFileSync(new URL('dma-aislib-ais250.txt', DATA)));
  assert.equal(stats.byType[5], 8 + (stats.byType[5] - 8));
  assert.equal(stats.messages, 243);
  assert.deepEqual(stats.rejectedByReason, {});
  assertConserved(stats);
});

test('robustness: each bad line counted under its reason, good ones beside still decoded', () => {
  const lines = [
    GOOD, // preceded by a UTF-8 BOM below
    'garbage text',
    GOOD.replace('*3E', '*3F'), // bad checksum
    GOOD.replace(',0*3E', ''), // no checksum
    '!AIVDM,1,1,,B,14pWHb?P03rwO<F:RQOnROw<25bd,0*3E'.slice(0, 20), // truncated
    withChecksum('AIVDM,1,1,,B,14pWHb?P03rwO<F:RQOnROw<25b~,0'), // invalid six-bit
    withChecksum('AIVDM,1,1,,B,14pWHb?P03rwO<F:RQOnROw<25bd,7'), // wrong fill bits
    withChecksum('AIVDM,1,1,,B,14pWHb?P03,0'), // too short for type 1
    withChecksum('AIVDM,2,2,3,A,88888888880,2'), // orphan part 2
    withChecksum('AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0'),
    withChecksum('AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0'), // restarts: first incomplete
    withChecksum('AIVDM,2,2,1,A,88888888880,2'),
    withChecksum('AIVDM,2,2,1,A,88888888880,2'), // duplicate after completion → orphan
    '\x00\x01\x02\xff\xfe junk',
    `${GOOD}\r${GOOD}`, // lone CR between two sentences
    'x'.repeat(1_000_000),
    GOOD,
  ];
  const { msgs, stats, rejects } = run(`${lines.join('\r\n')}\n`, 65536);
  const r = stats.rejectedByReason;
  if (process.env.DEBUG_AIS) console.log(rejects.map((x) => [x.reason, x.line, x.text.slice(0, 20)]));
  assert.equal(r['bad-checksum'], 1);
  assert.equal(r['no-checksum'], 2);
  assert.equal(r['invalid-sixbit'], 1);
  assert.equal(r['bad-fill-bits'], 1);
  assert.equal(r['too-short'], 1);
  assert.equal(r['orphan-fragment'], 2);
  assert.equal(r['incomplete-message'], 1);
  assert.equal(r['binary-junk'], 1);
  assert.equal(r['line-too-long'], 1);
  assert.equal(stats.ignoredByReason['not-nmea'], 1);
  assert.equal(msgs.filter((m) => m.msg.mmsi === 327801000).length, 4, 'the good sentences still decode');
  assert.equal(msgs.filter((m) => m.msg.type === 5).length, 1);
  assertConserved(stats);
});

test('a sentence split across chunks at every offset decodes the same', () => {
  const text = readFileSync(new URL('pyais-mixed.txt', DATA));
  const whole = run(text);
  for (const size of [1, 2, 3, 7, 64]) {
    const parts = run(text, size);
    assert.deepEqual(parts.stats, whole.stats);
  }
});

function withChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return `!${body}*${x.toString(16).toUpperCase().padStart(2, '0')}`;
}

test('property: random bytes and mutated real sentences never throw and counts are conserved', () => {
  const real = readFileSync(new URL('gpsd-sample.aivdm', DATA), 'latin1')
    .split('\n')
    .filter((l) => l.startsWith('!'));
  const mutated = fc
    .tuple(fc.constantFrom(...real), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean())
    .map(([s, pos, byte, del]) => {
      const p = pos % (s.length + 1);
      return del ? s.slice(0, p) + s.slice(p + 1) : s.slice(0, p) + String.fromCharCode(byte) + s.slice(p);
    });
  fc.assert(
    fc.property(
      fc.array(fc.oneof(mutated, fc.constantFrom(...real), fc.string({ unit: 'binary', maxLength: 200 })), {
        maxLength: 30,
      }),
      fc.integer({ min: 1, max: 50 }),
      (lines, chunk) => {
        const { stats } = run(Buffer.from(lines.join('\n'), 'latin1'), chunk);
        assertConserved(stats);
      },
    ),
    { numRuns: 1000 },
  );
});
