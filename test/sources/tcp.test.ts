import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { type TcpEvent, tcpSource } from '../../src/sources/tcp.js';
import type { PositionRecord } from '../../src/tracks/records.js';
import { capturePath } from '../helpers/captures.js';

describe('live TCP NMEA feed', () => {
  it('reads, survives a dropped connection, reconnects and stops on abort', async () => {
    const sentences = (await readFile(capturePath('pyais-messages.ais'), 'utf8'))
      .split(/\r?\n/)
      .filter((l) => l.startsWith('!AIVDM'));
    assert.equal(sentences.length, 6);
    let connections = 0;
    const sockets: Socket[] = [];
    const server = createServer((sock) => {
      connections++;
      sockets.push(sock);
      if (connections === 1) {
        // Three whole sentences, then half of one, then the line drops.
        sock.end(`${sentences.slice(0, 3).join('\r\n')}\r\n${sentences[3].slice(0, 20)}`);
      } else {
        // Comes back: the rest, in two writes, and stays open.
        sock.write(`${sentences.slice(3, 5).join('\r\n')}\r\n`);
        setTimeout(() => sock.write(`${sentences[5]}\r\n`), 30);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;

    const ac = new AbortController();
    const events: TcpEvent[] = [];
    const src = tcpSource(`tcp://127.0.0.1:${port}`, '127.0.0.1', port, {
      signal: ac.signal,
      flushMs: 20,
      backoff: { initialMs: 50, maxMs: 200, factor: 2 },
      onEvent: (e) => events.push(e),
    });
    const before = Date.now();
    const positions: PositionRecord[] = [];
    const guard = setTimeout(() => ac.abort(), 5000);
    for await (const b of src.batches()) {
      positions.push(...b.positions);
      if (positions.length >= 6) ac.abort();
    }
    clearTimeout(guard);
    const afterMs = Date.now();
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));

    assert.equal(positions.length, 6);
    // The feed carries no time: each message is stamped with the local clock when it arrived.
    assert.ok(positions.every((p) => p.tsMs >= before && p.tsMs <= afterMs));
    assert.ok(connections >= 2);
    assert.ok(src.feed.connects >= 2 && src.feed.disconnects >= 1);
    assert.ok(events.some((e) => e.type === 'retry'));
    assert.deepEqual(
      events.slice(0, 3).map((e) => e.type),
      ['connected', 'disconnected', 'retry'],
    );
    // The half sentence cut by the drop is a counted reject, not glued onto the next line.
    const rejected = Object.values(src.counts.rejectedByReason).reduce((a, b) => a + b, 0);
    assert.equal(rejected, 1);
    assert.equal(src.counts.decode?.messages, 6);
    assert.ok(src.bytesRead() > 0);
    assert.match(src.sha256(), /^[0-9a-f]{64}$/);
  });

  it('keeps retrying a server that is not there, with growing delays, until aborted', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r)); // nothing listens on it now
    const ac = new AbortController();
    const delays: number[] = [];
    const src = tcpSource(`tcp://127.0.0.1:${port}`, '127.0.0.1', port, {
      signal: ac.signal,
      flushMs: 10,
      backoff: { initialMs: 10, maxMs: 40, factor: 2 },
      onEvent: (e) => {
        if (e.type === 'retry') delays.push(e.delayMs);
        if (delays.length >= 5) ac.abort();
      },
    });
    let batches = 0;
    for await (const _ of src.batches()) batches++;
    assert.equal(batches, 0);
    assert.ok(delays.length >= 5);
    assert.ok(delays.every((d) => d >= 5 && d <= 40));
    assert.ok(delays[4] >= 20, `${delays}`); // 40 ms capped, jittered into [20, 40]
    assert.equal(src.feed.connects, 0);
    assert.match(src.feed.lastError ?? '', /ECONNREFUSED/);
  });
});
