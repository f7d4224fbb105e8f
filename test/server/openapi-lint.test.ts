/**
 * The OpenAPI document as the server serves it (`GET /api/openapi.json`), linted by Redocly CLI
 * (`@redocly/cli`, the repository's redocly.yaml: the recommended ruleset) in a child process:
 * any error fails, warnings are printed. `--no-install` and the telemetry switches keep npx and
 * Redocly off the network. Also: the GeoJSON routes declare a GeoJSON object under
 * application/geo+json, and the file exports declare no JSON body they never send.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/index.js';
import { REPO } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tallyman-openapi-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer?: string }>;
}

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }
    >
  >;
};

async function servedDocument(): Promise<{ text: string; doc: Doc }> {
  const store = await openStore({ path: join(dir, 'empty.db') });
  try {
    const { app } = await buildApp({ store, webRoot: dir, checkResponses: true });
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json', headers: { host: '127.0.0.1' } });
    await app.close();
    assert.equal(res.statusCode, 200, res.body);
    return { text: res.body, doc: res.json() as Doc };
  } finally {
    await store.close();
  }
}

test('Redocly lints the served /api/openapi.json with 0 errors', async () => {
  const { text } = await servedDocument();
  const file = join(dir, 'openapi.json');
  writeFileSync(file, text);
  const r = spawnSync(
    'npx',
    ['--no-install', 'redocly', 'lint', file, '--config', join(REPO, 'redocly.yaml'), '--format', 'json'],
    {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  assert.ok(r.stdout.trim().startsWith('{'), `redocly printed no report (exit ${r.status}): ${r.stderr}`);
  const report = JSON.parse(r.stdout) as {
    totals: { errors: number; warnings: number };
    problems: Problem[];
  };
  const line = (p: Problem) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`;
  for (const p of report.problems.filter((x) => x.severity === 'warn')) console.log(`# redocly ${line(p)}`);
  const errors = report.problems.filter((p) => p.severity === 'error').map(line);
  assert.deepEqual(errors, []);
  assert.equal(report.totals.errors, 0);
  assert.equal(r.status, 0, r.stderr);
});

test('GeoJSON routes declare a GeoJSON object, file exports no JSON body', async () => {
  const { doc } = await servedDocument();
  const ok = (path: string) => doc.paths[path].get.responses['200'].content ?? {};
  for (const path of ['/api/export/tracks.geojson', '/api/vessels/{mmsi}/track']) {
    const schema = ok(path)['application/geo+json']?.schema as { anyOf?: Array<Record<string, unknown>> };
    assert.ok(schema, `${path} documents application/geo+json`);
    assert.notEqual((schema as { type?: string }).type, 'string', `${path}: not a string`);
    const [collection, feature] = schema.anyOf ?? [];
    assert.equal(collection?.type, 'object');
    assert.deepEqual((collection?.properties as Record<string, unknown> | undefined)?.type, {
      type: 'string',
      const: 'FeatureCollection',
    });
    assert.deepEqual((feature?.properties as Record<string, unknown> | undefined)?.type, {
      type: 'string',
      const: 'Feature',
    });
  }
  assert.equal(ok('/api/export/tracks.geojson')['application/json'], undefined);
  assert.ok(ok('/api/vessels/{mmsi}/track')['application/json'], 'the compact track is JSON');
  for (const [path, type] of [
    ['/api/export/shipments.csv', 'text/csv'],
    ['/api/export/shipments.kml', 'application/vnd.google-earth.kml+xml'],
    ['/api/export/evidence.ftm.json', 'application/x-ndjson'],
  ] as const) {
    assert.deepEqual(Object.keys(ok(path)), [type], path);
  }
});
