/**
 * The ledger to CSV/JSON and back (`tallyman shipments import`): export → fresh store → import →
 * export gives the same file except the `id` column / field (the new store numbers rows itself);
 * re-importing into the same store adds nothing; a record that differs from a confirmed shipment
 * is reported and skipped; bad records are listed by line and the rest land; every added shipment
 * is audited and `verify` passes. Runs on SQLite and, when reachable, PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/index.js';
import { verifyLedger } from '../../src/evidence/verify.js';
import { shipmentsCsv } from '../../src/shipments/export.js';
import { parseLedgerFile, planLedgerImport } from '../../src/shipments/import.js';
import { importLedger } from '../../src/shipments/import-store.js';
import { DEFAULT_SHIPMENT_PARAMS } from '../../src/shipments/params.js';
import { proposeShipments } from '../../src/shipments/propose.js';
import { decideShipment, listShipments, saveDetection } from '../../src/shipments/store.js';
import { openStore } from '../../src/store/index.js';
import { ENGINES } from '../store/engines.js';
import { runSmall } from './scenario.js';

const P = DEFAULT_SHIPMENT_PARAMS;
const centre = (id: string) => {
  const g = BUNDLED_AREAS.find((a) => a.id === id)?.geometry;
  return g?.type === 'circle' ? ([g.lon, g.lat] as [number, number]) : null;
};
/** The CSV without its first column (`id`): what must survive a round trip. */
const withoutIds = (csv: string) =>
  csv
    .trimEnd()
    .split('\n')
    .map((l) => l.slice(l.indexOf(',') + 1));
const jsonWithoutIds = (list: unknown[]) => list.map((s) => ({ ...(s as object), id: 0 }));

test('parse: bad records named by line and reason, good ones kept; missing columns named', () => {
  const header =
    'id,number,status,mmsi,vessel_name,origin,origin_kind,destination,destination_kind,depart_utc,arrive_utc,transit_h,dark,confidence,supports,containers_loaded,containers_discharged,draught_from_m,draught_to_m,cargo_mass_t,decided_by,decided_utc,decision_reason,review';
  const csv = [
    header,
    '1,,proposed,273219870,ANGARA,rajin,ais,dunai,dark,2023-09-07T06:00:00Z,2023-09-07T19:30:00Z,13.5,true,2,ais-call dark-call,230-270,,,,,,,,',
    '2,,shipped,273219870,ANGARA,rajin,ais,dunai,ais,2023-09-17T06:00:00Z,2023-09-17T19:00:00Z,13.0,false,2,,,,,,,,,,',
    '3,,proposed,273219870,ANGARA,rajin,ais,dunai,ais,2023-09-27,yesterday,,false,2,,,,,,,,,,',
    '4,1,confirmed,273219870,ANGARA,rajin,ais,vostochny,ais,2023-10-07T06:00:00Z,2023-10-07T18:00:00Z,12.0,false,3,ais-call document,,,,,,alice,2024-01-02T10:00:00Z,"seen loading, AIS call",',
  ].join('\n');
  const r = parseLedgerFile(csv, centre);
  assert.equal(r.format, 'csv');
  assert.deepEqual(
    r.errors.map((e) => e.where),
    ['line 3', 'line 4'],
  );
  assert.match(r.errors[0].reason, /status "shipped"/);
  assert.match(r.errors[1].reason, /arrive_utc "yesterday"/);
  assert.equal(r.records.length, 2);
  assert.deepEqual(r.records[0].shipment.containersLoaded, { min: 230, max: 270 });
  assert.equal(r.records[0].shipment.path.length, 2, "path from the areas' centres");
  const c = r.records[1].shipment;
  assert.equal(c.decisionReason, 'seen loading, AIS call');
  assert.deepEqual(
    c.supports.map((s) => s.kind),
    ['ais-call'],
    'document supports (evidence links) are not ledger data',
  );
  const bad = parseLedgerFile('id,status,mmsi,origin\n1,proposed,1,rajin\n');
  assert.equal(bad.records.length, 0);
  assert.match(bad.errors[0].reason, /missing column\(s\) destination, depart_utc, arrive_utc/);
  assert.match(parseLedgerFile('[{"status":"proposed"').errors[0].reason, /not valid JSON/);
});

