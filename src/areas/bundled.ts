/**
 * The areas of interest bundled for the Rajin shuttle case. Coordinates are those of
 * docs/sources.md "Places" (WGS84, approximate: map precision, verify before publishing); each
 * entry names where the place is described.
 *
 * Radii: Global Fishing Watch enters a port within 3 km of an anchorage point and exits beyond
 * 4 km (GFW port-visit definition, github.com/GlobalFishingWatch/GFW_technical_documentation).
 * Those defaults are kept where the point is a harbour and the berths are within ~2–3 km of it.
 * Exceptions, with the reason:
 *  - Vostochny: the point is the centre of Wrangel Bay; the terminals line the bay's shore, up to
 *    roughly 4 km from that point (approx., from the map), so 5 km entry / 6 km exit keeps a ship
 *    at any berth inside. Nakhodka's point is ~19 km away, so the two do not overlap.
 *  - Vladivostok: the commercial port stretches ~4 km along the Golden Horn; 4 km entry.
 *  - Tumangang–Khasan: a river rail bridge, not a berth (kind border-crossing, not callable); 2 km
 *    only marks "near the crossing" for gap ends and rail context.
 * Per-area thresholds are left empty: none is published for these places.
 */
import type { Area } from './types.js';

const REF = 'docs/sources.md "Places" (approx.)';

export const BUNDLED_AREAS: readonly Area[] = [
  {
    id: 'rajin',
    name: 'Rajin (Najin) port, Rason',
    kind: 'port',
    geometry: { type: 'circle', lon: 130.3, lat: 42.25, radiusM: 3000 },
    source: `${REF}; piers 1–2 (Donga), piers 2–3 (CSIS Beyond Parallel); pier coordinates not published`,
    note: 'Origin of the shuttle: Russian ships load DPRK containers at Pier 2.',
  },
  {
    id: 'chongjin',
    name: 'Chongjin',
    kind: 'port',
    geometry: { type: 'circle', lon: 129.82, lat: 41.77, radiusM: 3000 },
    source: REF,
  },
  {
    id: 'tumangang-khasan',
    name: 'Tumangang–Khasan rail bridge (Tumangang railhead)',
    kind: 'border-crossing',
    geometry: { type: 'circle', lon: 130.6026, lat: 42.4217, radiusM: 2000 },
    source: `${REF}; CSIS Beyond Parallel (~73 railcars at Tumangang, 5 Oct 2023)`,
    note: 'Bridge 590 m, dual gauge. Not a berth.',
  },
  {
    id: 'dunai',
    name: 'Dunai naval facility',
    kind: 'naval-facility',
    geometry: { type: 'circle', lon: 132.3375, lat: 42.8803, radiusM: 3000 },
    source: `${REF}; RUSI "Orient Express", 17 Oct 2023`,
    note: 'Dunay settlement, ~9 km south of Fokino; Cold-War submarine base.',
  },
  {
    id: 'vostochny',
    name: 'Vostochny port (Wrangel Bay)',
    kind: 'port',
    geometry: { type: 'circle', lon: 133.0667, lat: 42.7333, radiusM: 5000 },
    thresholds: { portExitMarginM: 1000 },
    source: `${REF}; container terminal operator Eastern Stevedoring Co. named by the US`,
    note: 'Radius 5 km: the point is the bay, the berths line its shore (see the module comment).',
  },
  {
    id: 'nakhodka',
    name: 'Nakhodka',
    kind: 'port',
    geometry: { type: 'circle', lon: 132.867, lat: 42.817, radiusM: 3000 },
    source: REF,
  },
  {
    id: 'vladivostok',
    name: 'Vladivostok commercial port',
    kind: 'port',
    geometry: { type: 'circle', lon: 131.8853, lat: 43.115, radiusM: 4000 },
    source: REF,
    note: 'Radius 4 km: the commercial port runs along the Golden Horn.',
  },
  {
    id: 'zarubino',
    name: 'Zarubino',
    kind: 'port',
    geometry: { type: 'circle', lon: 131.08, lat: 42.64, radiusM: 3000 },
    source: REF,
  },
  {
    id: 'posyet',
    name: 'Posyet',
    kind: 'port',
    geometry: { type: 'circle', lon: 130.8, lat: 42.65, radiusM: 3000 },
    source: REF,
  },
];
