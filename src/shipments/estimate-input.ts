/**
 * `estimateInputFromLedger`: the estimator's input (src/estimate/input.ts `EstimateInput`) built
 * from the ledger — every shipment with the container counts assigned to it (loading, discharge,
 * and rail counts in containers linked to it), its draught change, and the current claims whose
 * unit the estimator reads. Fleet capacity is not in the ledger and is left empty.
 */
import type { Kysely } from 'kysely';
import type { EstimateInput, ContainerObservation as EstimateObservation } from '../estimate/input.js';
import { currentClaims, type Claim as LedgerClaim } from '../evidence/claims.js';
import { listClaims } from '../evidence/store.js';
import type { Database } from '../store/schema.js';
import { listContainerObservations, listRailObservations, listShipments } from './store.js';

const UNITS: Record<string, 'containers' | 't' | 'rounds' | 'USD'> = {
  containers: 'containers',
  container: 'containers',
  teu: 'containers',
  t: 't',
  tonnes: 't',
  tons: 't',
  rounds: 'rounds',
  shells: 'rounds',
  usd: 'USD',
  $: 'USD',
};

const count = (min: number, max: number) => (min === max ? min : { low: min, high: max });

function claimIn(c: LedgerClaim): EstimateInput['claims'][number] | null {
  const unit = c.unit === null ? undefined : UNITS[c.unit.toLowerCase()];
  if (!unit || c.quantityMin === null || c.periodToMs === null) return null;
  return {
    id: String(c.id),
    statement: c.statement,
    quantity: count(c.quantityMin, c.quantityMax ?? c.quantityMin),
    unit,
    periodFromMs: c.periodFromMs ?? c.periodToMs,
    periodToMs: c.periodToMs,
    grade: c.bestGrade,
    evidenceIds: c.evidenceIds.map(String),
  };
}

export async function estimateInputFromLedger(
  db: Kysely<Database>,
  opts: { label?: string; simulated?: boolean } = {},
): Promise<EstimateInput> {
  const shipments = await listShipments(db);
  const obs = new Map((await listContainerObservations(db)).map((o) => [o.id, o]));
  const rail = await listRailObservations(db);
  const vessels = new Map(
    (await db.selectFrom('vessels').selectAll().execute()).map((v) => [Number(v.mmsi), v]),
  );
  const evidence = await db.selectFrom('evidence_items').select(['id', 'simulated']).execute();
  let anySimulated = evidence.some((e) => e.simulated === 1);
  const out: EstimateInput['shipments'] = [];
  for (const s of shipments) {
    const observations: EstimateObservation[] = [];
    let simulated = false;
    for (const sup of s.supports) {
      if (sup.kind !== 'containers') continue;
      const o = obs.get(Number(sup.ref));
      if (!o) continue;
      simulated ||= o.simulated;
      observations.push({
        count: count(o.countMin, o.countMax),
        sizeFt: o.sizeFt,
        where: sup.role === 'origin' ? 'loading' : 'discharge',
        method: o.method === 'counted' ? 'imagery-count' : 'stack-model',
        ...(o.imageEvidenceId !== null ? { evidenceIds: [String(o.imageEvidenceId)] } : {}),
        simulated: o.simulated,
      });
    }
    for (const r of rail) {
      // A railcar count is not a container count (one or two boxes per car): only containers go in.
      if (!r.shipmentIds.includes(s.id) || r.unit !== 'containers') continue;
      simulated ||= r.simulated;
      observations.push({
        count: count(r.countMin, r.countMax),
        sizeFt: null,
        where: 'rail',
        method: 'rail-count',
        ...(r.evidenceId !== null ? { evidenceIds: [String(r.evidenceId)] } : {}),
        simulated: r.simulated,
      });
    }
    const v = vessels.get(s.mmsi);
    const hasDraught = s.draughtFromM !== null || s.draughtToM !== null || s.cargoMassT !== null;
    anySimulated ||= simulated;
    out.push({
      id: String(s.id),
      number: s.number,
      status: s.status,
      departedMs: s.departMs,
      arrivedMs: s.arriveMs,
      vessel: {
        id: String(s.mmsi),
        mmsi: s.mmsi,
        name: s.vesselName ?? v?.name ?? String(s.mmsi),
        lengthM: v?.length_m && v.length_m > 0 ? v.length_m : null,
        beamM: v?.beam_m && v.beam_m > 0 ? v.beam_m : null,
      },
      containerObservations: observations,
      draught: hasDraught
        ? {
            beforeM: s.draughtFromM && s.draughtFromM > 0 ? s.draughtFromM : null,
            afterM: s.draughtToM && s.draughtToM > 0 ? s.draughtToM : null,
            impliedCargoTonnes: s.cargoMassT ? { low: s.cargoMassT.min, high: s.cargoMassT.max } : null,
          }
        : null,
      ...(simulated ? { simulated: true } : {}),
    });
  }
  const claims = currentClaims(await listClaims(db))
    .map(claimIn)
    .filter((c): c is NonNullable<typeof c> => c !== null);
  return {
    simulated: opts.simulated ?? anySimulated,
    ...(opts.label ? { label: opts.label } : {}),
    shipments: out,
    claims,
    fleetCapacity: [],
  };
}
