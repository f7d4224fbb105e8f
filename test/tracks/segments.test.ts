/**
 * Segments (src/tracks/segments.ts): one MMSI heard from two ships hundreds of kilometres apart is
 * split per ship, so no gap, teleport or port call joins the two; splitting loses no fix.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import type { EventOf, VesselEvent } from '../../src/events/types.js';
import { haversineM, impliedSpeedKnots } from '../../src/geo/distance.js';
import {
  buildTracks,
  cleanTrack,
  DEFAULT_CLEAN,
  splitSegments,
  type Track,
} from '../../src/tracks/columns.js';
import type { PositionRecord } from '../../src/tracks/records.js';
import { assignSegments } from '../../src/tracks/segments.js';
import { H, hold, leg, MIN, place, pos, steam, T0 } from '../events/scenario.js';

const CLONE = 273_000_099;

/** A ship steaming 10 kn from 25 km out into a port, 6 h alongside, and out again: a fix every 6 min. */
function portVisit(startMs: number, port: [number, number], outside: [number, number]): PositionRecord[] {
  const inbound = leg(CLONE, startMs, outside, port, 10, 6 * MIN);
  const arrive = inbound[inbound.length - 1].tsMs + 6 * MIN;
  const alongside = hold(CLONE, arrive, port, 6 * H, 6 * MIN);
  const leave = alongside[alongside.length - 1].tsMs + 6 * MIN;
  return [...inbound, ...alongside, ...leg(CLONE, leave, port, outside, 10, 6 * MIN)];
}

function of<T extends VesselEvent['type']>(events: VesselEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> & VesselEvent => e.type === type && e.mmsi === CLONE);
}

describe('one MMSI, two ships: Rajin and Vostochny, ~250 km apart, alternating fixes', () => {
  const rajin = place('rajin');
  const vostochny = place('vostochny');
  // A from the south-east into Rajin; B, 3 min later each time, from the south into Vostochny
  const a = portVisit(T0, rajin, [rajin[0] + 0.2, rajin[1] - 0.15]);
  const b = portVisit(T0 + 3 * MIN, vostochny, [vostochny[0], vostochny[1] - 0.22]);
  const records = [...a, ...b];
  const idsA = new Set(a.map((_, i) => i));
  const shipOf = (id: number): 'A' | 'B' => (idsA.has(id) ? 'A' : 'B');
  const [track] = buildTracks(records, [], null);
  const cleaned = cleanTrack(track, { ...DEFAULT_CLEAN, maxSpeedKnots: DEFAULT_PARAMS.spoofMaxSpeedKnots });
  const events = detectAll([track], BUNDLED_AREAS);

  it('the two ships are hundreds of km apart and their fixes alternate', () => {
    assert.ok(haversineM(rajin[0], rajin[1], vostochny[0], vostochny[1]) > 200_000);
    const order = [...track.positionId].map(shipOf);
    let switches = 0;
    for (let i = 1; i < order.length; i++) if (order[i] !== order[i - 1]) switches++;
    assert.ok(switches > 150, `${switches} switches`);
  });

  it('cleaning keeps every fix and gives each ship a segment of its own', () => {
    assert.equal(cleaned.length, records.length);
    assert.equal(cleaned.dropped.length, 0);
    const parts = splitSegments(cleaned);
    assert.equal(parts.length, 2);
    for (const p of parts) {
      const ships = new Set([...p.positionId].map(shipOf));
      assert.equal(ships.size, 1, 'a segment holds one ship only');
      assert.equal(p.mmsi, CLONE);
    }
    assert.deepEqual(parts.map((p) => p.length).sort(), [a.length, b.length].sort());
  });

  it('no teleport inside a segment; the switches between them are the MMSI-level jumps', () => {
    for (const p of splitSegments(cleaned)) {
      for (let i = 1; i < p.length; i++) {
        const d = haversineM(p.lon[i - 1], p.lat[i - 1], p.lon[i], p.lat[i]);
        const v = impliedSpeedKnots(d, p.tsMs[i] - p.tsMs[i - 1]);
        assert.ok(
          d <= DEFAULT_CLEAN.jitterM || v <= DEFAULT_PARAMS.spoofMaxSpeedKnots,
          `${v} kn inside a segment`,
        );
      }
      assert.equal(p.jumps.length, 0);
    }
    assert.ok(cleaned.jumps.length > 150, `${cleaned.jumps.length} jumps`);
  });

  it('one port call per ship, each made of its own fixes; no gap, no voyage joining them', () => {
    const calls = of(events, 'port-call');
    assert.deepEqual(calls.map((c) => c.details.areaId).sort(), ['rajin', 'vostochny']);
    for (const c of calls) {
      for (const r of c.support) {
        assert.equal(
          shipOf(r.fromPositionId),
          shipOf(r.toPositionId),
          `${c.details.areaId} support mixes ships`,
        );
      }
      const ship = c.details.areaId === 'rajin' ? 'A' : 'B';
      assert.equal(shipOf(c.support[0].fromPositionId), ship);
      assert.ok(c.confidence >= 3, `${c.details.areaId} confidence ${c.confidence}`);
    }
    assert.equal(of(events, 'gap').length, 0);
    assert.equal(of(events, 'dark-port-call').length, 0);
    assert.equal(of(events, 'voyage').length, 0);
    assert.equal(of(events, 'encounter').length, 0);
  });

  it('the MMSI is still reported as heard in two places', () => {
    const tp = of(events, 'two-places');
    assert.ok(tp.length >= 1);
    assert.ok(tp[0].details.separationM > 150_000, `${tp[0].details.separationM} m`);
  });
});

