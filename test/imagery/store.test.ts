/** The imagery service and tables on both engines: migration 0005, images by SHA-256, measurements, ledger links. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { haversineM } from '../../src/geo/distance.js';
import { addImageFile, ImageryError, measureShipOn, measureStackOn } from '../../src/imagery/service.js';
import { findImage, listImages, listMeasurements } from '../../src/imagery/store.js';
import { listContainerObservations, listSightings } from '../../src/shipments/store.js';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../cli/run-cli.js';
import { ENGINES } from '../store/engines.js';
import { writePng } from './fixtures.js';

const GSD = 0.5;
const LAT = 42.7333;
const LON = 133.0667;
const dLat = GSD / haversineM(LON, LAT, LON, LAT + 1);
const dLon = GSD / haversineM(LON, LAT, LON + 1, LAT);

for (const engine of ENGINES) {
  test(`imagery on ${engine.name}: add (GCPs), re-add, measure stack and ship, linked to evidence`, async (t) => {
    const skip = await engine.skip();
    if (skip) return t.skip(skip);
    const tdb = await engine.fresh();
    const store = await openStore(tdb.location);
    try {
      const dir = tempDir();
      const png = writePng(dir, 'vostochny.png', 300, 200, (x, y) => 90 + ((x + y) % 5));
      const gcps = [
        { lon: LON, lat: LAT, x: 0, y: 0 },
        { lon: LON + 300 * dLon, lat: LAT, x: 300, y: 0 },
        { lon: LON, lat: LAT - 200 * dLat, x: 0, y: 200 },
        { lon: LON + 300 * dLon, lat: LAT - 200 * dLat, x: 300, y: 200 },
      ];
      const db = await store.db();
      const ctx = {
        db,
        store,
        evidenceDir: join(dir, 'evidence'),
        actor: 'tester',
        nowMs: 1_700_000_000_000,
      };
      const first = await addImageFile(ctx, png, {
        gcps,
        acquiredMs: Date.parse('2024-03-14T04:20:00Z'),
        sensor: 'SkySat',
        simulated: true,
      });
      assert.equal(first.created, true);
      assert.ok(first.image.georef && first.image.georef.source === 'gcp');
      assert.ok(Math.abs((first.image.gsdM ?? 0) - GSD) < 0.005);
      const again = await addImageFile(ctx, png);
      assert.equal(again.created, false);
      assert.equal(again.duplicateEvidence, true);
      assert.equal(again.evidenceId, first.evidenceId);
      assert.equal((await listImages(db)).length, 1);
      const found = await findImage(db, first.image.sha256.slice(0, 8));
      assert.ok(
        found && found !== 'ambiguous' && found.georef?.source === 'gcp',
        're-adding without GCPs keeps them',
      );

      const stack = await measureStackOn(ctx, first.image.sha256, {
        rect: { cx: 150, cy: 100, lengthPx: 50, widthPx: 20, angleDeg: 90 },
        tiers: 2,
        size: 40,
        simulated: true,
      });
      assert.equal(stack.measurement.counts[0]?.bays.best, 2);
      assert.equal(stack.measurement.counts[0]?.rows.best, 4);
      assert.ok(stack.centre && Math.abs(stack.centre[1] - (LAT - 100 * dLat)) < 1e-6);
      const ship = await measureShipOn(ctx, first.image.sha256, {
        line: [
          [20, 150],
          [282, 150],
        ],
        extraVessels: [
          {
            mmsi: 273000001,
            imo: null,
            name: 'MAIA-1 (simulated)',
            lengthM: 131,
            beamM: 18,
            source: 'fleet',
          },
        ],
        mmsi: 273000001,
        simulated: true,
      });
      assert.equal(ship.candidates[0]?.vessel.name, 'MAIA-1 (simulated)');

      const co = await listContainerObservations(db);
      assert.equal(co.length, 1);
      assert.equal(co[0]?.imageEvidenceId, first.evidenceId);
      assert.equal(co[0]?.countMin, stack.measurement.counts[0]?.containers.min);
      const si = await listSightings(db);
      assert.equal(si[0]?.mmsi, 273000001);
      assert.deepEqual(si[0]?.identifiedBy, ['length']);
      const ms = await listMeasurements(db, first.image.sha256);
      assert.deepEqual(
        ms.map((m) => [m.kind, m.containerObservationId !== null, m.sightingId !== null]),
        [
          ['stack', true, false],
          ['ship', false, true],
        ],
      );

      await assert.rejects(
        measureStackOn(ctx, first.image.sha256, {
          rect: { cx: 290, cy: 100, lengthPx: 50, widthPx: 20, angleDeg: 0 },
        }),
        (e: unknown) => e instanceof ImageryError && e.code === 'refused',
      );
    } finally {
      await store.close();
      await tdb.drop();
    }
  });
}
