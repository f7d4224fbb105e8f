/**
 * Accounts (migration 0009): users with a role, browser sessions and API tokens. Secrets are never
 * stored: a password as its scrypt hash (src/accounts/password.ts), a session id and an API token
 * as their SHA-256 (both are 256 random bits, so a fast hash is enough). Times are epoch ms UTC.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  /** Unique; what the audit log records as the actor. */
  name: string;
  /** viewer, analyst, reviewer or admin (src/accounts/roles.ts). */
  role: string;
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  password_hash: string;
  /** 1: may not log in, and its sessions and tokens are refused. */
  disabled: number;
  created_ms: number;
  /** Last password change: sessions created before it are refused. */
  password_ms: number;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session id the cookie carries. */
  id_hash: string;
  user_id: number;
  /** The CSRF token the web app sends back in `X-CSRF-Token` on every state-changing request. */
  csrf_token: string;
  created_ms: number;
  expires_ms: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  label: string;
  /** SHA-256 (hex) of the token, which is shown once and never stored. */
  token_hash: string;
  created_ms: number;
  /** null: does not expire. */
  expires_ms: number | null;
  revoked: number;
}

export interface AccountTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}

export const ACCOUNT_TABLES = ['users', 'sessions', 'api_tokens'] as const;
