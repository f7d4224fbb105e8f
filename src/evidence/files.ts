/**
 * The content-addressed file store: a file lives at `<dir>/<first 2 hex>/<sha256>` and is
 * written once (to a temporary name, then renamed), so the same file added twice is stored once
 * and a stored file is never overwritten. The folder: $TALLYMAN_EVIDENCE_DIR, else `evidence`
 * beside the SQLite database, else ./evidence (PostgreSQL).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { sha256Hex } from '../audit/hash.js';
import type { StoreLocation } from '../config.js';

export function evidenceDirFrom(env: NodeJS.ProcessEnv, loc: StoreLocation, option?: string): string {
  if (option) return resolve(option);
  if (env.TALLYMAN_EVIDENCE_DIR) return resolve(env.TALLYMAN_EVIDENCE_DIR);
  if (loc.path && loc.path !== ':memory:') return join(dirname(resolve(loc.path)), 'evidence');
  return resolve('evidence');
}

/** Where a file lies in the folder, relative to it: `ab/ab12…`. */
const storedName = (sha256: string): string => join(sha256.slice(0, 2), sha256);

export const filePath = (dir: string, sha256: string): string => join(dir, storedName(sha256));

export function putFile(dir: string, bytes: Uint8Array): { sha256: string; path: string; existed: boolean } {
  const sha256 = sha256Hex(bytes);
  const path = filePath(dir, sha256);
  if (existsSync(path)) return { sha256, path, existed: true };
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, bytes, { mode: 0o444 });
  renameSync(tmp, path);
  return { sha256, path, existed: false };
}

export type FileCheck =
  | { status: 'ok' }
  | { status: 'missing' }
  | { status: 'changed'; actualSha256: string };

export function checkFile(dir: string, sha256: string): FileCheck {
  const path = filePath(dir, sha256);
  if (!existsSync(path)) return { status: 'missing' };
  const actual = sha256Hex(readFileSync(path));
  return actual === sha256 ? { status: 'ok' } : { status: 'changed', actualSha256: actual };
}

/**
 * Every file under the evidence folder, as paths relative to it (`ab/ab12…`), sorted; [] where the
 * folder does not exist yet. `verify` compares them with the hashes the rows name: a file no row
 * refers to was put there outside tallyman, left by a write that crashed between the file and its
 * row, or is what is left of a row deleted behind tallyman's back.
 */
export function storedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** The files of `stored` that are not at the path of any of `referenced` (hashes). Pure. */
export function orphanFiles(stored: readonly string[], referenced: Iterable<string>): string[] {
  const expected = new Set(Array.from(referenced, storedName));
  return stored.filter((f) => !expected.has(f));
}
