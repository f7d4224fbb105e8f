/**
 * Stored data replayed through the alert engine, as `tallyman alerts test` does: what a rule
 * would have raised had watch been running while the data came in. Pure: fixes and reports of
 * every vessel merged into time order (the engine's clock is the feed's), each stored event handed
 * over as decided at its end (when detection could first have decided it), so its alert carries
 * the fixes around it.
 */
import type { Area } from '../areas/types.js';
import type { EventParams } from '../events/params.js';
import type { VesselEvent } from '../events/types.js';
import type { Track } from '../tracks/columns.js';
import type { StaticRecord } from '../tracks/records.js';
import { type Alert, AlertEngine, type LiveFix } from './engine.js';
import type { AlertRule, SanctionedSet } from './rules.js';

/** The engine is asked for dark vessels each time the feed clock moves on by this much. */
const TICK_MS = 60_000;

export function replayAlerts(
  tracks: readonly Track[],
  events: readonly VesselEvent[],
  o: {
    rules: readonly AlertRule[];
    areas: readonly Area[];
    params: Readonly<EventParams>;
    sanctioned?: SanctionedSet;
  },
): Alert[] {
  const engine = new AlertEngine(o);
  type Item = { tsMs: number; fix?: LiveFix; st?: StaticRecord; event?: VesselEvent };
  const items: Item[] = [];
  for (const t of tracks) {
    for (let i = 0; i < t.length; i++)
      items.push({
        tsMs: t.tsMs[i],
        fix: {
          mmsi: t.mmsi,
          tsMs: t.tsMs[i],
          lon: t.lon[i],
          lat: t.lat[i],
          speedKnots: Number.isNaN(t.speedKnots[i]) ? null : t.speedKnots[i],
          courseDeg: Number.isNaN(t.courseDeg[i]) ? null : t.courseDeg[i],
        },
      });
    for (const st of t.statics) items.push({ tsMs: st.tsMs ?? Number.NEGATIVE_INFINITY, st });
  }
  for (const event of events) items.push({ tsMs: event.endMs, event });
  // at equal times the event goes last: the fix that ends it comes first
  items.sort((a, b) => a.tsMs - b.tsMs || Number(a.event !== undefined) - Number(b.event !== undefined));
  const out: Alert[] = [];
  let lastTick = Number.NEGATIVE_INFINITY;
  for (const it of items) {
    if (it.st !== undefined) for (const a of engine.identity(it.st)) out.push(a);
    if (it.fix !== undefined) for (const a of engine.fixes([it.fix])) out.push(a);
    if (it.event !== undefined)
      for (const a of engine.events([{ event: it.event, revision: 1, state: 'decided' }])) out.push(a);
    if (it.tsMs - lastTick >= TICK_MS) {
      lastTick = it.tsMs;
      for (const a of engine.tick()) out.push(a);
    }
  }
  for (const a of engine.tick()) out.push(a);
  return [...new Map(out.map((a) => [a.key, a])).values()];
}
