/**
 * Users, sessions and API tokens in the store (tables in src/store/schema-accounts.ts), the same
 * on SQLite and PostgreSQL. Session ids and API tokens are 256 random bits, handed out once and
 * kept only as their SHA-256.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../audit/hash.js';
import type { Database } from '../store/schema.js';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './password.js';
import { isRole, type Role } from './roles.js';

export class AccountError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-found' | 'invalid' = 'invalid',
  ) {
    super(message);
  }
}

export interface User {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdMs: number;
}

/** A user name: 1–64 characters of letters, digits and `. _ @ -` (it is the audit log's actor). */
const NAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

/** The columns of a User, qualified so that they read the same in a join with sessions or tokens. */
const USER_COLUMNS = ['users.id', 'users.name', 'users.role', 'users.disabled', 'users.created_ms'] as const;

type UserRow = {
  id: number | string;
  name: string;
  role: string;
  disabled: number | string;
  created_ms: number | string;
};
const toUser = (r: UserRow): User => ({
  id: Number(r.id),
  name: r.name,
  role: (isRole(r.role) ? r.role : 'viewer') as Role,
  disabled: Number(r.disabled) === 1,
  createdMs: Number(r.created_ms),
});

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('name').execute();
  return rows.map(toUser);
}

export async function findUser(db: Kysely<Database>, name: string): Promise<User | null> {
  const r = await db.selectFrom('users').select(USER_COLUMNS).where('name', '=', name).executeTakeFirst();
  return r ? toUser(r) : null;
}

/** Accounts are on once any user exists (even a disabled one: disabling the last user must not open the door). */
export async function hasUsers(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function hasActiveAdmin(db: Kysely<Database>): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function addUser(
  db: Kysely<Database>,
  name: string,
  role: string,
  password: string,
  nowMs = Date.now(),
): Promise<User> {
  if (!NAME.test(name))
    throw new AccountError(`"${name}" is not a user name (1–64 letters, digits, . _ @ -)`);
  if (!isRole(role)) throw new AccountError(`"${role}" is not a role (viewer, analyst, reviewer, admin)`);
  const problem = passwordProblem(password);
  if (problem !== null) throw new AccountError(problem);
  if ((await findUser(db, name)) !== null) throw new AccountError(`user ${name} exists already`);
  const hash = await hashPassword(password);
  await db
    .insertInto('users')
    .values({ name, role, password_hash: hash, disabled: 0, created_ms: nowMs, password_ms: nowMs })
    .execute();
  return (await findUser(db, name))!;
}

async function mustFind(db: Kysely<Database>, name: string): Promise<User> {
  const u = await findUser(db, name);
  if (u === null) throw new AccountError(`no user ${name}`, 'not-found');
  return u;
}

/** Disables (or enables) a user; disabling also ends their sessions and revokes their tokens. */
export async function setDisabled(db: Kysely<Database>, name: string, disabled: boolean): Promise<User> {
  const u = await mustFind(db, name);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ disabled: disabled ? 1 : 0 })
      .where('id', '=', u.id)
      .execute();
    if (disabled) {
      await tx.deleteFrom('sessions').where('user_id', '=', u.id).execute();
      await tx.updateTable('api_tokens').set({ revoked: 1 }).where('user_id', '=', u.id).execute();
    }
  });
  return { ...u, disabled };
}

export async function setRole(db: Kysely<Database>, name: string, role: string): Promise<User> {
  if (!isRole(role)) throw new AccountError(`"${role}" is not a role (viewer, analyst, reviewer, admin)`);
  const u = await mustFind(db, name);
  await db.updateTable('users').set({ role }).where('id', '=', u.id).execute();
  return { ...u, role };
}

/** A new password; every session of the user ends (ASVS 3.3.3). Tokens stay (revoke them apart). */
export async function setPassword(
  db: Kysely<Database>,
  name: string,
  password: string,
  nowMs = Date.now(),
): Promise<void> {
  const problem = passwordProblem(password);
  if (problem !== null) throw new AccountError(problem);
  const u = await mustFind(db, name);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: hash, password_ms: nowMs })
      .where('id', '=', u.id)
      .execute();
    await tx.deleteFrom('sessions').where('user_id', '=', u.id).execute();
  });
}

