/**
 * One search over what an analyst names things by: vessels by MMSI, IMO, call sign or name
 * (current or former), areas by id or name, shipments by their ledger number. Pure: the
 * candidates come from the store (`search-store.ts`). Names are compared as AIS sends them:
 * upper case, `@` padding dropped, runs of spaces collapsed.
 */

export interface VesselCandidate {
  mmsi: number;
  /** The latest name first, then former ones. */
  names: string[];
  imos: number[];
  callSigns: string[];
  flag: string | null;
  positionCount: number;
}

export interface AreaCandidate {
  id: string;
  name: string;
  lon: number;
  lat: number;
}

export interface ShipmentCandidate {
  id: number;
  number: number | null;
  status: string;
  mmsi: number;
  vesselName: string | null;
  originAreaId: string;
  destinationAreaId: string;
  departMs: number;
}

export type Matched = 'mmsi' | 'imo' | 'call sign' | 'name' | 'former name' | 'id' | 'number';

export type SearchHit =
  | { kind: 'vessel'; mmsi: number; label: string; matched: Matched; exact: boolean; score: number }
  | {
      kind: 'area';
      id: string;
      label: string;
      lon: number;
      lat: number;
      matched: Matched;
      exact: boolean;
      score: number;
    }
  | {
      kind: 'shipment';
      id: number;
      number: number | null;
      mmsi: number;
      label: string;
      matched: Matched;
      exact: boolean;
      score: number;
    };

export const normaliseName = (s: string): string =>
  s.replace(/@+/g, ' ').trim().replace(/\s+/g, ' ').toUpperCase();

/** How well a text matches a name: exact 3, whole-word prefix 2, substring 1, else 0. */
function nameMatch(name: string, q: string): number {
  const n = normaliseName(name);
  if (n === '' || q === '') return 0;
  if (n === q) return 3;
  if (n.startsWith(q) || n.includes(` ${q}`)) return 2;
  return q.length >= 3 && n.includes(q) ? 1 : 0;
}

const vesselLabel = (v: VesselCandidate) =>
  `${v.names[0] ?? '(no name)'} · MMSI ${v.mmsi}${v.imos[0] ? ` · IMO ${v.imos[0]}` : ''}${v.callSigns[0] ? ` · ${v.callSigns[0]}` : ''}${v.flag ? ` · ${v.flag}` : ''}`;

