/**
 * The streamed simulator and writer against what came before them: the same bytes as the writer
 * before it streamed (recorded hashes), the same lines as the reference encoders (output.ts), the
 * same receptions and truth as the pre-stream simulator (reference-simulate.ts), and memory that
 * is bounded by the fleet and the window, not by the length of the output.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import {
  dmaLines,
  nmeaLines,
  type Reception,
  runSimulation,
  type Scenario,
  simulateScenario,
  truthJson,
  writeScenario,
} from '../../src/scenario/index.js';
import { ByteSink, NmeaStreamEncoder, SINK_BUFFER_BYTES } from '../../src/scenario/nmea-stream.js';
import { truthJsonPieces } from '../../src/scenario/output.js';
import { PlanCursor, planMaxSpeedMPerMs } from '../../src/scenario/plan.js';
import { distanceM } from '../../src/scenario/polyline.js';
import { Rng } from '../../src/scenario/prng.js';
import { WINDOW_MS } from '../../src/scenario/simulate.js';
import { loadScenario } from './helpers.js';
import { referenceSimulate } from './reference-simulate.js';

/**
 * SHA-256 of `tallyman simulate scenarios/test-small.json` as written before the simulator
 * streamed (commit b626c9c). Tests and the accuracy figures depend on these bytes: a change here
 * must be deliberate.
 */
const TEST_SMALL_BEFORE: Record<string, string> = {
  'test-small.simulated.nmea': '612f2549dcddb09a4a627eb9a875cf2884372d85f00f9d5d3ce25a9099d01265',
  'test-small.simulated-dma.csv': '76642a13ee43c937bb33fdc4f93d7edafdf4789de0913e1bc7437d3bf4cb7e99',
  'test-small.simulated-truth.json': 'c1c35994e3f82611f9e44caefe8d492d15c26fcb96ce9e9d3a4a2a87c57199df',
};

const ITU = { underwayIntervalS: 10, mooredIntervalS: 180, classBIntervalS: 30, staticIntervalS: 360 };

/** test-small with changes (a copy; the scenario objects are not shared). */
function variant(change: (s: Scenario) => void): Scenario {
  const s = structuredClone(loadScenario('test-small'));
  change(s);
  return s;
}

