/**
 * OpenSanctions vessel records in, fleet vessels flagged. Pure: `parseSanctionsFile` reads either
 * form OpenSanctions publishes, `kindOf` keeps sanctions apart from port-state detentions, and
 * `matchSanctions` matches the fleet by IMO number first, then MMSI.
 *
 * Formats (sources):
 * - **FtM JSON lines** (OpenSanctions `entities.ftm.json`): one entity per line,
 *   `{ id, schema, properties: { name: [...], imoNumber: [...], mmsi: [...], flag: [...],
 *   topics: [...] }, datasets: [...] }`; property values are lists of strings (FollowTheMoney,
 *   `followthemoney/schema/Vessel.yaml`: `imoNumber` and `mmsi` are identifiers, `flag` a country;
 *   `Thing.yaml`: `topics`, "controlled tags … associated with a risk category"). Only `Vessel`
 *   entities are kept; others (companies, sanctions, links) are counted as skipped.
 * - **Maritime CSV** (OpenSanctions collection `maritime`, export `maritime.csv`, documented in
 *   opensanctions `datasets/_collections/maritime.yml`): columns `type` (VESSEL or ORGANIZATION),
 *   `name` (the entity's caption; a `caption` column is accepted too), `imo`, `risk` (its
 *   topics), `countries`, `flag`, `mmsi`, `id`, `url`, `datasets`, `aliases`. Multi-valued cells
 *   are `;`-separated. Required: `id`, `imo`, `mmsi`, `risk` and `name` or `caption`; only
 *   `VESSEL` rows are kept.
 *
 * Kinds (`kindOf`): a topic `sanction` or `sanction.*` (OpenSanctions topics: `sanction`,
 * `sanction.linked`, `sanction.counter`) is a sanction; the maritime topic `mare.detained`, or a
 * topic / risk text that says detained or detention, is a port-state detention; anything else
 * (`mare.shadow`, `poi`, …) is `other`. A record can carry both: its `kind` is then `sanction`,
 * and it is listed under both sanctions and detentions (`isDetention`), so neither hides the other.
 */
import { parse } from 'csv-parse/sync';

export type SanctionKind = 'sanction' | 'detention' | 'other';

export interface SanctionRecord {
  sourceId: string;
  name: string | null;
  imo: number | null;
  mmsi: number | null;
  flag: string | null;
  topics: string[];
  datasets: string[];
  kind: SanctionKind;
  url: string | null;
}

export interface SanctionsParseError {
  /** `line 7` */
  where: string;
  reason: string;
}

export interface ParsedSanctions {
  format: 'ftm' | 'csv';
  records: SanctionRecord[];
  errors: SanctionsParseError[];
  /** Entities that are not vessels, by reason (`schema Company`, `type ORGANIZATION`). */
  skipped: Record<string, number>;
}

export const REQUIRED_SANCTIONS_CSV_COLUMNS = ['id', 'imo', 'mmsi', 'risk'] as const;

export const isSanction = (topics: readonly string[]) =>
  topics.some((t) => t === 'sanction' || t.startsWith('sanction.'));
export const isDetention = (topics: readonly string[]) =>
  topics.some((t) => t === 'mare.detained' || /detain|detention/i.test(t));

export function kindOf(topics: readonly string[]): SanctionKind {
  if (isSanction(topics)) return 'sanction';
  if (isDetention(topics)) return 'detention';
  return 'other';
}

/** `IMO 9138783`, `IMO9138783`, `9138783` → 9138783; anything else → null. */
export function parseImo(v: string): number | null {
  const m = /^\s*(?:IMO)?\s*(\d{7})\s*$/i.exec(v);
  return m ? Number(m[1]) : null;
}

export function parseMmsi(v: string): number | null {
  const m = /^\s*(\d{9})\s*$/.exec(v);
  return m ? Number(m[1]) : null;
}

const first = <T>(vs: readonly string[], f: (v: string) => T | null): T | null => {
  for (const v of vs) {
    const x = f(v);
    if (x !== null) return x;
  }
  return null;
};
const split = (v: string | undefined) =>
  (v ?? '')
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean);

function record(
  sourceId: string,
  names: string[],
  imos: string[],
  mmsis: string[],
  flags: string[],
  topics: string[],
  datasets: string[],
  url: string | null,
): SanctionRecord | string {
  const imo = first(imos, parseImo);
  const mmsi = first(mmsis, parseMmsi);
  if (imo === null && mmsi === null) {
    const given = [...imos, ...mmsis];
    return given.length > 0
      ? `no valid IMO (7 digits) or MMSI (9 digits) among ${given.map((x) => `"${x}"`).join(', ')}`
      : 'no IMO number or MMSI: cannot be matched to a fleet vessel';
  }
  return {
    sourceId,
    name: names[0] ?? null,
    imo,
    mmsi,
    flag: flags[0] ?? null,
    topics: [...new Set(topics)].sort(),
    datasets: [...new Set(datasets)].sort(),
    kind: kindOf(topics),
    url,
  };
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

function parseFtm(text: string): ParsedSanctions {
  const out: ParsedSanctions = { format: 'ftm', records: [], errors: [], skipped: {} };
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const where = `line ${i + 1}`;
    let e: { id?: unknown; schema?: unknown; properties?: Record<string, unknown>; datasets?: unknown };
    try {
      e = JSON.parse(line);
    } catch (err) {
      out.errors.push({ where, reason: `not valid JSON (${(err as Error).message})` });
      continue;
    }
    if (typeof e !== 'object' || e === null || typeof e.schema !== 'string') {
      out.errors.push({ where, reason: 'not an FtM entity (no "schema")' });
      continue;
    }
    if (e.schema !== 'Vessel') {
      const k = `schema ${e.schema}`;
      out.skipped[k] = (out.skipped[k] ?? 0) + 1;
      continue;
    }
    if (typeof e.id !== 'string' || e.id === '') {
      out.errors.push({ where, reason: 'Vessel without an "id"' });
      continue;
    }
    const p = e.properties ?? {};
    const r = record(
      e.id,
      strings(p.name),
      strings(p.imoNumber),
      strings(p.mmsi),
      strings(p.flag),
      strings(p.topics),
      strings(e.datasets),
      strings(p.sourceUrl)[0] ?? null,
    );
    if (typeof r === 'string') out.errors.push({ where, reason: `${e.id}: ${r}` });
    else out.records.push(r);
  }
  return out;
}

