/**
 * Port calls (GFW's port-visit model): a vessel enters an area when a fix lies within its entry
 * boundary and exits at the first fix beyond `portExitMarginM` outside it (hysteresis, so a ship
 * swinging at the boundary is one call). Inside, a stop starts at ≤ `portStopStartKnots` and ends
 * above `portStopEndKnots`, and a silence ≥ `portGapMinMs` is an in-port gap. Confidence is which
 * signals were seen: 4 = entry + (stop or gap) + exit, 3 = stop or gap with entry or exit,
 * 2 = stop or gap only (track starts or ends in port), 1 = entry/exit only (passed through).
 */
import { areaCentre, nearestArea, newHit, signedDistanceM } from '../areas/compile.js';
import type { Track } from '../tracks/columns.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { portParamsFor } from './params.js';
import { draughtAt, speedAt, support } from './track-util.js';
import type { EventOf } from './types.js';

interface Visit {
  area: number;
  startI: number;
  entrySeen: boolean;
  stopSeen: boolean;
  stoppedMs: number;
  longestGapMs: number;
  pp: ReturnType<typeof portParamsFor>;
}

function emit(
  t: Track,
  ctx: DetectContext,
  v: Visit,
  endI: number,
  exitSeen: boolean,
  out: EventOf<'port-call'>[],
): void {
  const gapSeen = v.longestGapMs >= v.pp.portGapMinMs;
  const core = v.stopSeen || gapSeen;
  const entrySeen = v.entrySeen;
  const confidence = (core ? 2 + (entrySeen || exitSeen ? 1 : 0) + (entrySeen && exitSeen ? 1 : 0) : 1) as
    | 1
    | 2
    | 3
    | 4;
  if (confidence < ctx.params.portCallMinConfidence) return;
  const area = ctx.areas[v.area];
  const [clon, clat] = areaCentre(area);
  const startMs = t.tsMs[v.startI];
  const endMs = t.tsMs[endI];
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
      ...v.pp,
      portCallMinConfidence: ctx.params.portCallMinConfidence,
    },
    support: [support(t, v.startI, endI)],
    details: {
      areaId: area.id,
      areaKind: area.kind,
      entrySeen,
      exitSeen,
      stopSeen: v.stopSeen,
      gapSeen,
      stoppedMs: v.stoppedMs,
      longestGapMs: v.longestGapMs,
      draughtInM: draughtAt(t, startMs),
      draughtOutM: draughtAt(t, endMs),
    },
  });
}

export function detectPortCalls(t: Track, ctx: DetectContext): EventOf<'port-call'>[] {
  const out: EventOf<'port-call'>[] = [];
  const n = t.length;
  const { tsMs, lon, lat } = t;
  const hit = newHit();
  // hot-loop state lives in locals, not in a closure, so V8 keeps the numbers unboxed
  let v: Visit | null = null;
  let stopped = false;
  let stopStartMs = 0;
  let stopStartKn = 0;
  let stopEndKn = 0;
  for (let i = 0; i < n; i++) {
    if (v === null) {
      const k = nearestArea(ctx.portIndex, lon[i], lat[i], 0, true, hit);
      if (k < 0) continue;
      const pp = portParamsFor(ctx.params, ctx.areas[k]);
      v = {
        area: k,
        startI: i,
        entrySeen: i > 0 && tsMs[i] - tsMs[i - 1] < pp.portGapMinMs,
        stopSeen: false,
        stoppedMs: 0,
        longestGapMs: 0,
        pp,
      };
      stopped = false;
      stopStartKn = pp.portStopStartKnots;
      stopEndKn = pp.portStopEndKnots;
    } else {
      const d = signedDistanceM(ctx.areas[v.area], lon[i], lat[i]);
      const dt = tsMs[i] - tsMs[i - 1];
      if (d > v.pp.portExitMarginM) {
        if (stopped) v.stoppedMs += tsMs[i] - stopStartMs;
        // a long silence before the first fix outside: the exit itself was not seen
        emit(t, ctx, v, i, dt < v.pp.portGapMinMs, out);
        v = null;
        // the fix that exits one area may already be inside another
        i--;
        continue;
      }
      if (dt > v.longestGapMs) v.longestGapMs = dt;
    }
    const sog = t.speedKnots[i];
    const s = Number.isNaN(sog) ? speedAt(t, i) : sog;
    if (!stopped && s <= stopStartKn) {
      stopped = true;
      v.stopSeen = true;
      stopStartMs = tsMs[i];
    } else if (stopped && s > stopEndKn) {
      stopped = false;
      v.stoppedMs += tsMs[i] - stopStartMs;
    }
  }
  if (v !== null) {
    if (stopped) v.stoppedMs += tsMs[n - 1] - stopStartMs;
    emit(t, ctx, v, n - 1, false, out);
  }
  return out;
}
