/**
 * Scores detected events against a simulated scenario's truth, as src/scenario/README.md "Truth"
 * says: port calls at areas of interest that had received reports, reception gaps at least as long
 * as the detector's threshold (coverage gaps included: they are real gaps in the data), staged
 * encounters, and dark port calls. A detection matches one truth record of the same vessel(s) (and
 * area) whose time span overlaps it; each record matches once.
 *
 * Dark port calls: the truth is every port call with 0 position reports received while inside
 * (the ship went dark, stayed, reappeared) that has both an arrival and a departure, at a place the
 * detectors know as an area (`areaIds`: a call at a place no area covers cannot be named). A
 * `dark-port-call` event matches a truth dark call of the same MMSI at the same area whose whole
 * stay [arrival, departure] lies within the event's window [startMs, endMs] (the gap). The
 * detector emits one event per area the vessel could have reached during one gap; precision counts
 * every emitted event, so of the candidate areas of one gap at most one per true call is a true
 * positive and the others are false positives (an analyst has to rule each of them out). A gap
 * that holds two dark calls (origin and destination both dark) can match both.
 */
import type { EventOf, VesselEvent } from '../../src/events/types.js';
import type { Truth } from '../../src/scenario/truth.js';

export interface Score {
  type: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  /** Unmatched detections and truth records, for the failure message. */
  falsePositives: string[];
  falseNegatives: string[];
}

interface Span {
  key: string;
  startMs: number;
  endMs: number;
  label: string;
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 16) : '…');

/** Truth span `x` matches detection `f`: they overlap in time. */
const overlaps = (x: Span, f: Span) => x.startMs <= f.endMs && f.startMs <= x.endMs;
/** Truth span `x` lies wholly within detection `f`. */
const within = (x: Span, f: Span) => f.startMs <= x.startMs && x.endMs <= f.endMs;

/** Greedy one-to-one matching in time order: same key, and `fits` (by default overlapping spans). */
function match(type: string, truth: Span[], found: Span[], fits = overlaps): Score {
  const used = new Set<number>();
  const unmatched: Span[] = [];
  const byTime = (a: Span, b: Span) => a.startMs - b.startMs || a.endMs - b.endMs;
  const t = [...truth].sort(byTime);
  let tp = 0;
  for (const f of [...found].sort(byTime)) {
    const i = t.findIndex((x, k) => !used.has(k) && x.key === f.key && fits(x, f));
    if (i < 0) unmatched.push(f);
    else {
      used.add(i);
      tp++;
    }
  }
  const fp = unmatched.length;
  const fn = t.length - tp;
  return {
    type,
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    falsePositives: unmatched.map((s) => `${s.label} ${iso(s.startMs)}–${iso(s.endMs)}`),
    falseNegatives: t
      .filter((_, k) => !used.has(k))
      .map((s) => `${s.label} ${iso(s.startMs)}–${iso(s.endMs)}`),
  };
}

export function scoreEvents(
  truth: Truth,
  events: readonly VesselEvent[],
  opts: {
    areasOfInterest: ReadonlySet<string>;
    gapMinMs: number;
    /** The ids of the areas detection ran with: dark calls at these places are scored. */
    areaIds: ReadonlySet<string>;
  },
): Score[] {
  const of = <T extends VesselEvent['type']>(type: T) =>
    events.filter((e): e is EventOf<T> & VesselEvent => e.type === type);

  const calls = match(
    'port-call',
    truth.portCalls
      .filter((c) => c.areaOfInterest && c.receivedPositions > 0)
      .map((c) => ({
        key: `${c.mmsi} ${c.area}`,
        startMs: c.arrivalTsMs ?? Number.NEGATIVE_INFINITY,
        endMs: c.departureTsMs ?? Number.POSITIVE_INFINITY,
        label: `${c.mmsi} ${c.area}`,
      })),
    of('port-call')
      .filter((e) => opts.areasOfInterest.has(e.details.areaId))
      .map((e) => ({
        key: `${e.mmsi} ${e.details.areaId}`,
        startMs: e.startMs,
        endMs: e.endMs,
        label: `${e.mmsi} ${e.details.areaId}`,
      })),
  );

  const gaps = match(
    'gap',
    truth.receptionGaps
      .filter((g) => g.endTsMs - g.startTsMs >= opts.gapMinMs)
      .map((g) => ({
        key: String(g.mmsi),
        startMs: g.startTsMs,
        endMs: g.endTsMs,
        label: `${g.mmsi} (${g.cause})`,
      })),
    of('gap').map((e) => ({ key: String(e.mmsi), startMs: e.startMs, endMs: e.endMs, label: `${e.mmsi}` })),
  );

  const pair = (a: number, b: number) => (a < b ? `${a}+${b}` : `${b}+${a}`);
  const encounters = match(
    'encounter',
    truth.encounters.map((x) => ({
      key: pair(x.mmsis[0], x.mmsis[1]),
      startMs: x.startTsMs,
      endMs: x.endTsMs,
      label: pair(x.mmsis[0], x.mmsis[1]),
    })),
    of('encounter').map((e) => ({
      key: pair(e.mmsi, e.mmsi2 ?? 0),
      startMs: e.startMs,
      endMs: e.endMs,
      label: pair(e.mmsi, e.mmsi2 ?? 0),
    })),
  );

  const darkCalls = match(
    'dark-port-call',
    truth.portCalls
      .filter(
        (c) =>
          c.receivedPositions === 0 &&
          c.arrivalTsMs !== null &&
          c.departureTsMs !== null &&
          opts.areaIds.has(c.area),
      )
      .map((c) => ({
        key: `${c.mmsi} ${c.area}`,
        startMs: c.arrivalTsMs as number,
        endMs: c.departureTsMs as number,
        label: `${c.mmsi} ${c.area}`,
      })),
    of('dark-port-call').map((e) => ({
      key: `${e.mmsi} ${e.details.areaId}`,
      startMs: e.startMs,
      endMs: e.endMs,
      label: `${e.mmsi} ${e.details.areaId}`,
    })),
    within,
  );
  return [calls, gaps, encounters, darkCalls];
}
