/**
 * Draught changes (laden vs ballast): consecutive time-stamped draught reports differing by
 * ≥ `draughtMinChangeM`. Where it happened: `port` when the new value was first reported inside a
 * port call, `dark` when an AIS gap lies between the last old and first new report, else `sea`;
 * `areaId` is that port call's area, or the last one before the change. Cargo mass change is
 * Cb·L·B·Δd·ρ (displacement Δ = Cb·L·B·d·ρ, docs/sources.md "Ships and draught") over
 * [draughtBlockCoefficientMin, draughtBlockCoefficientMax], with L and B from the latest static
 * report — a range, since Cb is not broadcast and AIS draught is typed in by the crew.
 */

import type { Track } from '../tracks/columns.js';
import type { StaticRecord } from '../tracks/records.js';
import type { DetectContext } from './context.js';
import { eventId } from './id.js';
import { firstAtOrAfter, staticsUpTo } from './track-util.js';
import type { EventOf } from './types.js';

function dims(statics: readonly StaticRecord[], beforeMs: number): [number | null, number | null] {
  // the latest non-null length and beam at or before the time, found walking back from it
  let L: number | null = null;
  let B: number | null = null;
  for (let i = staticsUpTo(statics, beforeMs) - 1; i >= 0 && (L === null || B === null); i--) {
    const s = statics[i];
    const l = s.lengthM ?? (s.toBowM !== null && s.toSternM !== null ? s.toBowM + s.toSternM : null);
    const b = s.beamM ?? (s.toPortM !== null && s.toStarboardM !== null ? s.toPortM + s.toStarboardM : null);
    if (L === null && l) L = l;
    if (B === null && b) B = b;
  }
  return [L, B];
}

export function detectDraughtChanges(
  t: Track,
  ctx: DetectContext,
  portCalls: readonly EventOf<'port-call'>[],
  gaps: readonly EventOf<'gap'>[],
): EventOf<'draught-change'>[] {
  const p = ctx.params;
  const out: EventOf<'draught-change'>[] = [];
  let prev: { d: number; lastMs: number } | null = null;
  for (const s of t.statics) {
    if (s.tsMs === null || s.draughtM === null) continue;
    if (prev === null) {
      prev = { d: s.draughtM, lastMs: s.tsMs };
      continue;
    }
    if (Math.abs(s.draughtM - prev.d) < p.draughtMinChangeM) {
      // a retyped or rounded value: still the old draught, seen later
      prev.lastMs = s.tsMs;
      continue;
    }
    const startMs = prev.lastMs;
    const endMs = s.tsMs;
    const inPort = portCalls.find((c) => c.startMs <= endMs && endMs <= c.endMs) ?? null;
    const gap = gaps.find((g) => g.startMs >= startMs && g.endMs <= endMs) ?? null;
    const before = [...portCalls].reverse().find((c) => c.endMs <= endMs) ?? null;
    const context = inPort ? 'port' : gap ? 'dark' : 'sea';
    const deltaM = s.draughtM - prev.d;
    const [L, B] = dims(t.statics, endMs);
    const mass = (cb: number): number | null =>
      L !== null && B !== null ? cb * L * B * deltaM * p.seawaterDensityTPerM3 : null;
    const m1 = mass(p.draughtBlockCoefficientMin);
    const m2 = mass(p.draughtBlockCoefficientMax);
    const i = t.length > 0 ? Math.min(firstAtOrAfter(t, endMs), t.length - 1) : -1;
    out.push({
      id: eventId('draught-change', t.mmsi, null, startMs),
      type: 'draught-change',
      mmsi: t.mmsi,
      mmsi2: null,
      startMs,
      endMs,
      lon: i >= 0 ? t.lon[i] : Number.NaN,
      lat: i >= 0 ? t.lat[i] : Number.NaN,
      confidence: L !== null && B !== null ? (context === 'sea' ? 2 : 3) : 1,
      params: {
        paramSet: p.name,
        draughtMinChangeM: p.draughtMinChangeM,
        draughtBlockCoefficientMin: p.draughtBlockCoefficientMin,
        draughtBlockCoefficientMax: p.draughtBlockCoefficientMax,
        seawaterDensityTPerM3: p.seawaterDensityTPerM3,
      },
      support: [],
      details: {
        fromM: prev.d,
        toM: s.draughtM,
        deltaM,
        context,
        areaId: (inPort ?? before)?.details.areaId ?? null,
        gapEventId: gap?.id ?? null,
        cargoMassMinT: m1 === null || m2 === null ? null : Math.min(m1, m2),
        cargoMassMaxT: m1 === null || m2 === null ? null : Math.max(m1, m2),
        lengthM: L,
        beamM: B,
      },
    });
    prev = { d: s.draughtM, lastMs: s.tsMs };
  }
  return out;
}
