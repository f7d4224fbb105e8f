/**
 * Alerts in the workbench API, against a real `tallyman serve` (single-user loopback mode, SQLite):
 * rules added, changed and deleted over HTTP are audited under the local user; the server-sent
 * event stream pushes an alert and the moving positions that a watch process (here: the same
 * store module) writes, within the stream's poll interval.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { insertAlerts, ruleAudit, saveLivePositions } from '../../src/live/store.js';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../cli/run-cli.js';
import { type RunningServer, startServer } from '../server/server-process.js';

describe('alerts API and stream', () => {
  let server: RunningServer;
  let db: string;
  before(async () => {
    db = join(tempDir('tallyman-alerts-api-'), 't.db');
    // serve only reads a store: it is made first, as watch or alerts add would
    await (await openStore({ path: db })).close();
    server = await startServer(db, { env: { TALLYMAN_ANALYST: 'ana' } });
  });
  after(async () => {
    await server?.stop();
  });

  const post = async (path: string, body: unknown) => {
    const url = new URL(server.url);
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `${url.protocol}//${url.host}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('rules: add, refuse a bad one, disable, delete; each audited', async () => {
    const added = await post('/api/alerts/rules', {
      name: 'dark near Rajin',
      spec: { kind: 'dark', area: 'rajin' },
    });
    assert.equal(added.status, 200, JSON.stringify(added.json));
    const rule = added.json.rule as { id: number; createdBy: string; enabled: boolean };
    assert.equal(rule.createdBy, 'ana');
    const bad = await post('/api/alerts/rules', { name: 'x', spec: { kind: 'encounter' } });
    assert.equal(bad.status, 400);
    const noArea = await post('/api/alerts/rules', {
      name: 'x',
      spec: { kind: 'area-enter', area: 'atlantis' },
    });
    assert.equal(noArea.status, 400);
    assert.match(String(noArea.json.message), /no area atlantis/);
    const off = await post(`/api/alerts/rules/${rule.id}`, { enabled: false });
    assert.equal((off.json.rule as { enabled: boolean }).enabled, false);
    assert.equal((await post('/api/alerts/rules/999/delete', {})).status, 404);
    assert.equal((await post(`/api/alerts/rules/${rule.id}/delete`, {})).status, 200);
    const list = (await (await fetch(`${server.url}/api/alerts/rules`)).json()) as { rules: unknown[] };
    assert.deepEqual(list.rules, []);
    const store = await openStore({ path: db });
    try {
      assert.deepEqual(
        (await ruleAudit(await store.db())).map((a) => `${a.actor} ${a.action}`),
        ['ana alert-rule-create', 'ana alert-rule-change', 'ana alert-rule-delete'],
      );
    } finally {
      await store.close();
    }
    // a cross-site page cannot add a rule on the analyst's behalf
    const csrf = await fetch(`${server.url}/api/alerts/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ name: 'x', spec: { kind: 'dark-port-call' } }),
    });
    assert.equal(csrf.status, 403);
  });

  it('the stream pushes a new alert and moving positions', async () => {
    const plain = await fetch(`${server.url}/api/alerts/stream`);
    assert.equal(plain.status, 406, 'only for an EventSource');
    const ac = new AbortController();
    const res = await fetch(`${server.url}/api/alerts/stream`, {
      headers: { accept: 'text/event-stream' },
      signal: ac.signal,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const readUntil = async (re: RegExp, ms: number) => {
      const end = Date.now() + ms;
      while (!re.test(text)) {
        if (Date.now() > end) throw new Error(`not seen within ${ms} ms: ${re}\n${text.slice(-500)}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += Buffer.from(value).toString('utf8');
      }
    };
    await readUntil(/tallyman alert stream/, 5000);
    const store = await openStore({ path: db });
    const t0 = Date.now();
    try {
      const d = await store.db();
      await insertAlerts(
        d,
        [
          {
            key: 'r1:273219870:enter:vostochny:1',
            ruleId: 1,
            ruleName: 'in Vostochny',
            ruleKind: 'area-enter',
            mmsi: 273219870,
            tsMs: 1_700_000_000_000,
            title: 'ANGARA entered Vostochny',
            evidence: { positions: [], events: [] },
          },
        ],
        { nowMs: Date.now(), simulated: true },
      );
      await saveLivePositions(
        d,
        [{ mmsi: 273219870, tsMs: 1_700_000_000_000, lon: 133.07, lat: 42.73, speedKnots: 4, courseDeg: 10 }],
        Date.now(),
      );
    } finally {
      await store.close();
    }
    await readUntil(/event: alert\ndata: .*ANGARA entered Vostochny/, 5000);
    await readUntil(/event: positions\ndata: .*273219870/, 5000);
    const ms = Date.now() - t0;
    assert.ok(ms < 3000, `${ms} ms from store to stream`);
    assert.match(text, /id: \d+\nevent: alert/);
    assert.match(text, /"simulated":true/);
    ac.abort();
  });
});
