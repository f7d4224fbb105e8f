/**
 * Whether the stored events still describe the store: what `shipments propose` (and anything else
 * that reads events instead of detecting) checks before trusting them. Pure: the detection runs,
 * the inputs and the areas in use in; a verdict with its reason out.
 *
 * One threshold flow: consumers read the events `detect` stored, found with the parameters the
 * last run used, and re-detect (with those parameters) only when the events are stale:
 *  - no detection run yet;
 *  - data ingested after the last run started;
 *  - the areas changed since (their hash differs);
 *  - the last run's parameters lack a parameter this version of tallyman has (detected by an
 *    older version, whose events lack what the newer detectors record).
 * Stale events are detected again over the whole store, not only for the vessels with new data:
 * a new input changes what the receivers are known to have heard, and so whether other vessels'
 * silences were dark (coverage.ts).
 */
import { DEFAULT_PARAMS, type EventParams, PARAM_SETS } from './params.js';
import type { DetectionRun } from './store.js';

export interface InputRun {
  sourceName: string;
  /** When its ingest finished (null while running). */
  finishedMs: number | null;
}

export type Freshness =
  | { fresh: true; run: DetectionRun; params: EventParams }
  | { fresh: false; run: DetectionRun | null; params: EventParams; reason: string };

/** The parameters a run used, completed from its named set where this version has more. */
export function paramsOfRun(run: DetectionRun | null): EventParams {
  if (run === null) return { ...DEFAULT_PARAMS };
  const base = (PARAM_SETS as Record<string, Readonly<EventParams>>)[run.params.name] ?? DEFAULT_PARAMS;
  return { ...base, ...run.params };
}

export function eventsFreshness(
  runs: readonly DetectionRun[],
  inputs: readonly InputRun[],
  areasHash: string,
): Freshness {
  const run = runs.length > 0 ? runs[runs.length - 1] : null;
  const params = paramsOfRun(run);
  if (run === null) return { fresh: false, run, params, reason: 'no detection run yet' };
  // an ingest that finished in the very millisecond detection started was read by it (one process
  // runs them in turn); only a later finish is news
  const later = inputs.filter((i) => i.finishedMs === null || i.finishedMs > run.startedMs);
  if (later.length > 0)
    return {
      fresh: false,
      run,
      params,
      reason: `${later.length} input${later.length === 1 ? '' : 's'} ingested after detection run ${run.id} (${later
        .slice(0, 3)
        .map((i) => i.sourceName)
        .join(', ')}${later.length > 3 ? ', …' : ''})`,
    };
  if (run.areasHash !== areasHash)
    return { fresh: false, run, params, reason: `the areas changed after detection run ${run.id}` };
  const missing = Object.keys(DEFAULT_PARAMS).filter((k) => !(k in run.params));
  if (missing.length > 0)
    return {
      fresh: false,
      run,
      params,
      reason: `detection run ${run.id} predates parameters ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}`,
    };
  return { fresh: true, run, params };
}
