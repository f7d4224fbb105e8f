/**
 * Place names on the map without a glyph server: HTML labels (MapLibre markers) for the areas of
 * interest (names from /api/areas: the bundled areas and the store's own) and for the seas and
 * straits around them. The sea names and their label points are bundled here (label positions
 * only, approximate; docs/sources.md "Places"): nothing is fetched.
 */
import { Marker, type Map as MlMap } from 'maplibre-gl';

/** A sea label: where it is drawn and from which zoom (smaller seas only when closer). */
export interface SeaLabel {
  name: string;
  lon: number;
  lat: number;
  minZoom: number;
}

export const SEA_LABELS: readonly SeaLabel[] = [
  { name: 'Sea of Japan (East Sea)', lon: 134.5, lat: 40.5, minZoom: 3 },
  { name: 'Peter the Great Gulf', lon: 131.9, lat: 42.75, minZoom: 7 },
  { name: 'Sea of Okhotsk', lon: 149.0, lat: 53.0, minZoom: 2 },
  { name: 'Tatar Strait', lon: 141.2, lat: 49.5, minZoom: 5 },
  { name: 'Korea Strait', lon: 129.2, lat: 34.6, minZoom: 5 },
  { name: 'Yellow Sea', lon: 123.5, lat: 36.0, minZoom: 3 },
  { name: 'East China Sea', lon: 125.5, lat: 29.5, minZoom: 3 },
  { name: 'Pacific Ocean', lon: 160.0, lat: 30.0, minZoom: 0 },
  { name: 'Black Sea', lon: 34.0, lat: 43.2, minZoom: 3 },
  { name: 'Sea of Azov', lon: 36.5, lat: 46.0, minZoom: 5 },
  { name: 'Caspian Sea', lon: 50.5, lat: 42.0, minZoom: 3 },
  { name: 'Baltic Sea', lon: 19.5, lat: 57.5, minZoom: 3 },
  { name: 'North Sea', lon: 3.5, lat: 56.0, minZoom: 3 },
  { name: 'Mediterranean Sea', lon: 18.0, lat: 35.0, minZoom: 2 },
  { name: 'Gulf of Mexico', lon: -90.0, lat: 25.0, minZoom: 3 },
  { name: 'Atlantic Ocean', lon: -40.0, lat: 30.0, minZoom: 0 },
  { name: 'Indian Ocean', lon: 75.0, lat: -15.0, minZoom: 0 },
];

export interface PlaceLabel {
  id: string;
  name: string;
  lon: number;
  lat: number;
}

/** Area labels from 4 (the region), sea labels from their own zoom; shown or hidden on zoom. */
export function mountLabels(map: MlMap, places: readonly PlaceLabel[]): void {
  const all: Array<{ marker: Marker; minZoom: number }> = [];
  for (const s of SEA_LABELS) {
    const el = document.createElement('div');
    el.className = 'map-label sea';
    el.textContent = s.name;
    all.push({ marker: new Marker({ element: el }).setLngLat([s.lon, s.lat]), minZoom: s.minZoom });
  }
  for (const p of places) {
    const el = document.createElement('div');
    el.className = 'map-label place';
    el.dataset.area = p.id;
    el.textContent = p.name;
    all.push({
      marker: new Marker({ element: el, anchor: 'left', offset: [8, 0] }).setLngLat([p.lon, p.lat]),
      minZoom: 4,
    });
  }
  const update = () => {
    const z = map.getZoom();
    for (const { marker, minZoom } of all) {
      const shown = z >= minZoom;
      if (shown && !marker.getElement().isConnected) marker.addTo(map);
      else if (!shown && marker.getElement().isConnected) marker.remove();
    }
  };
  map.on('zoomend', update);
  update();
}
