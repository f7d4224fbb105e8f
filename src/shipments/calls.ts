/**
 * Calls from events and sightings. A port call is a call; a dark port call is a possible call; a
 * sighting inside an area confirms the AIS call it falls in, turns a dark call at that area into a
 * seen one, or else is a call of its own. A sighting inside an AIS gap also splits the gap: each
 * dark call of that gap must fit, with its dwell, between two consecutive known positions (gap
 * start, sightings, gap end) at the gap's maximum speed, or it is dropped.
 */
import { signedDistanceM } from '../areas/compile.js';
import { type Area, CALLABLE_KINDS } from '../areas/types.js';
import type { EventParams } from '../events/params.js';
import type { EventOf, VesselEvent } from '../events/types.js';
import { MPS_PER_KNOT } from '../geo/distance.js';
import type { ShipmentParams } from './params.js';
import type { Call, Sighting } from './types.js';

interface Fix {
  tsMs: number;
  lon: number;
  lat: number;
}

/** The callable area a point lies in (within `marginM` of the entry boundary), nearest first. */
export function areaAt(areas: readonly Area[], lon: number, lat: number, marginM: number): Area | null {
  let best: Area | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const a of areas) {
    if (!CALLABLE_KINDS.has(a.kind)) continue;
    const d = signedDistanceM(a, lon, lat);
    if (d <= marginM && d < bestD) {
      best = a;
      bestD = d;
    }
  }
  return best;
}

/**
 * The window a dark call at `area` fits in between consecutive fixes (bounding every piece that
 * admits reaching it, staying `dwellMs` and going on at `speedKnots`), or null when none does.
 */
export function darkWindow(
  area: Area,
  fixes: readonly Fix[],
  speedKnots: number,
  dwellMs: number,
): { earliestArrivalMs: number; latestDepartureMs: number } | null {
  const v = speedKnots * MPS_PER_KNOT;
  let earliestMs: number | null = null;
  let latestMs = 0;
  for (let i = 0; i + 1 < fixes.length; i++) {
    const a = fixes[i];
    const b = fixes[i + 1];
    const dA = Math.max(0, signedDistanceM(area, a.lon, a.lat));
    const dB = Math.max(0, signedDistanceM(area, b.lon, b.lat));
    const earliest = a.tsMs + (dA / v) * 1000;
    const latest = b.tsMs - (dB / v) * 1000;
    if (latest - earliest < dwellMs) continue;
    // Several feasible pieces: the visit lies in one of them; the window bounds them all.
    earliestMs ??= Math.round(earliest);
    latestMs = Math.round(latest);
  }
  return earliestMs === null ? null : { earliestArrivalMs: earliestMs, latestDepartureMs: latestMs };
}

const conf = (n: number) => Math.max(1, Math.min(4, n)) as 1 | 2 | 3 | 4;

