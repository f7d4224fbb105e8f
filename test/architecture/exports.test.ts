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

/** How many of the files name each word: all of them, and those that ship (not under test/). */
const filesNaming = new Map<string, number>();
const shippedNaming = new Map<string, number>();
const textOf = new Map<string, string>();
const TEST_DIR = join(REPO, 'test');
for (const f of ALL_FILES) {
  const text = readFileSync(f, 'utf8');
  textOf.set(f, text);
  const shipped = !f.startsWith(TEST_DIR);
  for (const w of new Set(text.match(/[A-Za-z_$][\w$]*/g))) {
    filesNaming.set(w, (filesNaming.get(w) ?? 0) + 1);
    if (shipped) shippedNaming.set(w, (shippedNaming.get(w) ?? 0) + 1);
  }
}

const EXPORTED_VALUE =
  /^export\s+(?:async\s+)?(?:function\*?|const|let|class|abstract\s+class|enum)\s+([A-Za-z_$][\w$]*)/gm;

/** Each exported value of src/, with how often its own module names it. */
function exportedValues(): { where: string; name: string; inOwnFile: number }[] {
  return SRC_FILES.flatMap((f) => {
    const text = textOf.get(f) ?? '';
    return [...text.matchAll(EXPORTED_VALUE)].map((m) => {
      const name = m[1] ?? '';
      const word = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
      return { where: `${relative(REPO, f)}: ${name}`, name, inOwnFile: (text.match(word) ?? []).length };
    });
  });
}

/**
 * Kept though nothing names them yet, each with its reason: detectImoShared is the imo-shared
 * detector's one-call entry point (the pipeline calls its incremental halves), as every other
 * detector has one, for tests by detector (issue 19).
 */
const KEEP = new Set(['src/events/identity.ts: detectImoShared']);

test('every exported value of src/ is used somewhere', () => {
  const all = exportedValues();
  assert.ok(all.length > 500, `the parser finds the exports (${all.length})`);
  const dead = all.filter(
    (e) => e.inOwnFile <= 1 && (filesNaming.get(e.name) ?? 0) <= 1 && !KEEP.has(e.where),
  );
  assert.deepEqual(
    dead.map((e) => e.where),
    [],
    'remove it, or use it where its value is copied',
  );
});

/**
 * Exported values that only tests call, found when this check was written (issue 19) and not
 * moved: small pure helpers in folders other work was changing at the time, and the table list
 * and migration provider with which the store tests drive Kysely's own Migrator. A new one fails.
 */
const TEST_ONLY_KNOWN = new Set([
  'src/events/coverage.ts: buildCoverage',
  'src/events/identity.ts: detectImoShared',
  'src/events/params.ts: withParams',
  'src/events/reception.ts: countReception',
  'src/shipments/four-eyes.ts: countsOnBasis',
  'src/store/migrations/index.ts: migrationProvider',
  'src/store/migrations/index.ts: MIGRATION_LOCK_TABLE',
  'src/store/schema.ts: TABLES',
]);

test('no new exported value that only tests use: it belongs in test/', () => {
  const testOnly = exportedValues().filter(
    (e) => e.inOwnFile <= 1 && (shippedNaming.get(e.name) ?? 0) <= 1 && (filesNaming.get(e.name) ?? 0) > 1,
  );
  assert.ok(
    testOnly.some((e) => TEST_ONLY_KNOWN.has(e.where)),
    'the check sees a known test-only export (drop this assertion when the list is empty)',
  );
  assert.deepEqual(
    testOnly.filter((e) => !TEST_ONLY_KNOWN.has(e.where)).map((e) => e.where),
    [],
    'move it to a helper under test/, or use it in src/',
  );
});
