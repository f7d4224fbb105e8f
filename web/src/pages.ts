/**
 * The module pages (ledger, evidence, imagery, estimates). Each asks /api/meta whether its module is
 * there; when it is not, the page says so and why, and shows nothing else.
 */
import type { Meta } from './api.js';
import { html } from './format.js';
import { renderAlerts } from './pages/alerts.js';
import { renderEstimates } from './pages/estimates.js';
import { renderEvidence } from './pages/evidence.js';
import { renderImagery } from './pages/imagery.js';
import { renderLedger } from './pages/ledger.js';

/** `module: null`: always there (alert rules live in the store whatever else is installed). */
const TITLES: Record<string, { title: string; module: string | null }> = {
  ledger: { title: 'Shipment ledger', module: 'ledger' },
  evidence: { title: 'Evidence', module: 'evidence' },
  imagery: { title: 'Imagery', module: 'imagery' },
  estimates: { title: 'Estimates', module: 'estimate' },
  alerts: { title: 'Alerts', module: null },
};

export type PageRenderer = (el: HTMLElement, meta: Meta) => Promise<void>;

/** Pages whose modules have landed register here (see the page files). */
export const PAGES: Record<string, PageRenderer> = {
  ledger: (el) => renderLedger(el),
  evidence: (el) => renderEvidence(el),
  estimates: (el) => renderEstimates(el),
  imagery: (el) => renderImagery(el),
  alerts: (el) => renderAlerts(el),
};

export async function renderModulePage(el: HTMLElement, page: string, meta: Meta): Promise<void> {
  const t = TITLES[page];
  if (t === undefined) {
    el.innerHTML =
      html`<h1>Not found</h1><p>No page "${page}". <a href="#/map">Back to the map</a>.</p>`.__raw;
    return;
  }
  const status = t.module === null ? { available: true, reason: null } : meta.modules[t.module];
  const render = PAGES[page];
  if (status?.available && render !== undefined) {
    await render(el, meta);
    return;
  }
  el.innerHTML = html`<h1>${t.title}</h1>
    <div class="unavailable" data-testid="unavailable">
      <p><b>Not available yet.</b> ${status?.reason ?? 'The server does not report this module.'}</p>
      <p>Nothing is shown here until the module exists: no placeholder figures.</p>
    </div>`.__raw;
}
