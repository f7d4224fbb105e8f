/**
 * The alerts page: the alert rules (add, enable or disable, delete — each audited under the user's
 * name by the server) and the alerts `tallyman watch` raised, newest first, with the evidence
 * behind each (its fixes and events); new alerts arrive live over the server-sent event stream.
 */
import { RULE_KINDS } from '../../../src/live/rule-kinds.js';
import { getJson, postJson } from '../api.js';
import { html, raw } from '../format.js';
import type { LiveAlert } from '../live.js';

interface Rule {
  id: number;
  name: string;
  spec: {
    kind: string;
    area?: string;
    nearM?: number;
    silenceMs?: number;
    vessels?: { mmsis: number[]; imos: number[]; names: string[]; sanctioned: boolean };
  };
  enabled: boolean;
  createdBy: string;
  createdMs: number;
}

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function describe(r: Rule): string {
  const s = r.spec;
  const v = s.vessels;
  const parts = [s.kind, s.area ? `area ${s.area}` : ''];
  if (v !== undefined)
    parts.push(
      [
        v.mmsis.length ? `MMSI ${v.mmsis.join(', ')}` : '',
        v.imos.length ? `IMO ${v.imos.join(', ')}` : '',
        v.names.length ? `names ${v.names.join(', ')}` : '',
        v.sanctioned ? 'sanctioned vessels' : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  return parts.filter(Boolean).join(' · ');
}

function alertRow(a: LiveAlert) {
  const ev = a.evidence;
  return html`<tr data-testid="alert-${a.id}"><td>${when(a.tsMs)}</td><td>${a.simulated ? raw('<span class="chip sim">SIMULATED</span> ') : ''}${a.ruleName}</td><td>${a.title}</td><td><a href="#/vessel/${a.mmsi}">${a.mmsi}</a></td><td title="${ev.positions.map((p) => `${when(p.tsMs)} ${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}`).join('\n')}">${ev.positions.length} fixes${ev.events.length ? `, ${ev.events.map((e) => `${e.type}${e.revision ? ` rev ${e.revision}` : ''}`).join(', ')}` : ''}</td></tr>`;
}

export async function renderAlerts(el: HTMLElement): Promise<void> {
  const [rules, raised] = await Promise.all([
    getJson<{ rules: Rule[] }>('api/alerts/rules'),
    getJson<{ simulated: boolean; alerts: LiveAlert[] }>('api/alerts?limit=200'),
  ]);
  el.innerHTML = html`<h1>Alerts</h1>
    ${raised.simulated ? raw('<p class="banner-inline"><b>SIMULATED</b>: these alerts were raised on simulated data.</p>') : ''}
    <p class="muted">Raised by <code>tallyman watch</code> as live data arrives; delivered here, by webhook and over MQTT.</p>
    <h2>Rules</h2>
    ${
      rules.rules.length === 0
        ? raw('<p class="muted">No rules yet.</p>')
        : html`<table class="list rules"><thead><tr><th>id</th><th>name</th><th>what</th><th>by</th><th></th></tr></thead><tbody>${rules.rules.map(
            (r) =>
              html`<tr data-testid="rule-${r.id}"><td>${r.id}</td><td>${r.name}</td><td>${describe(r)}</td><td>${r.createdBy}, ${when(r.createdMs)}</td><td><button type="button" data-toggle="${r.id}" data-enabled="${r.enabled ? '1' : '0'}">${r.enabled ? 'disable' : 'enable'}</button> <button type="button" data-delete="${r.id}">delete</button></td></tr>`,
          )}</tbody></table>`
    }
    <form class="rule-form" data-testid="rule-form">
      <label>name <input name="name" required maxlength="200" /></label>
      <label>kind <select name="kind">${RULE_KINDS.map((k) => html`<option>${k}</option>`)}</select></label>
      <label>area <input name="area" placeholder="rajin" /></label>
      <label>MMSI <input name="mmsis" placeholder="273219870, …" /></label>
      <label>IMO <input name="imos" /></label>
      <label>names <input name="names" placeholder="MAIA-1, …" /></label>
      <label><input type="checkbox" name="sanctioned" /> sanctioned vessels</label>
      <button type="submit">Add rule</button> <output class="rule-result"></output>
    </form>
    <h2>Raised <span class="muted live-state">(live)</span></h2>
    <table class="list alerts"><thead><tr><th>time</th><th>rule</th><th>what</th><th>MMSI</th><th>evidence</th></tr></thead>
    <tbody>${[...raised.alerts].reverse().map(alertRow)}</tbody></table>`.__raw;

  const out = el.querySelector('.rule-result') as HTMLOutputElement;
  const reload = () => void renderAlerts(el);
  el.querySelector('form')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const list = (k: string) =>
      String(f.get(k) ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    const vessels = {
      mmsis: list('mmsis').map(Number),
      imos: list('imos').map(Number),
      names: list('names'),
      sanctioned: f.get('sanctioned') === 'on',
    };
    const hasVessels =
      vessels.mmsis.length + vessels.imos.length + vessels.names.length > 0 || vessels.sanctioned;
    const area = String(f.get('area') ?? '').trim();
    const spec = {
      kind: String(f.get('kind')),
      ...(area ? { area } : {}),
      ...(hasVessels ? { vessels } : {}),
    };
    postJson('api/alerts/rules', { name: String(f.get('name')), spec }).then(reload, (err: Error) => {
      out.textContent = err.message;
    });
  });
  for (const b of el.querySelectorAll<HTMLButtonElement>('button[data-toggle]'))
    b.addEventListener('click', () => {
      postJson(`api/alerts/rules/${b.dataset.toggle}`, { enabled: b.dataset.enabled !== '1' }).then(
        reload,
        (err: Error) => {
          out.textContent = err.message;
        },
      );
    });
  for (const b of el.querySelectorAll<HTMLButtonElement>('button[data-delete]'))
    b.addEventListener('click', () => {
      postJson(`api/alerts/rules/${b.dataset.delete}/delete`, {}).then(reload, (err: Error) => {
        out.textContent = err.message;
      });
    });

  // new alerts, as they are stored, at the top of the table
  const tbody = el.querySelector('table.alerts tbody') as HTMLElement;
  const last = raised.alerts.at(-1)?.id ?? 0;
  const es = new EventSource(`api/alerts/stream?afterId=${last}`);
  es.addEventListener('alert', (e) => {
    const a = JSON.parse((e as MessageEvent).data) as LiveAlert;
    tbody.insertAdjacentHTML('afterbegin', alertRow(a).__raw);
  });
  const stop = () => {
    es.close();
    window.removeEventListener('hashchange', stop);
  };
  window.addEventListener('hashchange', stop);
}
