/** The vessel page (side panel beside the map): identity history, draught and destination reports, events, exports. */
import {
  type ApiEvent,
  type CompactTrack,
  type EventsAnswer,
  eachPage,
  getJson,
  type Meta,
  type VesselDetail,
} from './api.js';
import { hours, html, isoDay, isoMinute, num, type Raw, raw } from './format.js';
import type { WorkbenchMap } from './map.js';
import { darkGapKeys, trackFeatures } from './tracks.js';

const DARK_LEG_MS = 6 * 3_600_000;
/** Events of the vessel listed at first, and per "more". */
const EVENT_PAGE = 100;
/** The event types a person can filter the vessel's list by (src/events/types.ts). */
const EVENT_TYPES = [
  'port-call',
  'dark-port-call',
  'gap',
  'encounter',
  'loitering',
  'stop',
  'draught-change',
  'identity-change',
  'imo-shared',
  'speed-anomaly',
  'two-places',
  'on-land',
  'voyage',
];

/** What the station kinds of /api/vessels mean, for a person. */
const STATION_LABELS: Record<string, string> = {
  craft: 'craft associated with a parent ship',
  invalid: 'MMSI outside the ship range',
  coast: 'coast (base) station',
  aton: 'aid to navigation',
  'sar-aircraft': 'search-and-rescue aircraft',
  sart: 'AIS-SART',
  mob: 'man-overboard device',
  epirb: 'EPIRB-AIS',
  handheld: 'handheld VHF',
  group: 'group call',
};
export async function renderVesselPanel(
  side: HTMLElement,
  mmsi: number,
  wm: WorkbenchMap,
  range: [number, number],
  meta: Meta,
): Promise<void> {
  side.innerHTML = '<p class="muted">loading vessel …</p>';
  let detail: VesselDetail;
  try {
    detail = await getJson<VesselDetail>(`api/vessels/${mmsi}`);
  } catch (err) {
    side.innerHTML =
      html`<p class="unavailable">${(err as Error).message}</p><p><a href="#/map">back to the map</a></p>`.__raw;
    return;
  }
  // The event list a page at a time; the silences judged dark (gap events) and the number of
  // voyages asked for apart, so that neither needs every event of the vessel.
  const gaps: ApiEvent[] = [];
  const [track, ev, voyages] = await Promise.all([
    getJson<CompactTrack>(`api/vessels/${mmsi}/track?maxPoints=50000`),
    getJson<EventsAnswer>(`api/events?vessel=${mmsi}&limit=${EVENT_PAGE}`),
    getJson<EventsAnswer>(`api/events?vessel=${mmsi}&type=voyage&limit=1`),
    eachPage<EventsAnswer>(`api/events?vessel=${mmsi}&type=gap&limit=5000`, (p) => gaps.push(...p.events)),
  ]);
  const f = trackFeatures([track], { darkLegMs: DARK_LEG_MS, majorMinPositions: 0 });
  wm.highlight(f);
  wm.fitTo(f);
  const v = detail.vessel;
  const dark = f.dark;
  const darkKeys = new Set(darkGapKeys(gaps));
  const darkLegs = dark.filter((d) => darkKeys.has(d.properties.key)).length;
  const events: ApiEvent[] = ev.events;
  let next = ev.next;
  const q = `vessel=${mmsi}&from=${range[0]}&to=${range[1]}`;
  side.innerHTML = html`
    <p><a href="#/map">← overview</a></p>
    <h2 data-testid="vessel-name">${v.name ?? '(no name)'} <span class="muted">MMSI ${v.mmsi}</span></h2>
    ${
      v.kind !== 'ship'
        ? html`<p class="station-kind" data-testid="station-kind">${STATION_LABELS[v.kind] ?? v.kind}: ${
            ['ship', 'craft', 'invalid'].includes(v.kind)
              ? 'treated as a vessel'
              : 'not a ship: left out of the event detectors and the vessel list'
          } (ITU-R M.585)</p>`
        : ''
    }
    <p>IMO ${v.imo ?? '—'} · ${v.callSign ?? '—'} · flag ${v.flag ?? '—'} · ${v.lengthM ?? '—'} × ${v.beamM ?? '—'} m ·
      ${num(v.positionCount)} fixes, ${isoMinute(v.firstSeenMs)} → ${isoMinute(v.lastSeenMs)}</p>
    <p class="exports">
      <a class="button" href="api/vessels/${mmsi}/track?format=geojson" download="track-${mmsi}.geojson">track GeoJSON</a>
      <a class="button" href="api/export/tracks.kml?${q}" download>KML</a>
      <a class="button" href="api/export/positions.csv?${q}" download>positions CSV</a>
      <a class="button" href="api/export/positions.parquet?${q}" download title="GeoParquet 1.1, for DuckDB, QGIS, GeoPandas">positions GeoParquet</a>
    </p>
    <h3>Identity history</h3>
    <div class="table-wrap"><table class="list identities" data-testid="identities">
      <thead><tr><th>name</th><th>IMO</th><th>call sign</th><th>L×B m</th><th>seen (UTC)</th></tr></thead>
      <tbody>${detail.identities.map(
        (i) =>
          html`<tr title="${num(i.reportCount)} reports, ${isoMinute(i.firstSeenMs)} → ${isoMinute(i.lastSeenMs)}"><td>${i.name ?? ''}</td><td>${i.imo ?? ''}</td><td>${i.callSign ?? ''}</td><td>${i.lengthM ?? ''}×${i.beamM ?? ''}</td><td class="seen">${isoDay(i.firstSeenMs)}<br>${isoDay(i.lastSeenMs)}</td></tr>`,
      )}</tbody>
    </table></div>
    <h3>Draught and destination reports</h3>
    ${draughtChanges(detail)}
    <h3>Silences (≥ 6 h)</h3>
    <p>${num(dark.length)} in the track; longest ${dark.length ? hours(Math.max(...dark.map((d) => d.properties.durationMs))) : '—'};
      ${num(darkLegs)} dark (transponder off while others were heard around), ${num(dark.length - darkLegs)} with no coverage (holes in the data, not findings)</p>
    <h3>Events <span class="muted events-count">(${num(ev.total)})</span></h3>
    ${
      ev.available
        ? html`<p><label>type <select class="event-type" data-testid="event-type"><option value="">all</option>${EVENT_TYPES.map(
            (t) => html`<option value="${t}">${t}</option>`,
          )}</select></label> <span class="muted">confidence 1 (weak) … 4 (strong): <a href="api/docs/confidence.md" target="_blank" rel="noopener">how it is scored</a></span></p>
          <div class="events-scroll"><table class="list events"><thead><tr><th>type</th><th>start</th><th>end</th><th title="1 weak … 4 strong">conf.</th></tr></thead><tbody>${events.map(
            eventRow,
          )}</tbody></table>${moreEvents(ev.total - events.length, next)}</div>`
        : html`<p class="unavailable">Not available yet — ${ev.reason ?? ''}</p>`
    }
    <h3>Voyages</h3>
    ${ev.available ? html`<p>${num(voyages.total)} voyages detected</p>` : html`<p class="unavailable">Not available yet (voyages come from event detection)</p>`}
    <h3>Sanctions flags</h3>
    ${sanctionsSection(detail)}
    ${meta.simulated ? html`<p class="sim-note">Simulated vessel data.</p>` : ''}`.__raw;
  // "more": the next page of the vessel's events, appended to the table
  let type = '';
  let total = ev.total;
  const typeQ = () => (type ? `&type=${encodeURIComponent(type)}` : '');
  const onMore = async (e: Event) => {
    const button = (e.target as HTMLElement).closest('button.more-events');
    if (button === null || next === null) return;
    button.setAttribute('disabled', '');
    const page = await getJson<EventsAnswer>(
      `api/events?vessel=${mmsi}&limit=${EVENT_PAGE}${typeQ()}&cursor=${encodeURIComponent(next)}`,
    );
    next = page.next;
    events.push(...page.events);
    side
      .querySelector('table.events tbody')
      ?.insertAdjacentHTML('beforeend', page.events.map((x) => eventRow(x).__raw).join(''));
    const holder = side.querySelector('p.more-events');
    if (holder !== null) holder.outerHTML = moreEvents(total - events.length, next).__raw;
    side.querySelector('button.more-events')?.addEventListener('click', listen);
  };
  // The type filter: the first page of that type, from the server (which counts them).
  side.querySelector<HTMLSelectElement>('select.event-type')?.addEventListener('change', (e) => {
    type = (e.target as HTMLSelectElement).value;
    void getJson<EventsAnswer>(`api/events?vessel=${mmsi}&limit=${EVENT_PAGE}${typeQ()}`).then((page) => {
      events.length = 0;
      events.push(...page.events);
      next = page.next;
      total = page.total;
      const body = side.querySelector('table.events tbody');
      if (body) body.innerHTML = page.events.map((x) => eventRow(x).__raw).join('');
      const count = side.querySelector('.events-count');
      if (count) count.textContent = `(${num(total)}${type ? ` ${type}` : ''})`;
      const holder = side.querySelector('p.more-events');
      const more = moreEvents(total - events.length, next).__raw;
      if (holder !== null) holder.outerHTML = more || '<p class="more-events"></p>';
      else side.querySelector('table.events')?.insertAdjacentHTML('afterend', more);
      side.querySelector('button.more-events')?.addEventListener('click', listen);
    });
  });
  const listen = (e: Event) => {
    onMore(e).catch((err: Error) => console.error(`events: ${err.message}`));
  };
  side.querySelector('button.more-events')?.addEventListener('click', listen);
}

