/**
 * Detector accuracy against the simulator's truth, on two seeds of each bundled scenario: the
 * received AIS is written as NMEA, decoded by src/ais as an ingest would, built into tracks and run
 * through detectAll with the bundled areas; score.ts compares the events with the truth. Port
 * calls at the scenario's areas of interest, gaps ≥ the shuttle set's gapMinMs and encounters
 * must each reach precision and recall ≥ 0.95. The table is printed for the closing note.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageToRecords } from '../../src/ais/records.js';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { naturalEarthLand } from '../../src/events/land-data.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import { nmeaLines, simulateScenario } from '../../src/scenario/index.js';
import { buildTracks } from '../../src/tracks/columns.js';
import type { PositionRecord, StaticRecord } from '../../src/tracks/records.js';
import { decodeLines, loadScenario } from '../scenario/helpers.js';
import { type Score, scoreEvents } from './score.js';

const MIN_SCORE = 0.95;

function run(name: string, seed: number): Score[] {
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
  // as `tallyman detect` runs them: with Natural Earth land for the on-land check
  const events = detectAll(buildTracks(positions, statics), BUNDLED_AREAS, DEFAULT_PARAMS, undefined, {
    land: naturalEarthLand(),
  });
  // the simulator puts no ship on land (its one spoofed span is at sea)
  const onLand = events.filter((e) => e.type === 'on-land');
  assert.deepEqual(onLand, [], `${name} seed ${seed}: positions on land`);
  const areasOfInterest = new Set(scenario.places.filter((p) => p.areaOfInterest).map((p) => p.id));
  return scoreEvents(result.truth, events, { areasOfInterest, gapMinMs: DEFAULT_PARAMS.gapMinMs });
}

const rows: string[] = [];
const row = (cells: (string | number)[]) =>
  cells.map((c, i) => String(c).padStart(i < 3 ? [14, 9, 11][i] : 6)).join('  ');

describe('detectors against the simulator truth (precision and recall ≥ 0.95)', () => {
  for (const [name, seeds] of [
    ['test-small', [7, 1001]],
    ['rajin-shuttle', [20230815, 4242]],
  ] as const) {
    for (const seed of seeds) {
      it(`${name}, seed ${seed}`, () => {
        const scores = run(name, seed);
        for (const s of scores)
          rows.push(row([name, seed, s.type, s.tp, s.fp, s.fn, s.precision.toFixed(3), s.recall.toFixed(3)]));
        for (const s of scores) {
          const why = `${name} seed ${seed} ${s.type}: FP ${JSON.stringify(s.falsePositives.slice(0, 5))} FN ${JSON.stringify(s.falseNegatives.slice(0, 5))}`;
          assert.ok(s.tp > 0, `${why}: nothing to score`);
          assert.ok(s.precision >= MIN_SCORE, `precision ${s.precision.toFixed(3)}; ${why}`);
          assert.ok(s.recall >= MIN_SCORE, `recall ${s.recall.toFixed(3)}; ${why}`);
        }
      });
    }
  }
  it('prints the table', () => {
    console.log(row(['scenario', 'seed', 'type', 'TP', 'FP', 'FN', 'P', 'R']));
    for (const r of rows) console.log(r);
  });
});
