/**
 * Detector accuracy against the simulator's truth, on two seeds of each bundled scenario: the
 * received AIS is written as NMEA, decoded by src/ais as an ingest would, built into tracks and run
 * through detectAll with the bundled areas; score.ts compares the events with the truth. Port
 * calls at the scenario's areas of interest, gaps ≥ the shuttle set's gapMinMs and encounters
 * must each reach precision and recall ≥ 0.95. Dark port calls (truth port calls with no report
 * received inside) are held to the floors below (DARK_CALL_MIN_RECALL, DARK_CALL_MIN_PRECISION).
 * Each seed is its own test: it computes its scores and asserts them, and files its rows; the
 * table (scenario, seed, type, TP, FP, FN, P, R, as in src/events/README.md) is printed once by the
 * suite's `after` hook, from the rows of the seeds that ran, whatever their order or filter.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { messageToRecords } from '../../src/ais/records.js';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import type { VesselEvent } from '../../src/events/types.js';
import { loadSurface } from '../../src/geodata/surface.js';
import { nmeaLines, simulateScenario } from '../../src/scenario/index.js';
import { buildTracks } from '../../src/tracks/columns.js';
import type { PositionRecord, StaticRecord } from '../../src/tracks/records.js';
import { decodeLines, loadScenario } from '../scenario/helpers.js';
import { type Score, scoreEvents } from './score.js';

const MIN_SCORE = 0.95;
/** Land and water as `tallyman detect` reads them, once for every run. */
const SURFACE = loadSurface();
/**
 * Dark port calls: a candidate comes only from a gap judged dark (its sources heard others near
 * its ends throughout it, src/events/coverage.ts). The simulated world is sparse near Rajin: on
 * rajin-shuttle seed 4242, 9–11 of 70 staged dark legs start where the satellite heard others in
 * under half the silence, so they are (rightly, by that rule) coverage gaps and their Rajin calls
 * are not candidates: recall 0.87–0.97 on the two seeds, 1.0 on test-small. Precision counts every
 * candidate area a gap admits (~5 neighbouring ports each on the shuttle: 0.12–0.18); the floors
 * hold what the detector reaches so that a regression shows.
 */
const DARK_CALL_MIN_RECALL = 0.85;
const DARK_CALL_MIN_PRECISION = 0.1;

function run(name: string, seed: number): { scores: Score[]; onLand: VesselEvent[] } {
  const scenario = { ...loadScenario(name), seed };
  const result = simulateScenario(scenario);
  const { messages } = decodeLines(nmeaLines(result));
  const positions: PositionRecord[] = [];
  const statics: StaticRecord[] = [];
  for (const { msg, meta } of messages) {
    const r = messageToRecords(msg, meta);
    if (r.position) positions.push(r.position);
    if (r.static) statics.push(r.static);
  }
  // as `tallyman detect` runs them: with its land and water for the on-land check
  const events = detectAll(buildTracks(positions, statics), BUNDLED_AREAS, DEFAULT_PARAMS, undefined, {
    land: SURFACE,
  });
  const areasOfInterest = new Set(scenario.places.filter((p) => p.areaOfInterest).map((p) => p.id));
  return {
    scores: scoreEvents(result.truth, events, {
      areasOfInterest,
      gapMinMs: DEFAULT_PARAMS.gapMinMs,
      areaIds: new Set(BUNDLED_AREAS.map((a) => a.id)),
    }),
    onLand: events.filter((e) => e.type === 'on-land'),
  };
}

/** Rows of the table, filed by each seed's test as it runs. */
const table: (string | number)[][] = [];

describe('detectors against the simulator truth (precision and recall ≥ 0.95)', () => {
  after(() => {
    if (table.length === 0) return;
    const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
    console.log(
      [
        line(['scenario', 'seed', 'type', 'TP', 'FP', 'FN', 'P', 'R']),
        line(Array(8).fill('---')),
        ...table.map(line),
      ].join('\n'),
    );
  });
  for (const [name, seeds] of [
    ['test-small', [7, 1001]],
    ['rajin-shuttle', [20230815, 4242]],
  ] as const) {
    for (const seed of seeds) {
      it(`${name}, seed ${seed}`, () => {
        const { scores, onLand } = run(name, seed);
        for (const s of scores)
          table.push([name, seed, s.type, s.tp, s.fp, s.fn, s.precision.toFixed(3), s.recall.toFixed(3)]);
        assert.deepEqual(
          scores.map((s) => s.type),
          ['port-call', 'gap', 'encounter', 'dark-port-call'],
        );
        const failures: string[] = [];
        // the simulator puts no ship on land (its one spoofed span is at sea)
        if (onLand.length > 0)
          failures.push(
            `${onLand.length} on-land events, first: ${onLand
              .slice(0, 5)
              .map(
                (e) =>
                  `${e.mmsi} at ${e.lat.toFixed(4)}, ${e.lon.toFixed(4)} ${new Date(e.startMs).toISOString()}`,
              )
              .join('; ')}`,
          );
        for (const s of scores) {
          const why = `${name} seed ${seed} ${s.type}: FP ${JSON.stringify(s.falsePositives.slice(0, 5))} FN ${JSON.stringify(s.falseNegatives.slice(0, 5))}`;
          const minPrecision = s.type === 'dark-port-call' ? DARK_CALL_MIN_PRECISION : MIN_SCORE;
          if (s.tp + s.fn === 0) failures.push(`${why}: nothing in the truth to score`);
          // each scenario stages exactly one encounter: a ratio of 1/1 must be exactly that
          if (s.type === 'encounter' && (s.tp !== 1 || s.fn !== 0 || s.fp !== 0))
            failures.push(`the one staged encounter: TP ${s.tp}, FP ${s.fp}, FN ${s.fn}; ${why}`);
          if (s.precision < minPrecision)
            failures.push(`precision ${s.precision.toFixed(3)} < ${minPrecision}; ${why}`);
          const minRecall = s.type === 'dark-port-call' ? DARK_CALL_MIN_RECALL : MIN_SCORE;
          if (s.recall < minRecall) failures.push(`recall ${s.recall.toFixed(3)} < ${minRecall}; ${why}`);
        }
        assert.deepEqual(failures, []);
      });
    }
  }
});