function parseCsv(text: string): ParsedSanctions {
  const out: ParsedSanctions = { format: 'csv', records: [], errors: [], skipped: {} };
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parse(text, {
      columns: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    });
  } catch (err) {
    out.errors.push({ where: 'file', reason: `not readable as CSV: ${(err as Error).message}` });
    return out;
  }
  const header = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]
    .split(',')
    .map((c) => c.trim().replace(/^"|"$/g, ''));
  const missing: string[] = REQUIRED_SANCTIONS_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (!header.includes('name') && !header.includes('caption')) missing.push('name (or caption)');
  if (missing.length > 0) {
    out.errors.push({
      where: 'line 1',
      reason: `missing column(s) ${missing.join(', ')} (OpenSanctions maritime.csv: type,name,imo,risk,countries,flag,mmsi,id,url,datasets,aliases)`,
    });
    return out;
  }
  for (const { record: row, info } of rows) {
    const where = `line ${info.lines}`;
    const type = (row.type ?? 'VESSEL').trim().toUpperCase();
    if (type !== 'VESSEL') {
      const k = `type ${type || '(empty)'}`;
      out.skipped[k] = (out.skipped[k] ?? 0) + 1;
      continue;
    }
    const id = (row.id ?? '').trim();
    if (id === '') {
      out.errors.push({ where, reason: 'no "id"' });
      continue;
    }
    const r = record(
      id,
      split(row.name ?? row.caption),
      split(row.imo),
      split(row.mmsi),
      split(row.flag),
      split(row.risk),
      split(row.datasets),
      (row.url ?? '').trim() || null,
    );
    if (typeof r === 'string') out.errors.push({ where, reason: `${id}: ${r}` });
    else out.records.push(r);
  }
  return out;
}

/** FtM JSON lines when the first non-blank character is `{`, else the maritime CSV. */
export function parseSanctionsFile(text: string): ParsedSanctions {
  const body = text.replace(/^\uFEFF/, '');
  return body.trimStart().startsWith('{') ? parseFtm(body) : parseCsv(body);
}

// ---- matching -----------------------------------------------------------------------------

export interface FleetVessel {
  mmsi: number;
  imo: number | null;
  name: string | null;
}

export interface SanctionMatch {
  record: SanctionRecord;
  by: 'imo' | 'mmsi';
}

export interface VesselSanctions {
  vessel: FleetVessel;
  sanctions: SanctionMatch[];
  detentions: SanctionMatch[];
}

/**
 * Each fleet vessel against the records. IMO first: when the vessel and the record both have an
 * IMO number, they match only if the numbers are equal (an IMO number stays with the hull for
 * life, while an MMSI moves with the flag, so an MMSI match under a different IMO is another
 * ship). Otherwise they match on equal MMSIs. Vessels with no match are left out.
 */
export function matchSanctions(
  vessels: readonly FleetVessel[],
  records: readonly SanctionRecord[],
): VesselSanctions[] {
  const byImo = new Map<number, SanctionRecord[]>();
  const byMmsi = new Map<number, SanctionRecord[]>();
  for (const r of records) {
    if (r.imo !== null) byImo.set(r.imo, [...(byImo.get(r.imo) ?? []), r]);
    if (r.mmsi !== null) byMmsi.set(r.mmsi, [...(byMmsi.get(r.mmsi) ?? []), r]);
  }
  const out: VesselSanctions[] = [];
  for (const vessel of vessels) {
    const matches: SanctionMatch[] = [];
    const seen = new Set<string>();
    if (vessel.imo !== null)
      for (const record of byImo.get(vessel.imo) ?? []) {
        seen.add(record.sourceId);
        matches.push({ record, by: 'imo' });
      }
    for (const record of byMmsi.get(vessel.mmsi) ?? []) {
      if (seen.has(record.sourceId)) continue;
      if (vessel.imo !== null && record.imo !== null && record.imo !== vessel.imo) continue;
      seen.add(record.sourceId);
      matches.push({ record, by: 'mmsi' });
    }
    const sanctions = matches.filter((m) => m.record.kind === 'sanction');
    const detentions = matches.filter((m) => isDetention(m.record.topics));
    if (sanctions.length > 0 || detentions.length > 0) out.push({ vessel, sanctions, detentions });
  }
  return out;
}
