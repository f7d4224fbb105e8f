/**
 * Kysely is loaded once, from its CommonJS build (src/store/kysely.ts): a value imported from 'kysely'
 * anywhere else would load its ES module build beside it (~260 more module loads, and two copies
 * of its classes).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { Kysely, sql } from '../../src/store/kysely.js';

const root = new URL('../..', import.meta.url).pathname;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test("no module but src/store/kysely.ts takes a value from 'kysely'", () => {
  const files = ['src', 'test', 'bench', 'web/src'].flatMap((d) => tsFiles(join(root, d)));
  assert.ok(files.length > 100, `files read: ${files.length}`);
  const offenders: string[] = [];
  for (const f of files) {
    if (f.endsWith('src/store/kysely.ts')) continue;
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'kysely';/gms)) {
      // only `import type { … }` (or every name marked `type`) is allowed
      const names = m[3].replace(/^\{|\}$/g, '').split(',');
      if (m[2] === undefined && !names.every((n) => /^\s*type\s/.test(n))) {
        offenders.push(`${relative(root, f)}: ${m[0].replace(/\s+/g, ' ')}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test("src/store/kysely.ts gives Kysely's CommonJS values", () => {
  const cjs = createRequire(import.meta.url)('kysely');
  assert.equal(Kysely, cjs.Kysely);
  assert.equal(sql, cjs.sql);
});