/** [name, scenario, also compare the files with the reference encoders (slow on large outputs)] */
const VARIANTS: [string, Scenario, boolean][] = [
  ['test-small', loadScenario('test-small'), true],
  [
    'another seed',
    variant((s) => {
      s.seed += 7;
    }),
    true,
  ],
  [
    'every station keeps its copy, DMA window',
    variant((s) => {
      s.coverage.keepDuplicates = true;
      s.reporting.dmaCsvWindow = { start: '2023-09-03T00:00:00Z', end: '2023-09-05T00:00:00Z' };
    }),
    true,
  ],
  [
    'ITU rates, one day',
    variant((s) => {
      s.period.end = '2023-09-02T00:00:00Z';
      Object.assign(s.reporting, ITU);
    }),
    true,
  ],
  [
    'shortest intervals the schema allows, a few vessels, no satellite',
    variant((s) => {
      s.period.end = '2023-09-01T06:00:00Z';
      s.background.laneVessels = 3;
      s.background.fishingVessels = 2;
      Object.assign(s.reporting, {
        underwayIntervalS: 2,
        mooredIntervalS: 2,
        classBIntervalS: 2,
        staticIntervalS: 6,
      });
      s.coverage.satellite = null;
    }),
    false,
  ],
];

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function withDir<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tallyman-stream-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('streamed simulator and writer', () => {
  it('writes test-small byte for byte as the writer before it did', () => {
    withDir((dir) => {
      const { files } = writeScenario(loadScenario('test-small'), dir);
      assert.equal(files.length, 3);
      for (const f of files) {
        const name = f.path.split('/').pop()!;
        assert.equal(sha(readFileSync(f.path)), TEST_SMALL_BEFORE[name], `${name} changed`);
      }
    });
  });

  for (const [name, s, encoders] of VARIANTS) {
    it(`${name}: the same receptions and truth as the pre-stream simulator`, () => {
      const now = simulateScenario(s);
      const before = referenceSimulate(s);
      assert.ok(now.receptions.length > 1000, `${now.receptions.length} receptions`);
      assert.equal(now.receptions.length, before.receptions.length);
      for (let i = 0; i < now.receptions.length; i++) {
        if (!isDeepStrictEqual(now.receptions[i], before.receptions[i]))
          assert.deepEqual(now.receptions[i], before.receptions[i], `reception ${i}`);
      }
      assert.equal(truthJson(now), truthJson(before));
    });

    if (!encoders) continue;
    it(`${name}: the writer's files are the reference encoders' lines`, () => {
      withDir((dir) => {
        const { files, result } = writeScenario(s, dir);
        const all = simulateScenario(s);
        assert.equal(result.receptions, all.receptions.length);
        const nmea = files.find((f) => f.kind === 'nmea')!;
        const want = [...nmeaLines(all)].map((l) => `${l}\n`).join('');
        assert.equal(nmea.lines, want.split('\n').length - 1);
        assert.equal(sha(readFileSync(nmea.path)), sha(want));
        const dma = files.find((f) => f.kind === 'dma-csv');
        assert.equal(dma !== undefined, s.reporting.writeDmaCsv);
        if (dma !== undefined)
          assert.equal(sha(readFileSync(dma.path)), sha([...dmaLines(all)].map((l) => `${l}\n`).join('')));
        const truth = files.find((f) => f.kind === 'truth')!;
        assert.equal(readFileSync(truth.path, 'utf8'), truthJson(all));
      });
    });
  }

  it('holds a bounded number of receptions between the simulator and the sink', () => {
    // test-small over its 11 days at ITU rates: the most held at once is bounded by vessels ×
    // receivers × ticks per window, whatever the period.
    const s = variant((x) => Object.assign(x.reporting, ITU));
    let n = 0;
    const run = runSimulation(s, () => n++);
    const receivers = s.coverage.stations.length + (s.coverage.satellite === null ? 0 : 1);
    const minTickS = 0.9 * Math.min(ITU.underwayIntervalS, ITU.mooredIntervalS, ITU.classBIntervalS);
    const ticksPerWindow = Math.ceil(WINDOW_MS / 1000 / minTickS) + 2;
    const bound = run.plans.length * receivers * ticksPerWindow;
    console.log(
      `test-small at ITU rates: ${n} receptions, at most ${run.peakPending} held at once (bound ${bound})`,
    );
    assert.equal(run.receptions, n);
    assert.ok(run.peakPending <= bound, `${run.peakPending} held`);
    assert.ok(run.peakPending * 50 < n, `${run.peakPending} held of ${n}`);
  });

  it('writes the truth JSON in pieces, as JSON.stringify with a one-space indent', () => {
    const truth = simulateScenario(loadScenario('test-small')).truth;
    assert.equal([...truthJsonPieces({ truth })].join(''), truthJson({ truth }));
    const odd = {
      ...truth,
      warnings: ['a "quoted"\nline', 'é'],
      vessels: [],
      extra: {
        undef: undefined,
        list: [undefined, () => 1, { deep: [1, { x: [] }], empty: {} }],
        when: new Date(0),
      },
    } as unknown as typeof truth;
    assert.equal([...truthJsonPieces({ truth: odd })].join(''), truthJson({ truth: odd }));
  });

  it('encodes what the fast path cannot (non-ASCII station, odd values) as the reference does', () => {
    const all = simulateScenario(loadScenario('test-small'));
    const pos = all.receptions.find((r) => r.kind === 'position')!;
    const stat = all.receptions.find((r) => r.kind === 'static')!;
    const odd: Reception[] = [
      { ...pos, station: 'simulated-stéphanie' },
      { ...stat, station: 'simulated-stéphanie' },
      { ...pos, mmsi: pos.mmsi + 0.4 },
      { ...pos, headingDeg: null, courseDeg: 359.96, speedKnots: 102.3 },
      { ...pos, lat: -(pos.lat as number), lon: -(pos.lon as number) },
      { ...pos, tsMs: Date.parse('1969-12-31T23:59:00Z') },
      pos,
      stat,
    ];
    const result = { ...all, receptions: odd };
    withDir((dir) => {
      const path = join(dir, 'odd.nmea');
      const sink = new ByteSink(path);
      const enc = new NmeaStreamEncoder(all.plans, sink);
      for (const r of odd) enc.add(r);
      sink.close();
      const want = [...nmeaLines(result)].map((l) => `${l}\n`).join('');
      assert.equal(readFileSync(path, 'utf8'), want);
      assert.equal(enc.lines, want.split('\n').length - 1);
      // Out of a field's range: the reference encoder's error, not a wrong line.
      const badSink = new ByteSink(join(dir, 'bad.nmea'));
      try {
        const bad = new NmeaStreamEncoder(all.plans, badSink);
        assert.throws(() => bad.add({ ...pos, speedKnots: -5 }), RangeError);
      } finally {
        badSink.close();
      }
      assert.throws(() => [...nmeaLines({ ...all, receptions: [{ ...pos, speedKnots: -5 }] })], RangeError);
    });
  });

  it('writes through one fixed buffer', () => {
    withDir((dir) => {
      const path = join(dir, 'out.txt');
      const sink = new ByteSink(path, 4096);
      const line = `${'x'.repeat(99)}\n`;
      for (let i = 0; i < 10_000; i++) sink.writeString(line);
      const big = `${'é'.repeat(5000)}\n`;
      sink.writeString(big);
      sink.writeString(line);
      assert.equal(sink.buf.length, 4096);
      sink.close();
      assert.equal(readFileSync(path, 'utf8'), line.repeat(10_000) + big + line);
    });
    assert.equal(SINK_BUFFER_BYTES, 1 << 20);
  });

  it('bounds how fast a plan moves (what lets the simulator skip work out of range)', () => {
    const { plans } = simulateScenario(loadScenario('test-small'));
    const rng = new Rng(1);
    for (const plan of plans) {
      const segs = plan.segments;
      if (segs.length === 0) continue;
      const v = planMaxSpeedMPerMs(segs);
      assert.ok(Number.isFinite(v), plan.key);
      const a = new PlanCursor(segs);
      const b = new PlanCursor(segs);
      const t0 = segs[0].t0Ms;
      const t1 = segs[segs.length - 1].t1Ms;
      for (let k = 0; k < 200; k++) {
        const ta = rng.uniform(t0, t1);
        const tb = Math.min(t1, ta + rng.uniform(0, 6 * 3600000));
        const pa = a.at(ta)!.pos;
        const pb = b.at(tb)!.pos;
        assert.ok(distanceM(pa, pb) <= v * (tb - ta) * (1 + 1e-9) + 1e-6, `${plan.key} ${ta}..${tb}`);
        // A fresh cursor answers the same (the cursor's history does not matter).
        assert.deepEqual(new PlanCursor(segs).at(tb)!.pos, pb);
      }
    }
    // A plan that jumps between segments has no bound.
    const seg = (t0: number, t1: number, lat: number) => ({
      t0Ms: t0,
      t1Ms: t1,
      points: [{ lat, lon: 130 }],
      cumM: [0],
      navStatus: 5,
      placeId: null,
      headingDeg: 0,
    });
    assert.equal(planMaxSpeedMPerMs([seg(0, 10, 40), seg(10, 20, 41)]), Number.POSITIVE_INFINITY);
    assert.equal(planMaxSpeedMPerMs([seg(0, 10, 40), seg(10, 20, 40)]), 0);
  });
});
