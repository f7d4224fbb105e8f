/** Shipment proposal on the SIMULATED small scenario, scored against its truth; and the rules on synthetic calls. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import type { EventOf, VesselEvent } from '../../src/events/types.js';
import {
  nmeaLines,
  parseScenario,
  type SimulationResult,
  simulateScenario,
} from '../../src/scenario/index.js';
import { callsFrom } from '../../src/shipments/calls.js';
import { confidenceOf } from '../../src/shipments/confidence.js';
import { shipmentLegs } from '../../src/shipments/legs.js';
import { DEFAULT_SHIPMENT_PARAMS } from '../../src/shipments/params.js';
import { proposeShipments } from '../../src/shipments/propose.js';
import type { ContainerObservation, Proposal, Sighting } from '../../src/shipments/types.js';
import { NmeaPipeline } from '../../src/sources/nmea-source.js';
import { emptyCounts } from '../../src/sources/types.js';
import { buildTracks, emptyTrack } from '../../src/tracks/columns.js';
import { runSmall, smallObservations } from './scenario.js';

const H = 3_600_000;

/**
 * A proposal matches a truth shipment: same ship (MMSI), route, and the true voyage (leaving the
 * origin … reaching the destination) inside the proposal's window [departMs, arriveMs], give or
 * take the port entry margin (an AIS call ends at the area's exit boundary, the truth at the quay).
 */
const WINDOW_SLACK_MS = 2 * H;
const holds = (p: Proposal, departMs: number, arriveMs: number) =>
  p.departMs <= departMs + WINDOW_SLACK_MS && p.arriveMs >= arriveMs - WINDOW_SLACK_MS;
const score = (proposals: Proposal[]) => scoreAgainst(runSmall().result, proposals);

function scoreAgainst(result: SimulationResult, proposals: Proposal[]) {
  const mmsiOf = new Map(result.truth.vessels.map((v) => [v.key, new Set(v.identities.map((i) => i.mmsi))]));
  const used = new Set<Proposal>();
  let found = 0;
  for (const t of result.truth.shipments) {
    const m = proposals.find(
      (p) =>
        !used.has(p) &&
        mmsiOf.get(t.ship)?.has(p.mmsi) &&
        p.origin.areaId === t.origin &&
        p.destination.areaId === t.destination &&
        holds(p, t.departOriginTsMs, t.arriveDestinationTsMs),
    );
    if (m) {
      used.add(m);
      found++;
    }
  }
  return {
    recall: found / result.truth.shipments.length,
    precision: proposals.length === 0 ? 0 : used.size / proposals.length,
    found,
    truth: result.truth.shipments.length,
    proposed: proposals.length,
  };
}

test('AIS and dark calls alone: every simulated shipment is proposed, nothing else', () => {
  const { events } = runSmall();
  const proposals = proposeShipments({ events, areas: BUNDLED_AREAS });
  const s = score(proposals);
  console.log(
    `AIS only: recall ${s.found}/${s.truth} = ${s.recall.toFixed(2)}, precision ${s.precision.toFixed(2)} (${s.proposed} proposed)`,
  );
  assert.equal(s.recall, 1);
  assert.equal(s.precision, 1);
  // the origin calls are dark in the truth (no report received at Rajin), so they are inferred
  for (const p of proposals) {
    assert.equal(p.origin.kind, 'dark');
    assert.equal(p.dark, true);
    assert.ok(
      p.supports.some((x) => x.kind === 'draught-laden'),
      'draught rise at loading supports it',
    );
    assert.ok(p.cargoMassT && p.cargoMassT.min > 1000 && p.cargoMassT.max < 10_000);
  }
});

test('with the simulated observations: still every shipment, sightings make origins seen, counts near the truth', () => {
  const { events, result } = runSmall();
  const obs = smallObservations();
  assert.equal(obs.simulated, true);
  let id = 0;
  const sightings: Sighting[] = obs.sightings.map((s) => ({
    id: ++id,
    provider: String(s.provider),
    imageId: String(s.imageId),
    acquiredMs: Number(s.acquired),
    gsdM: s.gsdM as number,
    footprint: null,
    lon: s.lon as number,
    lat: s.lat as number,
    mmsi: (s.mmsi as number | null) ?? null,
    vesselName: null,
    identifiedBy: [],
    idConfidence: s.idConfidence as number,
    evidenceId: null,
    simulated: true,
    note: null,
  }));
  const containers: ContainerObservation[] = obs.containers.map((c, i) => ({
    id: i + 1,
    observedMs: Number(c.observed),
    place: String(c.place),
    lon: null,
    lat: null,
    countMin: Number(c.countMin ?? c.count),
    countMax: Number(c.countMax ?? c.count),
    sizeFt: 20,
    method: c.method as 'counted',
    imageEvidenceId: null,
    sightingId: c.sightingIndex === undefined ? null : Number(c.sightingIndex) + 1,
    simulated: true,
    note: null,
  }));
  const proposals = proposeShipments({ events, areas: BUNDLED_AREAS, sightings, containers });
  const s = score(proposals);
  console.log(
    `with ${sightings.length} simulated sightings, ${containers.length} counts: recall ${s.found}/${s.truth}, precision ${s.precision.toFixed(2)}`,
  );
  assert.equal(s.recall, 1);
  assert.equal(s.precision, 1);
  const seen = proposals.filter((p) => p.origin.kind === 'sighting');
  assert.ok(seen.length >= 1, 'a loading sighting turns the dark origin into a seen one');
  for (const p of seen) assert.ok(p.confidence >= 3);
  // every count lands on the shipment it was simulated for, within 35% of the truth
  for (const p of proposals) {
    const t = result.truth.shipments.find((x) => holds(p, x.departOriginTsMs, x.arriveDestinationTsMs));
    assert.ok(t);
    for (const r of [p.containersLoaded, p.containersDischarged]) {
      if (r === null) continue;
      assert.ok(
        r.max >= t.containers * 0.65 && r.min <= t.containers * 1.35,
        `count ${r.min}–${r.max} vs truth ${t.containers}`,
      );
    }
  }
  const counted = proposals.filter((p) => p.containersLoaded || p.containersDischarged).length;
  assert.ok(counted >= 1);
});

