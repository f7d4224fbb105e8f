/**
 * The ledger page: the shipments table (sortable by any column, filterable by status, vessel and
 * date), confirm or reject with a reason, and the evidence behind each shipment.
 */
import { getJson, postJson, query, type ShipmentEvidence } from '../api.js';
import { hours, html, isoDay, isoMinute, num, type Raw } from '../format.js';

interface Range {
  min: number;
  max: number;
}
export interface Shipment {
  id: number;
  status: 'proposed' | 'confirmed' | 'rejected';
  /** Given on first confirmation, never changed (a citable number). */
  number: number | null;
  /** Confirmed: 1, 2, … by departure (moves when an earlier one is confirmed). */
  dateOrder?: number | null;
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
/** Where confidence is explained: docs/confidence.md, served by the workbench (no network). */
export const DOCS_CONFIDENCE = 'api/docs/confidence.md';

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
  | 'dateOrder'
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
  { key: 'dateOrder', label: 'by date', value: (s) => s.dateOrder ?? Number.POSITIVE_INFINITY },
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

/** The filter form's fields, each a string of LedgerState. */
const FILTER_FIELDS = ['status', 'vessel', 'from', 'to'] as const;

interface LedgerState {
  status: string;
  vessel: string;
  from: string;
  to: string;
  sort: Key;
  desc: boolean;
  open: number | null;
}

/** A shipment's confidence and evidence items, or where they are in coming. */
function evidenceBlock(s: Shipment, e: ShipmentEvidence | Error | undefined): Raw {
  if (e === undefined) return html`<div class="muted">evidence: loading…</div>`;
  if (e instanceof Error) return html`<div class="error">evidence: ${e.message}</div>`;
  return html`<div class="evidence-beside" data-testid="evidence-${s.id}">
    <div><b>confidence ${e.confidence.level}/4</b> <span class="muted">(1 weak … 4 strong; ${e.confidence.levels
      .filter((l) => l.level > 1)
      .map((l) => `${l.level} from ${l.minPoints} points`)
      .join(', ')})</span>: ${e.confidence.points} points from
      ${e.confidence.findings.map(
        (f) =>
          html`<span class="chip ${f.points === 0 ? 'muted' : ''}" title="${f.kind} ${f.ref}">${f.label} +${f.points}</span>`,
      )}
      <a href="${DOCS_CONFIDENCE}" target="_blank" rel="noopener">how confidence is scored</a></div>
    ${
      e.evidence.length === 0
        ? html`<div class="muted">no evidence item linked yet (<code>tallyman evidence link ID --shipment ${s.id}</code>)</div>`
        : html`<table class="list evidence-items"><thead><tr><th>#</th><th>title</th><th>grade</th><th>kind</th><th>SHA-256</th><th>how</th><th>file</th></tr></thead>
          <tbody>${e.evidence.map(
            (
              x,
            ) => html`<tr><td>${x.id}</td><td>${x.title}${x.simulated ? html` <span class="sim">SIMULATED</span>` : ''}</td>
              <td title="NATO Admiralty code: source reliability A–F, information credibility 1–6">${x.grade}</td><td>${x.kind}</td>
              <td><code title="${x.sha256}">${x.sha256.slice(0, 12)}…</code></td><td>${x.via}</td>
              <td><a href="${x.fileUrl}" target="_blank" rel="noopener">${x.fileName}</a></td></tr>`,
          )}</tbody></table>`
    }
  </div>`;
}

/** The shipments the filters let through, in the chosen order. */
function visibleRows(data: Answer, state: LedgerState): Shipment[] {
  const col = COLUMNS.find((c) => c.key === state.sort)!;
  // A half-typed date filters nothing until it is a whole YYYY-MM-DD.
  const day = (d: string, t: string, none: number) => {
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(d) ? Date.parse(`${d}T${t}Z`) : Number.NaN;
    return Number.isFinite(ms) ? ms : none;
  };
  const fromMs = day(state.from, '00:00:00', -Infinity);
  const toMs = day(state.to, '23:59:59', Infinity);
  const v = state.vessel.trim().toLowerCase();
  return data.shipments
    .filter(
      (s) => (state.status === '' || s.status === state.status) && s.departMs >= fromMs && s.departMs <= toMs,
    )
    .filter((s) => v === '' || String(s.mmsi).includes(v) || (s.vesselName ?? '').toLowerCase().includes(v))
    .sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      const c = x < y ? -1 : x > y ? 1 : a.id - b.id;
      return state.desc ? -c : c;
    });
}

