/**
 * Background traffic: cargo ships and tankers on lanes (class A), each appearing for one trip at a
 * random time in the period, and fishing boats (class B) loitering on a fishing ground. One trip
 * per vessel keeps the files small and means a background vessel never "goes dark" between trips.
 */

import type { Places } from './places.js';
import { NAV_FISHING, NAV_MOORED, PlanBuilder, type VesselPlan } from './plan.js';
import { bearingDeg, destination, type LatLon } from './polyline.js';
import type { Rng } from './prng.js';
import type { Scenario } from './schema.js';

const HOUR_MS = 3600000;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function word(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += LETTERS[rng.int(0, 25)];
  return out;
}

/**
 * Shifts a polyline sideways (to starboard of its overall direction) by `offsetM`, except an end
 * at a port (`fixedStart` / `fixedEnd`): the approach to a berth keeps to the lane's axis, since a
 * whole lane shifted by miles near a port runs over the land around it (ships crossed
 * Vladivostok's peninsula at 15 kn before this).
 */
function offsetLine(points: LatLon[], offsetM: number, fixedStart: boolean, fixedEnd: boolean): LatLon[] {
  if (points.length < 2 || offsetM === 0) return points;
  const b = bearingDeg(points[0], points[points.length - 1]);
  const last = points.length - 1;
  return points.map((p, i) =>
    (i === 0 && fixedStart) || (i === last && fixedEnd) ? p : destination(p, (b + 90) % 360, offsetM),
  );
}

export function planBackground(s: Scenario, places: Places, rng: Rng, usedMmsi: Set<number>): VesselPlan[] {
  const bg = s.background;
  const startMs = Date.parse(s.period.start);
  const endMs = Date.parse(s.period.end);
  const plans: VesselPlan[] = [];
  const mmsiFor = (r: Rng) => {
    for (;;) {
      const m = r.pick(bg.mids) * 1000000 + r.int(0, 999999);
      if (!usedMmsi.has(m)) {
        usedMmsi.add(m);
        return m;
      }
    }
  };

  for (let k = 0; k < bg.laneVessels; k++) {
    const r = rng.fork(`lane-${k}`);
    const lane = bg.lanes[r.weighted(bg.lanes.map((l) => l.weight))];
    const reverse = r.chance(0.5);
    const from = reverse ? lane.to : lane.from;
    const to = reverse ? lane.from : lane.to;
    const axis = reverse ? [...lane.via].reverse() : [...lane.via];
    const offsetM = r.uniform(-lane.widthNm, lane.widthNm) * 1852;
    const path = offsetLine(axis, offsetM, from !== null, to !== null);
    const slot = 5 + r.uniform(0, 5);
    const speed = r.uniform(lane.speedKnots.min, lane.speedKnots.max);
    const t0 = Math.round(r.uniform(startMs, endMs - 4 * 24 * HOUR_MS));
    const start = from === null ? path[0] : places.berth(from, slot);
    const b = new PlanBuilder(t0, start, from, r.int(0, 359));
    if (from !== null)
      b.stay(t0 + Math.round(r.uniform(bg.dwellHours.min, bg.dwellHours.max) * HOUR_MS), NAV_MOORED);
    const rest = from === null ? path.slice(1) : path;
    b.sail(to === null ? rest : [...rest, places.berth(to, r.uniform(5, 10))], speed, to);
    if (to !== null)
      b.stay(b.tMs + Math.round(r.uniform(bg.dwellHours.min, bg.dwellHours.max) * HOUR_MS), NAV_MOORED);
    const shipType = r.pick(lane.shipTypes);
    const lengthM = Math.round(r.uniform(60, 230));
    const mmsi = mmsiFor(r);
    const destination = to === null ? 'FOR ORDERS' : places.get(to).aisName;
    plans.push({
      key: `bg-${lane.id}-${k}`,
      role: 'background',
      aisClass: 'A',
      shipType,
      lengthM,
      beamM: Math.round(lengthM / r.uniform(5.5, 7.5)),
      segments: b.segments.filter((seg) => seg.t1Ms <= endMs),
      identities: [
        {
          fromMs: startMs,
          mmsi,
          name: `SIM ${word(r, 6)}`,
          callSign: word(r, 4),
          imo: 9000000 + r.int(100000, 899999),
        },
      ],
      draughts: [{ fromMs: startMs, draughtM: Math.round(r.uniform(4, 11) * 10) / 10 }],
      voyages: [{ fromMs: startMs, destination, etaMs: b.tMs }],
      dark: [],
      spoofs: [],
    });
  }

  for (let k = 0; k < bg.fishingVessels; k++) {
    const r = rng.fork(`fishing-${k}`);
    const g = bg.fishingGrounds[r.weighted(bg.fishingGrounds.map((x) => x.weight))];
    const centre = { lat: r.uniform(g.south, g.north), lon: r.uniform(g.west, g.east) };
    const hours = r.uniform(bg.loiterHours.min, bg.loiterHours.max);
    const t0 = Math.round(r.uniform(startMs, endMs - (hours + 2) * HOUR_MS));
    // A slow wander: a new point within 3 nm of the centre every half hour or so.
    const b = new PlanBuilder(t0, centre, null, r.int(0, 359));
    while (b.tMs < t0 + hours * HOUR_MS) {
      const next = destination(centre, r.uniform(0, 360), r.uniform(0, 3 * 1852));
      b.sail([next], r.uniform(bg.fishingSpeedKnots.min, bg.fishingSpeedKnots.max), null, NAV_FISHING);
    }
    const mmsi = mmsiFor(r);
    plans.push({
      key: `bg-fishing-${g.id}-${k}`,
      role: 'background',
      aisClass: 'B',
      shipType: 30,
      lengthM: Math.round(r.uniform(12, 45)),
      beamM: Math.round(r.uniform(4, 9)),
      segments: b.segments,
      identities: [
        { fromMs: startMs, mmsi, name: `SIM FISHER ${word(r, 4)}`, callSign: word(r, 4), imo: null },
      ],
      draughts: [{ fromMs: startMs, draughtM: 0 }],
      voyages: [{ fromMs: startMs, destination: '', etaMs: null }],
      dark: [],
      spoofs: [],
    });
  }
  return plans;
}