/** The user when the name and password match an enabled account, else null (same time either way). */
export async function checkPassword(
  db: Kysely<Database>,
  name: string,
  password: string,
): Promise<User | null> {
  const r = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'users.password_hash'])
    .where('name', '=', name)
    .executeTakeFirst();
  const ok = await verifyPassword(password, r?.password_hash ?? (await dummyHash()));
  if (!r || !ok || Number(r.disabled) === 1) return null;
  return toUser(r);
}

export interface Session {
  /** The id for the cookie: shown once, stored as its SHA-256. */
  id: string;
  csrfToken: string;
  expiresMs: number;
  user: User;
}

export async function createSession(
  db: Kysely<Database>,
  user: User,
  ttlMs: number,
  nowMs = Date.now(),
): Promise<Session> {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresMs = nowMs + ttlMs;
  // Expired sessions are swept at each login, so the table does not grow without end.
  await db.deleteFrom('sessions').where('expires_ms', '<=', nowMs).execute();
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256Hex(id),
      user_id: user.id,
      csrf_token: csrfToken,
      created_ms: nowMs,
      expires_ms: expiresMs,
    })
    .execute();
  return { id, csrfToken, expiresMs, user };
}

export async function endSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256Hex(id)).execute();
}

/** The live session with this id, its user enabled; null when expired, ended or unknown. */
export async function findSession(
  db: Kysely<Database>,
  id: string,
  nowMs = Date.now(),
): Promise<Session | null> {
  const r = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([...USER_COLUMNS, 'users.password_ms'])
    .select(['sessions.csrf_token', 'sessions.expires_ms', 'sessions.created_ms as session_ms'])
    .where('sessions.id_hash', '=', sha256Hex(id))
    .executeTakeFirst();
  if (!r || Number(r.expires_ms) <= nowMs || Number(r.disabled) === 1) return null;
  if (Number(r.session_ms) < Number(r.password_ms)) return null;
  return { id, csrfToken: r.csrf_token, expiresMs: Number(r.expires_ms), user: toUser(r) };
}

export const TOKEN_PREFIX = 'tm_';

/** A new API token for a user: the token itself is returned once and stored only as its SHA-256. */
export async function createToken(
  db: Kysely<Database>,
  name: string,
  label: string,
  expiresMs: number | null,
  nowMs = Date.now(),
): Promise<{ id: number; token: string }> {
  const u = await mustFind(db, name);
  if (u.disabled) throw new AccountError(`user ${name} is disabled`);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const r = await db
    .insertInto('api_tokens')
    .values({
      user_id: u.id,
      label,
      token_hash: sha256Hex(token),
      created_ms: nowMs,
      expires_ms: expiresMs,
      revoked: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(r.id), token };
}

export async function revokeToken(db: Kysely<Database>, name: string, id: number): Promise<void> {
  const u = await mustFind(db, name);
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked: 1 })
    .where('id', '=', id)
    .where('user_id', '=', u.id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new AccountError(`user ${name} has no token ${id}`, 'not-found');
}

export interface TokenInfo {
  id: number;
  label: string;
  createdMs: number;
  expiresMs: number | null;
  revoked: boolean;
}

export async function listTokens(db: Kysely<Database>, name: string): Promise<TokenInfo[]> {
  const u = await mustFind(db, name);
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', u.id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    label: r.label,
    createdMs: Number(r.created_ms),
    expiresMs: r.expires_ms === null ? null : Number(r.expires_ms),
    revoked: Number(r.revoked) === 1,
  }));
}

/** The enabled user a live, unrevoked token belongs to, else null. */
export async function userOfToken(
  db: Kysely<Database>,
  token: string,
  nowMs = Date.now(),
): Promise<User | null> {
  const r = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(USER_COLUMNS)
    .select(['api_tokens.revoked', 'api_tokens.expires_ms'])
    .where('api_tokens.token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!r || Number(r.revoked) === 1 || Number(r.disabled) === 1) return null;
  if (r.expires_ms !== null && Number(r.expires_ms) <= nowMs) return null;
  return toUser(r);
}
