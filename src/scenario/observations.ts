/**
 * Simulated observations for a scenario run: from the simulator's truth, seeded, noisy and
 * partial imagery sightings of the fleet at loading and discharge (sometimes at sea), container
 * counts on those images, and rail counts after discharge. Everything carries `simulated: true`
 * and says which truth shipment it came from; nothing here is a real observation.
 *
 * The output is the document `tallyman observe import` reads (src/shipments/observe.ts).
 */
import { Rng } from './prng.js';
import type { SimulationResult } from './simulate.js';

export interface ObservationRates {
  /** Chance of an image of the ship at each end of a shipment / once at sea. */
  sightingAtOrigin: number;
  sightingAtDestination: number;
  sightingAtSea: number;
  /** Chance that a sighting's ship is identified (else mmsi null). */
  identified: number;
  /** Chance of a container count on an image at each end. */
  containersAtOrigin: number;
  containersAtDestination: number;
  /** Relative standard deviation of a count. */
  countNoise: number;
  /** Chance of a rail count after discharge. */
  rail: number;
  /** Containers per railcar (one 40 ft or two 20 ft boxes on a flat car; approx.). */
  containersPerRailcar: number;
  /** Position noise of a sighting, metres. */
  positionNoiseM: number;
}

export const DEFAULT_OBSERVATION_RATES: Readonly<ObservationRates> = {
  sightingAtOrigin: 0.7,
  sightingAtDestination: 0.5,
  sightingAtSea: 0.25,
  identified: 0.9,
  containersAtOrigin: 0.6,
  containersAtDestination: 0.5,
  countNoise: 0.08,
  rail: 0.5,
  containersPerRailcar: 2,
  positionNoiseM: 150,
};

/** Simulated providers and their ground sample distance (docs/sources.md "Imagery"). */
const PROVIDERS = [
  { provider: 'Maxar WorldView-3 (simulated)', gsdM: 0.31 },
  { provider: 'Planet SkySat (simulated)', gsdM: 0.5 },
  { provider: 'PlanetScope (simulated)', gsdM: 3 },
  { provider: 'Sentinel-2 (simulated)', gsdM: 10 },
] as const;

export interface SimulatedObservations {
  simulated: true;
  note: string;
  sightings: Array<Record<string, unknown>>;
  containers: Array<Record<string, unknown>>;
  rail: Array<Record<string, unknown>>;
}

const M_PER_DEG = 111_320;

