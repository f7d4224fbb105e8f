/**
 * The map: MapLibre GL on an offline style (Natural Earth land, coastline and borders bundled at
 * build time; no glyphs, sprites or tiles, so nothing is fetched from the network). Tracks, dark
 * legs, events and areas are GeoJSON sources drawn by WebGL line/circle/fill layers; the time range
 * is a layer filter, so moving the slider never rebuilds the GeoJSON (MapLibre re-cuts the tiles in
 * its workers; one filter change at a time, see `scheduleTime`).
 *
 * Smooth with 1,000,000 positions (bench/map-smooth.ts) under software GL (SwiftShader, what
 * headless Chromium with --disable-gpu draws with), where the cost of a frame is the number of
 * fragments the track lines cover:
 *  - the line sources keep a 4 px tile buffer, not MapLibre's 128 px: with 128 px (a quarter of a
 *    512 px tile on each side) a fleet that lies across a tile corner is cut into four tiles, and
 *    every line there rasterised four times and clipped by the stencil afterwards;
 *  - the fleet's bold lines (and dark legs) are 1 px wide at overview zooms, growing to 1.8 px at
 *    zoom 8, where tracks no longer lie on top of each other;
 *  - time filters are applied one at a time (`scheduleTime`).
 */
import type { Feature, FeatureCollection } from 'geojson';
import {
  type ExpressionSpecification,
  type FilterSpecification,
  type GeoJSONSource,
  Map as MaplibreMap,
  type Map as MlMap,
  NavigationControl,
  Popup,
  ScaleControl,
  type StyleSpecification,
  setWorkerCount,
  setWorkerUrl,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import basemap from 'virtual:basemap';
// The worker is one self-contained file: shipped as an asset and loaded from this origin.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { ApiEvent, AreasAnswer } from './api.js';
import { circlePolygon, ellipsePolygon } from './geometry.js';
import { mountLabels, type PlaceLabel } from './map-labels.js';
import { darkGapKeys, type TrackFeatures, timeFilter } from './tracks.js';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The shuttle planner's gap speed cap (src/events params `gapMaxSpeedKnots`, shuttle set). */
export const REACH_SPEED_KNOTS = 15;
const MPS_PER_KNOT = 1852 / 3600;

const offlineStyle = (): StyleSpecification => ({
  version: 8,
  sources: {
    land: { type: 'geojson', data: abs(basemap.coarse.land) },
    borders: { type: 'geojson', data: abs(basemap.coarse.borders) },
  },
  layers: [
    { id: 'sea', type: 'background', paint: { 'background-color': '#cfdde6' } },
    // No antialiasing on tiled fills: its outline is drawn along every tile edge too, the seams
    // seen when zoomed out; the coastline layer draws the real edge.
    { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': '#f2efe6', 'fill-antialias': false } },
    { id: 'coastline', type: 'line', source: 'land', paint: { 'line-color': '#8aa1b1', 'line-width': 0.8 } },
    {
      id: 'borders',
      type: 'line',
      source: 'borders',
      paint: { 'line-color': '#b9a98f', 'line-width': 0.8, 'line-dasharray': [3, 2] },
    },
  ],
});

/** Same-origin absolute URL: the worker resolves relative URLs against its own script. */
const abs = (path: string): string => new URL(path, document.baseURI).href;

export interface WorkbenchMap {
  map: MlMap;
  ready: Promise<void>;
  setTracks(f: TrackFeatures): Promise<void>;
  setAreas(a: AreasAnswer): void;
  setEvents(events: readonly ApiEvent[]): void;
  setSightings(
    s: ReadonlyArray<{ id: number; lon: number; lat: number; acquiredMs: number; mmsi: number | null }>,
  ): void;
  setTimeRange(fromMs: number, toMs: number): void;
  highlight(f: TrackFeatures | null): void;
  fitTo(f: TrackFeatures): void;
  /** Swaps the 1:110m basemap for 1:50m (after the first paint). */
  refineBasemap(): void;
  /** The map as drawn now, as a PNG data URL (read inside a render, so no preserved buffer is needed). */
  snapshot(): Promise<string>;
}

/** Event types in words, for the popup a click opens (names as in src/events/README.md). */
const EVENT_WORDS: Record<string, string> = {
  'port-call': 'port call (heard on AIS)',
  'dark-port-call': 'dark port call (possible call during an AIS gap)',
  encounter: 'encounter (two ships together at sea)',
  loitering: 'loitering at sea',
  stop: 'stop outside a known port',
  gap: 'AIS gap',
  'speed-anomaly': 'impossible speed (spoofing or a bad fix)',
  'two-places': 'one MMSI in two places',
  'on-land': 'position on land',
  'identity-change': 'identity change',
  'imo-shared': 'IMO shared by two MMSIs',
  'draught-change': 'draught change',
  voyage: 'voyage',
  'imagery sighting': 'imagery sighting',
};

/** Tile buffer of the line sources, in pixels of a 512 px tile (MapLibre's default is 128). */
const TRACK_TILE_BUFFER_PX = 4;
/** Bold tracks: 1 px up to OVERVIEW_ZOOM, growing to 1.8 px at DETAIL_ZOOM and closer. */
const OVERVIEW_ZOOM = 5;
const DETAIL_ZOOM = 8;
const MAJOR_WIDTH: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['zoom'],
  OVERVIEW_ZOOM,
  1,
  DETAIL_ZOOM,
  1.8,
];

const TIME_SOURCES = ['tracks', 'dark', 'events', 'sightings'];
const TIME_LAYERS = [
  'tracks-minor',
  'tracks-major',
  'dark-legs',
  'ev-port-call',
  'ev-encounter',
  'ev-other',
  'sightings',
];

export function createMap(container: HTMLElement, onVessel: (mmsi: number) => void): WorkbenchMap {
  setWorkerUrl(abs(workerUrl));
  // Two workers even on a two-core machine: the basemap and the tracks are parsed side by side.
  setWorkerCount(Math.max(2, Math.min(4, Math.floor((navigator.hardwareConcurrency || 2) / 2))));
  const map = new MaplibreMap({
    container,
    style: offlineStyle(),
    center: [0, 20],
    zoom: 1.5,
    attributionControl: { compact: true, customAttribution: 'Natural Earth (public domain)' },
    fadeDuration: 0,
  });
  map.addControl(new NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new ScaleControl({ unit: 'nautical' }), 'bottom-left');
  const ready = new Promise<void>((resolve) =>
    map.on('load', () => {
      // For the bench's breakdown of the first paint: the style and basemap are loaded.
      performance.mark('map-load');
      resolve();
    }),
  );
  let range: [number, number] | null = null;
  let darkKeys: string[] = [];
  ready.then(() => {
    addSourcesAndLayers(map);
    addInteractions(map, onVessel, () => darkKeys);
  });
  const scheduleTime = timeFilterScheduler(map, () => range);

  return {
    map,
    ready,
    async setTracks(f) {
      await ready;
      (map.getSource('tracks') as GeoJSONSource).setData({ type: 'FeatureCollection', features: f.solid });
      (map.getSource('dark') as GeoJSONSource).setData({ type: 'FeatureCollection', features: f.dark });
      // Resolves on the first frame drawn with both track sources loaded: the track layer is on screen.
      await new Promise<void>((resolve) => {
        const check = () => {
          if (map.isSourceLoaded('tracks') && map.isSourceLoaded('dark')) {
            map.off('render', check);
            resolve();
          }
        };
        map.on('render', check);
        map.triggerRepaint();
      });
    },
    setAreas(a) {
      const features = areaFeatures(a);
      const labels = areaLabels(a);
      void ready.then(() => {
        (map.getSource('areas') as GeoJSONSource).setData({ type: 'FeatureCollection', features });
        mountLabels(map, labels);
      });
    },
    setEvents(events) {
      darkKeys = darkGapKeys(events);
      void ready.then(() => styleSilences(map, darkKeys));
      const features = eventFeatures(events);
      void ready.then(() =>
        (map.getSource('events') as GeoJSONSource).setData({ type: 'FeatureCollection', features }),
      );
    },
    setSightings(list) {
      const features = sightingFeatures(list);
      void ready.then(() =>
        (map.getSource('sightings') as GeoJSONSource).setData({ type: 'FeatureCollection', features }),
      );
    },
    setTimeRange(fromMs, toMs) {
      range = [fromMs, toMs];
      void ready.then(scheduleTime);
    },
    snapshot() {
      return new Promise<string>((resolve) => {
        map.once('render', () => resolve(map.getCanvas().toDataURL('image/png')));
        map.triggerRepaint();
      });
    },
    refineBasemap() {
      void ready.then(() => {
        (map.getSource('land') as GeoJSONSource).setData(abs(basemap.fine.land));
        (map.getSource('borders') as GeoJSONSource).setData(abs(basemap.fine.borders));
      });
    },
    highlight(f) {
      void ready.then(() =>
        (map.getSource('highlight') as GeoJSONSource).setData(
          f === null ? EMPTY : { type: 'FeatureCollection', features: [...f.solid, ...f.dark] },
        ),
      );
    },
    fitTo(f) {
      const [minX, minY, maxX, maxY] = boundsOf(f);
      if (minX <= maxX) {
        void ready.then(() =>
          map.fitBounds(
            [
              [minX, minY],
              [maxX, maxY],
            ],
            { padding: 60, duration: 0, maxZoom: 10 },
          ),
        );
      }
    },
  };
}

/** Dark legs (a gap event says transponder-off) dashed in the vessel's colour; the others dotted grey. */
function styleSilences(map: MaplibreMap, darkKeys: readonly string[]): void {
  const isDark: ExpressionSpecification = ['in', ['get', 'key'], ['literal', darkKeys]];
  map.setPaintProperty('dark-legs', 'line-color', [
    'case',
    isDark,
    ['case', ['get', 'major'], ['get', 'color'], '#52606b'],
    '#9aa5ae',
  ]);
  map.setPaintProperty('dark-legs', 'line-opacity', ['case', isDark, 0.95, 0.6]);
  map.setPaintProperty('dark-legs', 'line-dasharray', [
    'case',
    isDark,
    ['literal', [2, 2]],
    ['literal', [0.5, 2.5]],
  ]);
}

/** Each time-filtered layer's own filter and'ed with the time range's. */
function applyTime(map: MaplibreMap, range: readonly [number, number]): void {
  const f = timeFilter(range[0], range[1]) as FilterSpecification;
  for (const id of TIME_LAYERS) {
    if (!map.getLayer(id)) continue;
    const base =
      id === 'tracks-minor'
        ? ['!', ['get', 'major']]
        : id === 'tracks-major'
          ? ['get', 'major']
          : id === 'ev-port-call'
            ? ['in', ['get', 'type'], ['literal', ['port-call', 'dark-port-call']]]
            : id === 'ev-encounter'
              ? ['==', ['get', 'type'], 'encounter']
              : id === 'ev-other'
                ? ['!', ['in', ['get', 'type'], ['literal', ['port-call', 'dark-port-call', 'encounter']]]]
                : null;
    map.setFilter(id, (base === null ? f : ['all', base, f]) as FilterSpecification);
  }
}

/**
 * One filter change at a time. A filter change makes MapLibre cut every tile of the filtered
 * sources again in its workers; a dragged slider handle changes the range every frame, and
 * applying each change at once queues more re-cuts than the workers can do, so the map would fall
 * seconds behind the slider with the main thread busy taking in tiles already out of date. The
 * newest range is applied once the tiles of the previous one are in.
 */
function timeFilterScheduler(map: MaplibreMap, rangeNow: () => [number, number] | null): () => void {
  let applied: [number, number] | null = null;
  let applying = false;
  const scheduleTime = (): void => {
    const range = rangeNow();
    if (
      applying ||
      range === null ||
      (applied !== null && applied[0] === range[0] && applied[1] === range[1])
    )
      return;
    applying = true;
    applied = range;
    applyTime(map, range);
    const settled = () => {
      if (!TIME_SOURCES.every((id) => map.isSourceLoaded(id))) {
        requestAnimationFrame(settled);
        return;
      }
      applying = false;
      scheduleTime();
    };
    // The re-cut starts in the next frame; from then on the sources report it until it is done.
    map.once('render', () => requestAnimationFrame(settled));
    map.triggerRepaint();
  };
  return scheduleTime;
}

/** The areas as polygons: a point area with a radius becomes its circle. */
function areaFeatures(a: AreasAnswer): Feature[] {
  return a.features.map((f) => {
    const c = f.geometry.coordinates as number[];
    const radiusM = Number(f.properties.radiusM);
    const geometry =
      f.geometry.type === 'Point' && Number.isFinite(radiusM)
        ? circlePolygon(c[0]!, c[1]!, radiusM)
        : (f.geometry as unknown as Feature['geometry']);
    return { type: 'Feature', geometry, properties: f.properties };
  });
}

/** A label per area at its centre (a polygon's: the mean of its outer ring). */
function areaLabels(a: AreasAnswer): PlaceLabel[] {
  return a.features.map((f) => {
    const g = f.geometry as { type: string; coordinates: unknown };
    const ring =
      g.type === 'Point' ? [g.coordinates as number[]] : ((g.coordinates as number[][][])[0] ?? []);
    const n = Math.max(1, ring.length);
    return {
      id: String(f.properties.id),
      name: String(f.properties.name ?? f.properties.id),
      lon: ring.reduce((t, c) => t + (c[0] ?? 0), 0) / n,
      lat: ring.reduce((t, c) => t + (c[1] ?? 0), 0) / n,
    };
  });
}

/** Events with a place, as points carrying what the popups and filters read. */
function eventFeatures(events: readonly ApiEvent[]): Feature[] {
  return events
    .filter((e) => e.lon !== null && e.lat !== null)
    .map((e) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [e.lon!, e.lat!] },
      properties: {
        id: e.id,
        type: e.type,
        mmsi: e.mmsi,
        mmsi2: e.mmsi2 ?? null,
        confidence: e.confidence ?? null,
        startMs: e.startMs,
        endMs: e.endMs,
      },
    }));
}

