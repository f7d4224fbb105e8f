/**
 * The ledger page: the shipments table (sortable by any column, filterable by status, vessel and
 * date), confirm or reject with a reason, and the evidence behind each shipment.
 */
import { getJson, postJson, query } from '../api.js';
import { hours, html, isoDay, isoMinute, num, type Raw } from '../format.js';

interface Range {
  min: number;
  max: number;
}
export interface Shipment {
  id: number;
  status: 'proposed' | 'confirmed' | 'rejected';
  number: number | null;
  mmsi: number;
  vesselName: string | null;
  originAreaId: string;
  originKind: string;
  destinationAreaId: string;
  destinationKind: string;
  departMs: number;
  arriveMs: number;
  transitMs: number;
  dark: boolean;
  confidence: number;
  supports: Array<{ kind: string; role: string; ref: string }>;
  draughtFromM: number | null;
  draughtToM: number | null;
  cargoMassT: Range | null;
  containersLoaded: Range | null;
  containersDischarged: Range | null;
  decidedBy: string | null;
  decisionReason: string | null;
  /** Four-eyes: who approved the confirmation (never its confirmer), else null. */
  approvedBy: string | null;
  review: { reason: string } | null;
  note: string | null;
}
interface Answer {
  simulated: boolean;
  counts: Record<'proposed' | 'confirmed' | 'rejected', number>;
  shipments: Shipment[];
}

const range = (r: Range | null) =>
  r === null ? '—' : r.min === r.max ? num(r.min) : `${num(r.min)}–${num(r.max)}`;

type Key =
  | 'id'
  | 'number'
  | 'status'
  | 'vessel'
  | 'route'
  | 'departMs'
  | 'transitMs'
  | 'dark'
  | 'confidence'
  | 'containers';
const COLUMNS: Array<{ key: Key; label: string; value: (s: Shipment) => string | number }> = [
  { key: 'id', label: 'id', value: (s) => s.id },
  { key: 'number', label: 'no.', value: (s) => s.number ?? Number.POSITIVE_INFINITY },
  { key: 'status', label: 'status', value: (s) => s.status },
  { key: 'vessel', label: 'vessel', value: (s) => s.vesselName ?? String(s.mmsi) },
  { key: 'route', label: 'route', value: (s) => `${s.originAreaId}→${s.destinationAreaId}` },
  { key: 'departMs', label: 'departed', value: (s) => s.departMs },
  { key: 'transitMs', label: 'transit', value: (s) => s.transitMs },
  { key: 'dark', label: 'dark', value: (s) => (s.dark ? 1 : 0) },
  { key: 'confidence', label: 'conf.', value: (s) => s.confidence },
  {
    key: 'containers',
    label: 'containers',
    value: (s) => s.containersLoaded?.max ?? s.containersDischarged?.max ?? -1,
  },
];

