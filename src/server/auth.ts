/**
 * Who is asking, and may they: accounts mode (users in the store) or single-user loopback mode
 * (none), sessions in cookies with a CSRF token, API tokens, the login rate limit, and the routes
 * of the session (GET /api/session, POST /api/login, POST /api/logout, GET /api/users).
 *
 * - **Single-user loopback mode**: the store has no users, and the server listens on loopback only
 *   (cli/serve.ts refuses any other address then). Every request acts as the local user (the OS
 *   account that started the server), with every role: today's `npm start`, no login.
 * - **Accounts mode**: once any user exists. A request is anonymous unless it carries a live
 *   session cookie or `Authorization: Bearer <API token>`; each route's minimum role is in
 *   roles.ts. A state-changing request on a cookie session must carry the session's CSRF token in
 *   `X-CSRF-Token`.
 */
import { timingSafeEqual } from 'node:crypto';
import { userInfo } from 'node:os';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { atLeast, ROLES, type Role } from '../accounts/roles.js';
import {
  checkPassword,
  createSession,
  endSession,
  findSession,
  hasUsers,
  listUsers,
  type Session,
  userOfToken,
} from '../accounts/store.js';
import type { ServerContext } from './context.js';
import { STATE_CHANGING_METHODS } from './defences.js';
import { ROUTE_ROLES, type RouteRole, routeKey } from './roles.js';
import { defineRoute, HttpError, type Route } from './route.js';

export type Mode = 'accounts' | 'single-user';

export interface Principal {
  /** The actor the audit log records; null when anonymous. */
  name: string | null;
  role: Role | null;
  via: 'local' | 'session' | 'token' | 'anonymous';
  session?: Session;
}

export const SESSION_COOKIE = 'tallyman_session';
export const CSRF_HEADER = 'x-csrf-token';
/** A session lasts 8 hours from login (a working day) unless TALLYMAN_SESSION_TTL_S says otherwise. */
export const DEFAULT_SESSION_TTL_MS = 8 * 3_600_000;

/** Login attempts: failures allowed per name and per client address within the window, then 429. */
export const LOGIN_LIMIT = { perName: 5, perAddress: 20, windowMs: 15 * 60_000 } as const;

export interface AuthOptions {
  sessionTtlMs?: number;
  /** Always mark the cookie Secure (else: when the request came over HTTPS, trustProxy included). */
  secureCookies?: boolean;
  /** The name recorded in single-user mode; default localUserName(). */
  localUser?: string;
}

/** The OS user who started the server: the actor of single-user loopback mode. */
export function localUserName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TALLYMAN_ANALYST) return env.TALLYMAN_ANALYST;
  try {
    const n = userInfo().username;
    if (n) return n;
  } catch {
    // No passwd entry for this uid (some containers): fall back to the environment.
  }
  return env.USER || env.USERNAME || 'local-user';
}

/** Failures counted in fixed windows, per key; pure apart from the clock passed in. */
export class LoginLimiter {
  private readonly failures = new Map<string, { n: number; since: number }>();
  constructor(
    private readonly limits: { perName: number; perAddress: number; windowMs: number } = LOGIN_LIMIT,
  ) {}

  private count(key: string, now: number): number {
    const e = this.failures.get(key);
    if (!e || now - e.since >= this.limits.windowMs) return 0;
    return e.n;
  }

  /** Seconds to wait, or 0 when this name from this address may try now. */
  retryAfterS(name: string, address: string, now = Date.now()): number {
    const over: string[] = [];
    if (this.count(`n:${name}`, now) >= this.limits.perName) over.push(`n:${name}`);
    if (this.count(`a:${address}`, now) >= this.limits.perAddress) over.push(`a:${address}`);
    if (over.length === 0) return 0;
    const until = Math.max(...over.map((k) => this.failures.get(k)!.since + this.limits.windowMs));
    return Math.max(1, Math.ceil((until - now) / 1000));
  }

  fail(name: string, address: string, now = Date.now()): void {
    for (const key of [`n:${name}`, `a:${address}`]) {
      const e = this.failures.get(key);
      if (!e || now - e.since >= this.limits.windowMs) this.failures.set(key, { n: 1, since: now });
      else e.n++;
    }
    if (this.failures.size > 100_000) this.failures.clear();
  }

  succeed(name: string): void {
    this.failures.delete(`n:${name}`);
  }
}

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  const m = h === undefined ? null : /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

/** True when the request carries an API token: a browser page cannot send one across sites. */
export const hasBearer = (request: FastifyRequest): boolean => bearer(request) !== undefined;

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export interface Auth {
  mode(): Promise<Mode>;
  /** Who sent the request (anonymous when nothing valid identifies them). */
  principal(request: FastifyRequest): Promise<Principal>;
  /** The principal when it may use the route, else throws 401, 403 (role or CSRF). */
  authorize(route: { method: string; url: string }, request: FastifyRequest): Promise<Principal>;
  routes(): Route[];
}

const userShape = z.object({ name: z.string(), role: z.enum(ROLES) });
const sessionResponse = z.object({
  mode: z.enum(['accounts', 'single-user']),
  user: userShape.nullable(),
  csrfToken: z.string().nullable(),
  expiresMs: z.number().nullable(),
});
const loginBody = z.object({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});
const usersResponse = z.object({
  users: z.array(
    z.object({ name: z.string(), role: z.enum(ROLES), disabled: z.boolean(), createdMs: z.number() }),
  ),
});