test('plan: a confirmed record departing before a stored confirmed one comes in as proposed (no renumbering)', () => {
  const row = (day: number, status: string) =>
    `${status},273000001,ANGARA,rajin,dunai,2023-09-${String(day).padStart(2, '0')}T06:00:00Z,2023-09-${String(day).padStart(2, '0')}T19:00:00Z,${status === 'proposed' ? '' : 'alice'},ok`;
  const head = 'status,mmsi,vessel_name,origin,destination,depart_utc,arrive_utc,decided_by,decision_reason';
  const stored = parseLedgerFile([head, row(10, 'confirmed')].join('\n')).records.map((r, i) => ({
    ...r.shipment,
    id: i + 1,
    number: 1,
    approvedBy: null,
    approvedMs: null,
  }));
  const file = parseLedgerFile(
    [head, row(20, 'confirmed'), row(7, 'confirmed'), row(10, 'rejected'), row(20, 'confirmed')].join('\n'),
  );
  const plan = planLedgerImport(stored, file.records, P);
  assert.deepEqual(
    plan.insert.map((x) => [x.record.where, x.status, x.number]),
    [
      ['line 2', 'confirmed', 2],
      ['line 3', 'proposed', null],
    ],
  );
  assert.match(plan.insert[1].note ?? '', /added as proposed so no confirmed shipment is renumbered/);
  assert.deepEqual(
    plan.differs.map((d) => [d.record.where, d.storedId, d.differences.map((x) => x.field)]),
    [['line 4', 1, ['status']]],
  );
  assert.deepEqual(
    plan.unchanged.map((u) => [u.record.where, u.storedId]),
    [['line 5', null]],
    'a duplicate row of the file matches the earlier one',
  );
});

const skips = await Promise.all(ENGINES.map((e) => e.skip()));
for (const [i, engine] of ENGINES.entries()) {
  describe(`ledger import on ${engine.name}`, () => {
    const cleanup: Array<() => Promise<void>> = [];
    after(async () => {
      for (const c of cleanup) await c();
    });
    test('round trip, re-import, a differing confirmed row skipped, audited', {
      skip: skips[i],
    }, async () => {
      const open = async () => {
        const tdb = await engine.fresh();
        cleanup.push(() => tdb.drop());
        const store = await openStore(tdb.location);
        cleanup.unshift(() => store.close());
        return store.db();
      };
      const src = await open();
      const { events } = runSmall();
      await saveDetection(
        src,
        proposeShipments({ events, areas: BUNDLED_AREAS }),
        new Map(),
        P,
        'detector',
        1000,
      );
      const [a, b] = await listShipments(src);
      await decideShipment(src, b.id, 'confirmed', 'draught rise and AIS call', 'alice', 2000);
      await decideShipment(src, a.id, 'rejected', 'wrong ship', 'bob', 3000);
      const list = await listShipments(src);
      const csv = shipmentsCsv(list, { simulated: false });
      const json = JSON.stringify(list);

      // CSV: export → fresh store → import → export
      const dstCsv = await open();
      const r1 = await importLedger(dstCsv, parseLedgerFile(csv, centre), 'ledger.csv', P, 'carol', 5000);
      assert.equal(r1.added.length, list.length);
      assert.deepEqual(r1.errors, []);
      assert.deepEqual(
        withoutIds(shipmentsCsv(await listShipments(dstCsv), { simulated: false })),
        withoutIds(csv),
      );

      // JSON: the full record comes back (call windows, path, legs, supports, detection time)
      const dstJson = await open();
      await importLedger(dstJson, parseLedgerFile(json), 'ledger.json', P, 'carol', 5000);
      assert.deepEqual(jsonWithoutIds(await listShipments(dstJson)), jsonWithoutIds(JSON.parse(json)));

      // the same file again: nothing added, nothing changed
      const r2 = await importLedger(dstCsv, parseLedgerFile(csv, centre), 'ledger.csv', P, 'carol', 6000);
      assert.equal(r2.added.length, 0);
      assert.equal(r2.unchanged, list.length);

      // the confirmed row edited in the file: reported field by field, skipped, the ledger kept
      const before = await listShipments(dstCsv);
      const edited = csv.replace('draught rise and AIS call', 'changed my mind');
      const r3 = await importLedger(dstCsv, parseLedgerFile(edited, centre), 'edited.csv', P, 'carol', 7000);
      assert.equal(r3.added.length, 0);
      assert.equal(r3.differs.length, 1);
      assert.deepEqual(r3.differs[0].differences, [
        { field: 'decisionReason', stored: 'draught rise and AIS call', file: 'changed my mind' },
      ]);
      assert.deepEqual(await listShipments(dstCsv), before);

      // audited: one shipment.import entry per added shipment, and the chain verifies
      const audit = await dstCsv.selectFrom('audit_log').select(['action', 'detail']).execute();
      const imports = audit.filter((x) => x.action === 'shipment.import');
      assert.equal(imports.length, list.length);
      assert.match(imports[0].detail ?? '', /^ledger\.csv line 2/);
      assert.equal((await verifyLedger(dstCsv, '/nonexistent-evidence-dir')).ok, true);
    });
  });
}
