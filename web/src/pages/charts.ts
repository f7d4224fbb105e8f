/** Small SVG charts, pure (data in, markup out): bars with a capacity line, a band, a tornado. */
import { compact, compactRange, html, num, type Raw } from '../format.js';

/**
 * What each estimator parameter is, for a reader (names as in data/estimate-params.json). A name
 * not listed here is shown as it is, so a new parameter is never hidden.
 */
export const PARAMETER_LABELS: Record<string, string> = {
  countBias: 'container count bias (true ÷ counted)',
  countSpreadLogSd: 'container count error',
  imputedLoadSpreadLogSd: 'load of shipments without a count',
  emptyContainerShare: 'share of empty containers',
  fortyFootShare: 'share of 40 ft containers',
  maxGross20T: 'max gross mass, 20 ft (t)',
  maxGross40T: 'max gross mass, 40 ft (t)',
  tare20T: 'tare, 20 ft (t)',
  tare40T: 'tare, 40 ft (t)',
  payloadFill20: 'payload fill, 20 ft (share of max payload)',
  payloadFill40: 'payload fill, 40 ft (share of max payload)',
  documentMunitionsShare: 'munitions share of document tonnage',
  waterplaneCoefficient: 'waterplane coefficient (draught → tonnes)',
  seawaterDensityTM3: 'seawater density (t/m³)',
  draughtErrorM: 'AIS draught error (m)',
  'mixShares.152mm': 'share of 152 mm shells',
  'mixShares.122mm': 'share of 122 mm shells',
  'mixShares.122mm-rocket': 'share of 122 mm rockets',
  'mixShares.mortar': 'share of mortar bombs',
  'mixShares.other': 'share of other rounds',
  'packedMassKg.152mm': 'packed mass, 152 mm shell (kg)',
  'packedMassKg.122mm': 'packed mass, 122 mm shell (kg)',
  'packedMassKg.122mm-rocket': 'packed mass, 122 mm rocket (kg)',
  'packedMassKg.mortar': 'packed mass, mortar bomb (kg)',
  'packedMassKg.other': 'packed mass, other round (kg)',
  'priceUsd.152mm': 'price, 152 mm shell (USD)',
  'priceUsd.122mm': 'price, 122 mm shell (USD)',
  'priceUsd.122mm-rocket': 'price, 122 mm rocket (USD)',
  'priceUsd.mortar': 'price, mortar bomb (USD)',
  'priceUsd.other': 'price, other round (USD)',
};
export const parameterLabel = (name: string): string =>
  PARAMETER_LABELS[name] ?? PARAMETER_LABELS[name.replace(/[[\]]/g, '.').replace(/\.+$/, '')] ?? name;

/** A month label centred on its tick, kept inside the chart (a label at the edge was clipped). */
const xLabel = (x: number): number => Math.min(W - 22, Math.max(82, x));

/** The y axis: its title (what and in which unit) and the top value, compact, inside the chart. */
const yAxis = (max: number, title: string, h: number): Raw =>
  html`<text x="4" y="11" font-size="10" fill="#445">${title}</text>
    <text x="56" y="${h - 20 - (h - 30) + 12}" font-size="10" text-anchor="end">${compact(max)}</text>
    <text x="56" y="${h - 22}" font-size="10" text-anchor="end">0</text>`;

export interface Band {
  label: string;
  median: number;
  p5: number;
  p95: number;
}

const W = 720;