test('the bundled SIMULATED Rajin shuttle (64 shipments, many fully dark): recall and precision', () => {
  const file = new URL('../../scenarios/rajin-shuttle.json', import.meta.url);
  const r = parseScenario(readFileSync(file, 'utf8'));
  assert.ok(r.ok);
  const result = simulateScenario(r.scenario);
  const counts = emptyCounts();
  const pipe = new NmeaPipeline('rajin-shuttle.simulated.nmea', counts, () => null);
  pipe.push(Buffer.from(`${[...nmeaLines(result)].join('\n')}\n`));
  pipe.end();
  const { positions, statics } = pipe.take();
  const events = detectAll(buildTracks(positions, statics), BUNDLED_AREAS);
  const proposals = proposeShipments({ events, areas: BUNDLED_AREAS });
  const s = scoreAgainst(result, proposals);
  console.log(
    `rajin-shuttle, AIS only: recall ${s.found}/${s.truth} = ${s.recall.toFixed(3)}, precision ${s.precision.toFixed(3)} (${s.proposed} proposed)`,
  );
  // fully dark legs (dark at Rajin and at the destination) leave the destination to inference: the
  // nearest admissible one is proposed, with the others listed (7 of the 10 misses); and a leg that
  // went dark where the satellite heard too few others is a coverage gap, no dark call (3): those
  // come back only with imagery. The bar is what that allows (0.844 when written).
  assert.ok(s.recall >= 0.8, `recall ${s.recall}`);
  assert.ok(s.precision >= 0.85, `precision ${s.precision}`);
  for (const p of proposals.filter((x) => x.destination.kind === 'dark'))
    assert.ok(p.alternativeDestinationIds.length > 0 || p.confidence <= 2);
});

test('legs follow the track: heard stretches solid, silences and unheard ends dark', () => {
  const { events, positions, statics } = runSmall();
  const tracks = buildTracks(positions, statics);
  // the loading was dark in this scenario: each route starts with a dark stretch and ends at the destination
  for (const p of proposeShipments({ events, areas: BUNDLED_AREAS, tracks })) {
    assert.equal(p.legs[0].dark, true);
    assert.deepEqual(p.legs[0].coordinates[0], p.path[0]);
    const end = p.legs[p.legs.length - 1].coordinates;
    assert.deepEqual(end[end.length - 1], p.path[p.path.length - 1]);
  }
  // a leg heard early, silent for over 6 h, heard again before the AIS destination call:
  // dark origin, AIS, dark, AIS
  const [p] = proposeShipments({ events, areas: BUNDLED_AREAS });
  const T = p.arriveMs - p.departMs;
  assert.ok(T * 0.7 >= 6 * H, `a transit of ${T / H} h leaves room for a 6 h silence`);
  const at = (f0: number, f1: number) =>
    Array.from({ length: 10 }, (_, i) => p.departMs + (f0 + ((f1 - f0) * i) / 9) * T);
  const times = [...at(0.05, 0.2), ...at(0.9, 0.95)];
  const t = emptyTrack(p.mmsi, times.length);
  times.forEach((ts, i) => {
    const f = (ts - p.departMs) / (p.arriveMs - p.departMs);
    t.tsMs[i] = ts;
    t.lon[i] = p.path[0][0] + f * (p.path[1][0] - p.path[0][0]);
    t.lat[i] = p.path[0][1] + f * (p.path[1][1] - p.path[0][1]);
  });
  const legs = shipmentLegs(p, t);
  assert.deepEqual(
    legs.map((l) => l.dark),
    p.arriveMs - times[times.length - 1] >= 6 * H
      ? [true, false, true, false, true]
      : [true, false, true, false],
  );
  assert.deepEqual(legs[0].coordinates[0], p.path[0]);
  const last = legs[legs.length - 1];
  assert.deepEqual(last.coordinates[last.coordinates.length - 1], p.path[p.path.length - 1]);
  for (let i = 1; i < legs.length; i++)
    assert.deepEqual(
      legs[i].coordinates[0],
      legs[i - 1].coordinates[legs[i - 1].coordinates.length - 1],
      'legs join',
    );
  assert.equal(legs[1].coordinates.length, 10, 'every heard fix of the first stretch');
});

