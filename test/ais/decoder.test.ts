/** Framing, receive context and robustness of AisDecoder on real captures and damaged input. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { AisDecoder } from '../../src/ais/decoder.js';
import type { AisMessage } from '../../src/ais/messages.js';
import type { DecodeStats, MessageMeta, Reject } from '../../src/ais/types.js';
import { captureUrl, sharedSkip } from '../helpers/captures.js';

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
  const { msgs, stats } = run(readFileSync(captureUrl('libais-tagblock.nmea')));
  const expected = readFileSync(captureUrl('libais-tagblock.json'), 'utf8')
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
  const { msgs } = run(readFileSync(captureUrl('pyais-gatehouse.nmea')));
  assert.equal(msgs[0].meta.receivedAtMs, Date.UTC(2008, 4, 9, 0, 0, 0, 10));
  assert.equal(msgs[1].meta.receivedAtMs, null, 'a message without its own $PGHP is not stamped');
  const dump = run(readFileSync(captureUrl('dma-aislib-replay_dump.txt')));
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
  const { stats } = run(readFileSync(captureUrl('dma-aislib-ais250.txt')));
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
  const text = readFileSync(captureUrl('pyais-mixed.txt'));
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
  const real = readFileSync(captureUrl('gpsd-sample.aivdm'), 'latin1')
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

/** Everything a decoder reports, in order, for comparing two ways of feeding it. */
function transcript(input: Buffer, chunk: number, maxPendingGroups?: number): string[] {
  const out: string[] = [];
  const d = new AisDecoder({
    onMessage: (msg, meta) => out.push(JSON.stringify([msg, meta])),
    onReject: (r) => out.push(JSON.stringify(r)),
    maxPendingGroups,
  });
  for (let i = 0; i < input.length; i += chunk) {
    // A copy the caller overwrites once pushed: nothing may be read from it afterwards.
    const piece = Buffer.from(input.subarray(i, i + chunk));
    d.push(piece);
    piece.fill(0x30);
  }
  d.end();
  out.push(JSON.stringify(d.stats));
  return out;
}

function tagged(fields: string, sentence: string): string {
  let x = 0;
  for (let i = 0; i < fields.length; i++) x ^= fields.charCodeAt(i);
  return `\\${fields}*${x.toString(16).toUpperCase().padStart(2, '0')}\\${sentence}`;
}

const TYPE5 = [
  withChecksum('AIVDM,2,1,3,B,55P5TL01VIaAL@7WKO@mBplU@<PDhh000000001S;AJ::4A80?4i@E53,0'),
  withChecksum('AIVDM,2,2,3,B,1@0000000000000,2'),
];

test('tag-block lines read whole (fast lane) and byte by byte (general path) give the same', {
  skip: sharedSkip(),
}, () => {
  const lines = [
    ...readFileSync(captureUrl('aisdb-test_data_20211101.nm4'), 'latin1').split('\n').slice(0, 300),
    ...readFileSync(captureUrl('libais-tagblock.nmea'), 'latin1').split('\n'),
    tagged('s:station-a,c:1700000000', GOOD),
    tagged('s:station-b,c:1700000001123', GOOD),
    tagged('c:1700000002', GOOD),
    tagged('s:station-a,c:1700000003', GOOD).replace('*', '*0'), // tag checksum with three digits: bad
    `${tagged('s:station-a,c:1700000004', GOOD).slice(0, -GOOD.length)}`, // alone: stamps the next
    GOOD,
    tagged('s:station-a,c:1700000005', GOOD.replace('*3E', '*3F')), // bad sentence checksum
    tagged('s:station-c,c:1700000006', TYPE5[0]),
    tagged('s:station-c,c:1700000006', TYPE5[1]),
    tagged('s:station-a,c:1700000007', `${GOOD},r003669945`),
    `${tagged('s:station-a,c:1700000008', GOOD)}\r`,
  ];
  const input = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  const whole = transcript(input, input.length);
  assert.ok(whole.length > 300);
  for (const size of [1, 5, 333]) assert.deepEqual(transcript(input, size), whole, `chunks of ${size}`);
});

test('a multi-part message across chunks, and waiting groups dropped oldest first', () => {
  const g = (seq: number, chan: string) => TYPE5.map((l) => l.replace(',3,B,', `,${seq},${chan},`));
  const fix = (l: string) => withChecksum(l.slice(1, l.indexOf('*')));
  const [a1, a2] = g(1, 'A').map(fix);
  const [b1, b2] = g(2, 'A').map(fix);
  const [c1] = g(3, 'B').map(fix);
  // a completes across a chunk boundary; b waits behind c and d, and with room for two groups
  // the oldest waiting one is dropped when a third begins.
  const input = Buffer.from(`${[a1, a2, b1, c1, tagged('s:x', TYPE5[0]), b2, a1].join('\n')}\n`, 'latin1');
  for (const maxPending of [2, 256]) {
    const whole = transcript(input, input.length, maxPending);
    for (const size of [1, 17, a1.length + 1]) {
      assert.deepEqual(transcript(input, size, maxPending), whole, `chunks of ${size}, ${maxPending} groups`);
    }
    const rejects = whole.filter((l) => l.includes('"reason"')).map((l) => JSON.parse(l) as Reject);
    const decoded = whole.filter((l) => l.startsWith('[')).length;
    if (maxPending === 2) {
      // b is dropped when the tagged group begins (b, c waiting), so b2 is an orphan.
      assert.deepEqual(
        rejects.map((r) => [r.reason, r.line]),
        [
          ['incomplete-message', 3],
          ['orphan-fragment', 6],
          ['incomplete-message', 4],
          ['incomplete-message', 5],
          ['incomplete-message', 7],
        ],
      );
      assert.equal(rejects[0].text, b1, 'the dropped group shows its first sentence');
      assert.equal(decoded, 1);
    } else {
      assert.deepEqual(
        rejects.map((r) => [r.reason, r.line]),
        [
          ['incomplete-message', 4],
          ['incomplete-message', 5],
          ['incomplete-message', 7],
        ],
      );
      assert.equal(decoded, 2);
    }
  }
});