/** Monthly bars (median) with 90% whiskers and, where known, the capacity as a tick. */
export function barChart(rows: Array<Band & { capacity: number | null }>, unit: string, title = unit): Raw {
  if (rows.length === 0) return html`<p class="muted">no months</p>`;
  const h = 210;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.p95, r.capacity ?? 0)));
  const bw = (W - 66) / rows.length;
  const y = (v: number) => h - 20 - (v / max) * (h - 40);
  const bars = rows.map((r, i) => {
    const x = 62 + i * bw;
    return html`<g><title>${r.label}: ${compact(r.median, unit)} (90%: ${compactRange(r.p5, r.p95, unit)})${r.capacity !== null ? `, capacity ${num(r.capacity)}` : ''}</title>
      <rect x="${x + 1}" y="${y(r.median)}" width="${Math.max(1, bw - 2)}" height="${h - 20 - y(r.median)}" fill="#669bbc"></rect>
      <line x1="${x + bw / 2}" x2="${x + bw / 2}" y1="${y(r.p5)}" y2="${y(r.p95)}" stroke="#1d2731" stroke-width="1"></line>
      ${r.capacity !== null ? html`<line x1="${x}" x2="${x + bw}" y1="${y(r.capacity)}" y2="${y(r.capacity)}" stroke="#d62828" stroke-width="2"></line>` : ''}
      ${i % Math.ceil(rows.length / 10) === 0 ? html`<text x="${xLabel(x + bw / 2)}" y="${h - 4}" font-size="10" text-anchor="middle">${r.label}</text>` : ''}</g>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${h}" role="img" aria-label="${title}">
    ${yAxis(max, title, h)}
    <line x1="60" x2="${W}" y1="${h - 20}" y2="${h - 20}" stroke="#9fb3c1"></line>${bars}</svg>`;
}

/** A cumulative line (median) with its 90% band. */
export function bandChart(rows: Band[], unit: string, title = unit): Raw {
  if (rows.length === 0) return html`<p class="muted">no months</p>`;
  const h = 210;
  const max = Math.max(1, ...rows.map((r) => r.p95));
  const step = (W - 90) / Math.max(1, rows.length - 1);
  const x = (i: number) => 62 + i * step;
  const y = (v: number) => h - 20 - (v / max) * (h - 40);
  const upper = rows.map((r, i) => `${x(i)},${y(r.p95)}`);
  const lower = rows.map((r, i) => `${x(i)},${y(r.p5)}`).reverse();
  const line = rows.map((r, i) => `${x(i)},${y(r.median)}`).join(' ');
  return html`<svg class="chart" viewBox="0 0 ${W} ${h}" role="img" aria-label="${title}">
    ${yAxis(max, title, h)}
    <polygon points="${[...upper, ...lower].join(' ')}" fill="#f3a712" fill-opacity="0.3"></polygon>
    <polyline points="${line}" fill="none" stroke="#e4572e" stroke-width="2"></polyline>
    ${rows.map((r, i) => (i % Math.ceil(rows.length / 10) === 0 ? html`<text x="${xLabel(x(i))}" y="${h - 4}" font-size="10" text-anchor="middle">${r.label}</text>` : ''))}
    <line x1="60" x2="${W}" y1="${h - 20}" y2="${h - 20}" stroke="#9fb3c1"></line></svg>`;
}

/** Variance shares, largest first: the parameters that drive the uncertainty. */
export function tornadoChart(
  shares: Array<{ parameter: string; share: number; lowMean: number; highMean: number }>,
  unit = 'rounds',
): Raw {
  const rows = shares.slice(0, 10);
  if (rows.length === 0) return html`<p class="muted">no varying parameters</p>`;
  const rh = 20;
  const h = rows.length * rh + 10;
  return html`<svg class="chart" viewBox="0 0 ${W} ${h}" role="img" aria-label="share of the variance of ${unit}, by parameter">
    ${rows.map(
      (
        r,
        i,
      ) => html`<g><title>${parameterLabel(r.parameter)} (${r.parameter}): ${num(r.share * 100, 1)}% of the variance of ${unit}; mean ${compact(r.lowMean)} (lowest 5%) → ${compact(r.highMean)} (highest 5%)</title>
        <text x="0" y="${i * rh + 14}" font-size="11">${((l) => (l.length > 46 ? `${l.slice(0, 45)}…` : l))(parameterLabel(r.parameter))}</text>
        <rect x="300" y="${i * rh + 3}" width="${Math.max(1, r.share * (W - 380))}" height="${rh - 6}" fill="#29335c"></rect>
        <text x="${306 + r.share * (W - 380)}" y="${i * rh + 14}" font-size="11">${num(r.share * 100, 1)}%</text></g>`,
    )}</svg>`;
}
