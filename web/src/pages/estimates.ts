/**
 * The estimates page: headline figures with 90% intervals, monthly containers against the fleet's
 * capacity, cumulative rounds with the 90% band, the sensitivity tornado, the triangulation panel,
 * the published figures beside the model, and how it was computed (seed, samples, parameter file
 * hash, input hash, the raw JSON).
 */
import { getJson } from '../api.js';
import { compact, compactRange, html, isoDay, num, type Raw } from '../format.js';
import { bandChart, barChart, parameterLabel, tornadoChart } from './charts.js';

interface Q {
  median: number;
  p5: number;
  p95: number;
  mean: number;
}
interface Result {
  kind: 'estimate' | 'no-observations';
  reason?: string;
  samples: number;
  seed: number;
  parameters: Array<{ name: string; unit: string; distribution: string; source: string; note: string }>;
  shipments: { used: number; observed: number; imputed: number; rejected: number; draughtObserved: number };
  totals: {
    containers: Q;
    munitionsTonnes: Q;
    cargoTonnes: Q;
    rounds: Q;
    valueUsd: Q;
    roundsByType: Record<string, Q>;
  };
  monthly: Array<{ month: string; shipments: number; containers: Q; capacityContainers: number | null }>;
  cumulative: Array<{ month: string; containers: Q; rounds: Q; valueUsd: Q }>;
  sensitivity: {
    rounds: { shares: Array<{ parameter: string; share: number; lowMean: number; highMean: number }> };
  };
  triangulation: {
    comparisons: Array<{
      scope: string;
      quantity: string;
      a: { path: string; figure: Q };
      b: { path: string; figure: Q };
      overlap: boolean;
      warning: string | null;
    }>;
  };
  claims: Array<{
    id: string;
    statement: string;
    unit: string;
    quantity: number | { low: number; high: number };
    periodFromMs: number;
    periodToMs: number;
    grade: string | null;
    model: Q;
    withinModelInterval: boolean;
  }>;
  warnings: string[];
}
interface Answer {
  simulated: boolean;
  basis: 'confirmed' | 'all';
  fourEyes: boolean;
  basisText: string;
  shipmentsCounted: number;
  seed: number;
  samples: number;
  paramsFile: string;
  paramsSha256: string;
  inputSha256: string;
  shipmentsInLedger: { proposed: number; confirmed: number; rejected: number; approved: number };
  result: Result;
}

/** Median and 90% interval, compact with the unit: "4.9 M rounds (90%: 4.2–5.8 M rounds)". */
const interval = (q: Q, unit = ''): Raw =>
  html`<span class="median">${compact(q.median, unit)}</span> <span class="muted">(90%: ${compactRange(q.p5, q.p95, unit)})</span>`;
const qty = (v: number | { low: number; high: number }) =>
  typeof v === 'number' ? num(v) : `${num(v.low)}–${num(v.high)}`;

/** null until the analyst picks one: then the page opens on confirmed shipments, or on all when none is. */
let chosen: 'confirmed' | 'all' | null = null;

