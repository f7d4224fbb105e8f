/**
 * The web defences (src/server/defences.ts, guard.ts): the decisions as pure functions, then over
 * HTTP against a real `tallyman serve` on SQLite and on PostgreSQL — the Host allowlist (DNS
 * rebinding), the Origin / Sec-Fetch-Site check (CSRF), the security headers (clickjacking),
 * body and field limits, OPTIONS, and a 400 naming the field for every out-of-range parameter of
 * every route in the OpenAPI document. Raw node:http requests: fetch would not send a forged Host.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  allowedHostsFrom,
  allowedMethods,
  cspDirectives,
  hostAllowlist,
  inlineHashes,
  parseHostHeader,
  refuseCrossSite,
  refuseHost,
  sameOrigin,
} from '../../src/server/defences.js';
import { REASON_MAX_CHARS } from '../../src/server/schemas.js';
import { cli } from '../cli/run-cli.js';
import { ENGINES, type TestDb } from '../store/engines.js';
import { fillStore } from './fixture.js';
import { type RunningServer, startServer } from './server-process.js';

describe('defence decisions (pure)', () => {
  const allowed = hostAllowlist(
    '127.0.0.1',
    allowedHostsFrom({ TALLYMAN_ALLOWED_HOSTS: 'a.example' }, ['b.example:8443']),
  );

  test('Host: loopback names and configured names pass, anything else is refused', () => {
    for (const h of [
      '127.0.0.1:8080',
      'localhost:8080',
      'LOCALHOST',
      '[::1]:8080',
      'a.example',
      'b.example:8443',
    ]) {
      assert.equal(refuseHost(h, allowed), null, h);
    }
    for (const h of [
      'evil.example',
      'evil.example:8080',
      '127.0.0.1.nip.io',
      'b.example:9999',
      'localhost.',
      'a@b',
      '',
      undefined,
    ]) {
      assert.notEqual(refuseHost(h, allowed), null, String(h));
    }
    assert.deepEqual(parseHostHeader('[::1]:80'), { name: '[::1]', port: 80 });
    assert.equal(parseHostHeader('x:99999'), null);
    assert.throws(() => allowedHostsFrom({}, ['http://x/']), /not a host name/);
  });

  test('serve refuses a configured name that is not a host name (exit 2)', () => {
    const r = cli(['--db', ':memory:', 'serve', '--port', '0', '--allowed-host', 'http://x/']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--allowed-host.*not a host name/);
  });

  test('cross-site: only same-origin browsers may change state; headerless clients as configured', () => {
    const base = { method: 'POST', host: '127.0.0.1:8080', allowHeaderless: true };
    const ok = (o: Partial<Parameters<typeof refuseCrossSite>[0]>) =>
      refuseCrossSite({ ...base, origin: undefined, secFetchSite: undefined, ...o }) === null;
    assert.ok(ok({ origin: 'http://127.0.0.1:8080', secFetchSite: 'same-origin' }));
    assert.ok(ok({}), 'curl in single-user mode');
    assert.ok(!ok({ allowHeaderless: false }), 'curl when headerless clients are not allowed');
    assert.ok(!ok({ origin: 'https://evil.example' }));
    assert.ok(!ok({ origin: 'null' }));
    assert.ok(!ok({ origin: 'http://localhost:3000', secFetchSite: 'same-site' }));
    assert.ok(!ok({ secFetchSite: 'cross-site' }));
    assert.ok(!ok({ secFetchSite: 'none' }));
    assert.ok(ok({ method: 'GET', origin: 'https://evil.example', secFetchSite: 'cross-site' }), 'reads');
    assert.ok(sameOrigin('http://localhost', 'localhost:80'));
    assert.ok(!sameOrigin('http://127.0.0.1:8080/', '127.0.0.1:8080'));
  });

  test('CSP: inline code allowed by hash only, never framed', () => {
    const h = inlineHashes(
      '<script>a()</script><script type="module" src="x.js"></script><style>b{}</style>',
    );
    assert.equal(h.scripts.length, 1);
    assert.equal(h.styles.length, 1);
    const csp = cspDirectives(h);
    assert.deepEqual(csp['frame-ancestors'], ["'none'"]);
    assert.ok(!JSON.stringify(csp).includes('unsafe'));
    assert.ok(csp['script-src']!.includes(h.scripts[0]!));
  });

  test('Allow: the methods of the routes matching a path', () => {
    const routes = [
      { method: 'GET', url: '/api/shipments/:id' },
      { method: 'POST', url: '/api/shipments/:id/decision' },
    ];
    assert.deepEqual(allowedMethods(routes, '/api/shipments/7'), ['GET', 'HEAD', 'OPTIONS']);
    assert.deepEqual(allowedMethods(routes, '/api/shipments/7/decision'), ['POST', 'OPTIONS']);
    assert.equal(allowedMethods(routes, '/api/nothing'), null);
    assert.deepEqual(allowedMethods(routes, '/assets/main.js'), ['GET', 'HEAD', 'OPTIONS']);
  });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): { error?: string; message?: string; issues?: { path: string; message: string }[] } & Record<
    string,
    unknown
  >;
}

/**
 * One request with exactly these headers (a forged Host included). A large body is written in
 * pieces, stopping once the server answers: it refuses an oversized body from its Content-Length
 * and closes the connection, and writing on would only end in EPIPE.
 */
