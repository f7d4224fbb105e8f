/**
 * A confirmed shipment's number is given once and never changes, on SQLite and PostgreSQL: a
 * rejected shipment keeps (retires) its number, the next confirmation gets a new one, confirming
 * the rejected one again gives it back its own, and `verify` still finds the ledger intact.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { verifyLedger } from '../../src/evidence/verify.js';
import { dateOrderOfConfirmed, nextShipmentNumber } from '../../src/shipments/ledger.js';
import { DEFAULT_SHIPMENT_PARAMS } from '../../src/shipments/params.js';
import { proposeShipments } from '../../src/shipments/propose.js';
import { decideShipment, listShipments, saveDetection } from '../../src/shipments/store.js';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../cli/run-cli.js';
import { ENGINES } from '../store/engines.js';
import { runSmall } from './scenario.js';

test('pure: the next number follows every number given; date order is apart', () => {
  assert.equal(nextShipmentNumber([]), 1);
  assert.equal(nextShipmentNumber([{ number: 1 }, { number: null }, { number: 4 }]), 5);
  const order = dateOrderOfConfirmed([
    { id: 1, status: 'confirmed', departMs: 300 },
    { id: 2, status: 'rejected', departMs: 100 },
    { id: 3, status: 'confirmed', departMs: 200 },
  ]);
  assert.deepEqual(
    [...order],
    [
      [3, 1],
      [1, 2],
    ],
  );
});

const skips = await Promise.all(ENGINES.map((e) => e.skip()));
for (const [i, engine] of ENGINES.entries()) {
  describe(`stable numbers on ${engine.name}`, () => {
    const cleanup: Array<() => Promise<void>> = [];
    after(async () => {
      for (const c of cleanup) await c();
    });
    test('reject keeps the number, the next confirmation gets a new one, re-confirming restores it', {
      skip: skips[i],
    }, async () => {
      const tdb = await engine.fresh();
      cleanup.push(() => tdb.drop());
      const store = await openStore(tdb.location);
      try {
        const db = await store.db();
        const proposals = proposeShipments({ events: runSmall().events, areas: BUNDLED_AREAS });
        await saveDetection(db, proposals, new Map(), DEFAULT_SHIPMENT_PARAMS, 'detector', 1000);
        const [a, b, c] = await listShipments(db);
        const number = async (id: number) => (await listShipments(db)).find((s) => s.id === id)?.number;
        await decideShipment(db, b.id, 'confirmed', 'seen loading', 'alice', 2000);
        assert.equal(await number(b.id), 1);
        const rejected = await decideShipment(db, b.id, 'rejected', 'wrong ship after all', 'bob', 3000);
        assert.equal(rejected.shipment.number, 1, 'a rejected shipment keeps (retires) its number');
        assert.deepEqual(rejected.renumbered, []);
        const next = await decideShipment(db, a.id, 'confirmed', 'AIS call', 'alice', 4000);
        assert.equal(next.shipment.number, 2, 'a retired number is never given again');
        await decideShipment(db, c.id, 'confirmed', 'draught', 'alice', 5000);
        const again = await decideShipment(db, b.id, 'confirmed', 'right ship after all', 'carol', 6000);
        assert.equal(again.shipment.number, 1, 'confirmed again: its own number back');
        assert.deepEqual(again.renumbered, []);
        const all = await listShipments(db);
        assert.deepEqual(
          all.map((s) => [s.id, s.number, s.dateOrder]),
          [
            [a.id, 2, 1],
            [b.id, 1, 2],
            [c.id, 3, 3],
          ],
        );
        const v = await verifyLedger(db, tempDir('tallyman-numbers-evidence-'));
        assert.equal(v.ok, true, JSON.stringify(v));
      } finally {
        await store.close();
      }
    });
  });
}