export async function renderEstimates(el: HTMLElement): Promise<void> {
  el.innerHTML = '<h1>Estimates</h1><p class="muted">computing …</p>';
  let basis: 'confirmed' | 'all' = chosen ?? 'confirmed';
  let a = await getJson<Answer>(`api/estimate?basis=${basis}`);
  // Nothing confirmed (or approved) gives no estimate: open on the proposals instead, and say so.
  const fellBack = chosen === null && a.result.kind !== 'estimate' && a.shipmentsInLedger.proposed > 0;
  if (fellBack) {
    basis = 'all';
    a = await getJson<Answer>('api/estimate?basis=all');
  }
  const url = `api/estimate?basis=${basis}`;
  const r = a.result;
  const head = html`<h1>Estimates</h1>
    <p class="basis">Basis: <label><input type="radio" name="basis" value="confirmed" ${basis === 'confirmed' ? 'checked' : ''}> ${a.fourEyes ? html`confirmed and approved by a second person (four-eyes) (${a.shipmentsInLedger.approved} of ${a.shipmentsInLedger.confirmed} confirmed)` : html`confirmed shipments (${a.shipmentsInLedger.confirmed})`}</label>
      <label><input type="radio" name="basis" value="all" ${basis === 'all' ? 'checked' : ''}> confirmed + proposed (${a.shipmentsInLedger.confirmed + a.shipmentsInLedger.proposed})</label>
      · <a class="button" href="${url}" download="tallyman-estimate-${basis}.json">estimate JSON</a>
      <a class="button" href="#/estimates" data-how>how it was computed ↓</a></p>
    <p class="basis-used" data-testid="basis-used">Figures below: <b>${basis === 'confirmed' ? a.basisText : 'confirmed and proposed'}</b> shipments (${num(a.shipmentsCounted)})${
      fellBack
        ? html` — <b>PROPOSED, not yet confirmed</b>: nothing is ${a.fourEyes ? 'confirmed and approved' : 'confirmed'} yet, so the page opened on every proposed shipment. Confirm shipments in the <a href="#/ledger">ledger</a> for figures to publish.`
        : basis === 'all'
          ? ' — includes proposed shipments no analyst has confirmed'
          : ''
    }</p>
    ${a.simulated ? html`<p class="sim-note">SIMULATED: every figure below comes from simulated observations.</p>` : ''}`;
  if (r.kind !== 'estimate') {
    el.innerHTML =
      html`${head}<div class="unavailable" data-testid="no-estimate"><p><b>No estimate:</b> ${r.reason ?? ''}</p>
      ${basis === 'confirmed' ? html`<p>Confirm shipments in the <a href="#/ledger">ledger</a>, or include the proposed ones above.</p>` : ''}</div>`.__raw;
  } else {
    const t = r.totals;
    el.innerHTML = html`${head}
      <div class="cards">
        <div class="card"><h4>Containers</h4><p data-testid="containers-median" data-value="${t.containers.median}">${interval(t.containers, 'containers')}</p></div>
        <div class="card"><h4>Munitions</h4><p>${interval(t.munitionsTonnes, 't')}</p></div>
        <div class="card"><h4>Rounds</h4><p>${interval(t.rounds, 'rounds')}</p></div>
        <div class="card"><h4>Value</h4><p>${interval(t.valueUsd, 'USD')}</p></div>
      </div>
      <p class="muted">${r.shipments.used} shipments used (${r.shipments.observed} with container counts, ${r.shipments.imputed} imputed, ${r.shipments.draughtObserved} with a draught change); ${num(a.samples)} Monte Carlo draws, seed ${a.seed}.</p>
      ${r.warnings.length ? html`<div class="warnings">${r.warnings.map((w) => html`<p>⚠ ${w}</p>`)}</div>` : ''}
      <h3>Monthly containers (median, 90% whiskers; red: fleet capacity where known)</h3>
      ${barChart(
        r.monthly.map((m) => ({ label: m.month, ...m.containers, capacity: m.capacityContainers })),
        'containers',
        'containers per month (median; whiskers: 90% interval)',
      )}
      ${r.monthly.every((m) => m.capacityContainers === null) ? html`<p class="muted">Fleet capacity per month is not in the ledger: no capacity line.</p>` : ''}
      <h3>Cumulative rounds (median and 90% band)</h3>
      ${bandChart(
        r.cumulative.map((c) => ({ label: c.month, ...c.rounds })),
        'rounds',
        'rounds delivered, cumulative (median; band: 90% interval)',
      )}
      <h3>What drives the uncertainty (share of the variance of rounds)</h3>
      ${tornadoChart(r.sensitivity.rounds.shares, 'rounds')}
      <h3>Triangulation</h3>
      ${
        r.triangulation.comparisons.length === 0
          ? html`<p class="muted">Only one path (container counts) has data: nothing to compare.</p>`
          : html`<table class="list"><thead><tr><th>scope</th><th>quantity</th><th>path A</th><th>path B</th><th>agree?</th></tr></thead><tbody>${r.triangulation.comparisons.map(
              (c) =>
                html`<tr class="${c.overlap ? '' : 'conflict'}"><td>${c.scope}</td><td>${c.quantity}</td><td>${c.a.path}: ${interval(c.a.figure, c.quantity)}</td><td>${c.b.path}: ${interval(c.b.figure, c.quantity)}</td><td>${c.overlap ? 'intervals overlap' : html`<b>${c.warning ?? 'disagree'}</b>`}</td></tr>`,
            )}</tbody></table>`
      }
      <h3>Published figures beside the model</h3>
      ${
        r.claims.length === 0
          ? html`<p class="muted">No claims with a quantity in the ledger (<code>tallyman claim add</code>).</p>`
          : html`<table class="list"><thead><tr><th>claim</th><th class="n">figure</th><th>period</th><th>grade</th><th>model (same period)</th><th></th></tr></thead><tbody>${r.claims.map(
              (c) =>
                html`<tr><td>${c.statement}</td><td class="n">${qty(c.quantity)} ${c.unit}</td><td>${isoDay(c.periodFromMs)} → ${isoDay(c.periodToMs)}</td><td>${c.grade ?? '—'}</td><td>${interval(c.model, c.unit)}</td><td>${c.withinModelInterval ? 'within' : html`<b>outside</b>`}</td></tr>`,
            )}</tbody></table>`
      }
      <h3 id="how">How it was computed</h3>
      <p>Input: the ledger (${a.basisText} shipments: ${num(a.shipmentsCounted)}), SHA-256 <code>${a.inputSha256.slice(0, 16)}…</code>;
        parameters: <code>${a.paramsFile}</code>, SHA-256 <code>${a.paramsSha256.slice(0, 16)}…</code>; seed ${a.seed}; ${num(a.samples)} draws.
        The same three reproduce every figure: <code>tallyman estimate --seed ${a.seed} --samples ${a.samples}</code> on the same input and parameter file.</p>
      <p>Every fact and figure the parameters rest on, with its source: <a href="api/docs/sources.md" target="_blank" rel="noopener">docs/sources.md</a>.</p>
      <table class="list"><thead><tr><th>parameter</th><th>unit</th><th>distribution</th><th>source</th></tr></thead><tbody>${r.parameters.map(
        (p) =>
          html`<tr><td>${parameterLabel(p.name)} <span class="muted">${p.name}</span></td><td>${p.unit}</td><td>${p.distribution}</td><td>${p.source}</td></tr>`,
      )}</tbody></table>`.__raw;
  }
  for (const input of el.querySelectorAll<HTMLInputElement>('input[name=basis]')) {
    input.onchange = () => {
      chosen = input.value as 'confirmed' | 'all';
      void renderEstimates(el);
    };
  }
  const how = el.querySelector<HTMLAnchorElement>('[data-how]');
  if (how)
    how.onclick = (e) => {
      e.preventDefault();
      el.querySelector('#how')?.scrollIntoView();
    };
}
