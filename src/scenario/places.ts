/** Place lookups, berths and routes between places. */
import { destination, type LatLon } from './polyline.js';
import type { Scenario, ScenarioPlace } from './schema.js';

export class Places {
  private readonly byId = new Map<string, ScenarioPlace>();
  constructor(private readonly scenario: Scenario) {
    for (const p of scenario.places) this.byId.set(p.id, p);
  }

  get(id: string): ScenarioPlace {
    const p = this.byId.get(id);
    if (p === undefined) throw new Error(`unknown place ${id}`);
    return p;
  }

  all(): readonly ScenarioPlace[] {
    return this.scenario.places;
  }

  /**
   * A berth inside the place: slot k sits on a ring at 30% of the area radius, 72° apart, so that
   * fleet ships sharing a home port are moored > 500 m apart (no false encounters at the quay).
   * A fractional slot gives other positions on the ring.
   */
  berth(id: string, slot: number): LatLon {
    const p = this.get(id);
    return destination({ lat: p.lat, lon: p.lon }, (slot * 72) % 360, p.radiusM * 0.3);
  }

  /** Intermediate waypoints from one place to another (a listed route, reversed if need be). */
  via(from: string, to: string): LatLon[] {
    for (const r of this.scenario.routes) {
      if (r.from === from && r.to === to) return r.via.map((p) => ({ lat: p.lat, lon: p.lon }));
      if (r.from === to && r.to === from) return r.via.map((p) => ({ lat: p.lat, lon: p.lon })).reverse();
    }
    return [];
  }
}