const eventRow = (e: ApiEvent): Raw =>
  html`<tr data-event-type="${e.type}"><td>${e.type}</td><td>${isoMinute(e.startMs)}</td><td>${isoMinute(e.endMs)}</td><td class="n">${e.confidence ?? ''}</td></tr>`;

/** The "more" button under the event table, or nothing once every event is shown. */
const moreEvents = (left: number, next: string | null): Raw =>
  next === null || left <= 0
    ? raw('')
    : html`<p class="more-events"><button type="button" class="more-events">${num(Math.min(left, EVENT_PAGE))} more</button> <span class="muted">of ${num(left)} not shown</span></p>`;

/** OpenSanctions matches: sanctions and port-state detentions shown apart, never merged. */
function sanctionsSection(detail: VesselDetail) {
  const s = detail.sanctions;
  if (s.recordsImported === 0)
    return html`<p class="unavailable">No sanctions list imported (<code>tallyman sanctions import FILE</code>).</p>`;
  const list = (label: string, cls: string, ms: VesselDetail['sanctions']['sanctions']) =>
    ms.length === 0
      ? html`<p>${label}: none matched (of ${num(s.recordsImported)} records).</p>`
      : html`<p><span class="badge ${cls}">${label}</span></p><ul>${ms.map(
          (m) =>
            html`<li>${m.name ?? m.sourceId} — by ${m.by.toUpperCase()}; topics ${m.topics.join(', ') || '—'}; ${m.datasets.join(', ')}</li>`,
        )}</ul>`;
  return html`${list('Sanctioned', 'sanctioned', s.sanctions)}${list('Port-state detentions', 'detained', s.detentions)}`;
}

/** Voyage reports where the draught changed, newest last. */
function draughtChanges(detail: VesselDetail) {
  const rows: VesselDetail['voyageReports'] = [];
  let last: number | null = null;
  for (const r of detail.voyageReports) {
    if (r.draughtM !== last) rows.push(r);
    last = r.draughtM;
  }
  if (rows.length === 0) return html`<p class="muted">no voyage reports</p>`;
  return html`<table class="list draught"><thead><tr><th>time</th><th class="n">draught m</th><th>destination</th></tr></thead><tbody>${rows
    .slice(-60)
    .map(
      (r) =>
        html`<tr><td>${isoMinute(r.tsMs)}</td><td class="n">${num(r.draughtM, 1)}</td><td>${r.destination ?? ''}</td></tr>`,
    )}</tbody></table>${rows.length > 60 ? html`<p class="muted">last 60 of ${rows.length} changes</p>` : ''}`;
}
