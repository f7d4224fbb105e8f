/**
 * The workbench shell: the simulated-data banner (on every page), navigation by URL hash, the map
 * with its time slider and side panel, and the module pages. Modules the server reports as not
 * available show that state and the reason, never stand-in data.
 */
// First: in accounts mode it shows the login page and holds the app back until a login.
import './session.js';
import {
  type ApiEvent,
  type AreasAnswer,
  type CompactTrack,
  type EventsAnswer,
  eachPage,
  getJson,
  type Meta,
  query,
  type Vessel,
  type VesselsAnswer,
} from './api.js';
import { esc, html, isoDay, num } from './format.js';
import { startLive } from './live.js';
import { createMap, type WorkbenchMap } from './map.js';
import { renderBrief } from './pages/brief.js';
import { renderModulePage } from './pages.js';
import './style.css';
import { createLoading } from './loading.js';
import { mountSearch } from './search.js';
import { createTimeline } from './timeline.js';
import { trackFeatures } from './tracks.js';
import { renderVesselPanel } from './vessel.js';

/** Vessels per page of the overview's list, and events per request while the map's layer fills. */
const VESSEL_PAGE = 40;
const EVENT_PAGE = 5_000;
/** Drawn bold on the map: vessels with a long record. */
const MAJOR_MIN_POSITIONS = 5000;
/** Silences at least this long are drawn (the shuttle parameter set's `gapMinMs`, 6 h): dashed when dark. */
export const DARK_LEG_MS = 6 * 3_600_000;

declare global {
  interface Window {
    tallyman: { meta?: Meta; trackPaintMs?: number; range?: [number, number]; map?: unknown };
  }
}
window.tallyman = {};

function showBanner(meta: Meta): void {
  const el = $('#banner');
  if (!meta.simulated) return;
  el.hidden = false;
  el.innerHTML = html`<b>SIMULATED DATA.</b> Everything on these pages comes from a simulated scenario
    (${meta.simulatedSources.map((p) => p.split(/[\\/]/).pop()).join(', ')}): it follows the public record in its totals and dated facts, but
    every track, time and identifier not cited there is invented.`.__raw;
}

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

/**
 * Tracks are the heaviest answer: asked for first, while the rest of the app starts. The overview
 * is simplified to 250 m (under a pixel below zoom 8) and 2,000 fixes a vessel; closer in, the map
 * swaps in the full tracks (see DETAIL_ZOOM).
 */
const TRACKS_URL = 'api/tracks?maxPointsPerVessel=2000&toleranceM=250';
const DETAIL_URL = 'api/tracks?maxPointsPerVessel=1000000&toleranceM=0';
const DETAIL_ZOOM = 8;
/**
 * `?detail=full` (e.g. `http://127.0.0.1:8080/?detail=full#/map`): every fix of every vessel from
 * the start, none downsampled (bench/map-smooth.ts opens the map this way).
 */
const FULL_DETAIL = new URLSearchParams(location.search).get('detail') === 'full';
/** The answers web/index.html asked for before this bundle loaded; asked again here if it did not. */
const early = (
  window as unknown as {
    tallymanEarly?: { tracksUrl: string; tracks: Promise<Response>; meta: Promise<Response> };
  }
).tallymanEarly;
const takeUp = async <T>(asked: Promise<Response> | undefined, url: string): Promise<T> => {
  const res = await asked?.catch(() => null);
  return res?.ok ? ((await res.json()) as T) : getJson<T>(url);
};
const tracksUrl = FULL_DETAIL ? DETAIL_URL : TRACKS_URL;
const tracksEarly = takeUp<{ tracks: CompactTrack[] }>(
  early?.tracksUrl === tracksUrl ? early.tracks : undefined,
  tracksUrl,
);
const metaEarly = takeUp<Meta>(early?.meta, 'api/meta');
// The map starts at once too: its worker and shaders take longer to set up than the data to arrive.
const wm = createMap($('#map'), (mmsi) => {
  location.hash = `#/vessel/${mmsi}`;
});
mountSearch($('#search') as HTMLFormElement, (lon, lat) => {
  wm.map.flyTo({ center: [lon, lat], zoom: 11 });
});
// For the end-to-end tests and the bench: they ask the map what it has drawn.
window.tallyman.map = wm.map;
// Live mode: positions that tallyman watch stores move on the map; new alerts pop up over it.
startLive(wm.map, wm.ready, $('#live-alerts'));

