/**
 * Password hashing with scrypt from node:crypto (no native build to install).
 *
 * Parameters: N = 2^15, r = 8, p = 3. That is one of the settings the OWASP Password Storage Cheat
 * Sheet gives as equivalent to its scrypt minimum (N = 2^17, r = 8, p = 1): 32 MiB of memory per
 * hash (128·N·r bytes) instead of 128 MiB, so a few logins at once fit a small shared server, and
 * the cost that memory saves is taken back in CPU (p = 3). One hash takes about 0.3 s on this
 * project's 2-core test machine (docs/security.md gives the measurement); it runs on libuv's thread
 * pool, so the server keeps answering meanwhile. The stored form names its parameters
 * (`scrypt$N$r$p$salt$hash`), so stronger ones can be adopted later and old hashes still verify.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const SCRYPT = { N: 2 ** 15, r: 8, p: 3, keyLen: 32, saltLen: 16 } as const;

/** ASVS 2.1.1 and 2.1.2: at least 12 characters, up to 128 allowed; no composition rules. */
export const PASSWORD_MIN_CHARS = 12;
export const PASSWORD_MAX_CHARS = 128;

/** null when the password is acceptable, else why not. */
export function passwordProblem(pw: string): string | null {
  const n = [...pw].length;
  if (n < PASSWORD_MIN_CHARS) return `a password needs at least ${PASSWORD_MIN_CHARS} characters`;
  if (n > PASSWORD_MAX_CHARS) return `a password may have at most ${PASSWORD_MAX_CHARS} characters`;
  return null;
}

const derive = (pw: string, salt: Buffer, N: number, r: number, p: number, keyLen: number) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(pw.normalize('NFKC'), salt, keyLen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );

export async function hashPassword(pw: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLen);
  const key = await derive(pw, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLen);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(pw: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || key === undefined || salt === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  const got = await derive(
    pw,
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/**
 * A hash of no one's password, verified against when the name is unknown, so that a login for a
 * name that does not exist takes as long as one with a wrong password (no user enumeration).
 */
let dummy: Promise<string> | null = null;
export const dummyHash = (): Promise<string> => {
  dummy ??= hashPassword(randomBytes(18).toString('base64url'));
  return dummy;
};