test('a sighting elsewhere inside a gap removes the dark calls it makes impossible', () => {
  const { events } = runSmall();
  const gap = events.find(
    (e): e is EventOf<'gap'> => e.type === 'gap' && e.details.darkPortCallAreaIds.includes('rajin'),
  );
  assert.ok(gap);
  const before = callsFrom(events, [], BUNDLED_AREAS, DEFAULT_SHIPMENT_PARAMS, DEFAULT_PARAMS).filter(
    (c) => c.kind === 'dark' && c.gapEventId === gap.id,
  );
  assert.ok(before.some((c) => c.areaId === 'chongjin'));
  // seen off Vostochny every 3 h through the gap: no piece of it leaves time for Chongjin
  // (~270 km away, 10 h each way at 15 kn).
  const vost = BUNDLED_AREAS.find((a) => a.id === 'vostochny')!.geometry as { lon: number; lat: number };
  const mk = (id: number, t: number): Sighting => ({
    id,
    provider: 'test',
    imageId: `t${id}`,
    acquiredMs: t,
    gsdM: 3,
    footprint: null,
    lon: vost.lon + 0.2,
    lat: vost.lat - 0.15,
    mmsi: gap.mmsi,
    vesselName: null,
    identifiedBy: ['length'],
    idConfidence: 0.8,
    evidenceId: null,
    simulated: true,
    note: null,
  });
  const seen: Sighting[] = [];
  for (let t = gap.startMs + 3 * H, i = 1; t < gap.endMs; t += 3 * H, i++) seen.push(mk(i, t));
  const after = callsFrom(events, seen, BUNDLED_AREAS, DEFAULT_SHIPMENT_PARAMS, DEFAULT_PARAMS).filter(
    (c) => c.kind === 'dark' && c.gapEventId === gap.id,
  );
  assert.ok(after.length < before.length, `${before.length} dark calls before, ${after.length} after`);
  assert.ok(!after.some((c) => c.areaId === 'chongjin'));
});

test('a sighting inside an area with no call becomes a call; unidentified sightings are ignored', () => {
  const s = (mmsi: number | null): Sighting => ({
    id: 7,
    provider: 'test',
    imageId: 'x',
    acquiredMs: Date.UTC(2024, 0, 1),
    gsdM: 0.5,
    footprint: null,
    lon: 130.3,
    lat: 42.25,
    mmsi,
    vesselName: null,
    identifiedBy: ['shape'],
    idConfidence: 1,
    evidenceId: null,
    simulated: true,
    note: null,
  });
  const calls = callsFrom(
    [] as VesselEvent[],
    [s(273000001)],
    BUNDLED_AREAS,
    DEFAULT_SHIPMENT_PARAMS,
    DEFAULT_PARAMS,
  );
  assert.equal(calls.length, 1);
  assert.equal(calls[0].kind, 'sighting');
  assert.equal(calls[0].areaId, 'rajin');
  assert.equal(callsFrom([], [s(null)], BUNDLED_AREAS, DEFAULT_SHIPMENT_PARAMS, DEFAULT_PARAMS).length, 0);
});

test('confidence grows with support', () => {
  const dark = confidenceOf([
    { kind: 'dark-call', role: 'origin', ref: 'a' },
    { kind: 'dark-call', role: 'destination', ref: 'b' },
  ]);
  const half = confidenceOf([
    { kind: 'dark-call', role: 'origin', ref: 'a' },
    { kind: 'ais-call', role: 'destination', ref: 'b' },
  ]);
  const both = confidenceOf([
    { kind: 'ais-call', role: 'origin', ref: 'a' },
    { kind: 'ais-call', role: 'destination', ref: 'b' },
  ]);
  const all = confidenceOf([
    { kind: 'ais-call', role: 'origin', ref: 'a' },
    { kind: 'ais-call', role: 'destination', ref: 'b' },
    { kind: 'draught-laden', role: 'origin', ref: 'c' },
    { kind: 'document', role: 'leg', ref: '1' },
  ]);
  assert.deepEqual([dark, half, both, all], [1, 2, 3, 4]);
});

test('origins and destinations are configurable; a short transit limit drops the legs', () => {
  const { events } = runSmall();
  // Nakhodka was never called at: only dark-to-dark possibilities remain, at the lowest confidence
  const nak = proposeShipments({
    events,
    areas: BUNDLED_AREAS,
    params: { ...DEFAULT_SHIPMENT_PARAMS, destinationAreaIds: ['nakhodka'] },
  });
  for (const p of nak) {
    assert.equal(p.destination.areaId, 'nakhodka');
    assert.equal(p.destination.kind, 'dark');
    assert.equal(p.confidence, 1);
  }
  assert.equal(
    proposeShipments({
      events,
      areas: BUNDLED_AREAS,
      params: { ...DEFAULT_SHIPMENT_PARAMS, maxTransitMs: 60_000 },
    }).filter((p) => p.origin.kind === 'ais' && p.destination.kind === 'ais').length,
    0,
  );
});