async function boot(): Promise<void> {
  const meta = await metaEarly;
  window.tallyman.meta = meta;
  document.documentElement.dataset.simulated = String(meta.simulated);
  showBanner(meta);
  $('#dataset').textContent =
    `${meta.engine} · ${num(meta.counts.vessels)} vessels · ${num(meta.counts.positions)} positions`;

  const side = $('#side');
  let events: ApiEvent[] = [];
  let eventsNote = '';
  let range: [number, number] = meta.timeRange
    ? [meta.timeRange.fromMs, meta.timeRange.toMs]
    : [0, Date.now()];
  let route = '';
  /**
   * The vessels heard in the range, most fixes first, a page at a time from the server (which
   * filters, sorts and counts them): never the whole fleet in the browser.
   */
  const list: VesselList = {
    vessels: [],
    total: null,
    next: null,
    asked: 0,
  };
  let listTimer: number | null = null;
  const loadVessels = async (more: boolean) => {
    const asked = ++list.asked;
    const [a, b] = range;
    const page = await getJson<VesselsAnswer>(
      `api/vessels${query({ from: a, to: b, sort: 'positions', limit: VESSEL_PAGE, cursor: more ? list.next : null })}`,
    );
    if (asked !== list.asked) return; // the range moved on meanwhile
    list.vessels = more ? [...list.vessels, ...page.vessels] : page.vessels;
    list.total = page.total;
    list.next = page.next;
    if (!/^#\/vessel\//.test(route)) renderOverview();
  };
  const reloadVessels = () => {
    if (listTimer !== null) window.clearTimeout(listTimer);
    // the slider reports every step: ask once it rests
    listTimer = window.setTimeout(() => {
      listTimer = null;
      loadVessels(false).catch((err: Error) => console.error(`vessels: ${err.message}`));
    }, 120);
  };
  side.addEventListener('click', (e) => {
    if (!(e.target as HTMLElement).closest('button.more-vessels')) return;
    loadVessels(true).catch((err: Error) => console.error(`vessels: ${err.message}`));
  });

  const renderOverview = () => {
    side.innerHTML = overviewHtml(range, events, eventsNote, list);
  };

  const renderSide = async () => {
    const m = /^#\/vessel\/(\d+)/.exec(route);
    if (m) {
      await renderVesselPanel(side, Number(m[1]), wm, range, meta);
    } else {
      wm.highlight(null);
      renderOverview();
    }
  };

  const timeline = meta.timeRange
    ? createTimeline($('#timeline'), meta.timeRange, (a, b) => {
        range = [a, b];
        window.tallyman.range = range;
        wm.setTimeRange(a, b);
        reloadVessels();
        if (!/^#\/vessel\//.test(route)) renderOverview();
      })
    : null;
  void timeline;

  let tracksDrawn: () => void = () => {};
  const tracksShown = new Promise<void>((resolve) => {
    tracksDrawn = resolve;
  });

  const navigate = async () => {
    route = location.hash || '#/map';
    const page = /^#\/(\w+)/.exec(route)?.[1] ?? 'map';
    for (const a of document.querySelectorAll<HTMLAnchorElement>('#nav a[data-page]')) {
      a.classList.toggle(
        'active',
        a.dataset.page === page || (page === 'vessel' && a.dataset.page === 'map'),
      );
    }
    if (page === 'brief') {
      // The brief carries a picture of the map as it is: drawn first, then the page replaces it.
      $('#page').hidden = true;
      $('#map-view').hidden = false;
      wm.map.resize();
      await tracksShown;
      const png = await wm.snapshot();
      $('#map-view').hidden = true;
      $('#page').hidden = false;
      await renderBrief($('#page'), meta, png, range);
      return;
    }
    const onMap = page === 'map' || page === 'vessel';
    $('#map-view').hidden = !onMap;
    $('#page').hidden = onMap;
    if (onMap) {
      wm.map.resize();
      await renderSide();
    } else {
      await renderModulePage($('#page'), page, meta);
    }
  };
  window.addEventListener('hashchange', () => void navigate());
  // Not awaited: the brief page waits for the tracks, which load below.
  void navigate();

  // Data for the map: areas, events (when stored), then the tracks (the heaviest part, last).
  const loading = createLoading($('#map-loading'), ['basemap', 'areas', 'events', 'tracks', 'drawing']);
  void wm.ready.then(() => loading.done('basemap'));
  void getJson<AreasAnswer>('api/areas').then((a) => {
    wm.setAreas(a);
    loading.done('areas', `${a.features.length}`);
  });
  void getJson<{
    sightings: Array<{ id: number; lon: number; lat: number; acquiredMs: number; mmsi: number | null }>;
  }>('api/sightings').then((s) => wm.setSightings(s.sightings));
  // Events a page at a time, each drawn as it comes (a large store has hundreds of thousands).
  eachPage<EventsAnswer>(`api/events?limit=${EVENT_PAGE}`, (e) => {
    events = events.concat(e.events);
    eventsNote = e.available ? '' : `Events: not available yet — ${e.reason ?? ''}`;
    wm.setEvents(events);
    if (!/^#\/vessel\//.test(route)) renderOverview();
  })
    .then(() => loading.done('events', num(events.length)))
    .catch((err: Error) => {
      loading.done('events', 'failed');
      console.error(`events: ${err.message}`);
    });
  if (timeline === null) reloadVessels();
  const t = await tracksEarly;
  performance.mark('tracks-received');
  loading.done('tracks', `${num(t.tracks.length)} vessels`);
  const f = trackFeatures(t.tracks, { darkLegMs: DARK_LEG_MS, majorMinPositions: MAJOR_MIN_POSITIONS });
  performance.mark('tracks-built');
  // Open on the long tracks (the fleet under study), not on every passing ship.
  const major = {
    ...f,
    solid: f.solid.filter((x) => x.properties.major),
    dark: f.dark.filter((x) => x.properties.major),
  };
  if (!/^#\/vessel\//.test(route)) wm.fitTo(major.solid.length > 0 ? major : f);
  await wm.setTracks(f);
  performance.mark('tracks-drawn');
  // First meaningful paint: the moment the track layer has been drawn (read by the e2e and bench).
  window.tallyman.trackPaintMs = performance.now();
  document.documentElement.dataset.tracksRendered = String(f.points);
  loading.done('drawing');
  wm.refineBasemap();
  tracksDrawn();

  switchDetailOnZoom(wm, f);
}

/** The vessels heard in the range, as far as they are paged in; `asked` tells late answers apart. */
interface VesselList {
  vessels: Vessel[];
  total: number | null;
  next: string | null;
  asked: number;
}

/** The side panel's overview: range, legend, exports, events by type, the vessel list page. */
function overviewHtml(
  range: [number, number],
  events: ApiEvent[],
  eventsNote: string,
  list: VesselList,
): string {
  const [a, b] = range;
  const evIn = events.filter((e) => e.startMs <= b && e.endMs >= a);
  const byType = new Map<string, number>();
  for (const e of evIn) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
  const q = `from=${a}&to=${b}`;
  const left = list.total === null ? 0 : list.total - list.vessels.length;
  return html`
    <h2>Overview</h2>
    <p class="muted">${isoDay(a)} → ${isoDay(b)} · ${list.total === null ? '…' : num(list.total)} vessels heard</p>
    <div class="legend">
      <span><i class="sw major"></i>track of a vessel with ≥ ${num(MAJOR_MIN_POSITIONS)} fixes (one colour per vessel)</span>
      <span><i class="sw minor"></i>other tracks (thin, grey)</span>
      <span><i class="sw dashed"></i>dark leg, in the vessel's colour (silent ≥ 6 h while others were heard around; hover: reachable area at 15 kn)</span>
      <span><i class="sw dotted"></i>silent, no coverage (a hole in the data, not a finding)</span>
      <span><i class="dot port"></i>port call</span><span><i class="dot dark"></i>dark port call</span>
      <span><i class="dot enc"></i>encounter</span><span><i class="dot other"></i>other event</span>
      <span><i class="dot sighting"></i>imagery sighting</span>
      <span><i class="sw area"></i>area of interest (named on the map)</span>
      <span><i class="sw selected"></i>selected vessel</span>
    </div>
    <h3>Export</h3>
    <p class="exports">
      <a class="button" data-export="geojson" href="api/export/tracks.geojson?${q}" download>GeoJSON</a>
      <a class="button" data-export="kml" href="api/export/tracks.kml?${q}" download>KML</a>
      <a class="button" data-export="csv" href="api/export/events.csv?${q}" download>events CSV</a>
      <a class="button" data-export="parquet" href="api/export/tracks.parquet?${q}" download title="GeoParquet 1.1, for DuckDB, QGIS, GeoPandas">tracks GeoParquet</a>
      <a class="button" data-export="events-parquet" href="api/export/events.parquet?${q}" download title="GeoParquet 1.1">events GeoParquet</a>
    </p>
    <h3>Events</h3>
    ${
      eventsNote
        ? html`<p class="unavailable">${eventsNote}</p>`
        : html`<p>${num(evIn.length)} in range: ${[...byType].map(([t, n]) => `${t} ${n}`).join(' · ') || 'none'}</p>`
    }
    <h3>Vessels</h3>
    <table class="list vessels">
      <thead><tr><th>name</th><th>MMSI</th><th>flag</th><th class="n">fixes</th></tr></thead>
      <tbody>${list.vessels.map(
        (v) =>
          html`<tr><td><a href="#/vessel/${v.mmsi}">${v.name ?? '(no name)'}</a></td><td>${v.mmsi}</td><td>${v.flag ?? ''}</td><td class="n">${num(v.positionCount)}</td></tr>`,
      )}</tbody>
    </table>
    ${list.next !== null && left > 0 ? html`<p><button type="button" class="more-vessels">${num(Math.min(left, VESSEL_PAGE))} more</button> <span class="muted">of ${num(left)} not shown</span></p>` : ''}`
    .__raw;
}

/**
 * Level of detail by zoom: the simplified tracks (tolerance 250 m, under a pixel below zoom 8) for
 * the overview, every fix once the view is close enough for the simplification to show — and
 * back to the simplified set when zooming out again, so the overview never draws every fix of
 * every vessel at once (with a million positions that is what makes panning crawl).
 * `?detail=full` keeps every fix at every zoom.
 */
function switchDetailOnZoom(wm: WorkbenchMap, overview: ReturnType<typeof trackFeatures>): void {
  let full: typeof overview | null = null;
  let shown: 'overview' | 'full' = FULL_DETAIL ? 'full' : 'overview';
  let switching = false;
  const apply = async () => {
    if (FULL_DETAIL || switching) return;
    const z = wm.map.getZoom();
    // A zoom level of hysteresis, so hovering around the threshold does not swap back and forth.
    const want = z >= DETAIL_ZOOM ? 'full' : z < DETAIL_ZOOM - 1 ? 'overview' : shown;
    if (want === shown) return;
    switching = true;
    try {
      if (want === 'full' && full === null) {
        const all = await getJson<{ tracks: CompactTrack[] }>(DETAIL_URL);
        full = trackFeatures(all.tracks, { darkLegMs: DARK_LEG_MS, majorMinPositions: MAJOR_MIN_POSITIONS });
      }
      const next = want === 'full' ? full! : overview;
      await wm.setTracks(next);
      shown = want;
      document.documentElement.dataset.tracksDetail = want;
      document.documentElement.dataset.tracksRendered = String(next.points);
    } finally {
      switching = false;
    }
    // The view may have moved on while the data was being swapped.
    await apply();
  };
  document.documentElement.dataset.tracksDetail = shown;
  wm.map.on('zoomend', () => {
    apply().catch((err: Error) => console.error(`tracks: ${err.message}`));
  });
}

boot().catch((err: Error) => {
  document.body.insertAdjacentHTML(
    'afterbegin',
    `<p class="fatal">The workbench could not start: ${esc(err.message)}</p>`,
  );
});
