import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeScenario } from '../../src/scenario/index.js';
import { loadScenario } from './helpers.js';

const DAY_MS = 86400000;

describe('bundled scenario rajin-shuttle', () => {
  it('follows the public record in its totals and dated facts, within the time and size budget', () => {
    const scenario = loadScenario('rajin-shuttle');
    const dir = mkdtempSync(join(tmpdir(), 'tallyman-rajin-'));
    try {
      const t0 = performance.now();
      const { files, result } = writeScenario(scenario, dir);
      const seconds = (performance.now() - t0) / 1000;
      const t = result.truth;
      const first = new Date(Math.min(...t.shipments.map((s) => s.departOriginTsMs))).toISOString();
      const last = new Date(Math.max(...t.shipments.map((s) => s.departOriginTsMs))).toISOString();
      console.log(`rajin-shuttle: generated and written in ${seconds.toFixed(1)} s`);
      for (const f of files)
        console.log(`  ${f.path.split('/').pop()}: ${(f.bytes / 1e6).toFixed(1)} MB, ${f.lines} lines`);
      console.log(
        `  shipments ${t.totals.shipments} (${first.slice(0, 10)} … ${last.slice(0, 10)}), containers ${t.totals.containers}`,
      );
      console.log(
        `  by ship ${JSON.stringify(t.totals.shipmentsByShip)}, containers ${JSON.stringify(t.totals.containersByShip)}`,
      );
      console.log(
        `  port calls ${t.portCalls.length} (areas of interest ${t.portCalls.filter((c) => c.areaOfInterest).length}, dark ${t.portCalls.filter((c) => c.areaOfInterest && c.receivedPositions === 0).length}), ` +
          `dark spans ${t.darkSpans.length}, reception gaps ≥ ${t.receptionGapMinH} h ${t.receptionGaps.length}, brief switch-ons ${t.briefSwitchOns.length}, vessels ${t.vessels.length}`,
      );

      assert.deepEqual(t.warnings, []);
      assert.ok(t.totals.shipments >= 60 && t.totals.shipments <= 68, `${t.totals.shipments} shipments`);
      assert.ok(
        t.totals.containers >= 14500 && t.totals.containers <= 17500,
        `${t.totals.containers} containers`,
      );
      assert.deepEqual(Object.keys(t.totals.shipmentsByShip).sort(), ['angara', 'lady-r', 'maia-1', 'maria']);
      const start = Date.parse('2023-08-01T00:00:00Z');
      const end = Date.parse('2025-03-31T00:00:00Z');
      for (const s of t.shipments) assert.ok(s.leaveHomeTsMs >= start && s.departDestinationTsMs <= end);
      // Shipments are numbered in date order.
      assert.deepEqual(
        t.shipments.map((s) => s.number),
        t.shipments.map((_, i) => i + 1),
      );
      for (let i = 1; i < t.shipments.length; i++) {
        assert.ok(t.shipments[i - 1].departOriginTsMs <= t.shipments[i].departOriginTsMs);
      }

      const of = (ship: string) => t.shipments.filter((s) => s.ship === ship);
      assert.ok(of('angara').length >= 11, 'Angara ≥ 11 voyages');
      const maia = of('maia-1');
      assert.ok(maia.length >= 9, 'Maia-1 ≥ 9 trips');
      assert.ok(
        maia.every((s) => s.destination === 'vostochny' && s.containers >= 205 && s.containers <= 235),
      );
      // First deliveries: Angara and Maria to Dunai from mid-August 2023.
      const firstTwo = t.shipments.slice(0, 2);
      assert.ok(
        firstTwo.every((s) => (s.ship === 'angara' || s.ship === 'maria') && s.destination === 'dunai'),
      );
      assert.ok(firstTwo[0].departOriginTsMs < Date.parse('2023-09-01T00:00:00Z'));
      // Lady R loaded at Rason on 12 March 2024 and was at Vostochny on 14 March.
      const ladyR = of('lady-r').find(
        (s) => Math.abs(s.departOriginTsMs - Date.parse('2024-03-13T00:00:00Z')) < 2 * DAY_MS,
      );
      assert.ok(ladyR !== undefined);
      assert.equal(new Date(ladyR.arriveOriginTsMs).toISOString().slice(0, 10), '2024-03-12');
      assert.equal(new Date(ladyR.arriveDestinationTsMs).toISOString().slice(0, 10), '2024-03-14');
      assert.equal(ladyR.destination, 'vostochny');
      // Angara is at the shipyard, not shuttling, from February to April 2024.
      const yard = t.portCalls.find((c) => c.vessel === 'angara' && c.area === 'zhoushan');
      assert.ok(yard !== undefined && yard.arrivalTsMs !== null && yard.departureTsMs !== null);
      assert.ok(
        of('angara').every(
          (s) =>
            s.departDestinationTsMs < yard.arrivalTsMs! - 3 * DAY_MS || s.leaveHomeTsMs > yard.departureTsMs!,
        ),
      );
      assert.ok(
        t.briefSwitchOns.some(
          (b) => b.vessel === 'angara' && b.receivedPositions > 0 && b.startTsMs < yard.arrivalTsMs!,
        ),
      );
      // Staged detector targets are all there.
      assert.equal(t.encounters.length, 1);
      assert.equal(t.spoofs.length, 1);
      assert.ok(t.spoofs[0].receivedPositions > 0);
      assert.equal(t.identityChanges.length, 1);
      assert.ok(t.vessels.filter((v) => v.role === 'background').length >= 200);

      assert.ok(seconds < 45, `generation took ${seconds.toFixed(1)} s`);
      const nmea = files.find((f) => f.kind === 'nmea')!;
      assert.ok(nmea.bytes < 50e6, `NMEA is ${nmea.bytes} bytes`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
