/**
 * The one-page brief (print to PDF from the browser): the map as it is, the ledger summary and the
 * estimate's headline figures and charts, each with its interval, and what reproduces them. It
 * says SIMULATED where the data is, and the basis of its figures in words: "confirmed", or under
 * the four-eyes rule (TALLYMAN_FOUR_EYES=1) "confirmed and approved by a second person (four-eyes)".
 */
import { getJson, type Meta } from '../api.js';
import { compact, compactRange, html, isoDay, num, type Raw } from '../format.js';
import { bandChart, barChart } from './charts.js';
import type { Shipment } from './ledger.js';

interface Q {
  median: number;
  p5: number;
  p95: number;
}
interface EstimateAnswer {
  basis: 'confirmed' | 'all';
  fourEyes: boolean;
  basisText: string;
  shipmentsCounted: number;
  seed: number;
  samples: number;
  paramsSha256: string;
  inputSha256: string;
  result: {
    kind: 'estimate' | 'no-observations';
    reason?: string;
    totals?: { containers: Q; munitionsTonnes: Q; rounds: Q; valueUsd: Q };
    monthly?: Array<{ month: string; containers: Q; capacityContainers: number | null }>;
    cumulative?: Array<{ month: string; rounds: Q }>;
  };
}

const iv = (q: Q, unit: string): Raw =>
  html`<b>${compact(q.median, unit)}</b> (90%: ${compactRange(q.p5, q.p95, unit)})`;