describe('segments of one ship', () => {
  it('a ship back from 30 h dark, 300 km on, rejoins its own segment: the gap stays one gap', () => {
    const M = 273_000_098;
    const before = steam(M, T0, 131.0, 41.5, 90, 10, 2 * H, 5 * MIN);
    const last = before[before.length - 1];
    const after = steam(M, last.tsMs + 30 * H, last.lon + 3.6, last.lat, 90, 10, 2 * H, 5 * MIN);
    const [t] = buildTracks([...before, ...after]);
    assert.equal(splitSegments(t).length, 1);
    const gaps = detectAll([t], []).filter((e) => e.type === 'gap');
    assert.equal(gaps.length, 1);
    assert.equal(gaps[0].startMs, last.tsMs);
  });

  it('a one- or two-fix excursion is noise (dropped as spikes), three fixes that continue each other are a segment', () => {
    const M = 273_000_097;
    const base = steam(M, T0, 131.0, 41.5, 90, 10, 3 * H, 5 * MIN);
    const away = (i: number): PositionRecord => ({ ...base[i], lon: base[i].lon + 2 });
    const two = base.map((p, i) => (i === 10 || i === 11 ? away(i) : p));
    const [t2] = buildTracks(two);
    assert.deepEqual(
      t2.dropped.map((d) => [d.positionId, d.reason]),
      [
        [10, 'impossible-jump'],
        [11, 'impossible-jump'],
      ],
    );
    assert.equal(splitSegments(t2).length, 1);
    const three = base.map((p, i) => (i >= 10 && i <= 12 ? away(i) : p));
    const [t3] = buildTracks(three);
    assert.equal(t3.dropped.length, 0);
    assert.equal(splitSegments(t3).length, 2);
  });

  it('a single fix, or a lone pair of far-apart fixes, is never all noise', () => {
    const [one] = buildTracks([pos(1, T0, 131, 42, 5)]);
    assert.equal(one.length, 1);
    const [pair] = buildTracks([pos(2, T0, 131, 42, 5), pos(2, T0 + MIN, 133, 42, 5)]);
    assert.equal(pair.length, 1, 'the first is kept, the other is a spike beside it');
    assert.equal(pair.dropped.length, 1);
  });
});

