/**
 * Short messages (lenient decode) and the empty last fragment, on real captured sentences.
 *
 * Short messages: real sentences from gpsd's Piraeus capture (shared/data/ais
 * gpsd-ais-raw-messages.log) cut to the lengths seen in the wild that gpsd's rules reject — a
 * 268-bit type 21 (rule: 272–368) and a 156-bit type 1 (rule: 163–204).
 * Empty last fragment: the two sentences of pyais issue 157 (a receiver's type 8 split in two, the
 * second part empty), which gpsd decodes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AisDecoder } from '../../src/ais/decoder.js';
import { GpsdFormatter } from '../../src/ais/format-gpsd.js';
import { formatJsonl } from '../../src/ais/format-jsonl.js';
import type { AisMessage } from '../../src/ais/messages.js';
import type { DecodeStats, MessageMeta, Reject } from '../../src/ais/types.js';
import { GpsdWriter } from '../../src/ais/write-gpsd.js';
import { writeJsonl } from '../../src/ais/write-jsonl.js';
import { captureHere, captureUrl } from '../helpers/captures.js';
import { armour } from './nmea-build.js';

const TYPE21 = '!AIVDM,1,1,,B,E>jKuN@1:WdhHP0000000000000@ln4;:n:6p30HHHgfR?,4*3A';
const TYPE1 = '!AIVDM,1,1,,B,13U4vF0P001d<UnEeSmQ>gv`04hd,0*4C';

function decode(text: string, lenient: boolean) {
  const msgs: { msg: AisMessage; meta: MessageMeta }[] = [];
  const rejects: Reject[] = [];
  const dec = new AisDecoder({
    lenient,
    onMessage: (msg, meta) => msgs.push({ msg, meta }),
    onReject: (r) => rejects.push(r),
  });
  dec.push(Buffer.from(text, 'latin1'));
  dec.end();
  return { msgs, rejects, stats: dec.stats as DecodeStats };
}

/** The payload bits of a one-sentence message, as bytes. */
function payloadBytes(sentence: string): { bytes: Uint8Array; bits: number } {
  const f = sentence.split(',');
  const payload = f[5];
  const fill = Number(f[6][0]);
  const bytes = new Uint8Array(Math.ceil((payload.length * 6) / 8) + 1);
  let p = 0;
  for (const ch of payload) {
    let v = ch.charCodeAt(0) - 48;
    if (v > 40) v -= 8;
    for (let i = 5; i >= 0; i--, p++) if ((v >> i) & 1) bytes[p >>> 3] |= 0x80 >>> (p & 7);
  }
  return { bytes, bits: payload.length * 6 - fill };
}

/** The real sentence cut to `bits` bits, re-armoured with a valid checksum. */
function cutTo(sentence: string, bits: number): string {
  const { bytes, bits: whole } = payloadBytes(sentence);
  assert.ok(bits < whole);
  for (let p = bits; p < bytes.length * 8; p++) bytes[p >>> 3] &= ~(0x80 >>> (p & 7));
  return armour(bytes, bits, 0, 'B')[0];
}

for (const [name, sentence, bits, lost] of [
  ['a 268-bit type 21', TYPE21, 268, ['raim', 'virtualAid', 'assigned']],
  ['a 156-bit type 1', TYPE1, 156, []],
] as const) {
  test(`${name}: rejected by default (gpsd's rule), decoded and flagged with lenient`, () => {
    const short = cutTo(sentence, bits);
    const strict = decode(`${short}\n`, false);
    assert.equal(strict.msgs.length, 0);
    assert.deepEqual(
      strict.rejects.map((r) => r.reason),
      ['too-short'],
    );
    assert.equal(strict.stats.shortDecoded, 0);

    const full = decode(`${sentence}\n`, false).msgs[0].msg as unknown as Record<string, unknown>;
    const lenient = decode(`${short}\n`, true);
    assert.equal(lenient.rejects.length, 0);
    assert.equal(lenient.stats.messages, 1);
    assert.equal(lenient.stats.shortDecoded, 1);
    assert.equal(lenient.stats.sentencesDecoded, lenient.stats.sentences, 'counts conserved');
    const m = lenient.msgs[0].msg as unknown as Record<string, unknown>;
    assert.equal(m.short, true);
    for (const [k, v] of Object.entries(full)) {
      if (lost.includes(k as never)) assert.equal(m[k], null, `${k} is past the end: null`);
      else if (k === 'radio') assert.equal(m[k], (v as number) >> (168 - bits), 'radio cut as gpsd cuts it');
      else assert.deepEqual(m[k], v, `${k} as in the whole message`);
    }
    // A position survives: the point of decoding it.
    assert.equal(typeof m.lon, 'number');
    assert.equal(typeof m.lat, 'number');

    // Every output prints it: JSON lines (the fast writer as the reference one) and gpsd JSON.
    const { msg, meta } = lenient.msgs[0];
    const ref = formatJsonl(msg, meta);
    assert.equal(JSON.parse(ref).short, true);
    const buf = Buffer.alloc(4096);
    assert.equal(buf.toString('utf8', 0, writeJsonl(buf, 0, msg, meta)), `${ref}\n`);
    const line = new GpsdFormatter({ scaled: false }).format(msg, meta.channel);
    assert.ok(line !== null);
    assert.equal(JSON.parse(line).mmsi, full.mmsi);
    const w = new GpsdWriter({ scaled: false });
    assert.equal(buf.toString('utf8', 0, w.write(buf, 0, msg, meta.channel)), `${line}\n`);
  });
}

