/**
 * The feed's routing on real captures (data/samples, shipped in the repository): every message the
 * grouper makes decodes on its own to exactly one AIS message of the MMSI it was routed by, and
 * together they are the messages a decode of the whole file gives (multi-sentence ones included).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AisDecoder } from '../../src/ais/decoder.js';
import { type FeedReject, MessageGrouper } from '../../src/scale/group.js';
import { classifyLine, mmsiOfPayload } from '../../src/scale/sentence.js';
import { partitionOf } from '../../src/scale/subjects.js';

const SAMPLES = new URL('../../data/samples/', import.meta.url).pathname;
const files = readdirSync(SAMPLES).filter((f) => !f.endsWith('.md'));

function decodeAll(text: string): string[] {
  const out: string[] = [];
  const d = new AisDecoder({
    onMessage: (m, meta) => out.push(`${m.type}|${m.mmsi}|${meta.receivedAtMs}|${meta.station}`),
  });
  d.push(Buffer.from(text));
  d.end();
  return out;
}

for (const f of files) {
  test(`grouped messages decode alone to the file's messages: ${f}`, () => {
    const text = readFileSync(join(SAMPLES, f), 'latin1');
    const whole = decodeAll(text);
    const g = new MessageGrouper();
    const rejects: FeedReject[] = [];
    const alone: string[] = [];
    let multi = 0;
    text.split('\n').forEach((line, i) => {
      const m = g.push(line.replace(/\r$/, ''), i + 1, rejects);
      if (m === null) return;
      const got = decodeAll(`${m.text}\n`);
      assert.equal(got.length, 1, `${f}:${m.line}: one message per group, got ${got.length}`);
      assert.equal(Number(got[0].split('|')[1]), m.mmsi, `${f}:${m.line}: routed by its own MMSI`);
      if (/!\w\wVD[MO],[2-9],/.test(m.text)) multi++;
      alone.push(got[0]);
    });
    g.end(rejects);
    assert.deepEqual(alone.sort(), whole.sort());
    assert.ok(whole.length > 0);
    if (f === 'dma-aislib-stream_example.txt') assert.ok(multi > 100, `multi-sentence messages: ${multi}`);
    for (const r of rejects) assert.ok(r.line > 0 && r.reason.length > 0);
  });
}

test('bad lines are rejected with their line and reason; good ones beside them still route', () => {
  const g = new MessageGrouper();
  const rejects: FeedReject[] = [];
  const good = '!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09';
  const lines = [
    good,
    '!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*0A', // checksum off by one
    'hello',
    '!AIVDM,2,2,7,A,88888888880,2*23', // a second fragment with no first
    good,
  ];
  const out = lines.map((l, i) => g.push(l, i + 1, rejects)).filter((m) => m !== null);
  assert.equal(out.length, 2);
  assert.deepEqual(
    rejects.map((r) => [r.line, r.reason]),
    [
      [2, 'bad-checksum'],
      [3, 'not-ais'],
      [4, 'orphan-fragment'],
    ],
  );
});

test('MMSI from the payload and partitions spread over MMSIs', () => {
  const k = classifyLine('!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09');
  assert.equal(k.kind, 'sentence');
  assert.equal(
    mmsiOfPayload('15NBj>PP1gG>1PVKTDTUJOv00<0M'),
    decodeAll('!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09\n').map((s) => Number(s.split('|')[1]))[0],
  );
  // 10,000 consecutive MMSIs (as a national range is handed out) over 16 partitions
  const counts = new Array(16).fill(0);
  for (let m = 273_000_000; m < 273_010_000; m++) counts[partitionOf(m, 16)]++;
  assert.ok(Math.min(...counts) > 500 && Math.max(...counts) < 750, `spread: ${counts.join(',')}`);
});
