/**
 * Alert delivery over real transports: a webhook receiver on a local HTTP server that fails the
 * first attempts (the POST is retried with back-off and arrives once, its HMAC-SHA256 signature
 * checks out over the exact body), and MQTT through the Mosquitto broker (a real subscriber gets
 * the alert on `<topic>/<kind>/<MMSI>`). Mosquitto missing: skipped with a reason, a failure in CI.
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import mqtt from 'mqtt';
import { Deliveries, SIMULATED_NOTICE } from '../../src/live/deliveries.js';
import type { StoredAlert } from '../../src/live/store.js';
import { postWebhook, SIGNATURE_HEADER, signBody } from '../../src/live/webhook.js';
import { requireService } from '../helpers/services.js';

const mosquittoSkip = await requireService('Mosquitto', '127.0.0.1', 1883);

const alert = (id: number, simulated = true): StoredAlert => ({
  id,
  key: `r1:273219870:dark:rajin:${1_700_000_000_000 + id}`,
  ruleId: 1,
  ruleName: 'dark near Rajin',
  ruleKind: 'dark',
  mmsi: 273219870,
  tsMs: 1_700_000_000_000 + id,
  raisedMs: Date.now(),
  title: 'ANGARA (MMSI 273219870) silent for 6.0 h, last heard 4.2 km from Rajin',
  evidence: {
    positions: [
      { mmsi: 273219870, tsMs: 1_700_000_000_000, lon: 130.3, lat: 42.29, speedKnots: 9.8, courseDeg: 12 },
    ],
    events: [],
  },
  simulated,
});

/** A receiver that answers `failFirst` 503s, then 200s; it checks each signature as a receiver would. */
async function receiver(secret: string, failFirst: number) {
  const got: Array<{ body: string; validSignature: boolean; atMs: number }> = [];
  let n = 0;
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      const sig = String(req.headers[SIGNATURE_HEADER] ?? '');
      const want = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      const validSignature =
        sig.length === want.length && timingSafeEqual(Buffer.from(sig), Buffer.from(want));
      got.push({ body: body.toString('utf8'), validSignature, atMs: Date.now() });
      n++;
      res.statusCode = n <= failFirst ? 503 : 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('webhook delivery', () => {
  it('retries a failing receiver with growing waits; the signature covers the exact body', async () => {
    const rx = await receiver('s3cret', 2);
    try {
      const payload = { id: 7, title: 'ANGARA entered Dunai', evidence: { positions: [], events: [] } };
      const r = await postWebhook(payload, {
        url: rx.url,
        secret: 's3cret',
        backoff: { initialMs: 100, maxMs: 2000, factor: 2 },
      });
      assert.deepEqual(r, { ok: true, attempts: 3, status: 200, error: null });
      assert.equal(rx.got.length, 3);
      assert.ok(rx.got.every((g) => g.validSignature));
      assert.deepEqual(JSON.parse(rx.got[2].body), payload);
      // waits: [50, 100) ms after the first failure, [100, 200) ms after the second
      const w1 = rx.got[1].atMs - rx.got[0].atMs;
      const w2 = rx.got[2].atMs - rx.got[1].atMs;
      assert.ok(w1 >= 45 && w2 >= 95, `waits ${w1} ms, ${w2} ms`);
      // a wrong secret does not verify
      assert.notEqual(signBody(rx.got[0].body, 'other'), signBody(rx.got[0].body, 's3cret'));
    } finally {
      await rx.close();
    }
  });

  it('a receiver refusing with 400 is not retried; one never answering gives up after the attempts', async () => {
    const refuse = createServer((_req, res) => {
      res.statusCode = 400;
      res.end();
    });
    await new Promise<void>((r) => refuse.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(refuse.address() as { port: number }).port}/`;
      const r = await postWebhook(
        {},
        { url, secret: null, backoff: { initialMs: 10, maxMs: 10, factor: 1 } },
      );
      assert.deepEqual(r, { ok: false, attempts: 1, status: 400, error: 'HTTP 400' });
    } finally {
      refuse.close();
    }
    // nothing listens on this port (it was just closed): every attempt fails to connect
    const r = await postWebhook(
      {},
      {
        url: `http://127.0.0.1:${(refuse.address() as { port: number } | null)?.port ?? 9}/`,
        secret: null,
        attempts: 3,
        backoff: { initialMs: 10, maxMs: 10, factor: 1 },
      },
    );
    assert.equal(r.ok, false);
    assert.equal(r.attempts, 3);
  });

  it('Deliveries keeps order per receiver and marks simulated alerts', async () => {
    const rx = await receiver('k', 1);
    try {
      const d = new Deliveries({ webhooks: [rx.url], webhookSecret: 'k', log: () => {} });
      d.send([alert(1), alert(2)]);
      await d.close();
      assert.deepEqual(d.counts, { webhookOk: 2, webhookFailed: 0, mqtt: 0, mqttFailed: 0 });
      const bodies = rx.got.map((g) => JSON.parse(g.body));
      assert.deepEqual(
        bodies.map((b) => b.id),
        [1, 1, 2],
      );
      assert.equal(bodies[2].notice, SIMULATED_NOTICE);
      assert.ok(rx.got.every((g) => g.validSignature));
    } finally {
      await rx.close();
    }
  });
});

describe('MQTT delivery', { skip: mosquittoSkip }, () => {
  it('a subscriber receives each alert on <topic>/<kind>/<MMSI>', async () => {
    const topic = `tallyman-test/${process.pid}-${Date.now()}`;
    const sub = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { connectTimeout: 10_000 });
    try {
      const received: Array<{ topic: string; body: { id: number; key: string; notice?: string } }> = [];
      const both = new Promise<void>((resolve) => {
        sub.on('message', (t, payload) => {
          received.push({ topic: t, body: JSON.parse(payload.toString('utf8')) });
          if (received.length === 2) resolve();
        });
      });
      await sub.subscribeAsync(`${topic}/dark/#`, { qos: 1 });
      const d = new Deliveries({ webhooks: [], webhookSecret: null, log: () => {} });
      await d.connectMqtt('mqtt://127.0.0.1:1883', topic);
      d.send([alert(1), alert(2, false)]);
      await Promise.race([
        both,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('no MQTT message within 10 s')), 10_000),
        ),
      ]);
      await d.close();
      assert.deepEqual(
        received.map((r) => r.topic),
        [`${topic}/dark/273219870`, `${topic}/dark/273219870`],
      );
      assert.deepEqual(
        received.map((r) => r.body.id),
        [1, 2],
      );
      assert.equal(received[0].body.notice, SIMULATED_NOTICE);
      assert.equal(received[1].body.notice, undefined);
      assert.equal(d.counts.mqtt, 2);
    } finally {
      await sub.endAsync();
    }
  });
});
