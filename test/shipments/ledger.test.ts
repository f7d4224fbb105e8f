/**
 * The ledger in the store, on SQLite and PostgreSQL: proposals stored, confirmation numbering in
 * date order, re-detection that never renumbers or changes a decided shipment (it flags), edits,
 * observations feeding the proposal, and bad input refused with a clear message.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { LedgerError } from '../../src/audit/ledger-error.js';
import { estimateInputSchema } from '../../src/estimate/input.js';
import { readTracks } from '../../src/events/detect-store.js';
import { detectAll } from '../../src/events/pipeline.js';
import { addClaim } from '../../src/evidence/store.js';
import { verifyLedger } from '../../src/evidence/verify.js';
import { estimateInputFromLedger } from '../../src/shipments/estimate-input.js';
import {
  importObservations,
  ObservationInputError,
  recordContainerObservation,
  recordSighting,
} from '../../src/shipments/observe.js';
import { DEFAULT_SHIPMENT_PARAMS } from '../../src/shipments/params.js';
import { proposeShipments } from '../../src/shipments/propose.js';
import {
  decideShipment,
  editShipment,
  listContainerObservations,
  listShipments,
  listSightings,
  saveDetection,
  shipmentRevisions,
} from '../../src/shipments/store.js';
import { openStore } from '../../src/store/index.js';
import { ENGINES } from '../store/engines.js';
import { ingestSmall, runSmall, smallObservations } from './scenario.js';

const P = DEFAULT_SHIPMENT_PARAMS;
const NAMES = new Map<number, string | null>();

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [i, engine] of ENGINES.entries()) {
  const skip = skips[i];
  describe(`ledger on ${engine.name}`, () => {
    const cleanup: Array<() => Promise<void>> = [];
    after(async () => {
      for (const c of cleanup) await c();
    });

    test('propose, confirm (numbers never change), re-detect without renumbering, flag differences', {
      skip,
    }, async () => {
      const tdb = await engine.fresh();
      cleanup.push(() => tdb.drop());
      const store = await openStore(tdb.location);
      try {
        const db = await store.db();
        const { events } = runSmall();
        const proposals = proposeShipments({ events, areas: BUNDLED_AREAS });
        assert.equal(proposals.length, 3);
        let sum = await saveDetection(db, proposals, NAMES, P, 'detector', 1000);
        assert.equal(sum.inserted, 3);
        const [a, b, c] = await listShipments(db);
        assert.ok(a.departMs < b.departMs && b.departMs < c.departMs);

        // confirm the latest first, then the earliest: numbers follow confirmation and never
        // change; the date order is apart
        let r = await decideShipment(db, c.id, 'confirmed', 'draught and AIS call', 'alice', 2000);
        assert.equal(r.shipment.number, 1);
        r = await decideShipment(db, a.id, 'confirmed', 'seen loading', 'bob', 3000);
        assert.equal(r.shipment.number, 2);
        assert.deepEqual(r.renumbered, [{ id: a.id, from: null, to: 2 }], 'only the new number');
        const order = new Map((await listShipments(db)).map((s) => [s.id, [s.number, s.dateOrder]]));
        assert.deepEqual(order.get(c.id), [1, 2], 'c keeps no. 1 and is 2nd by departure');
        assert.deepEqual(order.get(a.id), [2, 1]);
        await decideShipment(db, b.id, 'rejected', 'wrong ship', 'alice', 4000);
        const numbered = async () =>
          (await listShipments(db)).map((s) => [
            s.id,
            s.status,
            s.number,
            s.departMs,
            s.arriveMs,
            s.decidedBy,
          ]);
        const before = await numbered();

        // the same detection again: nothing changes
        sum = await saveDetection(db, proposals, NAMES, P, 'detector', 5000);
        assert.deepEqual(sum, { inserted: 0, updated: 0, flagged: 0, cleared: 0, unchanged: 3 });
        assert.deepEqual(await numbered(), before);

        // a detection that moves the first departure by 3 h: the confirmed shipment is flagged, not changed
        const moved = proposals.map((p, i) => (i === 0 ? { ...p, departMs: p.departMs - 3 * 3_600_000 } : p));
        sum = await saveDetection(db, moved, NAMES, P, 'detector', 6000);
        assert.equal(sum.flagged, 1);
        assert.equal(sum.updated, 0);
        assert.deepEqual(await numbered(), before);
        const flagged = (await listShipments(db)).find((s) => s.id === a.id)!;
        assert.equal(flagged.review?.reason, 'changed');
        assert.equal(flagged.review?.differences[0].field, 'departMs');

        // a detection that no longer finds the rejected one flags it as not detected
        sum = await saveDetection(db, [proposals[0], proposals[2]], NAMES, P, 'detector', 7000);
        const rej = (await listShipments(db)).find((s) => s.id === b.id)!;
        assert.equal(rej.status, 'rejected');
        assert.equal(rej.review?.reason, 'not-detected');
        assert.ok(
          !(await listShipments(db)).find((s) => s.id === a.id)!.review,
          'detected as stored again: flag cleared',
        );

        // an edit moving a confirmed shipment after another changes the date order, not the number
        const e = await editShipment(
          db,
          a.id,
          { departMs: c.departMs + 3_600_000, arriveMs: c.arriveMs + 3_600_000 },
          'date typo',
          'alice',
          8000,
        );
        assert.equal(e.shipment.number, 2);
        assert.deepEqual(e.renumbered, []);
        const after = new Map((await listShipments(db)).map((s) => [s.id, [s.number, s.dateOrder]]));
        assert.deepEqual(after.get(a.id), [2, 2]);
        assert.deepEqual(after.get(c.id), [1, 1]);
        const revs = await shipmentRevisions(db, a.id);
        assert.ok(revs.length >= 4);
        assert.equal(revs[0].action, 'shipment.propose');

        // bad input: a clear LedgerError, nothing written
        await assert.rejects(
          decideShipment(db, 999, 'confirmed', 'x', 'a', 1),
          (err: Error) => err instanceof LedgerError && /999 does not exist/.test(err.message),
        );
        await assert.rejects(decideShipment(db, a.id, 'confirmed', '  ', 'a', 1), /needs a reason/);
        await assert.rejects(editShipment(db, a.id, { arriveMs: 0 }, 'x', 'a', 1), /before departure/);

        const v = await verifyLedger(db, '/nonexistent-evidence-dir');
        assert.equal(v.ok, true, JSON.stringify(v));
      } finally {
        await store.close();
      }
    });

    test('stored tracks, stored observations, proposal from the store (the CLI path)', { skip }, async () => {
      const tdb = await engine.fresh();
      cleanup.push(() => tdb.drop());
      const store = await openStore(tdb.location);
      try {
        await ingestSmall(store);
        const db = await store.db();
        const r = await importObservations(db, smallObservations(), 'sim', 1000);
        assert.deepEqual(r.errors, []);
        assert.ok(r.sightings >= 1 && r.containers >= 1);
        const sightings = await listSightings(db);
        assert.ok(sightings.every((s) => s.simulated));
        const events = detectAll(
          (await readTracks(store, { fromMs: null, toMs: null })).tracks,
          BUNDLED_AREAS,
        );
        const proposals = proposeShipments({
          events,
          areas: BUNDLED_AREAS,
          sightings,
          containers: await listContainerObservations(db),
        });
        assert.equal(proposals.length, runSmall().result.truth.shipments.length);
        assert.ok(proposals.some((p) => p.containersLoaded !== null));

        // what the estimator reads, valid against its own schema
        await saveDetection(db, proposals, NAMES, P, 'detector', 1500);
        const [first] = await listShipments(db);
        await decideShipment(db, first.id, 'confirmed', 'test', 'alice', 1600);
        await addClaim(
          db,
          {
            statement: '74,000 t by rail',
            measure: 'explosives-rail',
            quantityMin: 74000,
            quantityMax: null,
            unit: 'tonnes',
            periodFromMs: Date.UTC(2023, 7, 1),
            periodToMs: Date.UTC(2024, 0, 31),
            place: 'Dunai, Vostochny',
            evidenceIds: [],
          },
          'alice',
          1700,
        );
        const input = await estimateInputFromLedger(db);
        const parsed = estimateInputSchema.safeParse(input);
        assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
        assert.equal(input.simulated, true, 'simulated observations make the input simulated');
        assert.equal(input.shipments.length, proposals.length);
        assert.equal(input.shipments.filter((x) => x.number === 1).length, 1);
        const counted = input.shipments.flatMap((x) => x.containerObservations);
        assert.equal(
          counted.length,
          proposals.reduce((n, p) => n + p.supports.filter((x) => x.kind === 'containers').length, 0),
        );
        assert.ok(input.shipments.every((x) => x.draught?.impliedCargoTonnes));
        assert.deepEqual(
          input.claims.map((c) => [c.unit, c.quantity]),
          [['t', 74000]],
        );

        // the imagery module's entry points, and their refusals
        const sid = await recordSighting(
          db,
          {
            provider: 'test',
            imageId: 'img-1',
            acquired: '2023-09-03T06:00:00Z',
            lon: 130.3,
            lat: 42.25,
            mmsi: 273219870,
            identifiedBy: ['length'],
            idConfidence: 0.8,
          },
          'imagery',
        );
        const cid = await recordContainerObservation(
          db,
          {
            observed: '2023-09-03T06:00:00Z',
            place: 'rajin',
            countMin: 240,
            countMax: 280,
            method: 'measured-stack',
            sightingId: sid,
          },
          'imagery',
        );
        assert.ok(cid > 0);
        await assert.rejects(
          recordContainerObservation(
            db,
            { observed: 'yesterday', place: 'rajin', count: 3, method: 'guessed' } as never,
            'x',
          ),
          (err: Error) =>
            err instanceof ObservationInputError &&
            /containers\.observed/.test(err.message) &&
            /method/.test(err.message),
        );
        await assert.rejects(
          recordContainerObservation(
            db,
            { observed: 1, place: 'rajin', count: 3, method: 'counted', sightingId: 9999 },
            'x',
          ),
          /sighting 9999 does not exist/,
        );
        const bad = await importObservations(
          db,
          {
            sightings: [{ provider: 'p' }],
            containers: [{ observed: 1, place: 'rajin', countMin: 5, countMax: 2, method: 'counted' }],
            rail: [
              { place: 'Tumangang', observed: '2023-10-05', unit: 'railcars', count: 73 },
              { place: 'Tumangang', observed: '2023-10-06', unit: 'railcars', count: 5, shipmentIds: [9999] },
            ],
          },
          'x',
          2000,
        );
        assert.equal(bad.rail, 1, 'the good entry lands beside the bad ones');
        assert.equal(bad.sightings + bad.containers, 0);
        assert.ok(bad.errors.some((e) => e.path.startsWith('sightings[0]')));
        assert.ok(bad.errors.some((e) => e.path.startsWith('containers[0]') && /below/.test(e.reason)));
        assert.ok(
          bad.errors.some((e) => e.path === 'rail[1]' && /shipment 9999 does not exist/.test(e.reason)),
        );
        assert.equal((await verifyLedger(db, '/nonexistent')).ok, true, 'nothing half-written');
      } finally {
        await store.close();
      }
    });
  });
}