/** "shipment 5", "no. 5", "#5", "nr 5" name a ledger number; a bare small number may too. */
const SHIPMENT_NUMBER = /^(?:SHIPMENT\s*(?:NO\.?|NR\.?|#)?|NO\.?|NR\.?|#)\s*(\d{1,6})$/;

export interface Candidates {
  vessels: readonly VesselCandidate[];
  areas: readonly AreaCandidate[];
  shipments: readonly ShipmentCandidate[];
}

/** Every hit, best first (exact before partial, then vessels heard most). */
export function search(query: string, c: Candidates, limit = 20): SearchHit[] {
  const q = normaliseName(query);
  if (q === '') return [];
  const hits: SearchHit[] = [];
  const digits = /^\d+$/.test(q) ? Number(q) : null;
  const imoQ = /^IMO\s*(\d{7})$/.exec(q)?.[1];
  const mmsiQ = /^MMSI\s*(\d{1,9})$/.exec(q)?.[1];
  const numberQ = SHIPMENT_NUMBER.exec(q)?.[1];

  for (const v of c.vessels) {
    let best: { matched: Matched; score: number; exact: boolean } | null = null;
    const take = (matched: Matched, score: number, exact: boolean) => {
      if (best === null || score > best.score) best = { matched, score, exact };
    };
    if ((digits !== null && v.mmsi === digits) || (mmsiQ !== undefined && v.mmsi === Number(mmsiQ)))
      take('mmsi', 100, true);
    else if (digits !== null && q.length >= 4 && String(v.mmsi).startsWith(q)) take('mmsi', 40, false);
    if ((digits !== null && v.imos.includes(digits)) || (imoQ !== undefined && v.imos.includes(Number(imoQ))))
      take('imo', 100, true);
    for (const cs of v.callSigns) if (normaliseName(cs) === q) take('call sign', 95, true);
    v.names.forEach((name, i) => {
      const m = nameMatch(name, q);
      if (m === 0) return;
      const former = i > 0;
      take(former ? 'former name' : 'name', (m === 3 ? 90 : m === 2 ? 60 : 30) - (former ? 5 : 0), m === 3);
    });
    const b = best as { matched: Matched; score: number; exact: boolean } | null;
    if (b !== null)
      hits.push({
        kind: 'vessel',
        mmsi: v.mmsi,
        label: `${vesselLabel(v)}${b.matched === 'former name' ? ` (formerly ${v.names.find((n) => nameMatch(n, q) > 0)})` : ''}`,
        matched: b.matched,
        exact: b.exact,
        // Among equals, the vessel heard most comes first.
        score: b.score + Math.min(5, Math.log10(1 + v.positionCount)),
      });
  }
  for (const a of c.areas) {
    const byId = a.id.toUpperCase() === q.replace(/\s+/g, '-') ? 3 : nameMatch(a.id.replace(/-/g, ' '), q);
    const byName = nameMatch(a.name, q);
    const m = Math.max(byId, byName);
    if (m > 0)
      hits.push({
        kind: 'area',
        id: a.id,
        label: `${a.name} (area ${a.id})`,
        lon: a.lon,
        lat: a.lat,
        matched: byId >= byName ? 'id' : 'name',
        exact: m === 3,
        score: m === 3 ? 92 : m === 2 ? 62 : 32,
      });
  }
  const wanted = numberQ !== undefined ? Number(numberQ) : digits !== null && q.length <= 6 ? digits : null;
  if (wanted !== null)
    for (const s of c.shipments)
      if (s.number === wanted)
        hits.push({
          kind: 'shipment',
          id: s.id,
          number: s.number,
          mmsi: s.mmsi,
          label: `shipment no. ${s.number} (${s.status}): ${s.vesselName ?? `MMSI ${s.mmsi}`}, ${s.originAreaId} → ${s.destinationAreaId}, ${new Date(s.departMs).toISOString().slice(0, 10)}`,
          matched: 'number',
          exact: true,
          score: numberQ !== undefined ? 110 : 80,
        });
  return hits.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label)).slice(0, limit);
}

export type VesselResolution =
  | { ok: true; mmsi: number; matched: Matched; label: string }
  | { ok: false; reason: 'not-found' | 'ambiguous'; message: string; candidates: SearchHit[] };

/**
 * One vessel for a CLI argument: an MMSI, IMO, call sign or name. An exact match wins over
 * partial ones; two vessels matching equally well is ambiguous — the caller lists them.
 */
export function resolveVessel(text: string, vessels: readonly VesselCandidate[]): VesselResolution {
  const hits = search(text, { vessels, areas: [], shipments: [] }, 1000).filter(
    (h): h is Extract<SearchHit, { kind: 'vessel' }> => h.kind === 'vessel',
  );
  const exact = hits.filter((h) => h.exact);
  const pool = exact.length > 0 ? exact : hits;
  if (pool.length === 1)
    return { ok: true, mmsi: pool[0].mmsi, matched: pool[0].matched, label: pool[0].label };
  if (pool.length === 0)
    return {
      ok: false,
      reason: 'not-found',
      message: `no vessel matches "${text}" (by MMSI, IMO, call sign, name or former name)`,
      candidates: [],
    };
  return {
    ok: false,
    reason: 'ambiguous',
    message: `"${text}" is ambiguous: ${pool.length} vessels match${exact.length > 0 ? ' exactly' : ''}; give the MMSI`,
    candidates: pool,
  };
}