/** All calls of all vessels, sorted by vessel then start. Unidentified sightings are ignored. */
export function callsFrom(
  events: readonly VesselEvent[],
  sightings: readonly Sighting[],
  areas: readonly Area[],
  params: Readonly<ShipmentParams>,
  eventParams: Readonly<EventParams>,
): Call[] {
  const areaById = new Map(areas.map((a) => [a.id, a]));
  const byMmsi = new Map<number, Sighting[]>();
  for (const s of sightings) {
    if (s.mmsi === null) continue;
    const list = byMmsi.get(s.mmsi) ?? [];
    list.push(s);
    byMmsi.set(s.mmsi, list);
  }
  for (const list of byMmsi.values()) list.sort((a, b) => a.acquiredMs - b.acquiredMs || a.id - b.id);

  const gaps = new Map<string, EventOf<'gap'>>();
  const calls: Call[] = [];
  const dark: EventOf<'dark-port-call'>[] = [];
  for (const e of events) {
    if (e.type === 'gap') gaps.set(e.id, e);
    else if (e.type === 'dark-port-call') dark.push(e);
    else if (e.type === 'port-call') {
      calls.push({
        kind: 'ais',
        mmsi: e.mmsi,
        areaId: e.details.areaId,
        startMs: e.startMs,
        endMs: e.endMs,
        lon: e.lon,
        lat: e.lat,
        eventId: e.id,
        sightingIds: [],
        seenMs: [],
        gapEventId: null,
        minDwellMs: 0,
        confidence: e.confidence,
        draughtInM: e.details.draughtInM,
        draughtOutM: e.details.draughtOutM,
      });
    }
  }

  // Dark calls, re-checked against the sightings that split their gap.
  for (const e of dark) {
    const gap = gaps.get(e.details.gapEventId);
    // an event of a run before the stay was per area kind records the set's value
    const dwell = Number(
      e.details.minDwellMs ?? e.params.darkCallMinDwellMs ?? eventParams.darkCallMinDwellMs,
    );
    const area = areaById.get(e.details.areaId);
    let startMs = e.details.earliestArrivalMs;
    let endMs = e.details.latestDepartureMs;
    if (gap && area) {
      // Sightings elsewhere constrain a visit here; one at this area is the visit itself (below).
      const inside = (byMmsi.get(e.mmsi) ?? []).filter(
        (s) =>
          s.acquiredMs > gap.startMs &&
          s.acquiredMs < gap.endMs &&
          areaAt(areas, s.lon, s.lat, params.sightingAreaMarginM)?.id !== area.id,
      );
      if (inside.length > 0) {
        const r = gap.details.reachable;
        const fixes: Fix[] = [
          { tsMs: gap.startMs, lon: r.lonA, lat: r.latA },
          ...inside.map((s) => ({ tsMs: s.acquiredMs, lon: s.lon, lat: s.lat })),
          { tsMs: gap.endMs, lon: r.lonB, lat: r.latB },
        ];
        const speed = Number(e.params.gapMaxSpeedKnots ?? r.maxSpeedKnots ?? eventParams.gapMaxSpeedKnots);
        const w = darkWindow(area, fixes, speed, dwell);
        if (w === null) continue;
        startMs = w.earliestArrivalMs;
        endMs = w.latestDepartureMs;
      }
    }
    calls.push({
      kind: 'dark',
      mmsi: e.mmsi,
      areaId: e.details.areaId,
      startMs,
      endMs,
      lon: e.lon,
      lat: e.lat,
      eventId: e.id,
      sightingIds: [],
      seenMs: [],
      gapEventId: e.details.gapEventId,
      minDwellMs: dwell,
      confidence: e.confidence,
      draughtInM: null,
      draughtOutM: null,
    });
  }

  // Sightings: confirm an AIS call, make a dark call seen, or stand as a call.
  for (const [mmsi, list] of byMmsi) {
    for (const s of list) {
      const area = areaAt(areas, s.lon, s.lat, params.sightingAreaMarginM);
      if (area === null) continue;
      const same = calls.filter((c) => c.mmsi === mmsi && c.areaId === area.id);
      const ais = same.find((c) => c.kind !== 'dark' && s.acquiredMs >= c.startMs && s.acquiredMs <= c.endMs);
      if (ais) {
        ais.sightingIds.push(s.id);
        ais.seenMs.push(s.acquiredMs);
        ais.confidence = conf(ais.confidence + 1);
        continue;
      }
      const d = same.find((c) => c.kind === 'dark' && s.acquiredMs >= c.startMs && s.acquiredMs <= c.endMs);
      if (d) {
        d.kind = 'sighting';
        // seen there: the image, not the dwell, bounds its departure
        d.minDwellMs = 0;
        d.sightingIds.push(s.id);
        d.seenMs.push(s.acquiredMs);
        d.confidence = conf(Math.round(2 + s.idConfidence * 2));
        d.lon = s.lon;
        d.lat = s.lat;
        continue;
      }
      calls.push({
        kind: 'sighting',
        mmsi,
        areaId: area.id,
        startMs: s.acquiredMs,
        endMs: s.acquiredMs,
        lon: s.lon,
        lat: s.lat,
        eventId: null,
        sightingIds: [s.id],
        seenMs: [s.acquiredMs],
        gapEventId: null,
        minDwellMs: 0,
        confidence: conf(Math.round(1 + s.idConfidence * 2)),
        draughtInM: null,
        draughtOutM: null,
      });
    }
  }
  return calls.sort((a, b) => a.mmsi - b.mmsi || a.startMs - b.startMs || (a.areaId < b.areaId ? -1 : 1));
}
