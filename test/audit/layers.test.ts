/**
 * The edges issue 19 removed stay removed, read from the source: src/audit sits below evidence
 * and shipments and imports only the store; evidence never imports shipments (the FtM export
 * lives in src/shipments); imagery names what it writes through with static imports only.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../cli/run-cli.js';

const SRC = join(REPO, 'src');

/** Every relative import of a folder's modules: static `from '…'` and dynamic `import('…')`. */
function imports(folder: string): Array<{ file: string; target: string; dynamic: boolean }> {
  const out = [];
  for (const name of readdirSync(join(SRC, folder))) {
    if (!name.endsWith('.ts')) continue;
    const text = readFileSync(join(SRC, folder, name), 'utf8');
    for (const m of text.matchAll(/\bfrom '(\.[^']+)'|\bimport\('(\.[^']+)'\)/g)) {
      const spec = m[1] ?? m[2] ?? '';
      const target = spec.startsWith('../') ? (spec.split('/')[1] ?? '') : folder;
      out.push({ file: `src/${folder}/${name}`, target, dynamic: m[2] !== undefined });
    }
  }
  return out;
}

test('src/audit imports only the store', () => {
  const seen = imports('audit').filter((i) => i.target !== 'audit');
  assert.ok(seen.length > 0, 'the parser finds its imports');
  assert.deepEqual(
    seen.filter((i) => i.target !== 'store').map((i) => `${i.file} → src/${i.target}`),
    [],
  );
});

test('no edge from evidence up to shipments', () => {
  assert.deepEqual(
    imports('evidence')
      .filter((i) => i.target === 'shipments')
      .map((i) => i.file),
    [],
    'src/evidence sits below the ledger: code that needs a Shipment belongs in src/shipments',
  );
  assert.ok(
    imports('shipments').some((i) => i.target === 'audit'),
    'shipments writes through src/audit',
  );
});

test('imagery imports what it writes through statically', () => {
  const found = imports('imagery');
  assert.deepEqual(
    found.filter((i) => i.dynamic).map((i) => `${i.file}: import('…/${i.target}')`),
    [],
  );
  assert.ok(found.some((i) => i.file === 'src/imagery/service.ts' && i.target === 'shipments'));
});
