/** The evidence page: items with grades and hashes, claims side by side, the audit log, and verify. */
import { getJson, postJson } from '../api.js';
import { html, isoDay, isoMinute, num } from '../format.js';

interface Item {
  id: number;
  version: number;
  title: string;
  kind: string;
  sha256: string;
  sizeBytes: number;
  grade: { reliability: string; credibility: number };
  simulated: boolean;
  source: string | null;
  createdMs: number;
}
interface Claim {
  id: number;
  statement: string;
  quantityMin: number | null;
  quantityMax: number | null;
  unit: string | null;
  periodFromMs: number | null;
  periodToMs: number | null;
  bestGrade: string | null;
  evidenceIds: number[];
}
interface Answer {
  items: Item[];
  claims: Claim[];
  claimGroups: Array<{
    measure: string;
    unit: string | null;
    claims: Claim[];
    conflicts: Array<[number, number]>;
  }>;
}
interface Supports {
  supports: Array<{
    evidenceId: number;
    supports: Array<{
      kind: string;
      id: number;
      number?: number | null;
      status?: string;
      label: string;
      via?: string;
    }>;
  }>;
}
interface Audit {
  total: number;
  entries: Array<{
    seq: number;
    tsMs: number;
    actor: string;
    action: string;
    entity: string;
    entityId: string;
    detail: string | null;
    hash: string;
  }>;
}

const qty = (c: Claim) =>
  c.quantityMin === null
    ? '—'
    : c.quantityMax !== null && c.quantityMax !== c.quantityMin
      ? `${num(c.quantityMin)}–${num(c.quantityMax)}`
      : num(c.quantityMin);

export async function renderEvidence(el: HTMLElement): Promise<void> {
  const [ev, audit, sup] = await Promise.all([
    getJson<Answer>('api/evidence'),
    getJson<Audit>('api/audit?limit=200'),
    getJson<Supports>('api/evidence/supports'),
  ]);
  const supports = new Map(sup.supports.map((s) => [s.evidenceId, s.supports]));
  const supportCell = (id: number) => {
    const list = supports.get(id) ?? [];
    return list.length === 0
      ? html`<span class="muted">nothing linked yet</span>`
      : list.map((x) =>
          x.kind === 'shipment'
            ? html`<a class="chip" href="#/ledger/${x.id}" title="${x.label}${x.via ? ` (via ${x.via})` : ''}">${x.number !== null && x.number !== undefined ? `shipment no. ${x.number}` : `shipment id ${x.id}`} (${x.status})</a> `
            : html`<span class="chip" title="${x.label}">${x.label.length > 48 ? `${x.label.slice(0, 47)}…` : x.label}</span> `,
        );
  };
  const conflicted = new Set(ev.claimGroups.flatMap((g) => g.conflicts.flat()));
  el.innerHTML = html`<h1>Evidence</h1>
    <p><button type="button" class="verify" data-testid="verify">Verify the ledger</button> <output class="verify-result"></output>
      · export the ledger and its evidence as <a class="button" href="api/export/evidence.ftm.json" download title="FollowTheMoney entities, one per line: opens in Aleph">FollowTheMoney</a></p>
    <h3>Items (${num(ev.items.length)})</h3>
    ${
      ev.items.length === 0
        ? html`<p class="muted">No evidence items yet: <code>tallyman evidence add FILE --title … --grade B2</code>.</p>`
        : html`<table class="list items"><thead><tr><th>id</th><th>title</th><th>kind</th><th>grade</th><th>SHA-256</th><th class="n">bytes</th><th>added</th><th>supports</th><th>file</th></tr></thead><tbody>${ev.items.map(
            (i) =>
              html`<tr><td>${i.id}${i.version > 1 ? ` v${i.version}` : ''}</td><td>${i.title}${i.simulated ? html` <span class="chip sim">simulated</span>` : ''}</td><td>${i.kind}</td><td><b>${i.grade.reliability}${i.grade.credibility}</b></td><td><code title="${i.sha256}">${i.sha256.slice(0, 16)}…</code></td><td class="n">${num(i.sizeBytes)}</td><td>${isoDay(i.createdMs)}</td><td data-testid="supports-${i.id}">${supportCell(i.id)}</td><td><a href="api/evidence/${i.id}/file" target="_blank" rel="noopener">open</a></td></tr>`,
          )}</tbody></table>`
    }
    <h3>Claims side by side</h3>
    ${
      ev.claimGroups.length === 0
        ? html`<p class="muted">No quantified claims yet.</p>`
        : ev.claimGroups.map(
            (
              g,
            ) => html`<div class="claim-group"><h4>${g.measure}${g.unit ? ` (${g.unit})` : ''}${g.conflicts.length ? html` <span class="chip warn">${g.conflicts.length} conflict(s)</span>` : ''}</h4>
              <table class="list"><thead><tr><th>claim</th><th class="n">quantity</th><th>period</th><th>best grade</th><th>evidence</th></tr></thead><tbody>${g.claims.map(
                (c) =>
                  html`<tr class="${conflicted.has(c.id) ? 'conflict' : ''}"><td>${c.statement}</td><td class="n">${qty(c)}</td><td>${isoDay(c.periodFromMs)} → ${isoDay(c.periodToMs)}</td><td>${c.bestGrade ?? '—'}</td><td>${c.evidenceIds.join(', ')}</td></tr>`,
              )}</tbody></table></div>`,
          )
    }
    <h3>Audit log (${num(audit.total)} entries, newest first)</h3>
    <table class="list audit"><thead><tr><th class="n">seq</th><th>time</th><th>actor</th><th>action</th><th>entity</th><th>detail</th><th>hash</th></tr></thead><tbody>${audit.entries.map(
      (a) =>
        html`<tr><td class="n">${a.seq}</td><td>${isoMinute(a.tsMs)}</td><td>${a.actor}</td><td>${a.action}</td><td>${a.entity} ${a.entityId}</td><td>${a.detail ?? ''}</td><td><code title="${a.hash}">${a.hash.slice(0, 12)}…</code></td></tr>`,
    )}</tbody></table>`.__raw;
  el.querySelector<HTMLButtonElement>('button.verify')!.onclick = async () => {
    const out = el.querySelector<HTMLOutputElement>('.verify-result')!;
    out.textContent = 'verifying …';
    const r = await postJson<{
      ok: boolean;
      auditEntries: number;
      filesChecked: number;
      rowsChecked: number;
      chainBreak: { seq: number; reason: string } | null;
    }>('api/verify', {});
    out.textContent = r.ok
      ? `✔ intact: ${r.auditEntries} audit entries, ${r.filesChecked} files, ${r.rowsChecked} rows checked`
      : `✘ problems found${r.chainBreak ? `: chain breaks at ${r.chainBreak.seq} (${r.chainBreak.reason})` : ''} — see tallyman verify`;
    out.className = `verify-result ${r.ok ? 'ok' : 'bad'}`;
  };
}
