/**
 * The estimate as readable tables (cli-table3) for a terminal: totals, by type, monthly series,
 * variance shares, triangulation, claims, per shipment, warnings. A simulated input says so in
 * the first and last line. Pure: returns a string.
 */
import Table from 'cli-table3';
import type { Quantiles } from './quantiles.js';
import type { EstimateResult } from './result.js';

export interface RunMeta {
  paramsFile: string;
  paramsSha256: string;
  source: string;
}

/** 15,280 · 5.27 M · 6.57 bn, to three significant figures above ten thousand. */
export function compact(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toPrecision(3)} bn`;
  if (a >= 1e6) return `${(v / 1e6).toPrecision(3)} M`;
  if (a >= 1e4) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(3);
}

const iv = (q: Quantiles) => `${compact(q.p5)} – ${compact(q.p95)}`;
const plain = {
  head: [] as string[],
  style: { head: [] as string[], border: [] as string[], compact: true },
};
const table = (head: string[]) => new Table({ ...plain, head });
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function toTable(r: EstimateResult, meta: RunMeta): string {
  const out: string[] = [];
  const banner = r.simulated ? 'SIMULATED — not real data. ' : '';
  out.push(`${banner}tallyman estimate: ${meta.source}`);
  if (r.label !== null) out.push(r.label);
  out.push(
    `seed ${r.seed}, ${r.samples.toLocaleString('en-US')} samples, parameters ${meta.paramsFile} (sha256 ${meta.paramsSha256})`,
  );
  if (r.kind === 'no-observations') {
    out.push(
      '',
      `NO OBSERVATIONS: ${r.reason}. Nothing is estimated (${r.shipments} shipments, ${r.claims} claims).`,
    );
    if (r.simulated) out.push('SIMULATED');
    return `${out.join('\n')}\n`;
  }
  const s = r.shipments;
  out.push(
    `${s.used} shipments (${s.observed} counted, ${s.imputed} imputed from the vessel's or fleet's counted loads, ${s.rejected} rejected left out); ${s.draughtObserved} with a draught change`,
  );

  const t = r.totals;
  const tot = table(['total', 'median', '90% interval (5–95%)']);
  tot.push(
    ['containers', compact(t.containers.median), iv(t.containers)],
    ['TEU', compact(t.teu.median), iv(t.teu)],
    ['munitions, t (packed)', compact(t.munitionsTonnes.median), iv(t.munitionsTonnes)],
    ['cargo, t (with tare)', compact(t.cargoTonnes.median), iv(t.cargoTonnes)],
    ['rounds', compact(t.rounds.median), iv(t.rounds)],
    ['value, USD', compact(t.valueUsd.median), iv(t.valueUsd)],
  );
  out.push('', 'Totals', tot.toString());

  const byType = table(['type', 'rounds', 'rounds 90%', 'value USD', 'value 90%']);
  for (const k of Object.keys(t.roundsByType))
    byType.push([
      k,
      compact(t.roundsByType[k].median),
      iv(t.roundsByType[k]),
      compact(t.valueUsdByType[k].median),
      iv(t.valueUsdByType[k]),
    ]);
  out.push('', 'By munition type', byType.toString());

  const months = table([
    'month',
    'ship-\nments',
    'containers',
    'containers 90%',
    'fleet\ncapacity',
    'rounds',
    'cumulative rounds (90%)',
  ]);
  r.monthly.forEach((m, i) => {
    const c = r.cumulative[i];
    months.push([
      m.month,
      String(m.shipments),
      compact(m.containers.median),
      iv(m.containers),
      m.capacityContainers === null ? '–' : compact(m.capacityContainers),
      compact(m.rounds.median),
      `${compact(c.rounds.median)} (${iv(c.rounds)})`,
    ]);
  });
  out.push('', 'Monthly (by departure) and cumulative', months.toString());

  for (const tor of [r.sensitivity.rounds, r.sensitivity.valueUsd]) {
    const sens = table([
      'parameter',
      'variance share',
      `${tor.output} when low (bottom 5%)`,
      'when high (top 5%)',
    ]);
    for (const v of tor.shares.slice(0, 10))
      sens.push([v.parameter, `${(v.share * 100).toFixed(1)}%`, compact(v.lowMean), compact(v.highMean)]);
    out.push(
      '',
      `What drives the uncertainty of ${tor.output} (first-order variance shares, top 10; interaction ${(Math.max(0, 1 - tor.firstOrderSum) * 100).toFixed(0)}%)`,
      sens.toString(),
    );
  }

  const tri = table(['comparison', 'quantity', 'count path (90%)', 'other path (90%)', 'agree?']);
  for (const c of r.triangulation.comparisons)
    tri.push([
      c.scope,
      c.quantity,
      `${compact(c.a.figure.median)} (${iv(c.a.figure)})`,
      `${c.b.path}: ${compact(c.b.figure.median)} (${iv(c.b.figure)})`,
      c.overlap ? 'overlap' : 'NO — intervals apart',
    ]);
  const paths = table(['path', 'scope', 'quantity', 'median', '90%', 'rounds (90%)']);
  for (const p of r.triangulation.paths)
    paths.push([
      p.path,
      p.scope,
      p.quantity,
      compact(p.figure.median),
      iv(p.figure),
      p.rounds === null ? '–' : `${compact(p.rounds.median)} (${iv(p.rounds)})`,
    ]);
  out.push('', 'Triangulation: independent paths', paths.toString(), tri.toString());

  const cl = table(['claim', 'period', 'grade', 'published', 'model median (90%)', 'meets model?']);
  for (const c of r.claims) {
    const q =
      typeof c.quantity === 'number'
        ? compact(c.quantity)
        : `${compact(c.quantity.low)} – ${compact(c.quantity.high)}`;
    cl.push([
      `${c.statement}\n(${c.source ?? c.id})`,
      `${day(c.periodFromMs)} – ${day(c.periodToMs)}`,
      c.grade ?? '–',
      `${q} ${c.unit}`,
      `${compact(c.model.median)} (${iv(c.model)})`,
      c.withinModelInterval ? 'yes' : 'NO',
    ]);
  }
  if (r.claims.length > 0) out.push('', 'Claims beside the model', cl.toString());

  const sh = table([
    '#',
    'vessel',
    'departed',
    'count',
    'containers (90%)',
    'rounds (90%)',
    'draught cargo t (90%)',
  ]);
  for (const x of r.perShipment)
    sh.push([
      String(x.number ?? x.id),
      x.vessel,
      day(x.departedMs),
      `${x.countSource} (${x.observations})`,
      `${compact(x.containers.median)} (${iv(x.containers)})`,
      `${compact(x.rounds.median)} (${iv(x.rounds)})`,
      x.draughtCargoTonnes === null
        ? '–'
        : `${compact(x.draughtCargoTonnes.median)} (${iv(x.draughtCargoTonnes)})`,
    ]);
  out.push('', 'Per shipment', sh.toString());

  out.push('', r.warnings.length === 0 ? 'No warnings.' : `Warnings (${r.warnings.length}):`);
  for (const w of r.warnings) out.push(`  ! ${w}`);
  if (r.simulated)
    out.push(
      '',
      'SIMULATED — every shipment and observation above is simulated; only the claims are published figures.',
    );
  return `${out.join('\n')}\n`;
}
