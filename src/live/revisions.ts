/**
 * Event revisions: what a detection pass changed, as live watch reports it. Pure. An event is
 * `decided` the first time detection finds it, `revised` each time it comes back different (an
 * open gap or port call that ends later, a confidence that rises), and `withdrawn` when a pass over
 * its range no longer finds it. Events are compared by the SHA-256 of their canonical JSON.
 */
import { createHash } from 'node:crypto';
import type { VesselEvent } from '../events/types.js';
import { canonicalJson } from '../store/rows.js';

export type RevisionState = 'decided' | 'revised' | 'withdrawn';

export interface EventChange {
  event: VesselEvent;
  /** 1 when first decided, then +1 per change (a withdrawal counts as one). */
  revision: number;
  state: RevisionState;
}

/** The hash of an event as stored (JSON round trip: what the store gives back hashes the same). */
export function eventHash(e: VesselEvent): string {
  return createHash('sha256')
    .update(canonicalJson(JSON.parse(JSON.stringify(e))))
    .digest('hex');
}

/**
 * Each event's hash, taken once: events are immutable once detected, and most come back as the
 * very same objects detection after detection (src/events/detect-memo.ts).
 */
export class EventHashes {
  private readonly kept = new WeakMap<VesselEvent, string>();

  readonly of = (e: VesselEvent): string => {
    let h = this.kept.get(e);
    if (h === undefined) {
      h = eventHash(e);
      this.kept.set(e, h);
    }
    return h;
  };
}

/**
 * The changes between the events a range held before a pass (`before`, by id) and what the pass
 * found for it (`after`), given each event's last revision (`revisions`, by id; absent = none).
 * In the detectors' order: start, then id.
 */
export function diffEvents(
  before: ReadonlyMap<string, VesselEvent>,
  after: readonly VesselEvent[],
  revisions: ReadonlyMap<string, number>,
  hash: (e: VesselEvent) => string = eventHash,
): EventChange[] {
  const out: EventChange[] = [];
  const next = (id: string) => (revisions.get(id) ?? 0) + 1;
  const seen = new Set<string>();
  for (const e of after) {
    seen.add(e.id);
    const old = before.get(e.id);
    if (old === undefined)
      out.push({ event: e, revision: next(e.id), state: revisions.has(e.id) ? 'revised' : 'decided' });
    else if (old !== e && hash(old) !== hash(e))
      out.push({ event: e, revision: next(e.id), state: 'revised' });
  }
  for (const [id, e] of before)
    if (!seen.has(id)) out.push({ event: e, revision: next(id), state: 'withdrawn' });
  return out.sort((a, b) => a.event.startMs - b.event.startMs || (a.event.id < b.event.id ? -1 : 1));
}
