/**
 * The estimate as one CSV table, one figure per row: `section,key,unit,median,p5,p95,mean,simulated`
 * (sections: total, rounds-by-type, value-by-type, month, cumulative, shipment, claim, path,
 * sensitivity). A sensitivity row puts the variance share in `median` and the low/high-end means in
 * `p5`/`p95`. A no-observations result is one row saying so. Written by the shared CSV writer
 * (`src/export/csv.ts`: RFC 4180, CRLF, the formula guard on text such as claim ids). Pure.
 */
import { CSV_EOL, csvCell } from '../export/csv.js';
import type { Quantiles } from './quantiles.js';
import type { EstimateResult } from './result.js';

const HEADER = 'section,key,unit,median,p5,p95,mean,simulated';

/** Figures to 10 significant digits, so sums of samples print without float noise. */
const cell = (v: string | number): string =>
  csvCell(typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(10)) : v);

export function toCsv(r: EstimateResult): string {
  const rows: string[] = [HEADER];
  const sim = String(r.simulated);
  const row = (section: string, key: string, unit: string, q: Quantiles) =>
    rows.push([section, key, unit, q.median, q.p5, q.p95, q.mean, sim].map(cell).join(','));
  if (r.kind === 'no-observations') {
    rows.push(['no-observations', r.reason, '', '', '', '', '', sim].map(cell).join(','));
    return `${rows.join(CSV_EOL)}${CSV_EOL}`;
  }
  const t = r.totals;
  row('total', 'containers', 'containers', t.containers);
  row('total', 'teu', 'TEU', t.teu);
  row('total', 'munitions', 't', t.munitionsTonnes);
  row('total', 'cargo', 't', t.cargoTonnes);
  row('total', 'rounds', 'rounds', t.rounds);
  row('total', 'value', 'USD', t.valueUsd);
  for (const [k, q] of Object.entries(t.roundsByType)) row('rounds-by-type', k, 'rounds', q);
  for (const [k, q] of Object.entries(t.valueUsdByType)) row('value-by-type', k, 'USD', q);
  for (const m of r.monthly) {
    row('month', m.month, 'containers', m.containers);
    row('month', m.month, 'rounds', m.rounds);
    row('month', m.month, 'USD', m.valueUsd);
  }
  for (const c of r.cumulative) {
    row('cumulative', c.month, 'containers', c.containers);
    row('cumulative', c.month, 'rounds', c.rounds);
    row('cumulative', c.month, 'USD', c.valueUsd);
  }
  for (const s of r.perShipment) {
    row('shipment', s.id, 'containers', s.containers);
    row('shipment', s.id, 'rounds', s.rounds);
    row('shipment', s.id, 'USD', s.valueUsd);
    if (s.draughtCargoTonnes !== null) row('shipment', s.id, 'draught cargo t', s.draughtCargoTonnes);
  }
  for (const c of r.claims) row('claim', c.id, c.unit, c.model);
  for (const p of r.triangulation.paths) row('path', p.path, p.quantity, p.figure);
  for (const tor of [r.sensitivity.rounds, r.sensitivity.valueUsd])
    for (const v of tor.shares)
      rows.push(
        ['sensitivity', `${tor.output}:${v.parameter}`, 'share', v.share, v.lowMean, v.highMean, '', sim]
          .map(cell)
          .join(','),
      );
  return `${rows.join(CSV_EOL)}${CSV_EOL}`;
}
