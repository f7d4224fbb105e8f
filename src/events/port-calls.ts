/**
 * Port calls (GFW's port-visit model): a vessel enters an area when a fix lies within its entry
 * boundary and exits at the first fix beyond `portExitMarginM` outside it (hysteresis, so a ship
 * swinging at the boundary is one call). Inside, a stop starts at ≤ `portStopStartKnots` and ends
 * above `portStopEndKnots`, and a silence ≥ `portGapMinMs` is an in-port gap. Confidence is which
 * signals were seen: 4 = entry + (stop or gap) + exit, 3 = stop or gap with entry or exit,
 * 2 = stop or gap only (track starts or ends in port), 1 = entry/exit only (passed through).
 */
import { areaCentre, nearestArea, signedDistanceM } from '../areas/compile.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { portParamsFor } from './params.js';
import { draughtAt, speedAt, support } from './track-util.js';
import type { EventOf } from './types.js';

export function detectPortCalls(t: Track, ctx: DetectContext): EventOf<'port-call'>[] {
  const out: EventOf<'port-call'>[] = [];
  const n = t.length;
  const { tsMs, lon, lat } = t;
  let cur = -1;
  let pp = portParamsFor(ctx.params, null);
  let startI = 0;
  let entrySeen = false;
  let stopped = false;
  let stopStartMs = 0;
  let stoppedMs = 0;
  let stopSeen = false;
  let longestGapMs = 0;

  const close = (endI: number, exitSeen: boolean): void => {
    const endMs = tsMs[endI];
    if (stopped) stoppedMs += endMs - stopStartMs;
    const gapSeen = longestGapMs >= pp.portGapMinMs;
    const core = stopSeen || gapSeen;
    const confidence = (core ? 2 + (entrySeen || exitSeen ? 1 : 0) + (entrySeen && exitSeen ? 1 : 0) : 1) as
      | 1
      | 2
      | 3
      | 4;
    if (confidence < ctx.params.portCallMinConfidence) return;
    const area = ctx.areas[cur];
    const [clon, clat] = areaCentre(area);
    const startMs = tsMs[startI];
    out.push({
      id: eventId('port-call', t.mmsi, null, startMs, area.id),
      type: 'port-call',
      mmsi: t.mmsi,
      mmsi2: null,
      startMs,
      endMs,
      lon: clon,
      lat: clat,
      confidence,
      params: {
        paramSet: ctx.params.name,
        entryRadiusM: area.geometry.type === 'circle' ? area.geometry.radiusM : 0,
        ...pp,
        portCallMinConfidence: ctx.params.portCallMinConfidence,
      },
      support: [support(t, startI, endI)],
      details: {
        areaId: area.id,
        areaKind: area.kind,
        entrySeen,
        exitSeen,
        stopSeen,
        gapSeen,
        stoppedMs,
        longestGapMs,
        draughtInM: draughtAt(t, startMs),
        draughtOutM: draughtAt(t, endMs),
      },
    });
  };

  for (let i = 0; i < n; i++) {
    if (cur < 0) {
      const hit = nearestArea(ctx.portIndex, lon[i], lat[i], 0, true);
      if (hit.index < 0) continue;
      cur = hit.index;
      pp = portParamsFor(ctx.params, ctx.areas[cur]);
      startI = i;
      entrySeen = i > 0 && tsMs[i] - tsMs[i - 1] < pp.portGapMinMs;
      stopped = false;
      stoppedMs = 0;
      stopSeen = false;
      longestGapMs = 0;
    } else {
      const d = signedDistanceM(ctx.areas[cur], lon[i], lat[i]);
      const dt = tsMs[i] - tsMs[i - 1];
      if (d > pp.portExitMarginM) {
        // a long silence before the first fix outside: the exit itself was not seen
        close(i, dt < pp.portGapMinMs);
        cur = -1;
        // the fix that exits one area may already be inside another
        i--;
        continue;
      }
      if (dt > longestGapMs) longestGapMs = dt;
    }
    const s = speedAt(t, i);
    if (!stopped && s <= pp.portStopStartKnots) {
      stopped = true;
      stopSeen = true;
      stopStartMs = tsMs[i];
    } else if (stopped && s > pp.portStopEndKnots) {
      stopped = false;
      stoppedMs += tsMs[i] - stopStartMs;
    }
  }
  if (cur >= 0) close(n - 1, false);
  return out;
}
