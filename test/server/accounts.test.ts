/**
 * Accounts and roles (src/accounts, src/server/auth.ts, src/server/roles.ts): the pure parts, then
 * over HTTP against a real `tallyman serve` on SQLite and on PostgreSQL — single-user loopback mode
 * records the local user, then users appear and the server switches to accounts mode: login, wrong
 * password, rate limit, cookie flags, rotation, expiry, CSRF token, API tokens, the actor of a
 * decision, and the routes × roles matrix walked from the one table in roles.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashPassword, passwordProblem, SCRYPT, verifyPassword } from '../../src/accounts/password.js';
import { atLeast, ROLES, type Role } from '../../src/accounts/roles.js';
import { addUser, createToken, revokeToken } from '../../src/accounts/store.js';
import { trustProxyFrom } from '../../src/cli/serve.js';
import { LOGIN_LIMIT, LoginLimiter, localUserName } from '../../src/server/auth.js';
import { refuseHost } from '../../src/server/host.js';
import { ROUTE_ROLES } from '../../src/server/roles.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { cli } from '../cli/run-cli.js';
import { ENGINES, type TestDb } from '../store/engines.js';
import { fillStore } from './fixture.js';
import { type Answer, send } from './http.js';
import { type RunningServer, startServer } from './server-process.js';

const PASSWORD = 'correct horse battery staple';

describe('accounts (pure)', () => {
  test('scrypt: parameters, verify, wrong password, time per hash', async () => {
    const t0 = performance.now();
    const h = await hashPassword(PASSWORD);
    const ms = performance.now() - t0;
    console.log(
      `# scrypt N=2^${Math.log2(SCRYPT.N)} r=${SCRYPT.r} p=${SCRYPT.p}: one hash ${ms.toFixed(0)} ms`,
    );
    assert.match(h, /^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    assert.ok(await verifyPassword(PASSWORD, h));
    assert.ok(!(await verifyPassword(`${PASSWORD}!`, h)));
    assert.notEqual(await hashPassword(PASSWORD), h, 'salted');
    assert.ok(passwordProblem('short') !== null);
    assert.equal(passwordProblem('x'.repeat(12)), null);
    assert.ok(passwordProblem('x'.repeat(129)) !== null);
  });

  test('roles are ordered viewer < analyst < reviewer < admin', () => {
    assert.deepEqual([...ROLES], ['viewer', 'analyst', 'reviewer', 'admin']);
    assert.ok(atLeast('admin', 'viewer') && atLeast('analyst', 'analyst') && !atLeast('analyst', 'reviewer'));
  });

  test('login limiter: failures per name and per address within a window', () => {
    const l = new LoginLimiter({ perName: 2, perAddress: 3, windowMs: 1000 });
    l.fail('a', 'ip1', 0);
    assert.equal(l.retryAfterS('a', 'ip1', 10), 0);
    l.fail('a', 'ip1', 20);
    assert.equal(l.retryAfterS('a', 'ip2', 30), 1, 'the name is locked from any address');
    assert.equal(l.retryAfterS('b', 'ip1', 30), 0);
    l.fail('c', 'ip1', 40);
    assert.ok(l.retryAfterS('d', 'ip1', 50) > 0, 'the address is locked for any name');
    assert.equal(l.retryAfterS('a', 'ip2', 1100), 0, 'the window ends');
    assert.deepEqual(LOGIN_LIMIT, { perName: 5, perAddress: 20, windowMs: 900_000 });
  });

  test('binding beyond loopback only with accounts; trustProxy values', () => {
    assert.equal(refuseHost('127.0.0.1'), null);
    assert.equal(refuseHost('::1'), null);
    assert.match(refuseHost('0.0.0.0') ?? '', /no accounts yet \(or none with an active admin\)/);
    assert.equal(refuseHost('0.0.0.0', true), null);
    assert.equal(trustProxyFrom(undefined), undefined);
    assert.equal(trustProxyFrom('true'), true);
    assert.deepEqual(trustProxyFrom('10.0.0.1, 10.0.0.0/8'), ['10.0.0.1', '10.0.0.0/8']);
    assert.equal(typeof trustProxyFrom('1'), 'function');
  });

  test('serve refuses a non-loopback address on a store without an admin (exit 2)', () => {
    const r = cli(['--db', ':memory:', 'serve', '--port', '0', '--host', '0.0.0.0']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no accounts yet \(or none with an active admin\)/);
  });
});

const cookieOf = (a: Answer): string => {
  const set = a.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0]! : String(set);
  return first.split(';')[0]!;
};

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [k, engine] of ENGINES.entries()) {
  describe(`accounts on ${engine.name}`, () => {
    const skip = skips[k]!;
    let db: TestDb;
    let store: Store;
    let server: RunningServer;
    /** What Chromium sends on the workbench's own POSTs. */
    let origin: Record<string, string>;
    const sessions: Partial<Record<Role, { cookie: string; csrf: string }>> = {};
    let shipmentIds: number[] = [];

    before(async () => {
      if (skip) return;
      db = await engine.fresh();
      fillStore(db.arg);
      store = await openStore(db.location);
      server = await startServer(db.arg);
      origin = { origin: server.url, 'sec-fetch-site': 'same-origin' };
      const list = (await send(server.url, 'GET', '/api/shipments')).json().shipments as { id: number }[];
      shipmentIds = list.map((s) => s.id);
    });
    after(async () => {
      if (skip) return;
      await server?.stop();
      await store?.close();
      await db?.drop();
    });

    const login = (name: string, password: string, headers: Record<string, string> = {}) =>
      send(server.url, 'POST', '/api/login', { ...origin, ...headers }, { name, password });

    test('single-user loopback mode: no login, a decision is recorded as the local OS user', {
      skip,
    }, async () => {
      assert.ok(shipmentIds.length >= 3, 'the fixture proposes shipments');
      const s = (await send(server.url, 'GET', '/api/session')).json();
      assert.equal(s.mode, 'single-user');
      assert.equal((s.user as { name: string }).name, localUserName());
      const r = await send(server.url, 'POST', `/api/shipments/${shipmentIds[0]}/decision`, origin, {
        decision: 'confirm',
        reason: 'single-user',
      });
      assert.equal(r.status, 200, r.text);
      const decided = (r.json().shipment as { decidedBy: string }).decidedBy;
      assert.equal(decided, localUserName());
      assert.notEqual(decided, 'workbench');
      assert.equal((await login('nobody', PASSWORD)).status, 409, 'nothing to log in to');
    });

    test('users appear: accounts mode, anonymous refused, login with cookie flags', { skip }, async () => {
      const d = await store.db();
      for (const role of ROLES) await addUser(d, `${role}-user`, role, PASSWORD);
      await addUser(d, 'locked-user', 'viewer', PASSWORD);
      await new Promise((r) => setTimeout(r, 1100)); // the server re-reads the mode once a second
      assert.equal((await send(server.url, 'GET', '/api/meta')).status, 401);
      assert.equal((await send(server.url, 'GET', '/api/session')).json().mode, 'accounts');
      assert.equal((await login('viewer-user', 'wrong password here')).status, 401);
      assert.equal((await login('no-such-user', PASSWORD)).status, 401, 'same answer for an unknown name');
      for (const role of ROLES) {
        const r = await login(`${role}-user`, PASSWORD);
        assert.equal(r.status, 200, r.text);
        const set = String(r.headers['set-cookie']);
        assert.match(set, /^tallyman_session=[\w-]{43};/);
        assert.match(set, /; HttpOnly/);
        assert.match(set, /; SameSite=Strict/);
        assert.match(set, /; Path=\//);
        assert.match(set, /; Max-Age=28800/);
        assert.doesNotMatch(set, /Secure/, 'plain HTTP on loopback');
        assert.equal(r.headers['cache-control'], 'no-store');
        sessions[role] = { cookie: cookieOf(r), csrf: String(r.json().csrfToken) };
      }
      const me = await send(server.url, 'GET', '/api/session', { cookie: sessions.analyst!.cookie });
      assert.deepEqual(me.json().user, { name: 'analyst-user', role: 'analyst' });
      assert.equal(me.json().csrfToken, sessions.analyst!.csrf);
    });

    test('login rotates the session id; the old one is dead', { skip }, async () => {
      const first = await login('reviewer-user', PASSWORD);
      const again = await login('reviewer-user', PASSWORD, { cookie: cookieOf(first) });
      assert.notEqual(cookieOf(first), cookieOf(again));
      assert.equal((await send(server.url, 'GET', '/api/meta', { cookie: cookieOf(first) })).status, 401);
      assert.equal((await send(server.url, 'GET', '/api/meta', { cookie: cookieOf(again) })).status, 200);
    });

    test('login is rate-limited per name: 429 with Retry-After, even for the right password', {
      skip,
    }, async () => {
      for (let i = 0; i < LOGIN_LIMIT.perName; i++)
        assert.equal((await login('locked-user', `wrong password ${i}`)).status, 401);
      const r = await login('locked-user', PASSWORD);
      assert.equal(r.status, 429, r.text);
      assert.ok(Number(r.headers['retry-after']) > 0);
    });

    test('an expired session is refused', { skip }, async () => {
      const r = await login('viewer-user', PASSWORD);
      const cookie = cookieOf(r);
      assert.equal((await send(server.url, 'GET', '/api/meta', { cookie })).status, 200);
      const d = await store.db();
      const { sha256Hex } = await import('../../src/audit/hash.js');
      await d
        .updateTable('sessions')
        .set({ expires_ms: Date.now() - 1 })
        .where('id_hash', '=', sha256Hex(cookie.split('=')[1]!))
        .execute();
      assert.equal((await send(server.url, 'GET', '/api/meta', { cookie })).status, 401);
    });

    test('CSRF: a POST on a session needs its token; the actor is the user, never `by`', {
      skip,
    }, async () => {
      const { cookie, csrf } = sessions.analyst!;
      const path = `/api/shipments/${shipmentIds[1]}/decision`;
      const body = { decision: 'confirm', reason: 'accounts test', by: 'mallory' };
      const none = await send(server.url, 'POST', path, { ...origin, cookie }, body);
      assert.equal(none.status, 403);
      assert.match(none.text, /CSRF/);
      const wrong = await send(
        server.url,
        'POST',
        path,
        { ...origin, cookie, 'x-csrf-token': 'x'.repeat(43) },
        body,
      );
      assert.equal(wrong.status, 403);
      const ok = await send(server.url, 'POST', path, { ...origin, cookie, 'x-csrf-token': csrf }, body);
      assert.equal(ok.status, 200, ok.text);
      assert.equal((ok.json().shipment as { decidedBy: string }).decidedBy, 'analyst-user');
      const audit = (await send(server.url, 'GET', '/api/audit?limit=5', { cookie })).json().entries as {
        actor: string;
        action: string;
      }[];
      assert.ok(audit.some((e) => e.action === 'shipment.confirm'));
      for (const e of audit.slice(0, 2)) assert.equal(e.actor, 'analyst-user', JSON.stringify(e));
      // Without Origin and without a token, a cookie request may not change state (accounts mode).
      const headerless = await send(server.url, 'POST', path, { cookie, 'x-csrf-token': csrf }, body);
      assert.equal(headerless.status, 403);
    });

    test('API tokens: Bearer works without Origin, hashed at rest, refused once revoked', {
      skip,
    }, async () => {
      const d = await store.db();
      const t = await createToken(d, 'analyst-user', 'script', null);
      const stored = await d
        .selectFrom('api_tokens')
        .select('token_hash')
        .where('id', '=', t.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, t.token);
      assert.match(stored.token_hash, /^[0-9a-f]{64}$/);
      const auth = { authorization: `Bearer ${t.token}` };
      assert.equal((await send(server.url, 'GET', '/api/meta', auth)).status, 200);
      const r = await send(server.url, 'POST', `/api/shipments/${shipmentIds[2]}/decision`, auth, {
        decision: 'reject',
        reason: 'token test',
        by: 'mallory',
      });
      assert.equal(r.status, 200, r.text);
      assert.equal((r.json().shipment as { decidedBy: string }).decidedBy, 'analyst-user');
      assert.equal(
        (await send(server.url, 'GET', '/api/meta', { authorization: 'Bearer tm_nope' })).status,
        401,
      );
      await revokeToken(d, 'analyst-user', t.id);
      assert.equal((await send(server.url, 'GET', '/api/meta', auth)).status, 401);
    });

    test('routes × roles: every route refuses anonymous access and every lower role', { skip }, async () => {
      const path = (url: string) =>
        url
          .replace(':mmsi', '273000001')
          .replace(':id', String(shipmentIds[0]))
          .replace(':sha', '0'.repeat(64));
      let cells = 0;
      let routes = 0;
      // Logout last: it ends the session it is sent with.
      const table = Object.entries(ROUTE_ROLES).sort(
        ([a], [b]) => Number(a === 'POST /api/logout') - Number(b === 'POST /api/logout'),
      );
      for (const [key, need] of table) {
        const [method, url] = key.split(' ') as [string, string];
        if (need === 'anonymous') continue;
        routes++;
        const body = method === 'POST' ? {} : undefined;
        const anon = await send(server.url, method, path(url), method === 'POST' ? origin : {}, body);
        assert.equal(anon.status, 401, `${key} anonymous → ${anon.status}`);
        cells++;
        for (const role of ROLES) {
          const s = sessions[role]!;
          const headers = {
            cookie: s.cookie,
            ...(method === 'POST' ? { ...origin, 'x-csrf-token': s.csrf } : {}),
          };
          const r = await send(server.url, method, path(url), headers, body);
          cells++;
          if (atLeast(role, need))
            assert.ok(
              r.status !== 401 && r.status !== 403,
              `${key} as ${role} → ${r.status} ${r.text.slice(0, 200)}`,
            );
          else assert.equal(r.status, 403, `${key} as ${role} → ${r.status}`);
        }
      }
      console.log(
        `# ${engine.name}: ${routes} routes × (anonymous + ${ROLES.length} roles) = ${cells} checks passed`,
      );
      assert.ok(routes >= 29, `${routes} routes`);
      for (const role of ROLES)
        assert.equal(
          (await send(server.url, 'GET', '/api/meta', { cookie: sessions[role]!.cookie })).status,
          401,
          'logged out',
        );
    });

    test('tallyman users: add, list, disable (sessions end), passwd, token', { skip }, async () => {
      const run = (args: string[], input?: string) => cli(['--db', db.arg, 'users', ...args], { input });
      assert.equal(run(['add', 'cli-user', '--role', 'reviewer'], `${PASSWORD}\n`).status, 0);
      assert.equal(run(['add', 'cli-user', '--role', 'reviewer'], `${PASSWORD}\n`).status, 2, 'exists');
      assert.equal(run(['add', 'x', '--role', 'boss'], `${PASSWORD}\n`).status, 2, 'no such role');
      const list = JSON.parse(run(['list', '--json']).stdout) as { name: string; role: string }[];
      assert.ok(list.some((u) => u.name === 'cli-user' && u.role === 'reviewer'));
      assert.ok(!run(['list', '--json']).stdout.includes('scrypt'), 'no hash in the list');
      const tok = run(['token', 'cli-user', '--label', 'ci']);
      assert.equal(tok.status, 0);
      const token = tok.stdout.trim();
      assert.match(token, /^tm_[\w-]{43}$/);
      assert.equal(
        (await send(server.url, 'GET', '/api/meta', { authorization: `Bearer ${token}` })).status,
        200,
      );
      const cookie = cookieOf(await login('cli-user', PASSWORD));
      assert.equal(run(['passwd', 'cli-user'], 'another long password\n').status, 0);
      assert.equal(
        (await send(server.url, 'GET', '/api/meta', { cookie })).status,
        401,
        'passwd ends sessions',
      );
      assert.equal((await login('cli-user', PASSWORD)).status, 401);
      const cookie2 = cookieOf(await login('cli-user', 'another long password'));
      assert.equal(run(['disable', 'cli-user']).status, 0);
      assert.equal((await send(server.url, 'GET', '/api/meta', { cookie: cookie2 })).status, 401);
      assert.equal(
        (await send(server.url, 'GET', '/api/meta', { authorization: `Bearer ${token}` })).status,
        401,
      );
      assert.equal((await login('cli-user', 'another long password')).status, 401);
      assert.equal(run(['disable', 'nobody']).status, 4);
    });
  });
}
