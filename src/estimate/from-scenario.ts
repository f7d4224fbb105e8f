/**
 * A SIMULATED EstimateInput from a scenario run's ground truth, for trying the estimate before the
 * ledger holds real shipments. What an analyst would have seen is simulated from the truth, seeded:
 * some loads counted on imagery at loading or discharge (a single count or a low–high range from a
 * stack model), some rail trains counted (a part of the load), the rest not seen at all; the laden
 * draught only when the transponder was on while laden. The claims are the published figures from
 * docs/sources.md (real statements, compared here with simulated shipments). Everything is marked
 * simulated.
 */
import { Rng } from '../scenario/prng.js';
import type { Scenario } from '../scenario/schema.js';
import type { Truth, TruthShipment } from '../scenario/truth.js';
import type { Claim, ContainerObservation, EstimateInput, FleetCapacity, ShipmentInput } from './input.js';
import { monthRange } from './plan.js';

/** How often each kind of sighting happens, and how good it is. */
export interface ObservationRates {
  loadingSeen: number;
  dischargeSeen: number;
  railSeen: number;
  /** Share of sightings reported as a low–high range (stack model) rather than one count. */
  rangeShare: number;
  /** Log-sd of a single count's error, and a range's half-width as a share of its centre. */
  countErrorLogSd: number;
  rangeHalfWidth: number;
  /** A counted train carries this share of the load (uniform between the two). */
  railShare: [number, number];
}

export const DEFAULT_RATES: ObservationRates = {
  loadingSeen: 0.55,
  dischargeSeen: 0.3,
  railSeen: 0.15,
  rangeShare: 0.35,
  countErrorLogSd: 0.04,
  rangeHalfWidth: 0.15,
  railShare: [0.3, 0.7],
};

const DAY_MS = 86_400_000;
const iso = (s: string) => Date.parse(s);

/** Published figures (docs/sources.md, "The public record"), as claims. */
export function publishedClaims(): Claim[] {
  const claim = (
    id: string,
    statement: string,
    quantity: Claim['quantity'],
    unit: Claim['unit'],
    from: string,
    to: string,
    source: string,
  ): Claim => ({
    id,
    statement,
    quantity,
    unit,
    periodFromMs: iso(from),
    periodToMs: iso(to),
    grade: null,
    evidenceIds: [],
    source,
  });
  const osc = 'Open Source Centre with Reuters, Apr 2025; Visegrad24 (Zdechovský), 27 Apr 2025';
  return [
    claim(
      'osc-containers',
      '~15,800–16,000 containers, Aug 2023 – Mar 2025',
      { low: 15800, high: 16000 },
      'containers',
      '2023-08-01',
      '2025-03-31T23:59:59Z',
      osc,
    ),
    claim(
      'osc-rounds',
      '4.2–5.8 million rounds (conservative range)',
      { low: 4.2e6, high: 5.8e6 },
      'rounds',
      '2023-08-01',
      '2025-03-31T23:59:59Z',
      osc,
    ),
    claim(
      'several-billion',
      '"several billion dollars" (read as 2–9 billion)',
      { low: 2e9, high: 9e9 },
      'USD',
      '2023-08-01',
      '2025-03-31T23:59:59Z',
      'Visegrad24 (Zdechovský), 27 Apr 2025',
    ),
    claim(
      'fnf-value',
      '$1.7–5.5 bn since 2022',
      { low: 1.7e9, high: 5.5e9 },
      'USD',
      '2022-01-01',
      '2025-03-31T23:59:59Z',
      'Friedrich Naumann Foundation (kyivindependent.com)',
    ),
    claim(
      'c4ads-rail',
      '>74,000 t of "explosives" by rail from Vostochny and Dunai, Aug 2023 – Jan 2024',
      74000,
      't',
      '2023-08-01',
      '2024-01-31T23:59:59Z',
      'C4ADS with The Washington Post, Jun 2024 (euromaidanpress.com 2024-06-23)',
    ),
    claim(
      'c4ads-shells',
      '≈ 1.6 million shells (from the 74,000 t)',
      1.6e6,
      'rounds',
      '2023-08-01',
      '2024-01-31T23:59:59Z',
      'C4ADS with The Washington Post, Jun 2024',
    ),
    claim(
      'white-house',
      '>1,000 containers, 7 Sep – 1 Oct 2023',
      1000,
      'containers',
      '2023-09-07',
      '2023-10-01T23:59:59Z',
      'NSC briefing, 13 Oct 2023',
    ),
    claim(
      'rok-dec-2023',
      '~5,000 containers (Dec 2023)',
      5000,
      'containers',
      '2023-08-01',
      '2023-12-31T23:59:59Z',
      'ROK defence minister Shin (pledgetimes.com)',
    ),
    claim(
      'rok-feb-2024',
      '6,700 containers (Feb 2024)',
      6700,
      'containers',
      '2023-08-01',
      '2024-02-27T23:59:59Z',
      'ROK defence ministry (politico.eu 2024-02-27)',
    ),
    claim(
      'us-feb-2024',
      '>10,000 containers by Feb 2024',
      10000,
      'containers',
      '2023-08-01',
      '2024-02-28T23:59:59Z',
      'US State Department (newsukraine.rbc.ua 2024-02-28)',
    ),
    claim(
      'rok-aug-2024',
      '>13,000 containers (Aug 2024)',
      13000,
      'containers',
      '2023-08-01',
      '2024-08-31T23:59:59Z',
      'ROK (kyivindependent.com)',
    ),
    claim(
      'msmt-2024',
      '~9 million rounds in 2024',
      9e6,
      'rounds',
      '2024-01-01',
      '2024-12-31T23:59:59Z',
      'MSMT, May 2025 (world.kbs.co.kr)',
    ),
  ];
}