/** Imagery sightings as points at the acquisition time. */
function sightingFeatures(list: Parameters<WorkbenchMap['setSightings']>[0]): Feature[] {
  return list.map((x) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [x.lon, x.lat] },
    properties: {
      type: 'imagery sighting',
      id: x.id,
      mmsi: x.mmsi,
      startMs: x.acquiredMs,
      endMs: x.acquiredMs,
    },
  }));
}

/** [minX, minY, maxX, maxY] of the tracks' coordinates; minX > maxX when there are none. */
function boundsOf(f: TrackFeatures): [number, number, number, number] {
  let minX = 180;
  let minY = 90;
  let maxX = -180;
  let maxY = -90;
  for (const feat of [...f.solid, ...f.dark]) {
    for (const [x, y] of feat.geometry.coordinates as [number, number][]) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** The sources and layers, bottom to top: areas, reach, tracks, dark legs, highlight, events, sightings. */
function addSourcesAndLayers(map: MaplibreMap): void {
  for (const id of ['areas', 'events', 'sightings', 'reach']) {
    map.addSource(id, { type: 'geojson', data: EMPTY });
  }
  // Lines only: a few pixels of buffer is all a line's width and join need across a tile edge.
  for (const id of ['tracks', 'dark', 'highlight']) {
    map.addSource(id, { type: 'geojson', data: EMPTY, buffer: TRACK_TILE_BUFFER_PX });
  }
  map.addLayer({
    id: 'areas-fill',
    type: 'fill',
    source: 'areas',
    paint: { 'fill-color': '#7b2cbf', 'fill-opacity': 0.12, 'fill-antialias': false },
  });
  map.addLayer({
    id: 'areas-line',
    type: 'line',
    source: 'areas',
    paint: { 'line-color': '#7b2cbf', 'line-width': 1.2 },
  });
  map.addLayer({
    id: 'reach',
    type: 'fill',
    source: 'reach',
    paint: { 'fill-color': '#111', 'fill-opacity': 0.12, 'fill-outline-color': '#111' },
  });
  map.addLayer({
    id: 'tracks-minor',
    type: 'line',
    source: 'tracks',
    filter: ['!', ['get', 'major']],
    paint: { 'line-color': '#7d8b96', 'line-width': 0.7, 'line-opacity': 0.6 },
  });
  map.addLayer({
    id: 'tracks-major',
    type: 'line',
    source: 'tracks',
    filter: ['get', 'major'],
    paint: { 'line-color': ['get', 'color'], 'line-width': MAJOR_WIDTH, 'line-opacity': 0.85 },
  });
  map.addLayer({
    id: 'dark-legs',
    type: 'line',
    source: 'dark',
    // until the gap events say otherwise, a silence is drawn as no coverage (dotted, grey)
    paint: {
      'line-color': '#9aa5ae',
      'line-opacity': 0.7,
      'line-width': [
        'interpolate',
        ['linear'],
        ['zoom'],
        OVERVIEW_ZOOM,
        ['case', ['get', 'major'], 1, 0.8],
        DETAIL_ZOOM,
        ['case', ['get', 'major'], 1.8, 0.8],
      ],
      'line-dasharray': [0.5, 2.5],
    },
  });
  // The selected vessel: a bright casing under a dark line, above every other track.
  map.addLayer({
    id: 'highlight-casing',
    type: 'line',
    source: 'highlight',
    paint: { 'line-color': '#ffd60a', 'line-width': 8, 'line-opacity': 0.9 },
  });
  map.addLayer({
    id: 'highlight',
    type: 'line',
    source: 'highlight',
    paint: { 'line-color': '#111', 'line-width': 2.5, 'line-opacity': 0.95 },
  });
  map.addLayer({
    id: 'ev-port-call',
    type: 'circle',
    source: 'events',
    filter: ['in', ['get', 'type'], ['literal', ['port-call', 'dark-port-call']]],
    paint: {
      'circle-radius': 5,
      'circle-color': ['case', ['==', ['get', 'type'], 'dark-port-call'], '#fff', '#2a9d8f'],
      'circle-stroke-color': '#1b4332',
      'circle-stroke-width': 1.5,
    },
  });
  map.addLayer({
    id: 'ev-encounter',
    type: 'circle',
    source: 'events',
    filter: ['==', ['get', 'type'], 'encounter'],
    paint: {
      'circle-radius': 7,
      'circle-color': '#d62828',
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: 'ev-other',
    type: 'circle',
    source: 'events',
    filter: ['!', ['in', ['get', 'type'], ['literal', ['port-call', 'dark-port-call', 'encounter']]]],
    paint: {
      'circle-radius': 3.5,
      'circle-color': '#f77f00',
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 1,
    },
  });

  map.addLayer({
    id: 'sightings',
    type: 'circle',
    source: 'sightings',
    paint: {
      'circle-radius': 6,
      'circle-color': '#7b2cbf',
      'circle-opacity': 0.25,
      'circle-stroke-color': '#7b2cbf',
      'circle-stroke-width': 2,
    },
  });
}

/**
 * Pointer on the clickable layers, the popup a click opens (with the vessel page link), and the
 * reachable area of a dark leg while the pointer is on it. `darkKeys`: the legs gap events call dark.
 */
function addInteractions(map: MaplibreMap, onVessel: (mmsi: number) => void, darkKeys: () => string[]): void {
  const popup = new Popup({ closeButton: true, maxWidth: '320px' });
  const clickable = ['tracks-major', 'tracks-minor', 'dark-legs', 'ev-port-call', 'ev-encounter', 'ev-other'];
  for (const layer of clickable) {
    map.on('mouseenter', layer, () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', layer, () => {
      map.getCanvas().style.cursor = '';
    });
  }
  map.on('click', (e) => {
    const hit = map.queryRenderedFeatures(e.point, { layers: clickable })[0];
    if (!hit) return;
    const p = hit.properties as Record<string, unknown>;
    const mmsi = Number(p.mmsi);
    const el = document.createElement('div');
    const isEvent = hit.layer.id.startsWith('ev-') || hit.layer.id === 'sightings';
    const what = isEvent
      ? `${EVENT_WORDS[String(p.type)] ?? String(p.type)}${p.confidence !== null && p.confidence !== undefined && p.confidence !== 'null' ? ` · confidence ${p.confidence}/4` : ''}${Number(p.mmsi2) > 0 ? ` · with MMSI ${p.mmsi2}` : ''}`
      : hit.layer.id === 'dark-legs'
        ? darkKeys().includes(String(p.key))
          ? 'dark leg (transponder off: others heard around throughout)'
          : 'silent leg (no coverage: not a finding)'
        : 'track';
    const from = new Date(Number(p.startMs)).toISOString().slice(0, 16).replace('T', ' ');
    const to = new Date(Number(p.endMs)).toISOString().slice(0, 16).replace('T', ' ');
    // An unidentified sighting has no MMSI (null → 0): no vessel page to link.
    el.innerHTML = `<b>${what}</b>${mmsi > 0 ? ` · MMSI ${mmsi}` : ' · vessel not identified'}<br>${from}Z → ${to}Z<br>`;
    el.dataset.testid = 'map-popup';
    if (!(mmsi > 0)) {
      popup.setLngLat(e.lngLat).setDOMContent(el).addTo(map);
      return;
    }
    const a = document.createElement('a');
    a.href = `#/vessel/${mmsi}`;
    a.textContent = 'vessel page';
    a.addEventListener('click', () => onVessel(mmsi));
    el.append(a);
    popup.setLngLat(e.lngLat).setDOMContent(el).addTo(map);
  });
  // The reachable area of a dark leg, while the pointer is on it.
  map.on('mousemove', 'dark-legs', (e) => {
    const f = e.features?.[0];
    if (f?.geometry.type !== 'LineString') return;
    const [a, b] = f.geometry.coordinates as [number[], number[]];
    const durationMs = Number(f.properties.durationMs);
    const ell = ellipsePolygon(
      a[0]!,
      a[1]!,
      b[0]!,
      b[1]!,
      REACH_SPEED_KNOTS * MPS_PER_KNOT * (durationMs / 1000),
    );
    (map.getSource('reach') as GeoJSONSource).setData(
      ell ? { type: 'FeatureCollection', features: [ell] } : EMPTY,
    );
  });
  map.on('mouseleave', 'dark-legs', () => (map.getSource('reach') as GeoJSONSource).setData(EMPTY));
}
