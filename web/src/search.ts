/**
 * The header's search box: one query to /api/search for vessels (name, former name, MMSI, IMO,
 * call sign), areas and shipment numbers. A vessel opens its page (the map highlights and zooms to
 * it), an area flies the map there, a shipment opens it in the ledger.
 */
import { getJson } from './api.js';
import { html } from './format.js';

interface Hit {
  kind: 'vessel' | 'area' | 'shipment';
  label: string;
  matched: string;
  mmsi?: number;
  id?: number | string;
  lon?: number;
  lat?: number;
}

export function mountSearch(form: HTMLFormElement, flyTo: (lon: number, lat: number) => void): void {
  const input = form.querySelector<HTMLInputElement>('input[name=q]')!;
  const out = form.querySelector<HTMLElement>('.search-results')!;
  let hits: Hit[] = [];
  let active = 0;
  let timer: number | null = null;
  let asked = 0;

  const close = () => {
    out.hidden = true;
    out.innerHTML = '';
  };
  const show = () => {
    out.hidden = false;
    out.innerHTML =
      hits.length === 0
        ? html`<p class="muted search-none">nothing matches “${input.value}”</p>`.__raw
        : hits
            .map(
              (h, i) =>
                html`<button type="button" data-i="${i}" class="${i === active ? 'active' : ''}" data-testid="search-hit"><span class="kind">${h.kind}</span> ${h.label} <span class="muted">(${h.matched})</span></button>`
                  .__raw,
            )
            .join('');
  };
  const open = (h: Hit | undefined) => {
    if (!h) return;
    close();
    input.blur();
    if (h.kind === 'vessel') location.hash = `#/vessel/${h.mmsi}`;
    else if (h.kind === 'shipment') location.hash = `#/ledger/${h.id}`;
    else {
      if (!/^#\/map/.test(location.hash)) location.hash = '#/map';
      flyTo(h.lon ?? 0, h.lat ?? 0);
    }
  };
  const ask = async () => {
    const q = input.value.trim();
    if (q === '') return close();
    const mine = ++asked;
    const r = await getJson<{ hits: Hit[] }>(`api/search?q=${encodeURIComponent(q)}&limit=15`);
    if (mine !== asked) return; // typed on meanwhile
    hits = r.hits;
    active = 0;
    show();
  };
  input.addEventListener('input', () => {
    if (timer !== null) window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      timer = null;
      ask().catch((err: Error) => {
        out.hidden = false;
        out.textContent = err.message;
      });
    }, 150);
  });
  input.addEventListener('keydown', (e) => {
    if (out.hidden || hits.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      active = (active + (e.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      show();
      e.preventDefault();
    } else if (e.key === 'Escape') close();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (timer !== null) {
      // Enter before the answer came: ask now, then open the best.
      window.clearTimeout(timer);
      timer = null;
      void ask().then(() => open(hits[0]));
      return;
    }
    open(hits[active]);
  });
  out.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-i]');
    if (b) open(hits[Number(b.dataset.i)]);
  });
  document.addEventListener('click', (e) => {
    if (!form.contains(e.target as Node)) close();
  });
}