export async function renderLedger(el: HTMLElement): Promise<void> {
  const state = {
    status: '',
    vessel: '',
    from: '',
    to: '',
    sort: 'departMs' as Key,
    desc: false,
    open: null as number | null,
  };
  let data = await getJson<Answer>('api/shipments');

  const rows = () => {
    const col = COLUMNS.find((c) => c.key === state.sort)!;
    const fromMs = state.from ? Date.parse(`${state.from}T00:00:00Z`) : -Infinity;
    const toMs = state.to ? Date.parse(`${state.to}T23:59:59Z`) : Infinity;
    const v = state.vessel.trim().toLowerCase();
    return data.shipments
      .filter(
        (s) =>
          (state.status === '' || s.status === state.status) && s.departMs >= fromMs && s.departMs <= toMs,
      )
      .filter((s) => v === '' || String(s.mmsi).includes(v) || (s.vesselName ?? '').toLowerCase().includes(v))
      .sort((a, b) => {
        const x = col.value(a);
        const y = col.value(b);
        const c = x < y ? -1 : x > y ? 1 : a.id - b.id;
        return state.desc ? -c : c;
      });
  };

  const detail = (s: Shipment): Raw => html`<tr class="detail"><td colspan="${COLUMNS.length + 1}">
      <div class="detail-grid">
        <div><b>${s.originAreaId}</b> (${s.originKind} call) ${isoMinute(s.departMs)} → <b>${s.destinationAreaId}</b>
          (${s.destinationKind} call) ${isoMinute(s.arriveMs)}, ${hours(s.transitMs)}${s.dark ? ', dark leg' : ''}</div>
        <div>draught ${num(s.draughtFromM, 1)} → ${num(s.draughtToM, 1)} m · cargo ${range(s.cargoMassT)} t ·
          containers loaded ${range(s.containersLoaded)}, discharged ${range(s.containersDischarged)}</div>
        <div>evidence: ${s.supports.map((x) => html`<span class="chip" title="${x.ref}">${x.kind} (${x.role})</span>`)}</div>
        ${s.decisionReason ? html`<div>${s.status} by ${s.decidedBy}: “${s.decisionReason}”</div>` : ''}
        ${s.approvedBy ? html`<div>approved by ${s.approvedBy} (four-eyes)</div>` : s.status === 'confirmed' ? html`<div class="muted">not yet approved by a second person (four-eyes)</div>` : ''}
        ${s.review ? html`<div class="review">needs review: ${s.review.reason}</div>` : ''}
        <div><a href="#/vessel/${s.mmsi}">vessel page</a></div>
      </div>
      ${
        s.status === 'proposed'
          ? html`<form class="decide" data-id="${s.id}">
              <input name="reason" required placeholder="reason (required), e.g. dark call at Dunai matches imagery" size="60">
              <button type="submit" name="decision" value="confirm" data-testid="confirm-${s.id}">Confirm</button>
              <button type="submit" name="decision" value="reject">Reject</button>
              <output class="error"></output>
            </form>`
          : s.status === 'confirmed' && !s.approvedBy
            ? html`<form class="decide" data-id="${s.id}" data-action="approve">
              <input name="reason" required placeholder="reason (required), e.g. checked the imagery and the call" size="60">
              <button type="submit" name="decision" value="approve" data-testid="approve-${s.id}">Approve (four-eyes)</button>
              <output class="error"></output>
            </form>`
            : ''
      }
    </td></tr>`;

  const render = () => {
    const list = rows();
    el.innerHTML = html`<h1>Shipment ledger</h1>
      <p>${num(data.counts.confirmed)} confirmed · ${num(data.counts.proposed)} proposed · ${num(data.counts.rejected)} rejected
        · <a class="button" href="api/export/shipments.csv" download>CSV</a>
        <a class="button" href="api/export/shipments.kml" download>KML</a></p>
      ${
        data.shipments.length === 0
          ? html`<p class="unavailable">No shipments yet: run <code>tallyman shipments propose</code> (npm start does on first run).</p>`
          : ''
      }
      <form class="filters">
        <label>status <select name="status">
          ${['', 'proposed', 'confirmed', 'rejected'].map((s) => html`<option value="${s}" ${s === state.status ? 'selected' : ''}>${s || 'all'}</option>`)}
        </select></label>
        <label>vessel <input name="vessel" value="${state.vessel}" placeholder="name or MMSI" size="14"></label>
        <label>departed from <input type="date" name="from" value="${state.from}"></label>
        <label>to <input type="date" name="to" value="${state.to}"></label>
        <span class="muted">${num(list.length)} shown</span>
      </form>
      <table class="list ledger">
        <thead><tr>${COLUMNS.map(
          (c) =>
            html`<th class="sortable" data-key="${c.key}">${c.label}${state.sort === c.key ? (state.desc ? ' ▼' : ' ▲') : ''}</th>`,
        )}<th></th></tr></thead>
        <tbody>${list.map(
          (s) => html`<tr class="row ${s.status}" data-id="${s.id}">
            <td>${s.id}</td><td>${s.number ?? ''}</td><td>${s.status}${s.review ? ' ⚑' : ''}</td>
            <td>${s.vesselName ?? ''} <span class="muted">${s.mmsi}</span></td>
            <td>${s.originAreaId} → ${s.destinationAreaId}</td><td>${isoDay(s.departMs)}</td>
            <td class="n">${hours(s.transitMs)}</td><td>${s.dark ? 'dark' : ''}</td><td class="n">${s.confidence}/4</td>
            <td class="n">${range(s.containersLoaded ?? s.containersDischarged)}</td>
            <td><button type="button" class="open" data-id="${s.id}">${state.open === s.id ? 'close' : 'open'}</button></td>
          </tr>${state.open === s.id ? detail(s) : ''}`,
        )}</tbody>
      </table>`.__raw;
  };

  el.onclick = (e) => {
    const t = e.target as HTMLElement;
    const th = t.closest<HTMLElement>('th.sortable');
    if (th) {
      const key = th.dataset.key as Key;
      state.desc = state.sort === key ? !state.desc : false;
      state.sort = key;
      render();
      return;
    }
    const open = t.closest<HTMLElement>('button.open');
    if (open) {
      const id = Number(open.dataset.id);
      state.open = state.open === id ? null : id;
      render();
    }
  };
  el.oninput = (e) => {
    const t = e.target as HTMLInputElement;
    if (!t.closest('form.filters')) return;
    (state as Record<string, unknown>)[t.name] = t.value;
    render();
    el.querySelector<HTMLInputElement>(`form.filters [name=${t.name}]`)?.focus();
  };
  el.onsubmit = async (e) => {
    const form = (e.target as HTMLElement).closest<HTMLFormElement>('form.decide');
    if (!form) return;
    e.preventDefault();
    const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    const reason = new FormData(form).get('reason')?.toString() ?? '';
    try {
      if (form.dataset.action === 'approve')
        await postJson(`api/shipments/${form.dataset.id}/approve`, { reason });
      else
        await postJson(`api/shipments/${form.dataset.id}/decision`, {
          decision: submitter?.value ?? 'confirm',
          reason,
        });
      data = await getJson<Answer>(`api/shipments${query({})}`);
      render();
    } catch (err) {
      form.querySelector('output')!.textContent = (err as Error).message;
    }
  };
  render();
}
