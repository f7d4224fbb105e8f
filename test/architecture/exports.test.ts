/**
 * No dead code behind an export: every function, class and constant that a module of src/ exports
 * is named somewhere else — in another file of src/, test/, bench/, scripts/ or web/, or again in
 * its own module. By name, not by import, so a use through a namespace or a dynamic import counts
 * and the check never calls live code dead; what it reports is unused everywhere.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', 'bench-out']);

function files(dir: string, ext: RegExp): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // a folder a clone may not have
  }
  return entries.flatMap((e) => {
    if (SKIP.has(e.name) || e.name.startsWith('.')) return [];
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p, ext);
    return ext.test(e.name) ? [p] : [];
  });
}

const CODE = /\.(ts|tsx|mjs|js|html)$/;
const SRC_FILES = files(join(REPO, 'src'), /\.ts$/);
const ALL_FILES = ['src', 'test', 'bench', 'scripts', 'web'].flatMap((d) => files(join(REPO, d), CODE));

/** How many of the files name each word. */
const filesNaming = new Map<string, number>();
const textOf = new Map<string, string>();
for (const f of ALL_FILES) {
  const text = readFileSync(f, 'utf8');
  textOf.set(f, text);
  for (const w of new Set(text.match(/[A-Za-z_$][\w$]*/g))) filesNaming.set(w, (filesNaming.get(w) ?? 0) + 1);
}

/**
 * Kept though nothing names them yet, each with its reason: detectImoShared is the imo-shared
 * detector's one-call entry point (the pipeline calls its incremental halves), as every other
 * detector has one, for tests by detector (issue 19).
 */
const KEEP = new Set(['src/events/identity.ts: detectImoShared']);

const EXPORTED_VALUE =
  /^export\s+(?:async\s+)?(?:function\*?|const|let|class|abstract\s+class|enum)\s+([A-Za-z_$][\w$]*)/gm;

test('every exported value of src/ is used somewhere', () => {
  const dead: string[] = [];
  let seen = 0;
  for (const f of SRC_FILES) {
    const text = textOf.get(f) ?? '';
    for (const m of text.matchAll(EXPORTED_VALUE)) {
      const name = m[1] ?? '';
      seen++;
      const inOwnFile = (
        text.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g')) ?? []
      ).length;
      const where = `${relative(REPO, f)}: ${name}`;
      if (inOwnFile <= 1 && (filesNaming.get(name) ?? 0) <= 1 && !KEEP.has(where)) dead.push(where);
    }
  }
  assert.ok(seen > 500, `the parser finds the exports (${seen})`);
  assert.deepEqual(dead, [], 'remove it, or use it where its value is copied');
});
