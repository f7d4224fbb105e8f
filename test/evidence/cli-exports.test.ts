/**
 * The three commands as a user runs them (four CLI processes): `shipments import` (a bad row named
 * by line, the good one lands), `sanctions import` + `sanctions` (the imported ledger vessel
 * flagged), `evidence export-ftm --out` (valid in the FtM model, the sanction on the vessel). Test fixtures as in sanctions.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli, tempDir } from '../cli/run-cli.js';
import { ftmProblems, parseFtmLines } from '../helpers/ftm-model.js';
import { CSV_FIXTURE } from './sanctions-fixtures.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

test('shipments import, sanctions import/list, evidence export-ftm through the CLI', () => {
  const db = join(dir, 'cli.db');
  const run = (...args: string[]) => cli(['--db', db, ...args], { env: { TALLYMAN_ANALYST: 'tester' } });
  const ledger = join(dir, 'ledger.csv');
  writeFileSync(
    ledger,
    [
      'status,mmsi,vessel_name,origin,destination,depart_utc,arrive_utc,decided_by,decision_reason',
      'confirmed,273000001,ANGARA,rajin,dunai,2023-09-07T06:00:00Z,2023-09-07T19:30:00Z,alice,seen loading',
      'confirmed,273000001,ANGARA,rajin,dunai,2023-09-17T06:00:00Z,2023-09-16T19:30:00Z,alice,seen loading',
    ].join('\n'),
  );
  let r = run('shipments', 'import', ledger);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 added, 0 already in the ledger, 0 differing \(skipped\), 1 rejected/);
  assert.match(r.stdout, /shipment 1 confirmed number 1/);
  assert.match(
    r.stdout,
    /ledger\.csv line 3: arrival 2023-09-16T19:30:00Z is before departure 2023-09-17T06:00:00Z/,
  );

  const list = join(dir, 'maritime.csv');
  writeFileSync(list, CSV_FIXTURE);
  r = run('sanctions', 'import', list);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /2 vessel records \(1 sanction, 0 detention, 1 other\): 2 added, 0 replaced; 1 rejected; skipped \(not vessels\): 1 type ORGANIZATION/,
  );
  assert.match(r.stdout, /line 5: test-vessel-nonum: no IMO number or MMSI/);

  r = run('sanctions');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ANGARA MMSI 273000001\n {2}sanctions:\n {4}ANGARA \(test-vessel-angara; by MMSI/);
  assert.match(r.stdout, /ledger: shipment 1 \(no\. 1\) confirmed/);
  assert.match(r.stdout, /1 fleet vessel\(s\) flagged: 1 sanctioned, 0 with detentions/);

  const out = join(dir, 'graph.ftm.json');
  r = run('evidence', 'export-ftm', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /4 FtM entities \(1 Vessel, 2 Address, 1 Trip\)/);
  const entities = parseFtmLines(readFileSync(out, 'utf8'));
  assert.deepEqual(ftmProblems(entities), [], 'valid in the FtM model');
  const trip = entities.find((e) => e.schema === 'Trip') as { properties: Record<string, string[]> };
  assert.match(trip.properties.name[0], /^Shipment 1: Rajin .* → .*Dunai/);
  assert.deepEqual(trip.properties.startDate, ['2023-09-07T06:00:00']);
  const vessel = entities.find((e) => e.schema === 'Vessel') as { properties: Record<string, string[]> };
  assert.deepEqual(vessel.properties.topics, ['sanction'], 'the imported sanction reaches the export');
});