/** The open row: the legs, the evidence, the decisions so far and the form for the next one. */
function detailRow(
  s: Shipment,
  e: ShipmentEvidence | Error | undefined,
  draft: string,
  refusal: string,
): Raw {
  return html`<tr class="detail"><td colspan="${COLUMNS.length + 1}">
    <div class="detail-grid">
      <div><b>${s.originAreaId}</b> (${s.originKind} call) ${isoMinute(s.departMs)} → <b>${s.destinationAreaId}</b>
        (${s.destinationKind} call) ${isoMinute(s.arriveMs)}, ${hours(s.transitMs)}${s.dark ? ', dark leg' : ''}</div>
      <div>draught ${num(s.draughtFromM, 1)} → ${num(s.draughtToM, 1)} m · cargo ${range(s.cargoMassT)} t ·
        containers loaded ${range(s.containersLoaded)}, discharged ${range(s.containersDischarged)}</div>
      ${evidenceBlock(s, e)}
      ${s.decisionReason ? html`<div>${s.status} by ${s.decidedBy}: “${s.decisionReason}”</div>` : ''}
      ${s.approvedBy ? html`<div>approved by ${s.approvedBy} (four-eyes)</div>` : s.status === 'confirmed' ? html`<div class="muted">not yet approved by a second person (four-eyes)</div>` : ''}
      ${s.review ? html`<div class="review">needs review: ${s.review.reason}</div>` : ''}
      <div><a href="#/vessel/${s.mmsi}">vessel page</a></div>
    </div>
    ${
      s.status === 'proposed'
        ? html`<form class="decide" data-id="${s.id}">
            <input name="reason" required value="${draft}" placeholder="reason (required), e.g. dark call at Dunai matches imagery" size="60">
            <button type="submit" name="decision" value="confirm" data-testid="confirm-${s.id}">Confirm</button>
            <button type="submit" name="decision" value="reject">Reject</button>
            <output class="error">${refusal}</output>
          </form>`
        : s.status === 'confirmed' && !s.approvedBy
          ? html`<form class="decide" data-id="${s.id}" data-action="approve">
            <input name="reason" required value="${draft}" placeholder="reason (required), e.g. checked the imagery and the call" size="60">
            <button type="submit" name="decision" value="approve" data-testid="approve-${s.id}">Approve (four-eyes)</button>
            <output class="error">${refusal}</output>
          </form>`
          : ''
    }
  </td></tr>`;
}

/** One shipment's line in the table. */
function shipmentRow(s: Shipment, open: boolean): Raw {
  return html`<tr class="row ${s.status}" data-id="${s.id}">
            <td>${s.id}</td><td class="n" data-testid="number-${s.id}">${s.number ?? ''}</td>
            <td class="n muted" title="position by departure among confirmed shipments">${s.dateOrder ?? ''}</td>
            <td>${s.status}${s.review ? ' ⚑' : ''}${s.status === 'rejected' && s.number !== null ? html` <span class="muted" title="a number once given is never given again">(no. ${s.number} retired)</span>` : ''}</td>
            <td>${s.vesselName ?? ''} <span class="muted">${s.mmsi}</span></td>
            <td>${s.originAreaId} → ${s.destinationAreaId}</td><td>${isoDay(s.departMs)}</td>
            <td class="n">${hours(s.transitMs)}</td><td>${s.dark ? 'dark' : ''}</td><td class="n" title="confidence 1 (weak) … 4 (strong) from the findings: open the row for which ones">${s.confidence}/4</td>
            <td class="n">${range(s.containersLoaded ?? s.containersDischarged)}</td>
            <td><button type="button" class="open" data-id="${s.id}">${open ? 'close' : 'open'}</button></td>
          </tr>`;
}

