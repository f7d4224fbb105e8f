/** Small SVG charts, pure (data in, markup out): bars with a capacity line, a band, a tornado. */
import { html, num, type Raw } from '../format.js';

export interface Band {
  label: string;
  median: number;
  p5: number;
  p95: number;
}

const W = 720;

/** Monthly bars (median) with 90% whiskers and, where known, the capacity as a tick. */
export function barChart(rows: Array<Band & { capacity: number | null }>, unit: string): Raw {
  if (rows.length === 0) return html`<p class="muted">no months</p>`;
  const h = 200;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.p95, r.capacity ?? 0)));
  const bw = (W - 50) / rows.length;
  const y = (v: number) => h - 20 - (v / max) * (h - 30);
  const bars = rows.map((r, i) => {
    const x = 45 + i * bw;
    return html`<g><title>${r.label}: ${num(r.median)} ${unit} (90%: ${num(r.p5)}–${num(r.p95)})${r.capacity !== null ? `, capacity ${num(r.capacity)}` : ''}</title>
      <rect x="${x + 1}" y="${y(r.median)}" width="${Math.max(1, bw - 2)}" height="${h - 20 - y(r.median)}" fill="#669bbc"></rect>
      <line x1="${x + bw / 2}" x2="${x + bw / 2}" y1="${y(r.p5)}" y2="${y(r.p95)}" stroke="#1d2731" stroke-width="1"></line>
      ${r.capacity !== null ? html`<line x1="${x}" x2="${x + bw}" y1="${y(r.capacity)}" y2="${y(r.capacity)}" stroke="#d62828" stroke-width="2"></line>` : ''}
      ${i % Math.ceil(rows.length / 10) === 0 ? html`<text x="${x}" y="${h - 4}" font-size="10">${r.label}</text>` : ''}</g>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${h}" role="img" aria-label="monthly ${unit}">
    <text x="0" y="12" font-size="10">${num(max)}</text><text x="0" y="${h - 22}" font-size="10">0</text>
    <line x1="44" x2="${W}" y1="${h - 20}" y2="${h - 20}" stroke="#9fb3c1"></line>${bars}</svg>`;
}

/** A cumulative line (median) with its 90% band. */
export function bandChart(rows: Band[], unit: string): Raw {
  if (rows.length === 0) return html`<p class="muted">no months</p>`;
  const h = 200;
  const max = Math.max(1, ...rows.map((r) => r.p95));
  const step = (W - 50) / Math.max(1, rows.length - 1);
  const x = (i: number) => 45 + i * step;
  const y = (v: number) => h - 20 - (v / max) * (h - 30);
  const upper = rows.map((r, i) => `${x(i)},${y(r.p95)}`);
  const lower = rows.map((r, i) => `${x(i)},${y(r.p5)}`).reverse();
  const line = rows.map((r, i) => `${x(i)},${y(r.median)}`).join(' ');
  return html`<svg class="chart" viewBox="0 0 ${W} ${h}" role="img" aria-label="cumulative ${unit}">
    <text x="0" y="12" font-size="10">${num(max)}</text><text x="0" y="${h - 22}" font-size="10">0</text>
    <polygon points="${[...upper, ...lower].join(' ')}" fill="#f3a712" fill-opacity="0.3"></polygon>
    <polyline points="${line}" fill="none" stroke="#e4572e" stroke-width="2"></polyline>
    ${rows.map((r, i) => (i % Math.ceil(rows.length / 10) === 0 ? html`<text x="${x(i)}" y="${h - 4}" font-size="10">${r.label}</text>` : ''))}
    <line x1="44" x2="${W}" y1="${h - 20}" y2="${h - 20}" stroke="#9fb3c1"></line></svg>`;
}

/** Variance shares, largest first: the parameters that drive the uncertainty. */
export function tornadoChart(
  shares: Array<{ parameter: string; share: number; lowMean: number; highMean: number }>,
): Raw {
  const rows = shares.slice(0, 10);
  if (rows.length === 0) return html`<p class="muted">no varying parameters</p>`;
  const rh = 20;
  const h = rows.length * rh + 10;
  return html`<svg class="chart" viewBox="0 0 ${W} ${h}" role="img" aria-label="sensitivity">
    ${rows.map(
      (
        r,
        i,
      ) => html`<g><title>${r.parameter}: ${num(r.share * 100, 1)}% of the variance; mean ${num(r.lowMean)} (lowest 5%) → ${num(r.highMean)} (highest 5%)</title>
        <text x="0" y="${i * rh + 14}" font-size="11">${r.parameter.length > 46 ? `${r.parameter.slice(0, 45)}…` : r.parameter}</text>
        <rect x="300" y="${i * rh + 3}" width="${Math.max(1, r.share * (W - 380))}" height="${rh - 6}" fill="#29335c"></rect>
        <text x="${306 + r.share * (W - 380)}" y="${i * rh + 14}" font-size="11">${num(r.share * 100, 1)}%</text></g>`,
    )}</svg>`;
}
