/**
 * The ledger through the real CLI on the SIMULATED small scenario (its AIS stored in-process): observe →
 * shipments propose → confirm with evidence → exports (KML 2.2, GeoJSON, CSV) → verify, then
 * tampering with a file and with a log row (each found, exit non-zero), bad input, and two CLI
 * processes writing at once without corrupting the chain.
 */
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { cli, cliAsync, tempDir } from '../cli/run-cli.js';
import { ingestSmall, smallObservations } from './scenario.js';

/** Well-formed XML (tags balanced and nested), with the element names in document order. */
function xmlElements(text: string): string[] {
  const body = text.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  const names: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^>]*?)(\/?)>/g)) {
    const [, close, name, , self] = m;
    if (close) {
      assert.equal(stack.pop(), name, `</${name}> closes <${stack[stack.length] ?? '?'}>`);
    } else {
      names.push(name);
      if (!self) stack.push(name);
    }
  }
  assert.deepEqual(stack, [], 'every element closed');
  assert.doesNotMatch(body.replace(/<[^>]*>/g, ''), /[<>]|&(?!amp;|lt;|gt;|quot;|apos;)/, 'text escaped');
  return names;
}

test('CLI: propose → confirm with evidence → export → verify → tamper', { timeout: 240_000 }, async () => {
  const dir = tempDir('tallyman-ledger-');
  const db = join(dir, 't.db');
  const run = (...args: string[]) => cli(['--db', db, ...args]);
  const ok = (...args: string[]) => {
    const r = run(...args);
    assert.equal(r.status, 0, `${args.join(' ')}\n${r.stderr}`);
    return r.stdout;
  };
  // the scenario's AIS goes in through the store directly (the ingest CLI has its own tests)
  const store = await openStore({ path: db });
  await ingestSmall(store);
  await store.close();
  writeFileSync(join(dir, 'obs.json'), JSON.stringify(smallObservations()));
  assert.match(ok('observe', 'import', join(dir, 'obs.json')), /0 rejected/);
  const r = run('shipments', 'propose', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /3 shipments proposed/);
  const list = JSON.parse(r.stdout) as Array<{ id: number; status: string; departMs: number }>;
  assert.equal(list.length, 3);
  assert.ok(list.every((s) => s.status === 'proposed'));

  // bad input: clear messages, usage / not-found exit codes
  let bad = run('shipment', 'confirm', String(list[0].id));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--reason/);
  bad = run('shipment', 'confirm', '99', '--reason', 'x');
  assert.equal(bad.status, 4);
  assert.match(bad.stderr, /shipment 99 does not exist/);
  bad = run('evidence', 'add', join(dir, 'obs.json'), '--title', 't', '--grade', 'Z9');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /A–F/);
  // proposed → confirmed, with its evidence
  writeFileSync(join(dir, 'image-note.txt'), 'SIMULATED: ship alongside at Rajin, stack of ~270 TEU\n');
  assert.match(
    ok(
      'evidence',
      'add',
      join(dir, 'image-note.txt'),
      '--title',
      'Loading seen (simulated)',
      '--grade',
      'B2',
      '--kind',
      'satellite-image',
      '--shipment',
      String(list[1].id),
      '--simulated',
      '--by',
      'alice',
    ),
    /evidence 1: .*\[B2\]/,
  );
  assert.match(
    ok('evidence', 'add', join(dir, 'image-note.txt'), '--title', 'dup', '--grade', 'C3'),
    /already stored/,
  );
  const conf = ok(
    'shipment',
    'confirm',
    String(list[1].id),
    '--reason',
    'seen loading; draught rise',
    '--by',
    'alice',
  );
  assert.match(conf, /number 1, 1st by departure\): confirmed by alice/);
  assert.match(conf, /document/);
  // the earlier shipment confirmed second gets number 2: no. 1 stays no. 1 (it is 2nd by departure)
  assert.match(
    ok('shipment', 'confirm', String(list[0].id), '--reason', 'AIS call and draught', '--by', 'bob'),
    /number 2, 1st by departure\)/,
  );
  assert.match(ok('shipment', 'show', String(list[1].id)), /number 1, 2nd by departure\)/);
  const confirmed = JSON.parse(ok('shipments', '--status', 'confirmed', '--json')) as Array<{
    id: number;
    number: number;
  }>;
  assert.deepEqual(
    confirmed.map((s) => [s.id, s.number]),
    [
      [list[0].id, 2],
      [list[1].id, 1],
    ],
  );
  // re-detection leaves the numbers alone
  ok('shipments', 'propose');
  assert.deepEqual(JSON.parse(ok('shipments', '--status', 'confirmed', '--json')), confirmed);

  // exports
  const kml = ok('shipments', '--kml');
  const names = xmlElements(kml);
  assert.match(kml, /<kml xmlns="http:\/\/www\.opengis\.net\/kml\/2\.2">/);
  // one Folder per kind: shipments, port calls, dark legs, sightings
  assert.equal(names.filter((n) => n === 'Folder').length, 4);
  assert.ok(names.filter((n) => n === 'LineString').length >= 3);
  assert.equal((kml.match(/<SchemaData schemaUrl="#schema-shipment">/g) ?? []).length, 3);
  assert.equal((kml.match(/<SchemaData schemaUrl="#schema-portCall">/g) ?? []).length, 6);
  assert.match(kml, /<styleUrl>#ais-leg<\/styleUrl>/, 'a stretch heard on AIS');
  assert.match(kml, /<styleUrl>#dark-leg<\/styleUrl>/, 'a dark stretch');
  for (const m of kml.matchAll(/<coordinates>([^<]*)<\/coordinates>/g))
    for (const t of m[1].trim().split(/\s+/)) {
      const [lon, lat, ...rest] = t.split(',').map(Number);
      assert.ok(lon > 129 && lon < 134 && lat > 41 && lat < 44 && rest.length === 0, t);
    }
  const gj = JSON.parse(ok('shipments', '--geojson'));
  assert.equal(gj.type, 'FeatureCollection');
  assert.ok(gj.features.every((f: { geometry: { type: string } }) => f.geometry.type === 'LineString'));
  assert.deepEqual(
    new Set(gj.features.map((f: { properties: { shipmentId: number } }) => f.properties.shipmentId)).size,
    3,
  );
  assert.equal(new Set(gj.features.map((f: { id: string }) => f.id)).size, gj.features.length, 'unique ids');
  assert.ok(gj.features[0].geometry.coordinates[0][0] > 129, 'longitude first');
  const csv = ok('shipments', '--csv').trim().split('\n');
  assert.equal(csv.length, 4);
  assert.match(csv[0], /^id,number,status,mmsi/);

  // claims side by side
  ok(
    'claim',
    'add',
    '6,700 containers by Feb 2024',
    '--measure',
    'containers-total',
    '--quantity',
    '6700',
    '--unit',
    'containers',
    '--to',
    '2024-02-27',
    '--evidence',
    '1',
  );
  ok(
    'claim',
    'add',
    '>10,000 containers by Feb 2024',
    '--measure',
    'containers-total',
    '--quantity',
    '10000-11000',
    '--unit',
    'containers',
    '--to',
    '2024-02-28',
  );
  assert.match(ok('claims'), /containers-total \(containers\): 1 conflict/);

  // two writers at once: both finish, the chain holds
  const writers = [0, 1].map(
    (w) =>
      new Promise<number>((resolve) => {
        const p = cliAsync([
          '--db',
          db,
          'observe',
          'add-rail',
          '--time',
          '2023-10-05',
          '--place',
          'Tumangang',
          '--count',
          String(70 + w),
          '--by',
          `writer${w}`,
        ]);
        p.on('close', (code) => resolve(code ?? -1));
      }),
  );
  assert.deepEqual(await Promise.all(writers), [0, 0]);

  let v = run('verify');
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /chain intact/);

  // tamper with the evidence file
  const evDir = join(dir, 'evidence');
  const sub = readdirSync(evDir)[0];
  const file = join(evDir, sub, readdirSync(join(evDir, sub))[0]);
  chmodSync(file, 0o644);
  writeFileSync(file, 'SIMULATED: nothing at Rajin\n');
  v = run('verify');
  // 5: verify ran and found a break (1 would be a verify that could not run).
  assert.equal(v.status, 5, v.stderr);
  assert.match(v.stdout, /evidence 1: file changed/);
  writeFileSync(file, 'SIMULATED: ship alongside at Rajin, stack of ~270 TEU\n');

  // tamper with a log row
  const raw = new BetterSqlite3(db);
  raw.prepare("update audit_log set detail = 'nothing to see' where seq = 2").run();
  raw.close();
  v = run('verify');
  assert.equal(v.status, 5, v.stderr);
  assert.match(v.stdout, /FIRST BREAK at entry 2/);
});
