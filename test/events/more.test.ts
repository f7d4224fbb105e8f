/**
 * The detectors the shuttle story does not exercise: a stop and loitering at an unknown anchorage,
 * a draught change while dark, a polygon area with its own thresholds, and edge cases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import type { Area } from '../../src/areas/types.js';
import { DEFAULT_PARAMS, withParams } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import type { EventOf, EventType, VesselEvent } from '../../src/events/types.js';
import { destinationPoint } from '../../src/geo/bearing.js';
import { buildTracks } from '../../src/tracks/columns.js';
import type { PositionRecord } from '../../src/tracks/records.js';
import { H, MIN, pos, stat, steam, T0 } from './scenario.js';

function of<T extends EventType>(events: VesselEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> & VesselEvent => e.type === type);
}

describe('an unknown anchorage at sea', () => {
  // 10 kn in, 6 h swinging at anchor (within ~150 m, 0.1 kn), 10 kn out; 60 km from any area
  const M = 273_100_001;
  const anchor: [number, number] = [131.6, 41.9];
  const inbound = steam(M, T0, 131.4, 41.9, 90, 10, H, MIN);
  const at = T0 + H + 3 * MIN;
  const swing: PositionRecord[] = [];
  for (let k = 0; k <= 120; k++) {
    const [x, y] = destinationPoint(anchor[0], anchor[1], (k * 37) % 360, 150);
    swing.push(pos(M, at + k * 3 * MIN, x, y, 0.1));
  }
  const leave = at + 6 * H + 3 * MIN;
  const outbound = steam(M, leave, anchor[0], anchor[1], 90, 10, H, MIN);
  const events = detectAll(buildTracks([...inbound, ...swing, ...outbound]), BUNDLED_AREAS);

  it('is a stop: the 6 h at anchor, outside every area, radius set by the departure fix', () => {
    const stops = of(events, 'stop');
    assert.equal(stops.length, 1);
    assert.equal(stops[0].startMs, at);
    // the first outbound fixes (at the anchor, then 308 m on) are still within the 500 m circle
    assert.equal(stops[0].endMs, leave + MIN);
    // the swing circle is 150 m; the departure fix 308 m out sets the radius
    assert.ok(Math.abs(stops[0].details.radiusM - 303) < 5, `${stops[0].details.radiusM}`);
    assert.equal(stops[0].details.nearestAreaId, null);
    assert.equal(stops[0].confidence, 2, 'radius above a quarter of the 1 km diameter');
  });
  it('is loitering too (< 2 kn for ≥ 4 h, > 10 km from areas); no port call', () => {
    const l = of(events, 'loitering');
    assert.equal(l.length, 1);
    assert.equal(l[0].startMs, at);
    assert.equal(l[0].endMs, at + 6 * H);
    assert.equal(l[0].params.loiterMinDurationMs, 4 * H);
    assert.equal(of(events, 'port-call').length, 0);
  });
  it('a 3 h stay is neither at the shuttle defaults, but a stop with stopMinDurationMs 2 h is', () => {
    const short = swing.filter((p) => p.tsMs <= at + 3 * H);
    const tail = outbound.map((p) => ({ ...p, tsMs: p.tsMs - 3 * H }));
    const ev = detectAll(buildTracks([...inbound, ...short, ...tail]), BUNDLED_AREAS);
    assert.equal(of(ev, 'loitering').length, 0);
    assert.equal(of(ev, 'stop').length, 1);
    const strict = detectAll(
      buildTracks([...inbound, ...short, ...tail]),
      BUNDLED_AREAS,
      withParams(DEFAULT_PARAMS, { stopMinDurationMs: 4 * H }),
    );
    assert.equal(of(strict, 'stop').length, 0);
  });
});

describe('draught change while dark', () => {
  it('loaded somewhere during a 10 h silence at sea', () => {
    const M = 273_100_002;
    const a = steam(M, T0, 131.5, 41.6, 45, 10, 2 * H, 5 * MIN);
    const b = steam(M, T0 + 12 * H, 131.9, 42.0, 45, 10, 2 * H, 5 * MIN);
    const statics = [
      stat(M, T0, { lengthM: 120, beamM: 18, draughtM: 4.2 }),
      stat(M, T0 + 13 * H, { lengthM: 120, beamM: 18, draughtM: 6.5 }),
    ];
    const ev = detectAll(buildTracks([...a, ...b], statics), BUNDLED_AREAS);
    const gap = of(ev, 'gap');
    const d = of(ev, 'draught-change');
    assert.equal(gap.length, 1);
    assert.equal(d.length, 1);
    assert.equal(d[0].details.context, 'dark');
    assert.equal(d[0].details.gapEventId, gap[0].id);
    assert.ok(Math.abs(d[0].details.cargoMassMinT! - 0.65 * 120 * 18 * 2.3 * 1.025) < 1e-6);
    // nobody else heard anywhere: a hole in the data, not a finding (confidence at the floor)
    assert.equal(gap[0].details.othersHeardNearStart, 0);
    assert.equal(gap[0].details.likelyCause, 'no-coverage');
    assert.equal(gap[0].details.coverage.cause, 'sources-not-hearing');
    assert.equal(gap[0].details.coverage.heardShare, 0);
    assert.equal(gap[0].confidence, 1);
    assert.equal(of(ev, 'dark-port-call').length, 0);
  });
});

describe('a polygon area with its own thresholds', () => {
  const poly: Area = {
    id: 'test-anchorage',
    name: 'Test anchorage',
    kind: 'anchorage',
    geometry: {
      type: 'polygon',
      rings: [
        [
          [131.5, 41.5],
          [131.55, 41.5],
          [131.55, 41.53],
          [131.5, 41.53],
          [131.5, 41.5],
        ],
      ],
    },
    thresholds: { portExitMarginM: 2000, portStopStartKnots: 0.5, portStopEndKnots: 1 },
    source: 'test',
  };
  it('enters inside the ring, exits 2 km out, stops at 0.4 kn; the overrides are recorded', () => {
    const M = 273_100_003;
    // 30 min at 8 kn ends inside the ring; 3 h at 0.4 kn drifts 1.3 km past its east edge (inside the margin)
    const inbound = steam(M, T0, 131.45, 41.515, 90, 8, 30 * MIN, MIN);
    const last = inbound[inbound.length - 1];
    const dwell = steam(M, last.tsMs + MIN, last.lon, last.lat, 90, 0.4, 3 * H, 3 * MIN);
    const d2 = dwell[dwell.length - 1];
    const outbound = steam(M, d2.tsMs + MIN, d2.lon, d2.lat, 90, 8, 2 * H, MIN);
    const ev = detectAll(buildTracks([...inbound, ...dwell, ...outbound]), [poly]);
    const calls = of(ev, 'port-call');
    assert.equal(calls.length, 1);
    const c = calls[0];
    assert.equal(c.details.areaId, 'test-anchorage');
    assert.equal(c.confidence, 4);
    assert.equal(c.params.portExitMarginM, 2000);
    assert.equal(c.params.portStopStartKnots, 0.5);
    // entered where the 8 kn track crosses lon 131.5
    const entry = inbound.find((p) => p.lon >= 131.5)!;
    assert.equal(c.startMs, entry.tsMs);
    // exits at the first fix more than 2 km east of lon 131.55
    const exitLon = 131.55 + 2000 / (6371008.8 * (Math.PI / 180) * Math.cos(41.515 * (Math.PI / 180)));
    const exit = outbound.find((p) => p.lon > exitLon + 1e-4)!;
    assert.ok(Math.abs(c.endMs - exit.tsMs) <= MIN);
    assert.ok(c.details.stoppedMs >= 3 * H);
  });
});

describe('edge cases', () => {
  it('no positions, one position, and statics only: no crash, no events but identity', () => {
    assert.deepEqual(detectAll([], BUNDLED_AREAS), []);
    const one = detectAll(buildTracks([pos(1, T0, 131, 42, 5)]), BUNDLED_AREAS);
    assert.deepEqual(one, []);
    const statics = [stat(2, T0, { name: 'A' }), stat(2, T0 + H, { name: 'B' })];
    const ev = detectAll(buildTracks([], statics), BUNDLED_AREAS);
    assert.deepEqual(
      ev.map((e) => e.type),
      ['identity-change'],
    );
    assert.ok(Number.isNaN(ev[0].lon), 'no fix to place it: NaN, written as null in JSON');
  });
  it('no areas at all: gaps and encounters still work', () => {
    const M = 273_100_004;
    const a = steam(M, T0, 131.5, 41.6, 45, 10, H, 5 * MIN);
    const b = steam(M, T0 + 8 * H, 131.7, 41.8, 45, 10, H, 5 * MIN);
    const ev = detectAll(buildTracks([...a, ...b]), []);
    assert.deepEqual(
      ev.map((e) => e.type),
      ['gap'],
    );
  });
});

describe('speed anomalies of a capture given one receive time', () => {
  it('keep distinct ids, so the store keeps each of them', () => {
    // a time-less capture ingested with --received-at: every fix has one time, and a stored fix's
    // id is its time; one MMSI heard here, 60 km away, then here again jumps twice at that time
    const M = 273_100_009;
    const at = (km: number) => destinationPoint(131, 41, 90, km * 1000) as [number, number];
    const fixes = [0, 0.1, 0.2, 60, 60.1, 60.2, 0.3, 0.4, 0.5].map((km) => pos(M, T0, ...at(km), 10));
    const ev = detectAll(
      buildTracks(
        fixes,
        [],
        undefined,
        fixes.map((f) => f.tsMs),
      ),
      BUNDLED_AREAS,
    );
    const anomalies = ev.filter((e) => e.type === 'speed-anomaly');
    assert.equal(anomalies.length, 2);
    assert.equal(anomalies[0].startMs, anomalies[1].startMs);
    assert.equal(new Set(ev.map((e) => e.id)).size, ev.length);
  });
});
