/**
 * The layers of src/ (docs/architecture.md), read from the source: every import between two
 * folders goes down a layer, never up or sideways, and only the CLI loads another folder with a
 * dynamic import() (to load a command's modules when that command runs). A new folder fails here
 * until it is placed in a layer, here and in the doc, and until it has a README.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(REPO, 'src');

/** Bottom first; the same table as docs/architecture.md. A top-level file is its own "folder". */
const LAYERS: readonly (readonly string[])[] = [
  ['geo', 'time', 'export', 'config'],
  ['tracks', 'scenario'],
  ['ais', 'estimate'],
  ['sources'],
  ['store'],
  ['audit', 'areas'],
  ['events', 'evidence', 'accounts', 'search'],
  ['shipments', 'geodata'],
  ['imagery', 'live'],
  ['scale'],
  ['server'],
  ['cli'],
];

/** Folders allowed to import() another folder: the entry point, which loads a command's code only when it runs. */
const LAZY_LOADERS = new Set(['cli']);

interface Edge {
  file: string;
  line: number;
  from: string;
  to: string;
  /** a runtime `import('…')`; a type-only `import('…').Name` is a static edge */
  dynamic: boolean;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const folderOf = (path: string): string =>
  (relative(SRC, path).split('/')[0] ?? '').replace(/\.(ts|js)$/, '');

/** Static `import … from` / `export … from` at the start of a statement, and `import('…')` outside comments. */
function edgesOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const from = folderOf(file);
  const lineAt = (i: number) => text.slice(0, i).split('\n').length;
  const out: Edge[] = [];
  const add = (spec: string, index: number, dynamic: boolean) => {
    if (!spec.startsWith('.')) return;
    const to = folderOf(resolve(dirname(file), spec));
    if (to !== from) out.push({ file: relative(REPO, file), line: lineAt(index), from, to, dynamic });
  };
  for (const m of text.matchAll(/^[ \t]*(?:import|export)\b[^;'"]*?\bfrom\s*'([^']+)'/gm))
    add(m[1] ?? '', m.index, false);
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)(\.\s*[A-Za-z_$][\w$]*)?/g)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (/^\s*(\*|\/\/)/.test(text.slice(lineStart, m.index))) continue;
    const typeOnly = m[2] !== undefined && !/\.\s*then$/.test(m[2]);
    add(m[1] ?? '', m.index, !typeOnly);
  }
  return out;
}

const EDGES = tsFiles(SRC).flatMap(edgesOf);
const LAYER_OF = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i] as const)));
const show = (e: Edge) => `${e.file}:${e.line} src/${e.from} → src/${e.to}`;

test('the parser sees the import graph', () => {
  assert.ok(EDGES.length > 300, `${EDGES.length} edges between folders`);
  assert.ok(
    EDGES.some((e) => e.from === 'shipments' && e.to === 'audit' && !e.dynamic),
    'a static edge it must see: shipments writes through src/audit',
  );
  assert.ok(
    EDGES.some((e) => e.from === 'cli' && e.to === 'store' && e.dynamic),
    'a dynamic edge it must see: the CLI loads the store when a command runs',
  );
});

test('every folder of src/ is in exactly one layer', () => {
  const folders = readdirSync(SRC, { withFileTypes: true })
    .filter((e) => e.isDirectory() || e.name.endsWith('.ts'))
    .map((e) => e.name.replace(/\.ts$/, ''))
    .sort();
  const placed = LAYERS.flat();
  assert.equal(new Set(placed).size, placed.length, 'a folder is listed twice');
  assert.deepEqual(
    folders.filter((f) => !LAYER_OF.has(f)),
    [],
    'place the new folder in LAYERS and in docs/architecture.md',
  );
  assert.deepEqual(
    placed.filter((f) => !folders.includes(f)),
    [],
    'a listed folder no longer exists: drop it here and in the doc',
  );
});

test('no import goes up a layer or sideways', () => {
  const bad = EDGES.filter((e) => (LAYER_OF.get(e.to) ?? -1) >= (LAYER_OF.get(e.from) ?? -1));
  assert.deepEqual(
    bad.map(show),
    [],
    'move the code down, or the folder up (docs/architecture.md says which)',
  );
});

test('only the CLI loads another folder with a dynamic import()', () => {
  const hidden = EDGES.filter((e) => e.dynamic && !LAZY_LOADERS.has(e.from));
  assert.deepEqual(
    hidden.map(show),
    [],
    'import it statically: a dynamic import hides the edge from a reader',
  );
});

test('the layers in docs/architecture.md are the ones checked here', () => {
  const doc = readFileSync(join(REPO, 'docs', 'architecture.md'), 'utf8');
  const rows = [...doc.matchAll(/^\|\s*(\d+)\s*\|[^|]*\|([^|]*)\|/gm)].map((m) => ({
    layer: Number(m[1]),
    folders: [...(m[2] ?? '').matchAll(/`src\/([\w-]+)(?:\.ts)?\/?`/g)].map((f) => f[1]).sort(),
  }));
  assert.deepEqual(
    rows,
    LAYERS.map((names, i) => ({ layer: i, folders: [...names].sort() })),
  );
});

test('every folder of src/ has a README saying what it owns', () => {
  const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory());
  assert.ok(folders.length > 10, `${folders.length} folders`);
  assert.deepEqual(
    folders.map((e) => e.name).filter((name) => !existsSync(join(SRC, name, 'README.md'))),
    [],
  );
});
