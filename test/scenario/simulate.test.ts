import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { messageToRecords } from '../../src/ais/records.js';
import {
  DMA_HEADER,
  dmaLines,
  nmeaChecksum,
  nmeaLines,
  simulateScenario,
  truthJson,
  writeScenario,
} from '../../src/scenario/index.js';
import { distanceM } from '../../src/scenario/polyline.js';
import type { PositionReception } from '../../src/scenario/simulate.js';
import { DMA_COLUMNS } from '../../src/sources/layouts.js';
import { decodeLines, loadScenario } from './helpers.js';

const scenario = loadScenario('test-small');
const result = simulateScenario(scenario);
const lines = [...nmeaLines(result)];
const truth = result.truth;
const positions = result.receptions.filter((r): r is PositionReception => r.kind === 'position');
const vesselIndex = (key: string) => result.plans.findIndex((p) => p.key === key);

function digest(r: ReturnType<typeof simulateScenario>): string {
  const h = createHash('sha256');
  for (const l of nmeaLines(r)) h.update(`${l}\n`);
  for (const l of dmaLines(r)) h.update(`${l}\n`);
  h.update(truthJson(r));
  return h.digest('hex');
}

describe('simulateScenario on test-small', () => {
  it('is deterministic: same seed → identical bytes, another seed → different', () => {
    const again = simulateScenario(loadScenario('test-small'));
    assert.equal(digest(again), digest(result));
    const other = simulateScenario({ ...loadScenario('test-small'), seed: scenario.seed + 1 });
    assert.notEqual(digest(other), digest(result));
  });

  it('stages what the scenario asks for', () => {
    console.log(
      `test-small: ${truth.totals.shipments} shipments, ${truth.totals.containers} containers, ${lines.length} NMEA lines, ` +
        `${truth.portCalls.length} port calls, ${truth.darkSpans.length} dark spans, ${truth.receptionGaps.length} reception gaps ≥ ${truth.receptionGapMinH} h`,
    );
    assert.equal(truth.simulated, true);
    assert.deepEqual(truth.warnings, []);
    assert.equal(truth.shipments.length, 3);
    const bg = scenario.background;
    assert.equal(
      result.plans.filter((p) => p.role === 'background').length,
      bg.laneVessels + bg.fishingVessels,
    );
    assert.equal(bg.laneVessels + bg.fishingVessels, 27);
    assert.equal(truth.encounters.length, 1);
    assert.equal(truth.spoofs.length, 1);
    assert.equal(truth.identityChanges.length, 1);
    assert.ok(truth.briefSwitchOns.length >= 3, 'briefOn probability is 1 in test-small');
    for (const sh of truth.shipments) {
      assert.ok(sh.draughtLadenM > sh.draughtBallastM, `shipment ${sh.number} draught rises when laden`);
      assert.ok(sh.leaveHomeTsMs < sh.arriveOriginTsMs && sh.arriveOriginTsMs < sh.departOriginTsMs);
      assert.ok(
        sh.departOriginTsMs < sh.arriveDestinationTsMs && sh.arriveDestinationTsMs < sh.departDestinationTsMs,
      );
    }
  });

  it('writes only valid NMEA: sentence and tag-block checksums, ≤ 82 characters, stations marked simulated', () => {
    const re = /^\\(s:simulated-[a-z0-9-]+,c:(\d+))\*([0-9A-F]{2})\\!(AIVDM,[^*]*)\*([0-9A-F]{2})$/;
    for (const l of lines) {
      const m = re.exec(l);
      assert.ok(m !== null, l);
      assert.equal(nmeaChecksum(m[1]), m[3], l);
      assert.equal(nmeaChecksum(m[4]), m[5], l);
      assert.ok(l.length - l.indexOf('!') <= 82, l);
    }
  });

  it('decodes through src/ais with no rejects, one message per reception, in time order', () => {
    const { messages, rejects, badTagBlocks } = decodeLines(lines);
    assert.deepEqual(rejects, []);
    assert.equal(badTagBlocks, 0);
    const classB = new Set(result.plans.flatMap((p, i) => (p.aisClass === 'B' ? [i] : [])));
    const expected = result.receptions.reduce(
      (n, r) => n + (r.kind === 'static' && classB.has(r.vessel) ? 2 : 1),
      0,
    );
    assert.equal(messages.length, expected);
    let last = 0;
    for (const { msg, meta } of messages) {
      assert.ok(meta.receivedAtMs !== null && meta.receivedAtMs >= last);
      last = meta.receivedAtMs;
      const rec = messageToRecords(msg, meta);
      assert.ok(rec.position !== null || rec.static !== null, `type ${msg.type} gives a record`);
    }
  });

  it('received nothing from a ship while its transponder was off', () => {
    for (const d of truth.darkSpans) {
      const vi = vesselIndex(d.vessel);
      const inside = result.receptions.filter(
        (r) => r.vessel === vi && r.tsMs >= d.startTsMs && r.tsMs < d.endTsMs,
      );
      assert.equal(inside.length, 0, `${d.vessel} ${d.reason}`);
    }
    // Each staged dark span lies within a listed reception gap of that vessel.
    for (const d of truth.darkSpans) {
      const g = truth.receptionGaps.find(
        (x) => x.vessel === d.vessel && x.startTsMs <= d.startTsMs && x.endTsMs >= d.endTsMs,
      );
      assert.ok(g !== undefined && g.cause === 'transponder-off', `${d.vessel} ${d.reason}`);
    }
  });

  it('port calls: received positions inside the area, arrival before departure; dark calls have none', () => {
    const aoi = truth.portCalls.filter((c) => c.areaOfInterest && c.vessel !== undefined);
    assert.ok(aoi.length >= 3);
    for (const c of truth.portCalls) {
      if (c.arrivalTsMs !== null && c.departureTsMs !== null) assert.ok(c.arrivalTsMs < c.departureTsMs);
      const place = scenario.places.find((p) => p.id === c.area)!;
      const vi = vesselIndex(c.vessel);
      const t0 = c.arrivalTsMs ?? -Infinity;
      const t1 = c.departureTsMs ?? Infinity;
      const inCall = positions.filter((r) => r.vessel === vi && r.tsMs >= t0 && r.tsMs <= t1);
      const inside = inCall.filter((r) => distanceM(r, place) <= place.radiusM);
      assert.equal(inside.length, c.receivedPositions, `${c.vessel} at ${c.area}`);
      // True positions of every report during the call lie inside the area.
      for (const r of inCall)
        assert.ok(distanceM({ lat: r.trueLat, lon: r.trueLon }, place) <= place.radiusM + 1);
    }
    // Every shipment's origin call is dark (the policy switches off 40 nm before Rajin).
    for (const sh of truth.shipments) {
      const call = truth.portCalls.find(
        (c) =>
          c.vessel === sh.ship &&
          c.area === 'rajin' &&
          c.arrivalTsMs !== null &&
          c.arrivalTsMs <= sh.arriveOriginTsMs &&
          c.departureTsMs! >= sh.departOriginTsMs,
      );
      assert.ok(call !== undefined, `shipment ${sh.number} has a Rajin call`);
      assert.equal(call.receivedPositions, 0);
    }
  });

  it('the encounter: both ships within the separation, slower than 1 kn, for its duration', () => {
    const e = truth.encounters[0];
    const [a, b] = e.vessels.map(vesselIndex);
    const pa = positions.filter((r) => r.vessel === a && r.tsMs >= e.startTsMs && r.tsMs <= e.endTsMs);
    const pb = positions.filter((r) => r.vessel === b && r.tsMs >= e.startTsMs && r.tsMs <= e.endTsMs);
    assert.ok(pa.length > 10 && pb.length > 10, `${pa.length} and ${pb.length} reports received`);
    for (const r of [...pa, ...pb]) assert.ok(r.speedKnots < 1.5, `speed ${r.speedKnots}`);
    for (const r of pa) {
      const near = pb.reduce((best, q) =>
        Math.abs(q.tsMs - r.tsMs) < Math.abs(best.tsMs - r.tsMs) ? q : best,
      );
      if (Math.abs(near.tsMs - r.tsMs) > 300000) continue;
      assert.ok(distanceM(r, near) < e.separationM + 200, `${distanceM(r, near)} m apart`);
    }
  });

  it('the spoof: reported positions far from the true ones, none outside its span', () => {
    const sp = truth.spoofs[0];
    const vi = vesselIndex(sp.vessel);
    const own = positions.filter((r) => r.vessel === vi);
    const spoofed = own.filter((r) => distanceM(r, { lat: r.trueLat, lon: r.trueLon }) > 1000);
    assert.ok(spoofed.length > 0);
    assert.equal(spoofed.length, sp.receivedPositions);
    for (const r of spoofed) {
      assert.ok(r.tsMs >= sp.startTsMs && r.tsMs < sp.endTsMs);
      assert.ok(distanceM(r, { lat: sp.reportedLat, lon: sp.reportedLon }) < 2000);
    }
  });

  it('identity and draught changes show in the decoded static data', () => {
    const { messages } = decodeLines(lines);
    const ch = truth.identityChanges[0];
    const statics = messages.map((m) => messageToRecords(m.msg, m.meta).static).filter((s) => s !== null);
    const before = statics.filter((s) => s.mmsi === ch.from.mmsi && s.tsMs! < ch.tsMs);
    const after = statics.filter((s) => s.mmsi === ch.to.mmsi && s.tsMs! >= ch.tsMs);
    assert.ok(before.length > 0 && after.length > 0);
    assert.ok(before.every((s) => s.name === ch.from.name && s.imo === ch.imo));
    assert.ok(after.every((s) => s.name === ch.to.name && s.imo === ch.imo));
    assert.equal(statics.filter((s) => s.mmsi === ch.to.mmsi && s.tsMs! < ch.tsMs).length, 0);
    for (const d of truth.draughtChanges.filter((x) => x.reason === 'unloading')) {
      // After unloading the ship broadcasts its ballast draught again.
      const next = statics.find((s) => s.mmsi === d.mmsi && s.tsMs! > d.tsMs);
      if (next !== undefined) assert.equal(next.draughtM, d.toM);
    }
  });

  it('writes three files named simulated, DMA CSV with the 22 DMA columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tallyman-scenario-'));
    try {
      const { files } = writeScenario(scenario, dir);
      assert.deepEqual(readdirSync(dir).sort(), [
        'test-small.simulated-dma.csv',
        'test-small.simulated-truth.json',
        'test-small.simulated.nmea',
      ]);
      assert.equal(files.find((f) => f.kind === 'nmea')!.lines, lines.length);
      const csv = readFileSync(join(dir, 'test-small.simulated-dma.csv'), 'utf8').trimEnd().split('\n');
      assert.equal(csv[0], DMA_HEADER);
      assert.deepEqual(csv[0].replace(/^# /, '').split(','), [...DMA_COLUMNS]);
      assert.equal(csv.length - 1, positions.length);
      for (const row of csv.slice(1, 500)) {
        assert.equal(row.split(',').length, 22, row);
        assert.match(row, /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d,Class [AB],\d{9},/);
        assert.match(row, /,AIS \(simulated\)$/);
      }
      const t = JSON.parse(readFileSync(join(dir, 'test-small.simulated-truth.json'), 'utf8'));
      assert.equal(t.simulated, true);
      for (const key of [
        'shipments',
        'portCalls',
        'darkSpans',
        'encounters',
        'spoofs',
        'identityChanges',
        'draughtChanges',
      ]) {
        assert.ok(
          t[key].every((e: { simulated: boolean }) => e.simulated === true),
          key,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