function send(
  server: RunningServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const url = new URL(server.url);
  const bytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          host: url.host,
          ...(bytes === undefined ? {} : { 'content-length': String(bytes.length) }),
          ...headers,
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (bytes === undefined) return void req.end();
    // The first piece goes with the headers; the rest only after a pause long enough for a refusal
    // from Content-Length to arrive (a server that read on would still get the whole body).
    const pieceBytes = 64 * 1024;
    req.write(bytes.subarray(0, pieceBytes));
    let at = pieceBytes;
    const writeOn = () => {
      while (!answered && at < bytes.length) {
        const piece = bytes.subarray(at, at + pieceBytes);
        at += piece.length;
        if (!req.write(piece)) return void req.once('drain', writeOn);
      }
      if (!answered) req.end();
    };
    if (at >= bytes.length) req.end();
    else setTimeout(writeOn, 300);
  });
}

const json = { 'content-type': 'application/json' };

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [k, engine] of ENGINES.entries()) {
  describe(`web defences on ${engine.name}`, () => {
    const skip = skips[k]!;
    let db: TestDb;
    let server: RunningServer;
    let proposed = false;
    let sameOriginHeaders: Record<string, string>;

    before(async () => {
      if (skip) return;
      db = await engine.fresh();
      ({ proposed } = fillStore(db.arg));
      server = await startServer(db.arg, {
        env: { TALLYMAN_ALLOWED_HOSTS: 'workbench.internal' },
        extraArgs: ['--allowed-host', 'tallyman.example:8443'],
      });
      // What Chromium sends with the workbench's own fetch (web/src/api.ts postJson).
      sameOriginHeaders = { origin: server.url, 'sec-fetch-site': 'same-origin', ...json };
    });
    after(async () => {
      if (skip) return;
      await server?.stop();
      await db?.drop();
    });

    const firstShipment = async () => {
      const list = (await send(server, 'GET', '/api/shipments')).json().shipments as Array<{
        id: number;
        status: string;
        decisionReason: string | null;
      }>;
      return list[0]!;
    };
    const auditTotal = async () => (await send(server, 'GET', '/api/audit?limit=1')).json().total as number;

    test('a forged Host (DNS rebinding) gets 421 on every route, is logged, and changes nothing', {
      skip,
    }, async (t) => {
      for (const path of ['/', '/api/meta', '/api/openapi.json', '/api/nothing']) {
        const r = await send(server, 'GET', path, { host: 'evil.example:8080' });
        assert.equal(r.status, 421, path);
      }
      const port = new URL(server.url).port;
      for (const host of [
        `localhost:${port}`,
        `[::1]:${port}`,
        'workbench.internal',
        'tallyman.example:8443',
      ]) {
        assert.equal((await send(server, 'GET', '/api/meta', { host })).status, 200, host);
      }
      assert.equal((await send(server, 'GET', '/api/meta', { host: 'tallyman.example:1' })).status, 421);
      assert.match(server.output(), /refused 421 GET "\/api\/meta": Host "evil\.example:8080"/);
      if (!proposed) return t.skip('no `shipments propose` in this build');
      const s = await firstShipment();
      const before = await auditTotal();
      const r = await send(
        server,
        'POST',
        `/api/shipments/${s.id}/decision`,
        { host: 'evil.example', ...json },
        JSON.stringify({
          decision: s.status === 'rejected' ? 'confirm' : 'reject',
          reason: 'x',
          by: 'attacker',
        }),
      );
      assert.equal(r.status, 421);
      assert.equal(await auditTotal(), before, 'nothing audited');
      assert.equal((await firstShipment()).status, s.status);
    });

    test('a cross-site POST /api/verify is refused with 403 and logged; same-origin and curl pass', {
      skip,
    }, async () => {
      const cases: Array<[Record<string, string>, number]> = [
        [{ origin: 'https://evil.example' }, 403],
        [{ 'sec-fetch-site': 'cross-site' }, 403],
        [{ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 403],
        [{ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site' }, 403],
        [{ origin: 'null' }, 403],
        [{ origin: server.url, 'sec-fetch-site': 'cross-site' }, 403],
        [{ origin: server.url, 'sec-fetch-site': 'same-origin' }, 200],
        [{}, 200], // curl or a script: no Origin, no Sec-Fetch-Site (single-user loopback mode)
      ];
      for (const [headers, status] of cases) {
        const r = await send(server, 'POST', '/api/verify', headers);
        assert.equal(r.status, status, JSON.stringify(headers));
        if (status === 403) assert.match(r.json().message ?? '', /refused/);
      }
      assert.match(
        server.output(),
        /refused 403 POST "\/api\/verify": POST from Origin "https:\/\/evil\.example"/,
      );
      assert.match(
        server.output(),
        /refused 403 POST "\/api\/verify": POST with Sec-Fetch-Site: "cross-site"/,
      );
    });

    test('a cross-site decision is refused before it is read, and changes nothing', { skip }, async (t) => {
      if (!proposed) return t.skip('no `shipments propose` in this build');
      const s = await firstShipment();
      const before = await auditTotal();
      const body = JSON.stringify({ decision: 'reject', reason: 'csrf', by: 'attacker' });
      const r = await send(
        server,
        'POST',
        `/api/shipments/${s.id}/decision`,
        { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
        body,
      );
      assert.equal(r.status, 403);
      assert.equal(await auditTotal(), before);
      const ok = await send(server, 'POST', `/api/shipments/${s.id}/decision`, sameOriginHeaders, body);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(await auditTotal(), before + 1, 'the same-origin decision is audited');
    });

    test('security headers on pages, API answers and refusals: CSP without unsafe-inline, no framing', {
      skip,
    }, async () => {
      const page = await send(server, 'GET', '/');
      for (const r of [
        page,
        await send(server, 'GET', '/api/meta'),
        await send(server, 'GET', '/api/nothing'),
        await send(server, 'GET', '/api/meta', { host: 'evil.example' }),
      ]) {
        const csp = String(r.headers['content-security-policy']);
        assert.match(csp, /frame-ancestors 'none'/);
        assert.match(csp, /default-src 'self'/);
        assert.match(csp, /worker-src 'self' blob:/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
        assert.equal(r.headers['x-content-type-options'], 'nosniff');
        assert.equal(r.headers['x-frame-options'], 'DENY');
        assert.equal(r.headers['referrer-policy'], 'no-referrer');
        assert.equal(r.headers['access-control-allow-origin'], undefined);
      }
      // The built page's inline script (the early fetch) is allowed by its hash, and only it.
      const csp = String(page.headers['content-security-policy']);
      for (const h of inlineHashes(page.text).scripts) assert.ok(csp.includes(h), `${h} in the CSP`);
    });

    test('size limits: a 15 MB reason gets 413 and is not stored; a reason over 10,000 characters 400', {
      skip,
    }, async (t) => {
      if (!proposed) return t.skip('no `shipments propose` in this build');
      const s = await firstShipment();
      const before = await auditTotal();
      const huge = JSON.stringify({ decision: 'confirm', reason: 'a'.repeat(15 * 1024 * 1024) });
      const r = await send(server, 'POST', `/api/shipments/${s.id}/decision`, sameOriginHeaders, huge);
      assert.equal(r.status, 413);
      const long = await send(
        server,
        'POST',
        `/api/shipments/${s.id}/decision`,
        sameOriginHeaders,
        JSON.stringify({ decision: 'confirm', reason: 'a'.repeat(REASON_MAX_CHARS + 1) }),
      );
      assert.equal(long.status, 400);
      assert.equal(long.json().issues?.[0]?.path, 'body.reason');
      assert.equal(await auditTotal(), before, 'nothing audited');
      assert.equal((await firstShipment()).decisionReason, s.decisionReason);
      const max = await send(
        server,
        'POST',
        `/api/shipments/${s.id}/decision`,
        sameOriginHeaders,
        JSON.stringify({ decision: 'confirm', reason: 'b'.repeat(REASON_MAX_CHARS) }),
      );
      assert.equal(max.status, 200, 'a reason of exactly the limit is taken');
    });

    test('OPTIONS answers 204 with Allow and no CORS; a wrong method 405', { skip }, async () => {
      const verify = await send(server, 'OPTIONS', '/api/verify', {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
      });
      assert.equal(verify.status, 204);
      assert.equal(verify.headers.allow, 'POST, OPTIONS');
      assert.ok(
        Object.keys(verify.headers).every((h) => !h.startsWith('access-control-')),
        'no CORS headers for a foreign origin',
      );
      assert.equal((await send(server, 'OPTIONS', '/api/shipments/1')).headers.allow, 'GET, HEAD, OPTIONS');
      assert.equal((await send(server, 'OPTIONS', '/')).status, 204);
      assert.equal((await send(server, 'OPTIONS', '/api/nothing')).status, 404);
      const wrong = await send(server, 'GET', '/api/verify');
      assert.equal(wrong.status, 405);
      assert.equal(wrong.headers.allow, 'POST, OPTIONS');
    });

    test('every out-of-range parameter of every route gets 400 naming it, never 500', { skip }, async () => {
      const doc = (await send(server, 'GET', '/api/openapi.json')).json() as unknown as {
        paths: Record<string, Record<string, { parameters: Param[] }>>;
      };
      interface Param {
        name: string;
        in: 'path' | 'query';
        required: boolean;
        description?: string;
        schema: { type?: string; minimum?: number; maximum?: number; maxLength?: number; enum?: string[] };
      }
      const valid = (p: Param): string =>
        p.name === 'sha'
          ? 'a'.repeat(64)
          : p.schema.enum
            ? p.schema.enum[0]!
            : p.schema.type === 'string'
              ? '2023-08-01'
              : String(Math.max(p.schema.minimum ?? 1, 1));
      const bad = (p: Param): string[] => {
        const s = p.schema;
        if (s.enum) return ['not-an-option'];
        if (s.type === 'integer' || s.type === 'number') {
          const out = ['abc', '1e400', '-1e400'];
          if (s.maximum !== undefined) out.push(String(s.maximum * 10 + 1));
          if (s.minimum !== undefined) out.push(String(s.minimum - 1));
          if (s.type === 'integer') out.push('1.5');
          return out;
        }
        const out = ['x'.repeat((s.maxLength ?? 1000) + 1)];
        if (p.description?.includes('ISO 8601'))
          out.push('99999999999999999999', '+275761-01-01', 'yesterday');
        return out;
      };
      let probes = 0;
      for (const [template, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          for (const p of op.parameters) {
            if (p.name === 'sha' && p.in === 'path') continue; // a regex: checked in api.test.ts
            for (const value of bad(p)) {
              const pathValues = Object.fromEntries(
                op.parameters.filter((q) => q.in === 'path').map((q) => [q.name, valid(q)]),
              );
              const query = new URLSearchParams(
                op.parameters
                  .filter((q) => q.in === 'query' && q.required)
                  .map((q): [string, string] => [q.name, valid(q)]),
              );
              if (p.in === 'path') pathValues[p.name] = value;
              else query.set(p.name, value);
              const path = template.replace(/\{(\w+)\}/g, (_, n: string) =>
                encodeURIComponent(pathValues[n]!),
              );
              const url = `${path}${query.size > 0 ? `?${query}` : ''}`;
              const r = await send(
                server,
                method.toUpperCase(),
                url,
                method === 'get' ? {} : sameOriginHeaders,
                method === 'get' ? undefined : '{}',
              );
              probes++;
              assert.equal(
                r.status,
                400,
                `${method} ${url.slice(0, 120)} → ${r.status} ${r.text.slice(0, 200)}`,
              );
              const where = p.in === 'path' ? 'params' : 'query';
              assert.ok(
                r.json().issues?.some((i) => i.path === `${where}.${p.name}`),
                `${method} ${url.slice(0, 120)} names ${where}.${p.name}: ${r.text.slice(0, 200)}`,
              );
            }
          }
        }
      }
      assert.ok(probes > 80, `${probes} probes`);
    });

    test('out-of-range bodies get 400 naming the field', { skip }, async () => {
      const sha = '0'.repeat(64);
      const cases: Array<[string, unknown, string]> = [
        ['/api/shipments/1/decision', { decision: 'confirm', reason: 'x', by: 'y'.repeat(101) }, 'body.by'],
        ['/api/shipments/1/decision', { decision: 'maybe', reason: 'x' }, 'body.decision'],
        [
          `/api/images/${sha}/measure/stack`,
          { rect: { cx: 1, cy: 1, lengthPx: 1e300, widthPx: 1, angleDeg: 0 } },
          'body.rect.lengthPx',
        ],
        [`/api/images/${sha}/measure/stack`, { polygon: Array(10_001).fill([1, 1]) }, 'body.polygon'],
        [`/api/images/${sha}/measure/stack`, { tiers: 1e9 }, 'body.tiers'],
        [
          `/api/images/${sha}/measure/ship`,
          {
            line: [
              [0, 0],
              [1e300, 0],
            ],
          },
          'body.line.1.0',
        ],
        [
          `/api/images/${sha}/measure/ship`,
          {
            line: [
              [0, 0],
              [1, 0],
            ],
            mmsi: 1e10,
          },
          'body.mmsi',
        ],
      ];
      for (const [path, body, field] of cases) {
        const r = await send(server, 'POST', path, sameOriginHeaders, JSON.stringify(body));
        assert.equal(r.status, 400, `${path} ${field}: ${r.text.slice(0, 200)}`);
        assert.ok(
          r.json().issues?.some((i) => i.path === field),
          `${field}: ${r.text.slice(0, 300)}`,
        );
      }
      const notJson = await send(
        server,
        'POST',
        '/api/shipments/1/decision',
        sameOriginHeaders,
        '{"decision":',
      );
      assert.equal(notJson.status, 400);
    });
  });
}
