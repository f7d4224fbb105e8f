/**
 * OpenSanctions import and fleet matching: both published forms (FtM JSON lines, maritime CSV)
 * read with bad lines named and counted, sanctions kept apart from port-state detentions,
 * matching by IMO first then MMSI, and `sanctionFlags` over the store on SQLite and PostgreSQL.
 *
 * TEST FIXTURES (sanctions-fixtures.ts): hand-written in the shape OpenSanctions publishes; the
 * ids, IMO numbers and MMSIs are made up for the test and are not real list entries.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { kindOf, matchSanctions, parseSanctionsFile } from '../../src/evidence/sanctions.js';
import { fleetVessels, sanctionFlags, storeSanctionRecords } from '../../src/evidence/sanctions-store.js';
import { parseLedgerFile } from '../../src/shipments/import.js';
import { importLedger } from '../../src/shipments/import-store.js';
import { DEFAULT_SHIPMENT_PARAMS } from '../../src/shipments/params.js';
import { openStore } from '../../src/store/index.js';
import { ENGINES } from '../store/engines.js';
import { CSV_FIXTURE, FTM_FIXTURE } from './sanctions-fixtures.js';

test('FtM JSON lines: vessels kept, other schemas skipped, bad lines named', () => {
  const r = parseSanctionsFile(FTM_FIXTURE);
  assert.equal(r.format, 'ftm');
  assert.deepEqual(
    r.records.map((x) => [x.sourceId, x.imo, x.mmsi, x.kind]),
    [
      ['test-vessel-angara', 9000001, 273000001, 'sanction'],
      ['test-vessel-maia', null, 273000002, 'detention'],
      ['test-vessel-both', 9000003, null, 'sanction'],
    ],
  );
  assert.deepEqual(r.skipped, { 'schema Company': 1 });
  assert.deepEqual(
    r.errors.map((e) => e.where),
    ['line 4', 'line 5'],
  );
  assert.match(r.errors[0].reason, /not valid JSON/);
  assert.match(r.errors[1].reason, /test-vessel-noid: no valid IMO .* "12"/);
  assert.deepEqual(r.records[0].datasets, ['test_sanctions_a', 'test_sanctions_b']);
});

test('maritime CSV: VESSEL rows kept, organisations skipped, missing columns named', () => {
  const r = parseSanctionsFile(CSV_FIXTURE);
  assert.equal(r.format, 'csv');
  assert.deepEqual(
    r.records.map((x) => [x.sourceId, x.name, x.imo, x.mmsi, x.kind, x.flag]),
    [
      ['test-vessel-angara', 'ANGARA', 9000001, 273000001, 'sanction', 'ru'],
      ['test-vessel-maria', 'MARIA', 9000004, null, 'other', 'ru'],
    ],
  );
  assert.deepEqual(r.skipped, { 'type ORGANIZATION': 1 });
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].where, 'line 5');
  const bad = parseSanctionsFile('type,caption,imo,flag\nVESSEL,X,9000001,ru\n');
  assert.match(bad.errors[0].reason, /missing column\(s\) id, mmsi, risk/);
  assert.equal(bad.records.length, 0);
  assert.equal(kindOf(['Detained by port state control']), 'detention');
  assert.equal(kindOf(['sanction.linked']), 'sanction');
  assert.equal(kindOf(['poi']), 'other');
});

test('matching: IMO first; an MMSI match under another IMO is another ship; detentions apart', () => {
  const { records } = parseSanctionsFile(FTM_FIXTURE);
  const m = matchSanctions(
    [
      { mmsi: 273999999, imo: 9000001, name: 'ANGARA (new MMSI)' }, // IMO match despite a new MMSI
      { mmsi: 273000002, imo: null, name: 'MAIA-1' }, // MMSI match, detention only
      { mmsi: 273000001, imo: 9999998, name: 'OTHER SHIP' }, // same MMSI, other IMO: no match
      { mmsi: 273000005, imo: 9000003, name: 'LADY R' }, // both topics: in both lists
      { mmsi: 273000006, imo: null, name: 'CLEAN' },
    ],
    records,
  );
  assert.deepEqual(
    m.map((v) => [
      v.vessel.name,
      v.sanctions.map((s) => `${s.record.sourceId}/${s.by}`),
      v.detentions.map((s) => s.record.sourceId),
    ]),
    [
      ['ANGARA (new MMSI)', ['test-vessel-angara/imo'], []],
      ['MAIA-1', [], ['test-vessel-maia']],
      ['LADY R', ['test-vessel-both/imo'], ['test-vessel-both']],
    ],
  );
});

const skips = await Promise.all(ENGINES.map((e) => e.skip()));
for (const [i, engine] of ENGINES.entries()) {
  describe(`sanctions in the store on ${engine.name}`, () => {
    const cleanup: Array<() => Promise<void>> = [];
    after(async () => {
      for (const c of cleanup) await c();
    });
    test('import twice (replaced, not doubled); sanctionFlags over store vessels and ledger vessels', {
      skip: skips[i],
    }, async () => {
      const tdb = await engine.fresh();
      cleanup.push(() => tdb.drop());
      const store = await openStore(tdb.location);
      cleanup.unshift(() => store.close());
      const db = await store.db();
      // a stored AIS vessel with an IMO number, and a ledger shipment of a vessel known only by MMSI
      await db
        .insertInto('vessels')
        .values({
          mmsi: 273999999,
          imo: 9000001,
          name: 'ANGARA',
          call_sign: null,
          flag: 'RU',
          ship_type: 70,
          length_m: 120,
          beam_m: 18,
          first_seen_ms: 0,
          last_seen_ms: 1,
          position_count: 2,
        })
        .execute();
      const csv = [
        'status,mmsi,vessel_name,origin,destination,depart_utc,arrive_utc',
        'proposed,273000002,MAIA-1,rajin,dunai,2023-10-01T06:00:00Z,2023-10-01T19:00:00Z',
      ].join('\n');
      await importLedger(db, parseLedgerFile(csv), 't.csv', DEFAULT_SHIPMENT_PARAMS, 't', 1);
      assert.deepEqual(
        (await fleetVessels(db)).map((v) => [v.mmsi, v.imo]),
        [
          [273000002, null],
          [273999999, 9000001],
        ],
      );
      const { records } = parseSanctionsFile(FTM_FIXTURE);
      assert.deepEqual(await storeSanctionRecords(db, records, 'a.ftm.json', 1000), {
        added: 3,
        replaced: 0,
      });
      const csvRecords = parseSanctionsFile(CSV_FIXTURE).records;
      assert.deepEqual(await storeSanctionRecords(db, csvRecords, 'maritime.csv', 2000), {
        added: 1,
        replaced: 1,
      });
      const flags = await sanctionFlags(db);
      assert.deepEqual([...flags.keys()].sort(), [273000002, 273999999]);
      assert.equal(flags.get(273999999)?.sanctions[0].record.sourceId, 'test-vessel-angara');
      assert.equal(flags.get(273999999)?.detentions.length, 0);
      assert.equal(flags.get(273000002)?.sanctions.length, 0);
      assert.equal(flags.get(273000002)?.detentions[0].by, 'mmsi');
    });
  });
}