export function createAuth(ctx: ServerContext, opts: AuthOptions = {}): Auth {
  const ttlMs = opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const local = opts.localUser ?? localUserName();
  const limiter = new LoginLimiter();
  // Once accounts exist they stay on for the life of the server; until then the store is asked
  // again at most once a second, so a user added by `tallyman users add` ends single-user mode.
  let accounts = false;
  let checkedMs = 0;
  const mode = async (): Promise<Mode> => {
    if (accounts) return 'accounts';
    const now = Date.now();
    if (now - checkedMs >= 1000) {
      accounts = await hasUsers(await ctx.db());
      checkedMs = now;
    }
    return accounts ? 'accounts' : 'single-user';
  };

  const principal = async (request: FastifyRequest): Promise<Principal> => {
    if ((await mode()) === 'single-user') return { name: local, role: 'admin', via: 'local' };
    const db = await ctx.db();
    const token = bearer(request);
    if (token !== undefined) {
      const u = await userOfToken(db, token);
      return u ? { name: u.name, role: u.role, via: 'token' } : { name: null, role: null, via: 'anonymous' };
    }
    const sid = cookieValue(request, SESSION_COOKIE);
    if (sid !== undefined && sid !== '') {
      const s = await findSession(db, sid);
      if (s) return { name: s.user.name, role: s.user.role, via: 'session', session: s };
    }
    return { name: null, role: null, via: 'anonymous' };
  };

  const authorize = async (
    route: { method: string; url: string },
    request: FastifyRequest,
  ): Promise<Principal> => {
    const need: RouteRole | undefined = ROUTE_ROLES[routeKey(route)];
    if (need === undefined) throw new HttpError(500, `no role declared for ${routeKey(route)}`);
    const p = await principal(request);
    if (need === 'anonymous') return p;
    if (p.role === null) throw new HttpError(401, 'log in first (or send Authorization: Bearer <API token>)');
    if (!atLeast(p.role, need))
      throw new HttpError(403, `${routeKey(route)} needs the ${need} role; ${p.name} is ${p.role}`);
    if (p.via === 'session' && STATE_CHANGING_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, p.session!.csrfToken))
        throw new HttpError(403, `a ${request.method} on a session needs its CSRF token in X-CSRF-Token`);
    }
    return p;
  };

  const secure = (request: FastifyRequest) => opts.secureCookies === true || request.protocol === 'https';
  const setCookie = (request: FastifyRequest, reply: FastifyReply, value: string, maxAgeS: number) =>
    reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure(request) ? '; Secure' : ''}`,
    );

  const routes = (): Route[] => [
    defineRoute({
      method: 'GET',
      url: '/api/session',
      summary: 'the mode (accounts or single-user), who is logged in, and the CSRF token of their session',
      tag: 'accounts',
      response: sessionResponse,
      async handler({ request, reply }) {
        reply.header('cache-control', 'no-store');
        const m = await mode();
        const p = await principal(request);
        return {
          mode: m,
          user: p.role === null ? null : { name: p.name!, role: p.role },
          csrfToken: p.session?.csrfToken ?? null,
          expiresMs: p.session?.expiresMs ?? null,
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/login',
      summary:
        'log in with a name and password: a new session in an HttpOnly, SameSite=Strict cookie (rate-limited)',
      tag: 'accounts',
      body: loginBody,
      response: sessionResponse,
      async handler({ body, request, reply }) {
        reply.header('cache-control', 'no-store');
        if ((await mode()) === 'single-user')
          throw new HttpError(
            409,
            'this workbench has no accounts (single-user loopback mode): nothing to log in to',
          );
        const wait = limiter.retryAfterS(body.name, request.ip);
        if (wait > 0) {
          reply.header('retry-after', String(wait));
          throw new HttpError(429, `too many failed logins: try again in ${wait} s`);
        }
        const db = await ctx.db();
        const user = await checkPassword(db, body.name, body.password);
        if (user === null) {
          limiter.fail(body.name, request.ip);
          throw new HttpError(401, 'wrong name or password');
        }
        limiter.succeed(body.name);
        // Rotation: whatever session the browser held ends, and the login gets a new id.
        const old = cookieValue(request, SESSION_COOKIE);
        if (old) await endSession(db, old);
        const s = await createSession(db, user, ttlMs);
        setCookie(request, reply, s.id, Math.floor(ttlMs / 1000));
        return {
          mode: 'accounts' as const,
          user: { name: user.name, role: user.role },
          csrfToken: s.csrfToken,
          expiresMs: s.expiresMs,
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/logout',
      summary: 'end this session (its cookie is cleared)',
      tag: 'accounts',
      response: z.object({ ok: z.boolean() }),
      async handler({ request, reply }) {
        const sid = cookieValue(request, SESSION_COOKIE);
        if (sid) await endSession(await ctx.db(), sid);
        setCookie(request, reply, '', 0);
        return { ok: true };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/users',
      summary: 'the accounts, with their roles (admin only; managed with `tallyman users`)',
      tag: 'accounts',
      response: usersResponse,
      async handler() {
        return {
          users: (await listUsers(await ctx.db())).map(({ name, role, disabled, createdMs }) => ({
            name,
            role,
            disabled,
            createdMs,
          })),
        };
      },
    }),
  ];

  return { mode, principal, authorize, routes };
}

/** Who a handler records as acting: the user in accounts mode (a `by` in the request is ignored). */
export function actorOf(p: Principal, requested?: string): string {
  if (p.via === 'local') return requested ?? p.name!;
  return p.name ?? 'anonymous';
}