export async function renderLedger(el: HTMLElement): Promise<void> {
  const state: LedgerState = {
    status: '',
    vessel: '',
    from: '',
    to: '',
    sort: 'departMs',
    desc: false,
    // `#/ledger/ID` (the search box, the evidence page) opens that shipment.
    open: Number(/^#\/ledger\/(\d+)/.exec(location.hash)?.[1] ?? 0) || null,
  };
  let data = await getJson<Answer>('api/shipments');
  /** Each opened shipment's evidence and confidence, fetched once (cleared after a decision). */
  const evidence = new Map<number, ShipmentEvidence | Error>();
  /** Fetches a shipment's evidence and draws it (an error in its place) if its row is still open. */
  const loadEvidence = async (id: number): Promise<void> => {
    try {
      evidence.set(id, await getJson<ShipmentEvidence>(`api/shipments/${id}/evidence`));
    } catch (err) {
      evidence.set(id, err as Error);
    }
    if (state.open === id) render();
  };
  /** Reasons being typed, by shipment: a render (the evidence arriving) must not wipe them. */
  const draftReasons = new Map<number, string>();
  /** The server's refusal of a decision, by shipment: kept across renders like the reasons. */
  const decisionErrors = new Map<number, string>();

  const render = () => {
    const list = visibleRows(data, state);
    // A reason being typed keeps its focus and caret when the evidence lands mid-sentence.
    const typing = document.activeElement?.closest<HTMLFormElement>('form.decide')?.dataset.id;
    el.innerHTML = html`<h1>Shipment ledger</h1>
      <p>${num(data.counts.confirmed)} confirmed · ${num(data.counts.proposed)} proposed · ${num(data.counts.rejected)} rejected
        · <a class="button" href="api/export/shipments.csv" download>CSV</a>
        <a class="button" href="api/export/shipments.kml" download>KML</a>
        <a class="button" href="api/export/shipments.parquet" download title="GeoParquet 1.1, for DuckDB, QGIS, GeoPandas">GeoParquet</a></p>
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
        <label>departed from <input name="from" value="${state.from}" placeholder="YYYY-MM-DD" pattern="\\d{4}-\\d{2}-\\d{2}" size="11"></label>
        <label>to <input name="to" value="${state.to}" placeholder="YYYY-MM-DD" pattern="\\d{4}-\\d{2}-\\d{2}" size="11"></label>
        <span class="muted">${num(list.length)} shown</span>
      </form>
      <table class="list ledger">
        <thead><tr>${COLUMNS.map(
          (c) =>
            html`<th class="sortable" data-key="${c.key}">${c.label}${state.sort === c.key ? (state.desc ? ' ▼' : ' ▲') : ''}</th>`,
        )}<th></th></tr></thead>
        <tbody>${list.map(
          (s) =>
            html`${shipmentRow(s, state.open === s.id)}${
              state.open === s.id
                ? detailRow(
                    s,
                    evidence.get(s.id),
                    draftReasons.get(s.id) ?? '',
                    decisionErrors.get(s.id) ?? '',
                  )
                : ''
            }`,
        )}</tbody>
      </table>`.__raw;
    if (typing !== undefined) {
      const input = el.querySelector<HTMLInputElement>(`form.decide[data-id="${typing}"] [name=reason]`);
      input?.focus();
      input?.setSelectionRange(input.value.length, input.value.length);
    }
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
      if (state.open !== null && !evidence.has(id)) void loadEvidence(id);
    }
  };
  el.oninput = (e) => {
    const t = e.target as HTMLInputElement;
    const decide = t.closest<HTMLFormElement>('form.decide');
    if (decide && t.name === 'reason') {
      draftReasons.set(Number(decide.dataset.id), t.value);
      return;
    }
    if (!t.closest('form.filters')) return;
    const field = FILTER_FIELDS.find((f) => f === t.name);
    if (field === undefined) return;
    state[field] = t.value;
    render();
    el.querySelector<HTMLInputElement>(`form.filters [name=${t.name}]`)?.focus();
  };
  el.onsubmit = async (e) => {
    const form = (e.target as HTMLElement).closest<HTMLFormElement>('form.decide');
    if (!form) return;
    e.preventDefault();
    const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    const reason = new FormData(form).get('reason')?.toString() ?? '';
    const id = Number(form.dataset.id);
    decisionErrors.delete(id);
    try {
      if (form.dataset.action === 'approve')
        await postJson(`api/shipments/${form.dataset.id}/approve`, { reason });
      else
        await postJson(`api/shipments/${form.dataset.id}/decision`, {
          decision: submitter?.value ?? 'confirm',
          reason,
        });
      data = await getJson<Answer>(`api/shipments${query({})}`);
      evidence.delete(id);
      draftReasons.delete(id);
      render();
      if (state.open === id) void loadEvidence(id);
    } catch (err) {
      decisionErrors.set(id, (err as Error).message);
      // the form on screen, not the submitted one: a render may have replaced it meanwhile
      const shown = el.querySelector(`form.decide[data-id="${id}"] output`);
      if (shown) shown.textContent = (err as Error).message;
    }
  };
  render();
  if (state.open !== null) {
    const id = state.open;
    void loadEvidence(id).then(() =>
      el.querySelector(`tr.row[data-id="${id}"]`)?.scrollIntoView({ block: 'center' }),
    );
  }
}