test('lenient changes nothing for messages that meet their length rule (every real capture)', () => {
  for (const file of ['dma-aislib-stream_example.txt', 'gpsd-sample.aivdm', 'aisdb-test_data_20211101.nm4']) {
    if (!captureHere(file)) continue; // AISdb's capture: only beside a CI checkout
    const text = readFileSync(captureUrl(file), 'latin1');
    const a = decode(text, false);
    const b = decode(text, true);
    const whole = b.msgs.filter((x) => x.msg.short !== true);
    assert.equal(whole.length, a.msgs.length, file);
    assert.deepEqual(
      whole.map((x) => x.msg),
      a.msgs.map((x) => x.msg),
      file,
    );
    assert.equal(b.stats.shortDecoded, b.msgs.length - whole.length);
    assert.equal(
      b.stats.rejectedByReason['too-short'] ?? 0,
      (a.stats.rejectedByReason['too-short'] ?? 0) - b.stats.shortDecoded,
      file,
    );
  }
});

// pyais issue 157: a receiver split a type 8 in two and sent the second part empty.
const ISSUE_157 = [
  '!AIVDM,2,1,0,A,8@2R5Ph0GhRbUqe?n>KS?wvlFR06EuOwiOl?wnSwe7wvlOwwsAwwnSGmwvwt,0*4E',
  '!AIVDM,2,2,0,A,,0*16',
];

test('a two-part message whose last part is empty decodes (pyais issue 157), as gpsd does', () => {
  const r = decode(`${ISSUE_157.join('\n')}\n`, false);
  assert.deepEqual(r.rejects, []);
  assert.equal(r.msgs.length, 1);
  assert.equal(r.stats.sentences, 2);
  assert.equal(r.stats.sentencesDecoded, 2);
  const m = r.msgs[0].msg;
  // The same payload in one sentence decodes to the same message.
  const whole = payloadBytes(ISSUE_157[0]);
  const one = decode(`${armour(whole.bytes, whole.bits, 0)[0]}\n`, false);
  assert.deepEqual(m, one.msgs[0].msg);
  // gpsdecode -u's report for these two sentences (gpsd 3.22).
  assert.equal(
    new GpsdFormatter({ scaled: false }).format(m),
    '{"class":"AIS","device":"stdin","type":8,"repeat":1,"mmsi":2655619,"scaled":false,"dac":1,"fid":31,"lat":3579825,"lon":1135919,"accuracy":true,"timestamp":"19T14:12Z","wspeed":127,"wgust":127,"wdir":360,"wgustdir":360,"humidity":101,"airtemp":-1024,"dewpoint":501,"pressure":511,"pressuretend":3,"visgreater":true,"visibility":11,"waterlevel":4001,"leveltrend":3,"cspeed":255,"cdir":360,"cspeed2":255,"cdir2":360,"cdepth2":31,"cspeed3":255,"cdir3":360,"cdepth3":31,"waveheight":255,"waveperiod":63,"wavedir":360,"swellheight":255,"swellperiod":63,"swelldir":360,"seastate":13,"watertemp":501,"preciptype":7,"salinity":510,"ice":3}',
  );
  if (m.type !== 8 || m.app === null) throw new Error('expected a decoded IMO 289 met/hydro message');
  assert.equal(m.app.app, 'imo289-met-hydro');
  assert.equal(m.app.airTempC, null, 'not available');
  assert.ok(Math.abs((m.app.lat as number) - 3579825 / 60000) < 1e-9);
});

test('an empty payload is still refused alone, in a middle part, or with fill bits', () => {
  const alone = decode('!AIVDM,1,1,,B,,0*25\n', false);
  assert.deepEqual(
    alone.rejects.map((r) => r.reason),
    ['empty-payload'],
  );
  const body = (s: string) => {
    let x = 0;
    for (const c of s) x ^= c.charCodeAt(0);
    return `!${s}*${x.toString(16).toUpperCase().padStart(2, '0')}`;
  };
  const middle = decode(
    `${[body('AIVDM,3,1,5,A,8@2R5Ph0GhRbUqe?n>KS?wvlFR06EuOwiO,0'), body('AIVDM,3,2,5,A,,0'), body('AIVDM,3,3,5,A,l?wnSwe7wvlOwwsAwwnSGmwvwt,0')].join('\n')}\n`,
    false,
  );
  assert.equal(middle.msgs.length, 0);
  assert.ok(middle.rejects.some((r) => r.reason === 'empty-payload'));
  const withFill = decode(`${ISSUE_157[0]}\n${body('AIVDM,2,2,0,A,,2')}\n`, false);
  assert.equal(withFill.msgs.length, 0);
});
