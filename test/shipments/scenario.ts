/**
 * The bundled small SIMULATED scenario run through tallyman's own pipeline: simulate → NMEA →
 * decoder → tracks → detectAll, plus the simulated observations, and a helper that ingests the
 * same NMEA into a store (for the ledger and CLI tests).
 */
import { readFileSync } from 'node:fs';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { detectAll } from '../../src/events/pipeline.js';
import type { VesselEvent } from '../../src/events/types.js';
import {
  nmeaLines,
  parseScenario,
  type SimulationResult,
  simulateScenario,
} from '../../src/scenario/index.js';
import { simulateObservations } from '../../src/scenario/observations.js';
import { NmeaPipeline } from '../../src/sources/nmea-source.js';
import { emptyCounts, type SourceCounts } from '../../src/sources/types.js';
import type { Store } from '../../src/store/types.js';
import { buildTracks } from '../../src/tracks/columns.js';
import type { PositionRecord, StaticRecord } from '../../src/tracks/records.js';

export interface ScenarioRun {
  result: SimulationResult;
  positions: PositionRecord[];
  statics: StaticRecord[];
  events: VesselEvent[];
  counts: SourceCounts;
}

let cached: ScenarioRun | null = null;

export function runSmall(): ScenarioRun {
  if (cached) return cached;
  const file = new URL('../../scenarios/test-small.json', import.meta.url);
  const r = parseScenario(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.reason}`).join('\n'));
  const result = simulateScenario(r.scenario);
  const counts: SourceCounts = emptyCounts();
  const p = new NmeaPipeline('test-small.simulated.nmea', counts, () => null);
  p.push(Buffer.from(`${[...nmeaLines(result)].join('\n')}\n`));
  p.end();
  const { positions, statics } = p.take();
  const events = detectAll(buildTracks(positions, statics), BUNDLED_AREAS);
  cached = { result, positions, statics, events, counts };
  return cached;
}

export const smallObservations = () => simulateObservations(runSmall().result);

export async function ingestSmall(store: Store): Promise<void> {
  const { positions, statics, counts } = runSmall();
  const b = await store.beginIngest({
    sourceName: 'test-small.simulated.nmea',
    contentSha256: 'small',
    format: 'nmea',
    sizeBytes: null,
  });
  await store.writeBatch(b.runId, { positions, statics });
  await store.finishIngest(b.runId, { contentSha256: 'small', counts });
}
