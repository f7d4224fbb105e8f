/** `tallyman estimate` end to end: the SIMULATED scenario as table, JSON and CSV; bad parameters and inputs refused. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, REPO, tempDir } from '../cli/run-cli.js';
import { paramsText, smallInput } from './helpers.js';

describe('tallyman estimate', () => {
  it('--scenario prints a readable table that says SIMULATED', () => {
    const r = cli(['estimate', '--scenario', '--samples', '2000']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.split('\n')[0], /^SIMULATED/);
    for (const section of [
      'Totals',
      'By munition type',
      'Monthly',
      'What drives',
      'Triangulation',
      'Claims beside the model',
      'Per shipment',
    ])
      assert.ok(r.stdout.includes(section), section);
    assert.match(r.stdout.trimEnd().split('\n').pop() ?? '', /SIMULATED/);
  });

  it('--json carries everything with the parameter hash and the seed, and reproduces', () => {
    const a = cli(['estimate', '--scenario', '--samples', '2000', '--seed', '42', '--json']);
    assert.equal(a.status, 0, a.stderr);
    const doc = JSON.parse(a.stdout);
    assert.equal(doc.simulated, true);
    assert.equal(doc.seed, 42);
    assert.match(doc.paramsSha256, /^[0-9a-f]{64}$/);
    assert.match(doc.inputSha256, /^[0-9a-f]{64}$/);
    assert.equal(doc.result.kind, 'estimate');
    for (const k of [
      'totals',
      'monthly',
      'cumulative',
      'perShipment',
      'sensitivity',
      'triangulation',
      'claims',
      'warnings',
      'parameters',
    ])
      assert.ok(k in doc.result, k);
    const b = cli(['estimate', '--scenario', '--samples', '2000', '--seed', '42', '--json']);
    assert.equal(b.stdout, a.stdout);
  });

  it('--input reads an EstimateInput file; --csv prints one figure per row; no observations says so', () => {
    const dir = tempDir('tallyman-estimate-');
    const file = join(dir, 'input.json');
    writeFileSync(file, JSON.stringify(smallInput()));
    const r = cli(['estimate', '--input', file, '--samples', '1000', '--csv']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.endsWith('\r\n'), 'RFC 4180 line ends');
    const lines = r.stdout.trim().split('\r\n');
    assert.equal(lines[0], 'section,key,unit,median,p5,p95,mean,simulated');
    assert.ok(lines.some((l) => l.startsWith('total,rounds,rounds,')));
    assert.ok(
      lines.slice(1).every((l) => l.endsWith(',false')),
      'a real input is not marked simulated',
    );
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, JSON.stringify(smallInput([null, null])));
    const e = cli(['estimate', '--input', empty, '--samples', '1000']);
    assert.equal(e.status, 0, e.stderr);
    assert.match(e.stdout, /NO OBSERVATIONS: no container observations in 2 shipments/);
  });

  it('refuses a bad parameter file, naming the parameter and the reason (exit 3)', () => {
    const dir = tempDir('tallyman-estimate-');
    const bad = JSON.parse(paramsText());
    bad.parameters.payloadFill20.distribution = { type: 'beta', low: 0.8, high: 0.4 };
    delete bad.parameters.priceUsd.mortar;
    const file = join(dir, 'params.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = cli(['estimate', '--scenario', '--params', file, '--samples', '1000']);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /parameters\.payloadFill20\.distribution\.low: low > high/);
    assert.equal(r.stdout, '');
  });

  it('reads an empty ledger as "no observations", and refuses a bad input file with its path (exit 3)', () => {
    const dir = tempDir('tallyman-estimate-');
    // an empty ledger in a store that exists (a store that does not is refused: store-required.test.ts)
    const empty = join(dir, 'empty.db');
    assert.equal(cli(['--db', empty, 'ingest', join(REPO, 'data/samples/pyais-gatehouse.nmea')]).status, 0);
    const none = cli(['--db', empty, 'estimate', '--samples', '1000']);
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stdout, /the ledger \(SQLite\)/);
    assert.match(none.stdout, /NO OBSERVATIONS: no shipments to estimate/);
    assert.doesNotMatch(none.stdout, /median/i);
    const file = join(dir, 'bad.json');
    const input = smallInput() as unknown as { shipments: { status: string }[] };
    input.shipments[0].status = 'maybe';
    writeFileSync(file, JSON.stringify(input));
    const r = cli(['estimate', '--input', file]);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /shipments\[0\]\.status: expected confirmed, proposed or rejected/);
  });
});