export function simulateObservations(
  result: SimulationResult,
  rates: Readonly<ObservationRates> = DEFAULT_OBSERVATION_RATES,
  seed: number = result.scenario.seed,
): SimulatedObservations {
  const rng = new Rng(seed).fork('observations');
  const places = new Map(result.scenario.places.map((p) => [p.id, p]));
  const vessels = new Map(result.truth.vessels.map((v) => [v.key, v]));
  const out: SimulatedObservations = {
    simulated: true,
    note: `simulated observations for scenario ${result.scenario.name} (seed ${seed}); not real imagery or counts`,
    sightings: [],
    containers: [],
    rail: [],
  };
  const jitter = (lon: number, lat: number, m: number): [number, number] => [
    lon + rng.normal(0, m) / (M_PER_DEG * Math.cos((lat * Math.PI) / 180)),
    lat + rng.normal(0, m) / M_PER_DEG,
  ];
  const noisy = (n: number) => Math.max(0, Math.round(n * (1 + rng.normal(0, rates.countNoise))));

  for (const sh of result.truth.shipments) {
    const v = vessels.get(sh.ship);
    const mmsiAt = (t: number) => {
      const ids = v?.identities ?? [];
      let m: { mmsi: number; name: string } | null = null;
      for (const i of ids) if (i.fromTsMs <= t) m = i;
      return m;
    };
    const tag = `simulated shipment ${sh.number} (${sh.ship}, ${sh.origin} → ${sh.destination})`;
    const sighting = (
      placeId: string | null,
      t: number,
      lonLat: [number, number] | null,
      what: string,
    ): number | null => {
      const p = placeId ? places.get(placeId) : null;
      const at = lonLat ?? (p ? [p.lon, p.lat] : null);
      if (!at) return null;
      const [x, y] = jitter(at[0], at[1], rates.positionNoiseM);
      const prov = rng.pick(PROVIDERS);
      const id = mmsiAt(t);
      const identified = id !== null && rng.chance(rates.identified);
      out.sightings.push({
        provider: prov.provider,
        imageId: `sim-${result.scenario.name}-${sh.number}-${what}`,
        acquired: Math.round(t),
        gsdM: prov.gsdM,
        footprint: null,
        lon: x,
        lat: y,
        mmsi: identified ? id.mmsi : null,
        vesselName: identified ? id.name : null,
        identifiedBy: identified ? (prov.gsdM <= 0.5 ? ['length', 'shape', 'markings'] : ['length']) : [],
        idConfidence: identified
          ? Math.round(rng.uniform(prov.gsdM <= 0.5 ? 0.7 : 0.4, 0.95) * 100) / 100
          : 0,
        simulated: true,
        note: `${what}; ${tag}`,
      });
      return out.sightings.length - 1;
    };
    const containers = (placeId: string, t: number, sIndex: number | null, what: string) => {
      const measured = rng.chance(0.5);
      const n = noisy(sh.containers);
      out.containers.push({
        observed: Math.round(t),
        place: placeId,
        ...(measured ? { countMin: Math.round(n * 0.9), countMax: Math.round(n * 1.1) } : { count: n }),
        sizeFt: 20,
        method: measured ? 'measured-stack' : 'counted',
        ...(sIndex !== null ? { sightingIndex: sIndex } : {}),
        simulated: true,
        note: `${what}; truth ${sh.containers}; ${tag}`,
      });
    };
    if (rng.chance(rates.sightingAtOrigin)) {
      const t = rng.uniform(sh.arriveOriginTsMs, sh.departOriginTsMs);
      const i = sighting(sh.origin, t, null, 'loading');
      if (rng.chance(rates.containersAtOrigin)) containers(sh.origin, t, i, 'stack on the quay at loading');
    } else if (rng.chance(rates.containersAtOrigin / 2)) {
      containers(
        sh.origin,
        rng.uniform(sh.arriveOriginTsMs, sh.departOriginTsMs),
        null,
        'stack at loading, no ship in view',
      );
    }
    if (rng.chance(rates.sightingAtSea)) {
      const o = places.get(sh.origin);
      const d = places.get(sh.destination);
      if (o && d) {
        const f = rng.uniform(0.3, 0.7);
        const t = sh.departOriginTsMs + f * (sh.arriveDestinationTsMs - sh.departOriginTsMs);
        sighting(null, t, [o.lon + f * (d.lon - o.lon), o.lat + f * (d.lat - o.lat)], 'at sea');
      }
    }
    if (rng.chance(rates.sightingAtDestination)) {
      const t = rng.uniform(sh.arriveDestinationTsMs, sh.departDestinationTsMs);
      const i = sighting(sh.destination, t, null, 'discharge');
      if (rng.chance(rates.containersAtDestination))
        containers(sh.destination, t, i, 'stack on the quay at discharge');
    }
    if (rng.chance(rates.rail)) {
      const t = sh.departDestinationTsMs + rng.uniform(0.5, 3) * 86_400_000;
      const cars = noisy(sh.containers / rates.containersPerRailcar);
      const p = places.get(sh.destination);
      out.rail.push({
        place: `${p?.name ?? sh.destination} rail yard`,
        lon: p?.lon ?? null,
        lat: p?.lat ?? null,
        observed: Math.round(t),
        unit: 'railcars',
        count: cars,
        simulated: true,
        note: `railcars leaving after discharge; ${tag}`,
      });
    }
  }
  return out;
}
