/**
 * What a detection run changed, as the worker announces it: events new since the stored ones of
 * the same range, revised (same deterministic id, other content: an open gap that closed, a port
 * call that grew) and withdrawn (stored before, gone now). Pure.
 */
import type { VesselEvent } from '../events/types.js';
import { canonicalJson } from '../store/rows.js';

export type EventChange = { status: 'new' | 'revised' | 'withdrawn'; event: VesselEvent };

export function diffEvents(before: readonly VesselEvent[], after: readonly VesselEvent[]): EventChange[] {
  const old = new Map<string, string>();
  const oldEvents = new Map<string, VesselEvent>();
  for (const e of before) {
    old.set(e.id, canonicalJson(e));
    oldEvents.set(e.id, e);
  }
  const out: EventChange[] = [];
  const seen = new Set<string>();
  for (const e of after) {
    seen.add(e.id);
    const was = old.get(e.id);
    if (was === undefined) out.push({ status: 'new', event: e });
    else if (was !== canonicalJson(e)) out.push({ status: 'revised', event: e });
  }
  for (const [id, e] of oldEvents) if (!seen.has(id)) out.push({ status: 'withdrawn', event: e });
  return out;
}