function observe(t: TruthShipment, rates: ObservationRates, rng: Rng): ContainerObservation[] {
  const out: ContainerObservation[] = [];
  const seen = (where: 'loading' | 'discharge') => {
    const noisy = t.containers * Math.exp(rng.normal(0, rates.countErrorLogSd));
    if (rng.chance(rates.rangeShare)) {
      out.push({
        count: {
          low: Math.round(noisy * (1 - rates.rangeHalfWidth)),
          high: Math.round(noisy * (1 + rates.rangeHalfWidth)),
        },
        sizeFt: null,
        where,
        method: 'stack-model (simulated)',
        simulated: true,
      });
    } else
      out.push({
        count: Math.round(noisy),
        sizeFt: 20,
        where,
        method: 'imagery-count (simulated)',
        simulated: true,
      });
  };
  if (rng.chance(rates.loadingSeen)) seen('loading');
  if (rng.chance(rates.dischargeSeen)) seen('discharge');
  if (rng.chance(rates.railSeen))
    out.push({
      count: Math.round(t.containers * rng.uniform(rates.railShare[0], rates.railShare[1])),
      sizeFt: 20,
      where: 'rail',
      method: 'imagery-count (simulated)',
      simulated: true,
    });
  return out;
}

/** Largest load the ship can take: its TEU, or the scenario's largest load when that is higher. */
function capacities(s: Scenario): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of s.fleet) {
    const windows = s.shipments.ships.filter((w) => w.ship === f.id);
    const maxLoad = Math.max(s.shipments.containers.max, ...windows.map((w) => w.containers?.max ?? 0));
    // Ro-ro ships carry boxes on trailers and decks, so TEU alone can understate them.
    out.set(f.id, Math.max(f.teu ?? 0, maxLoad));
  }
  return out;
}

/**
 * Per month, what the fleet could carry: for each ship with a shuttle window in the month, its
 * capacity times the departures its fastest observed turnaround allows, floor(days / cycle) + 1.
 */
function fleetCapacity(s: Scenario, truth: Truth, caps: Map<string, number>): FleetCapacity[] {
  if (truth.shipments.length === 0) return [];
  const months = monthRange(
    new Date(Date.parse(s.period.start)).toISOString().slice(0, 7),
    new Date(Date.parse(s.period.end)).toISOString().slice(0, 7),
  );
  return months.map((month) => {
    const start = Date.parse(`${month}-01T00:00:00Z`);
    const end = new Date(start);
    end.setUTCMonth(end.getUTCMonth() + 1);
    const days = (end.getTime() - start) / DAY_MS;
    let containers = 0;
    for (const f of s.fleet) {
      const active = s.shipments.ships.some(
        (w) => w.ship === f.id && iso(w.from) < end.getTime() && iso(w.to) > start,
      );
      if (!active) continue;
      const dep = truth.shipments.filter((t) => t.ship === f.id).map((t) => t.departOriginTsMs);
      let cycle = Number.POSITIVE_INFINITY;
      for (let i = 1; i < dep.length; i++) cycle = Math.min(cycle, dep[i] - dep[i - 1]);
      const trips = Number.isFinite(cycle) ? Math.floor(days / (cycle / DAY_MS)) + 1 : 1;
      containers += trips * (caps.get(f.id) ?? 0);
    }
    return {
      month,
      containers,
      basis: 'simulated: ship capacity × departures allowed by its fastest turnaround',
    };
  });
}

export function inputFromScenario(
  scenario: Scenario,
  truth: Truth,
  seed = 1,
  rates: ObservationRates = DEFAULT_RATES,
): EstimateInput {
  const root = new Rng(seed).fork('from-scenario');
  const caps = capacities(scenario);
  const ships = new Map(scenario.fleet.map((f) => [f.id, f]));
  const vessels = new Map(truth.vessels.map((v) => [v.key, v]));
  const shipments: ShipmentInput[] = truth.shipments.map((t) => {
    const rng = root.fork(`shipment-${t.number}`);
    const ship = ships.get(t.ship)!;
    const v = vessels.get(t.ship);
    const identity = v?.identities.filter((d) => d.fromTsMs <= t.departOriginTsMs).pop();
    const draughtSeen = !t.darkAtDestination || !t.darkLadenLeg;
    return {
      id: `sim-${t.number}`,
      number: t.number,
      status: 'confirmed',
      departedMs: t.departOriginTsMs,
      arrivedMs: t.arriveDestinationTsMs,
      vessel: {
        id: t.ship,
        mmsi: identity?.mmsi ?? ship.mmsi,
        name: identity?.name ?? ship.name,
        lengthM: ship.lengthM,
        beamM: ship.beamM,
        maxContainers: caps.get(t.ship) ?? null,
      },
      containerObservations: observe(t, rates, rng),
      draught: draughtSeen ? { beforeM: t.draughtBallastM, afterM: t.draughtLadenM } : null,
      simulated: true,
    };
  });
  return {
    simulated: true,
    label: `SIMULATED: scenario "${scenario.name}" (scenario seed ${scenario.seed}, observation seed ${seed}); claims are published figures`,
    shipments,
    claims: publishedClaims(),
    fleetCapacity: fleetCapacity(scenario, truth, caps),
  };
}
