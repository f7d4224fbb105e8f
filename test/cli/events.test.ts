/**
 * `tallyman detect`, `events` and `areas` as a user runs them: on a store filled from the simulated
 * test scenario, and with the bad inputs an analyst will type (each a clear message and exit code).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { geometryFromOptions, thresholdsFromOptions } from '../../src/cli/areas.js';
import { type CliError, EXIT } from '../../src/cli/exit-codes.js';
import { readOverviews } from '../../src/server/overview-store.js';
import { openStore } from '../../src/store/index.js';
import { cli, REPO, tempDir } from './run-cli.js';

const dir = tempDir();
const db = join(dir, 't.db');

describe('detect and events', () => {
  it('detect stores events and prints the counts; a re-run replaces them', async () => {
    const sim = cli(['simulate', join(REPO, 'scenarios/test-small.json'), '--out', dir]);
    assert.equal(sim.status, 0, sim.stderr);
    const ing = cli(['--db', db, 'ingest', join(dir, 'test-small.simulated.nmea')]);
    assert.equal(ing.status, 0, ing.stderr);
    const d1 = cli(['--db', db, 'detect']);
    assert.equal(d1.status, 0, d1.stderr);
    assert.match(d1.stdout, /detection run 1 \(shuttle\)/);
    assert.match(d1.stdout, /encounter\s+1\n/);
    const n = Number(/(\d+) events stored \(0 replaced\)/.exec(d1.stdout)?.[1]);
    assert.ok(n > 50, d1.stdout);
    // the map's overview of every vessel is stored and current: the first map request reads rows
    const store = await openStore({ path: db });
    try {
      const rows = await readOverviews(await store.db());
      assert.equal(rows.length, (await store.listVessels()).length);
      assert.ok(
        rows.every((r) => r.current),
        JSON.stringify(rows.filter((r) => !r.current).slice(0, 3)),
      );
    } finally {
      await store.close();
    }
    // nothing ingested since: nothing to do
    const same = cli(['--db', db, 'detect', '--json']);
    assert.equal(same.status, 0, same.stderr);
    assert.equal(JSON.parse(same.stdout).upToDate, true);
    const d2 = cli([
      ...['--db', db, 'detect', '--full', '--json', '--batch-positions', '1000', '--memory-positions', '0'],
    ]);
    assert.equal(d2.status, 0, d2.stderr);
    const run2 = JSON.parse(d2.stdout);
    assert.equal(run2.id, 2);
    assert.equal(run2.events, n);
    assert.equal(run2.replaced, n);
    assert.ok(run2.batches >= 5, `${run2.batches} batches`);
    // every batch but the first waited in the temporary file between rounds
    assert.equal(run2.spilledBatches, run2.batches - 1);
    assert.equal(run2.complete, true);
    assert.equal(run2.incremental, false);
    const bad = cli(['--db', db, 'detect', '--batch-positions', '0']);
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /--batch-positions: "0" is not a whole number of at least 1/);
    const badMemory = cli(['--db', db, 'detect', '--memory-positions', '-1']);
    assert.equal(badMemory.status, 2, badMemory.stderr);
    assert.match(badMemory.stderr, /--memory-positions: "-1" is not a whole number of at least 0/);
  });

  it('events: table, JSON, GeoJSON and CSV, filtered by vessel and type', () => {
    const all = JSON.parse(cli(['--db', db, 'events', '--json']).stdout);
    assert.equal(new Set(all.map((e: { id: string }) => e.id)).size, all.length);
    const enc = all.find((e: { type: string }) => e.type === 'encounter');
    const mine = JSON.parse(
      cli(['--db', db, 'events', '--vessel', String(enc.mmsi2), '--type', 'encounter', '--json']).stdout,
    );
    assert.deepEqual(
      mine.map((e: { id: string }) => e.id),
      [enc.id],
    );
    const geo = JSON.parse(cli(['--db', db, 'events', '--type', 'gap', '--geojson']).stdout);
    assert.equal(geo.type, 'FeatureCollection');
    assert.ok(geo.features.length >= 5);
    assert.ok(geo.features.every((f: { properties: { type: string } }) => f.properties.type === 'gap'));
    const csv = cli(['--db', db, 'events', '--type', 'port-call', '--csv']).stdout.trim().split('\n');
    assert.match(csv[0], /^id,type,mmsi,mmsi2,start_utc,end_utc,lon,lat,confidence,summary/);
    assert.equal(csv.length - 1, all.filter((e: { type: string }) => e.type === 'port-call').length);
    const table = cli(['--db', db, 'events', '--type', 'encounter']);
    assert.match(table.stdout, /encounter .*median \d+ m apart/);
    assert.match(table.stdout, /1 of 1 events/);
  });

  it('bad options: usage errors, unknown area not found', () => {
    const bad = cli(['--db', db, 'events', '--type', 'party']);
    assert.equal(bad.status, EXIT.usage);
    assert.match(bad.stderr, /--type: party not one of port-call/);
    const params = cli(['--db', db, 'detect', '--params', 'fast']);
    assert.equal(params.status, EXIT.usage);
    assert.match(params.stderr, /--params: "fast" is not one of shuttle, gfw, skylight/);
    const nf = cli(['--db', db, 'detect', '--area', 'atlantis']);
    assert.equal(nf.status, EXIT.notFound);
    assert.match(nf.stderr, /no area atlantis/);
  });
});

describe('areas', () => {
  it('add, list, override a bundled area, export, rm', () => {
    const add = cli([
      '--db',
      db,
      'areas',
      'add',
      '--id',
      'test-buoy',
      '--name',
      'Test buoy',
      '--kind',
      'anchorage',
      '--circle',
      '131.5,42.5,1500',
      '--threshold',
      'gapMinMs=21600000',
    ]);
    assert.equal(add.status, 0, add.stderr);
    const over = cli([
      '--db',
      db,
      'areas',
      'add',
      '--id',
      'dunai',
      '--name',
      'Dunai piers',
      '--kind',
      'naval-facility',
      '--polygon',
      '132.33,42.87 132.35,42.87 132.35,42.89 132.33,42.89',
    ]);
    assert.equal(over.status, 0, over.stderr);
    assert.match(over.stdout, /overriding the bundled area/);
    const list = JSON.parse(cli(['--db', db, 'areas', 'list', '--json']).stdout);
    const buoy = list.find((a: { id: string }) => a.id === 'test-buoy');
    assert.deepEqual(buoy.thresholds, { gapMinMs: 21600000 });
    assert.equal(list.find((a: { id: string }) => a.id === 'dunai').origin, 'user (overrides bundled)');
    assert.equal(list.filter((a: { id: string }) => a.id === 'dunai').length, 1);
    const dup = cli([
      '--db',
      db,
      'areas',
      'add',
      '--id',
      'test-buoy',
      '--name',
      'x',
      '--kind',
      'port',
      '--circle',
      '1,1,1',
    ]);
    assert.equal(dup.status, EXIT.usage);
    const exported = JSON.parse(cli(['--db', db, 'areas', 'export', '--user']).stdout);
    assert.deepEqual(
      exported.features.map((f: { properties: { id: string } }) => f.properties.id),
      ['dunai', 'test-buoy'],
    );
    assert.equal(cli(['--db', db, 'areas', 'rm', 'dunai']).status, 0);
    const rmBundled = cli(['--db', db, 'areas', 'rm', 'dunai']);
    assert.equal(rmBundled.status, EXIT.notFound);
    assert.match(rmBundled.stderr, /bundled area: it cannot be removed/);
  });

  it('bad add options name the option and the reason', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => geometryFromOptions('131.5,42.5'), /--circle: "131.5,42.5" is not 3 comma-separated numbers/],
      [() => geometryFromOptions(undefined, '1,1 2,2'), /at least 3 points/],
      [() => geometryFromOptions(), /exactly one of --circle/],
      [() => geometryFromOptions('1,1,1', '1,1 2,2 3,1'), /exactly one of --circle/],
      [() => thresholdsFromOptions(['speed=3']), /--threshold: "speed=3" is not name=value/],
      [() => thresholdsFromOptions(['gapMinMs=-1']), /gapMinMs must be a number ≥ 0/],
      [() => thresholdsFromOptions(['gapMinMs=']), /gapMinMs must be a number ≥ 0/],
    ];
    for (const [f, why] of cases)
      assert.throws(f, (e: CliError) => e.exitCode === EXIT.usage && why.test(e.message));
    assert.deepEqual(geometryFromOptions(undefined, '1,1 2,1 2,2'), {
      type: 'polygon',
      rings: [
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 1],
        ],
      ],
    });
    // through the CLI: the validator's reason, exit 2
    const base = ['--db', db, 'areas', 'add', '--id', 'x1', '--name', 'X'];
    const radius = cli([...base, '--kind', 'port', '--circle', '131.5,42.5,0']);
    assert.equal(radius.status, EXIT.usage);
    assert.match(radius.stderr, /radiusM 0 not in/);
    const kind = cli([...base, '--kind', 'harbour', '--circle', '1,1,1']);
    assert.equal(kind.status, EXIT.usage);
    assert.match(kind.stderr, /kind "harbour" is not one of port/);
  });

  it('import: good features land, bad ones are named by file, feature and reason', () => {
    const file = join(dir, 'areas.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [131.2, 42.6] },
            properties: { id: 'imp-ok', name: 'OK', kind: 'port', radiusM: 2000, source: 'test' },
          },
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [131.2, 42.6] },
            properties: { id: 'imp-bad', name: 'No radius', kind: 'port', source: 'test' },
          },
          { type: 'Feature', geometry: null, properties: {} },
        ],
      }),
    );
    const r = cli(['--db', db, 'areas', 'import', file]);
    assert.equal(r.status, EXIT.badInput);
    assert.match(r.stderr, new RegExp(`${file}: feature 1: properties.radiusM: a Point area needs a radius`));
    assert.match(r.stderr, new RegExp(`${file}: feature 2: `));
    assert.match(r.stdout, /1 areas imported \(imp-ok\), 2 rejected/);
    const list = JSON.parse(cli(['--db', db, 'areas', 'list', '--json']).stdout);
    assert.ok(list.some((a: { id: string }) => a.id === 'imp-ok'));
    const notJson = join(dir, 'bad.geojson');
    writeFileSync(notJson, '{ nope');
    const nj = cli(['--db', db, 'areas', 'import', notJson]);
    assert.equal(nj.status, EXIT.badInput);
    assert.match(nj.stderr, new RegExp(`${notJson}: not JSON`));
    const missing = cli(['--db', db, 'areas', 'import', join(dir, 'none.geojson')]);
    assert.equal(missing.status, EXIT.badInput);
    assert.match(missing.stderr, /none.geojson: cannot read \(ENOENT\)/);
  });
});