export async function renderBrief(
  el: HTMLElement,
  meta: Meta,
  mapPng: string,
  range: [number, number],
): Promise<void> {
  el.innerHTML = '<p class="muted">preparing the brief …</p>';
  const ledger = await getJson<{ counts: Record<string, number>; shipments: Shipment[] }>('api/shipments');
  let est = await getJson<EstimateAnswer>('api/estimate?basis=confirmed');
  // With nothing confirmed yet, the brief shows the proposals' estimate and says so.
  if (est.result.kind !== 'estimate') est = await getJson<EstimateAnswer>('api/estimate?basis=all');
  const confirmed = ledger.shipments
    .filter((s) => s.status === 'confirmed')
    .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
  const r = est.result;
  el.innerHTML = html`<article class="brief">
    <p class="no-print"><button type="button" class="print">Print / save as PDF</button> <a href="#/map">back to the map</a></p>
    ${meta.simulated ? html`<p class="brief-sim"><b>SIMULATED DATA</b> — every track, figure and identifier below comes from a simulated scenario.</p>` : ''}
    <h1>tallyman brief${meta.simulated ? ' (SIMULATED)' : ''}</h1>
    <p class="muted">Prepared ${isoDay(Date.now())} · map period ${isoDay(range[0])} → ${isoDay(range[1])} · ${num(meta.counts.vessels)} vessels, ${num(meta.counts.positions)} positions (${meta.engine})</p>
    <img class="brief-map" src="${mapPng}" alt="map of the tracks and events">
    <h3>Ledger</h3>
    <p>${num(ledger.counts.confirmed ?? 0)} confirmed, ${num(ledger.counts.proposed ?? 0)} proposed, ${num(ledger.counts.rejected ?? 0)} rejected shipments.</p>
    ${
      confirmed.length === 0
        ? html`<p class="muted">No shipment confirmed yet.</p>`
        : html`<table class="list"><thead><tr><th>no.</th><th>vessel</th><th>route</th><th>departed</th><th>containers</th><th>conf.</th></tr></thead><tbody>${confirmed.map(
            (s) =>
              html`<tr><td>${s.number}</td><td>${s.vesselName ?? s.mmsi}</td><td>${s.originAreaId} → ${s.destinationAreaId}${s.dark ? ' (dark)' : ''}</td><td>${isoDay(s.departMs)}</td><td>${
                (s.containersLoaded ?? s.containersDischarged)
                  ? `${num((s.containersLoaded ?? s.containersDischarged)!.min)}–${num((s.containersLoaded ?? s.containersDischarged)!.max)}`
                  : '—'
              }</td><td>${s.confidence}/4</td></tr>`,
          )}</tbody></table>`
    }
    <h3>Estimate (${est.basis === 'confirmed' ? 'confirmed shipments' : 'confirmed and proposed shipments'})</h3>
    <p class="brief-basis" data-testid="brief-basis">Basis: <b>${est.basisText}</b> shipments (${num(est.shipmentsCounted)})${
      est.basis === 'all'
        ? html` — nothing on the published basis (${est.fourEyes ? 'confirmed and approved by a second person (four-eyes)' : 'confirmed'}) gives an estimate yet`
        : est.fourEyes
          ? ' — a confirmation counts only once a reviewer other than the confirmer has approved it'
          : ''
    }.</p>
    ${
      r.kind !== 'estimate' || !r.totals
        ? html`<p class="muted">No estimate: ${r.reason ?? ''}</p>`
        : html`<table class="list brief-figures" data-testid="brief-figures"><thead><tr><th>figure</th><th>median</th><th>90% interval</th></tr></thead><tbody>
            <tr><td>Containers</td><td>${compact(r.totals.containers.median, 'containers')}</td><td>${compactRange(r.totals.containers.p5, r.totals.containers.p95, 'containers')}</td></tr>
            <tr><td>Munitions</td><td>${compact(r.totals.munitionsTonnes.median, 't')}</td><td>${compactRange(r.totals.munitionsTonnes.p5, r.totals.munitionsTonnes.p95, 't')}</td></tr>
            <tr><td>Rounds</td><td>${compact(r.totals.rounds.median, 'rounds')}</td><td>${compactRange(r.totals.rounds.p5, r.totals.rounds.p95, 'rounds')}</td></tr>
            <tr><td>Value</td><td>${compact(r.totals.valueUsd.median, 'USD')}</td><td>${compactRange(r.totals.valueUsd.p5, r.totals.valueUsd.p95, 'USD')}</td></tr>
          </tbody></table>
          <p class="muted small">In words: ${iv(r.totals.rounds, 'rounds')}, worth ${iv(r.totals.valueUsd, 'USD')}.</p>
          <h4>Containers per month</h4>
          ${barChart(
            (r.monthly ?? []).map((m) => ({
              label: m.month,
              ...m.containers,
              capacity: m.capacityContainers,
            })),
            'containers',
            'containers per month (median; whiskers: 90% interval)',
          )}
          <h4>Rounds delivered, cumulative</h4>
          ${bandChart(
            (r.cumulative ?? []).map((c) => ({ label: c.month, ...c.rounds })),
            'rounds',
            'rounds, cumulative (median; band: 90% interval)',
          )}`
    }
    <h3>Sources</h3>
    <p class="small brief-sources" data-testid="brief-sources">Tracks and events: AIS as ingested into this store${meta.simulated ? ' (SIMULATED scenario)' : ''}; shipments: the tallyman ledger (${num(ledger.counts.confirmed ?? 0)} confirmed by analysts). Estimate parameters, areas, fleet and published figures: docs/sources.md in the tallyman repository (each figure with its source; served at /api/docs/sources.md). Confidence 1–4: docs/confidence.md. Basemap: Natural Earth (public domain).</p>
    <p class="muted small">Reproduce: seed ${est.seed}, ${num(est.samples)} draws, parameters SHA-256 ${est.paramsSha256.slice(0, 16)}…, input SHA-256 ${est.inputSha256.slice(0, 16)}… (data/estimate-params.json; /api/estimate).</p>
  </article>`.__raw;
  el.querySelector<HTMLButtonElement>('button.print')!.onclick = () => window.print();
  // `tallyman brief --pdf` prints once this is set (src/cli/brief.ts).
  document.documentElement.dataset.briefReady = 'true';
}
