/**
 * Live mode on the map: subscribes to the server's alert stream (`api/alerts/stream`, server-sent
 * events) and draws each vessel's latest fix as `tallyman watch` stores it, moving as new fixes
 * come in; new alerts pop up in a small panel over the map (the alerts page lists them all). The
 * stream says nothing while no watch runs, and costs nothing then but one idle connection.
 */
import type { Map as MlMap } from 'maplibre-gl';
import { html } from './format.js';

export interface LiveFix {
  mmsi: number;
  tsMs: number;
  lon: number;
  lat: number;
  speedKnots: number | null;
  courseDeg: number | null;
}

export interface LiveAlert {
  id: number;
  ruleName: string;
  ruleKind: string;
  mmsi: number;
  tsMs: number;
  title: string;
  simulated: boolean;
  evidence: { positions: LiveFix[]; events: Array<{ id: string; type: string; revision?: number }> };
}

const SOURCE = 'live-positions';

/** Latest fix per vessel → GeoJSON points (pure). */
export function livePoints(latest: ReadonlyMap<number, LiveFix>) {
  return {
    type: 'FeatureCollection' as const,
    features: [...latest.values()].map((f) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [f.lon, f.lat] },
      properties: { mmsi: f.mmsi, tsMs: f.tsMs, speedKnots: f.speedKnots },
    })),
  };
}

export function startLive(map: MlMap, ready: Promise<void>, panel: HTMLElement): () => void {
  const latest = new Map<number, LiveFix>();
  let pending = false;
  const redraw = () => {
    pending = false;
    const src = map.getSource(SOURCE) as { setData(d: unknown): void } | undefined;
    src?.setData(livePoints(latest));
  };
  void ready.then(() => {
    map.addSource(SOURCE, { type: 'geojson', data: livePoints(latest) });
    map.addLayer({
      id: SOURCE,
      type: 'circle',
      source: SOURCE,
      paint: {
        'circle-radius': 4,
        'circle-color': '#ff7a00',
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1,
      },
    });
  });
  const es = new EventSource('api/alerts/stream');
  es.addEventListener('positions', (e) => {
    for (const f of JSON.parse((e as MessageEvent).data) as LiveFix[]) {
      const was = latest.get(f.mmsi);
      if (was === undefined || was.tsMs <= f.tsMs) latest.set(f.mmsi, f);
    }
    if (!pending) {
      pending = true;
      requestAnimationFrame(redraw);
    }
  });
  es.addEventListener('alert', (e) => {
    const a = JSON.parse((e as MessageEvent).data) as LiveAlert;
    panel.hidden = false;
    const item = document.createElement('div');
    item.className = 'live-alert';
    item.innerHTML =
      html`<b>${a.simulated ? 'SIMULATED · ' : ''}${a.ruleName}</b> ${new Date(a.tsMs).toISOString().slice(0, 16).replace('T', ' ')}<br />${a.title} <a href="#/vessel/${a.mmsi}">vessel</a> · <a href="#/alerts">alerts</a>`.__raw;
    panel.prepend(item);
    while (panel.children.length > 5) panel.lastElementChild?.remove();
  });
  return () => es.close();
}