describe('segmentation properties', () => {
  const fix = fc.record({
    dtMs: fc.integer({ min: 0, max: 2 * H }),
    lon: fc.double({ min: 130, max: 134, noNaN: true }),
    lat: fc.double({ min: 40, max: 43, noNaN: true }),
  });

  it('splitting then concatenating loses no fix: segments ∪ drops = the input, each fix once, in time order', () => {
    fc.assert(
      fc.property(fc.array(fix, { maxLength: 120 }), fc.integer({ min: 0, max: 4 }), (fixes, noise) => {
        let ts = T0;
        const records = fixes.map((f) => {
          ts += f.dtMs;
          return pos(273_000_096, ts, f.lon, f.lat, null);
        });
        const [raw] = buildTracks(records, [], null);
        if (!raw) return;
        const cleaned = cleanTrack(raw, { ...DEFAULT_CLEAN, noiseMaxFixes: noise });
        const parts = splitSegments(cleaned);
        const kept = parts.flatMap((p: Track) => [...p.positionId]);
        const all = [...kept, ...cleaned.dropped.map((d) => d.positionId)].sort((x, y) => x - y);
        assert.deepEqual(
          all,
          records.map((_, i) => i),
        );
        // concatenated back in time order, the segments are the cleaned track
        const merged = parts
          .flatMap((p) => [...p.positionId].map((id, i) => [p.tsMs[i], id] as const))
          .sort((x, y) => x[0] - y[0] || x[1] - y[1])
          .map((x) => x[1]);
        assert.deepEqual(merged, [...cleaned.positionId]);
        for (const p of parts) for (let i = 1; i < p.length; i++) assert.ok(p.tsMs[i] >= p.tsMs[i - 1]);
      }),
      { numRuns: 300 },
    );
  });

  it('assignSegments puts every fix not skipped in exactly one segment, counts agree', () => {
    fc.assert(
      fc.property(fc.array(fix, { maxLength: 80 }), (fixes) => {
        let ts = T0;
        const tsMs = fixes.map((f) => (ts += f.dtMs));
        const s = assignSegments(
          tsMs,
          fixes.map((f) => f.lon),
          fixes.map((f) => f.lat),
          DEFAULT_CLEAN,
        );
        const counts = new Array(s.count.length).fill(0);
        for (const g of s.segment) counts[g]++;
        assert.deepEqual(counts, s.count);
        if (s.count.length > 0)
          assert.ok(
            s.noise.some((x) => x === 0),
            'the largest segment is never noise',
          );
      }),
      { numRuns: 300 },
    );
  });
});

describe('fixes sharing an instant given to a whole input (ingest --received-at)', () => {
  // A time-less capture ingested with one receive time: a ship heard moving 600 m, and a second
  // ship 40 km off with the same MMSI, all at that one instant
  const at = T0;
  const ship = [131.5, 41.5] as const;
  const records: PositionRecord[] = [
    pos(CLONE, at, ship[0], ship[1], 10),
    pos(CLONE, at, ship[0] + 0.005, ship[1] + 0.0025, 10),
    pos(CLONE, at, ship[0] + 0.01, ship[1] + 0.005, 10),
    pos(CLONE, at, ship[0] + 0.5, ship[1], 10),
  ];
  const [raw] = buildTracks(records, [], null);
  const opt = { ...DEFAULT_CLEAN, maxSpeedKnots: DEFAULT_PARAMS.spoofMaxSpeedKnots };

  it('with its times heard per message, the same instant 600 m apart is an impossible jump', () => {
    const cleaned = cleanTrack(raw, opt);
    assert.ok(
      cleaned.dropped.some((d) => d.reason === 'impossible-jump') || cleaned.jumps.length > 0,
      'a jump between simultaneous fixes is listed',
    );
  });

  it('with the instant assigned, no speed is judged: every fix kept, no jump, no anomaly', () => {
    const cleaned = cleanTrack({ ...raw, assignedTimesMs: [at] }, opt);
    assert.equal(cleaned.length, records.length);
    assert.deepEqual(cleaned.dropped, []);
    assert.deepEqual(cleaned.jumps, []);
    const events = detectAll([{ ...raw, assignedTimesMs: [at] }], BUNDLED_AREAS);
    assert.deepEqual(
      events.filter((e) => e.type === 'speed-anomaly' || e.type === 'two-places'),
      [],
    );
  });
});
