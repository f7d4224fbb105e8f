/**
 * `tallyman feed` from each kind of input `ingest` takes — a gzip file, stdin, a live tcp:// feed —
 * into a real JetStream stream: what lands, on which subject, with which receive time.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { MessageGrouper } from '../../src/scale/group.js';
import { aisSubject, partitionOf } from '../../src/scale/subjects.js';
import { cli, REPO, tempDir } from '../cli/run-cli.js';
import { CLI_MAIN } from '../helpers/dist.js';
import { requireService } from '../helpers/services.js';

const NATS = 'nats://127.0.0.1:4222';
const skip = await requireService('NATS', '127.0.0.1', 4222);
const SAMPLE = join(REPO, 'data/samples/dma-aislib-stream_example.txt');
/** Real sentences without receive times (from a real capture's $PGHP-less lines). */
const TIMELESS = [
  '!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09',
  '!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24',
];

async function withStream(
  f: (stream: string, jsm: Awaited<ReturnType<typeof jetstreamManager>>) => Promise<void>,
) {
  const stream = `F_${randomBytes(5).toString('hex')}`;
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const jsm = await jetstreamManager(nc);
  try {
    await f(stream, jsm);
  } finally {
    await jsm.streams.delete(stream).catch(() => {});
    await nc.close();
  }
}

test("a gzip file: every message once, each on its vessel's partition, multi-sentence ones whole", {
  skip,
}, async () => {
  await withStream(async (stream, jsm) => {
    const dir = tempDir();
    const gz = join(dir, 'sample.nmea.gz');
    const text = readFileSync(SAMPLE);
    writeFileSync(gz, gzipSync(text));
    const r = cli(['feed', '--to', NATS, '--stream', stream, '--partitions', '4', gz, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    // what the grouper makes of the same lines, as the reference
    const g = new MessageGrouper();
    const msgs = text
      .toString('latin1')
      .split('\n')
      .map((l, i) => g.push(l.replace(/\r$/, ''), i + 1, []))
      .filter((m) => m !== null);
    assert.equal(out.messages, msgs.length);
    const info = await jsm.streams.info(stream, { subjects_filter: '>' });
    assert.equal(info.state.messages, msgs.length);
    for (let p = 0; p < 4; p++) {
      const want = msgs.filter((m) => partitionOf(m.mmsi, 4) === p).length;
      assert.equal(info.state.subjects?.[aisSubject(stream, p)] ?? 0, want, `partition ${p}`);
    }
    // a two-sentence message is one stored message with both sentences
    const two = msgs.find((m) => /!AIVDM,2,1,/.test(m.text));
    assert.ok(two);
    let found = false;
    for (let seq = 1; seq <= info.state.messages && !found; seq++) {
      const sm = await jsm.streams.getMessage(stream, { seq });
      if (sm?.string() === two.text) found = true;
    }
    assert.ok(found, 'the two-sentence message is stored whole');
  });
});

test('stdin: sentences without a time get the clock at arrival; bad lines are reported and counted', {
  skip,
}, async () => {
  await withStream(async (stream, jsm) => {
    const before = Date.now();
    const r = cli(['feed', '--to', NATS, '--stream', stream, '-', '--json'], {
      input: `${TIMELESS.join('\n')}\n\\s:simulated-nakhodka,c:1693526458*63\\!AIVDM,1,1,,A,144gjDUP009Q;M8HM221mQOl0000,0*56\nnot a sentence\n`,
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.published, 3);
    assert.deepEqual(out.rejectedByReason, { 'not-ais': 1 });
    assert.match(r.stderr, /stdin:4: not-ais: not a sentence/);
    const stamps: Array<string | undefined> = [];
    for (let seq = 1; seq <= 3; seq++) {
      const sm = await jsm.streams.getMessage(stream, { seq });
      stamps.push(sm?.header.get('Tallyman-Received-Ms') || undefined);
    }
    assert.ok(Number(stamps[0]) >= before && Number(stamps[1]) >= before, `stamps ${stamps}`);
    assert.equal(stamps[2], undefined, 'a sentence with its own c: keeps it');
  });
});

test('tcp://: a live feed is published as it arrives, until the feed is stopped', { skip }, async () => {
  await withStream(async (stream, jsm) => {
    const sockets: Socket[] = [];
    const server = createServer((s) => {
      sockets.push(s);
      s.write(`${TIMELESS[0]}\r\n`);
      setTimeout(() => s.write(`${TIMELESS[1]}\r\n`), 200);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const child = spawn(
      process.execPath,
      [CLI_MAIN, 'feed', '--to', NATS, '--stream', stream, `tcp://127.0.0.1:${port}`, '--json'],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    const exit = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    try {
      const end = Date.now() + 60_000;
      for (;;) {
        const n = await jsm.streams.info(stream).then(
          (i) => i.state.messages,
          () => 0,
        );
        if (n >= 2) break;
        assert.ok(Date.now() < end, 'the live sentences reach the stream');
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill('SIGINT');
      assert.equal(await exit, 0);
      assert.equal(JSON.parse(stdout).published, 2);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
