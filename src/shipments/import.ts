/**
 * The ledger back in: reads what `tallyman shipments --csv` or `--json` writes (`export.ts`) and
 * plans what to add. Pure: `parseLedgerFile` (text → records + errors by line / JSON index) and
 * `planLedgerImport` (records × stored shipments → inserts, unchanged, skipped differences).
 * The store side is `import-store.ts`.
 *
 * Rules:
 * - A record matches a stored shipment (or an earlier record of the same file) of the same vessel
 *   and origin whose departure lies within `matchToleranceMs` (36 h), the same destination first —
 *   as re-detection matches (`ledger.ts` `reconcile`). A match that agrees is `unchanged`; one that
 *   differs in status, destination, times, containers or decision is reported field by field and
 *   **skipped**: an import never overwrites or renumbers a stored shipment.
 * - A new record is added with its status and decision. A `confirmed` one is numbered after the
 *   stored confirmed shipments; one that departed before the latest stored confirmed shipment
 *   would renumber those, so it is added as `proposed` instead (reported; confirming it then
 *   renumbers in date order, audited as usual).
 * - Ids in the file are not kept (the store gives new ones); numbers are recomputed (date order)
 *   and a number that comes out different from the file's is reported.
 * - `document` supports are not carried: they are links to evidence items (`evidence link`), which
 *   the ledger file does not hold; they are dropped and the confidence recomputed without them.
 * - CSV carries less than JSON: no call windows (origin start = end = departure, destination
 *   start = end = arrival), no event ids, no route (the path is the two areas' centres), supports
 *   by kind only (ref `import`), the review flag by reason and field names only.
 */
import { parse } from 'csv-parse/sync';
import { restoreFormula } from '../export/csv.js';
import { parseTime } from '../time/parse-time.js';
import { confidenceOf } from './confidence.js';
import {
  iso,
  nextShipmentNumber,
  type ReviewFlag,
  SHIPMENT_STATUSES,
  type Shipment,
  type ShipmentStatus,
} from './ledger.js';
import type { ShipmentParams } from './params.js';
import type { CallKind, Range, Support, SupportKind } from './types.js';

/** A shipment as read from a file: everything but the store's id and number. */
/** An approval (four-eyes) is never imported: it is made in this store, by its reviewers. */
export type ImportedShipment = Omit<Shipment, 'id' | 'number' | 'approvedBy' | 'approvedMs'>;

export interface ImportRecord {
  /** `line 4` (CSV, the line the record ends on) or `[3]` (JSON array index). */
  where: string;
  fileId: number | null;
  fileNumber: number | null;
  shipment: ImportedShipment;
}

export interface ImportError {
  where: string;
  reason: string;
}

export interface ParsedLedger {
  format: 'csv' | 'json';
  records: ImportRecord[];
  errors: ImportError[];
}

/** CSV columns an import needs; the others of `shipmentsCsv` are optional. */
export const REQUIRED_CSV_COLUMNS = [
  'status',
  'mmsi',
  'origin',
  'destination',
  'depart_utc',
  'arrive_utc',
] as const;

const CALL_KINDS: readonly CallKind[] = ['ais', 'dark', 'sighting'];
const SUPPORT_KINDS: readonly SupportKind[] = [
  'ais-call',
  'dark-call',
  'sighting',
  'draught-laden',
  'draught-discharge',
  'containers',
  'document',
];

class RecordError extends Error {}
const fail = (reason: string): never => {
  throw new RecordError(reason);
};

function time(field: string, v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string' || v.trim() === '') return fail(`${field} is missing`);
  const r = parseTime(v);
  return r.ok ? r.tsMs : fail(`${field} "${v}": ${r.reason}`);
}

const optTime = (field: string, v: unknown) =>
  v === null || v === undefined || v === '' ? null : time(field, v);

function mmsiOf(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(String(v ?? '').trim());
  if (!Number.isInteger(n) || n < 1 || n > 999_999_999)
    return fail(`mmsi "${v}" is not an MMSI (a whole number up to 9 digits)`);
  return n;
}

function statusOf(v: unknown): ShipmentStatus {
  if (!(SHIPMENT_STATUSES as readonly unknown[]).includes(v))
    return fail(`status "${v}" is not ${SHIPMENT_STATUSES.join(', ')}`);
  return v as ShipmentStatus;
}

function callKind(field: string, v: unknown, dflt: CallKind): CallKind {
  if (v === undefined || v === null || v === '') return dflt;
  if (!(CALL_KINDS as readonly unknown[]).includes(v))
    return fail(`${field} "${v}" is not ${CALL_KINDS.join(', ')}`);
  return v as CallKind;
}

function areaId(field: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') return fail(`${field} is missing`);
  return v.trim();
}

function num(field: string, v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return fail(`${field} "${v}" is not a number`);
  return n;
}

/** `250`, `230-270` (as `export.ts` writes) or `{min, max}` (JSON) → a range. */
function rangeOf(field: string, v: unknown): Range | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'object') {
    const r = v as { min?: unknown; max?: unknown };
    const min = num(`${field}.min`, r.min);
    const max = num(`${field}.max`, r.max);
    if (min === null || max === null) return fail(`${field} needs min and max`);
    if (max < min) return fail(`${field} runs backwards`);
    return { min, max };
  }
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*$/.exec(String(v));
  if (!m) return fail(`${field} "${v}" is not a count or a range like 230-270`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) return fail(`${field} "${v}" runs backwards`);
  return { min, max };
}

function confidenceOfValue(v: unknown, supports: readonly Support[]): 1 | 2 | 3 | 4 {
  if (v === null || v === undefined || v === '') return confidenceOf(supports);
  const n = Number(v);
  if (![1, 2, 3, 4].includes(n)) return fail(`confidence "${v}" is not 1–4`);
  return n as 1 | 2 | 3 | 4;
}

/** Drops `document` supports (evidence links, not ledger data) and recomputes confidence then. */
function keepSupports(supports: Support[], confidence: 1 | 2 | 3 | 4) {
  const kept = supports.filter((s) => s.kind !== 'document');
  return { supports: kept, confidence: kept.length === supports.length ? confidence : confidenceOf(kept) };
}

const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));

function finish(s: ImportedShipment): ImportedShipment {
  if (s.arriveMs < s.departMs) fail(`arrival ${iso(s.arriveMs)} is before departure ${iso(s.departMs)}`);
  if (s.status !== 'proposed' && s.decidedBy === null)
    fail(`a ${s.status} shipment needs decided_by (who decided)`);
  return s;
}

export type AreaCentre = (areaId: string) => [number, number] | null;

function fromCsvRow(r: Record<string, string>, centre: AreaCentre): ImportedShipment {
  const status = statusOf(r.status?.trim());
  const mmsi = mmsiOf(r.mmsi);
  const originAreaId = areaId('origin', r.origin);
  const destinationAreaId = areaId('destination', r.destination);
  const departMs = time('depart_utc', r.depart_utc);
  const arriveMs = time('arrive_utc', r.arrive_utc);
  const kinds = (r.supports ?? '').split(/\s+/).filter(Boolean);
  for (const k of kinds)
    if (!(SUPPORT_KINDS as readonly string[]).includes(k)) fail(`supports: "${k}" is not a support kind`);
  const raw: Support[] = kinds.map((k) => ({ kind: k as SupportKind, role: 'leg', ref: 'import' }));
  const kept = keepSupports(raw, confidenceOfValue(r.confidence, raw));
  let review: ReviewFlag | null = null;
  if (r.review) {
    const m = /^(changed|not-detected):?\s*(.*)$/.exec(r.review.trim());
    if (!m) fail(`review "${r.review}" is not "changed: fields" or "not-detected"`);
    else
      review = {
        reason: m[1] as ReviewFlag['reason'],
        detectedMs: departMs,
        differences: m[2]
          .split(/\s+/)
          .filter(Boolean)
          .map((field) => ({ field, stored: null, detected: null })),
      };
  }
  const cargo = rangeOf('cargo_mass_t', r.cargo_mass_t);
  const path = [centre(originAreaId), centre(destinationAreaId)].filter(
    (p): p is [number, number] => p !== null,
  );
  return finish({
    status,
    mmsi,
    vesselName: str(r.vessel_name),
    originAreaId,
    originKind: callKind('origin_kind', r.origin_kind, 'ais'),
    originStartMs: departMs,
    originEndMs: departMs,
    originEventId: null,
    destinationAreaId,
    destinationKind: callKind('destination_kind', r.destination_kind, 'ais'),
    destinationStartMs: arriveMs,
    destinationEndMs: arriveMs,
    destinationEventId: null,
    departMs,
    arriveMs,
    transitMs: arriveMs - departMs,
    dark: r.dark === 'true',
    gapEventIds: [],
    alternativeDestinationIds: [],
    supports: kept.supports,
    confidence: kept.confidence,
    draughtFromM: num('draught_from_m', r.draught_from_m),
    draughtToM: num('draught_to_m', r.draught_to_m),
    cargoMassT: cargo,
    containersLoaded: rangeOf('containers_loaded', r.containers_loaded),
    containersDischarged: rangeOf('containers_discharged', r.containers_discharged),
    path,
    legs: [],
    decidedBy: str(r.decided_by),
    decidedMs: optTime('decided_utc', r.decided_utc),
    decisionReason: str(r.decision_reason),
    review,
    note: null,
    detectedMs: departMs,
  });
}

const arr = <T>(field: string, v: unknown): T[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return fail(`${field} is not a list`);
  return v as T[];
};

function fromJson(o: Record<string, unknown>, centre: AreaCentre): ImportedShipment {
  const status = statusOf(o.status);
  const mmsi = mmsiOf(o.mmsi);
  const originAreaId = areaId('originAreaId', o.originAreaId);
  const destinationAreaId = areaId('destinationAreaId', o.destinationAreaId);
  const departMs = time('departMs', o.departMs);
  const arriveMs = time('arriveMs', o.arriveMs);
  const supports = arr<Support>('supports', o.supports);
  for (const s of supports)
    if (!s || !(SUPPORT_KINDS as readonly unknown[]).includes(s.kind))
      fail('supports: an entry has no known kind');
  const kept = keepSupports(supports, confidenceOfValue(o.confidence, supports));
  let path = arr<[number, number]>('path', o.path);
  if (path.length === 0)
    path = [centre(originAreaId), centre(destinationAreaId)].filter((p): p is [number, number] => p !== null);
  const optMs = (f: string, v: unknown, d: number) => (v === undefined || v === null ? d : time(f, v));
  return finish({
    status,
    mmsi,
    vesselName: str(o.vesselName),
    originAreaId,
    originKind: callKind('originKind', o.originKind, 'ais'),
    originStartMs: optMs('originStartMs', o.originStartMs, departMs),
    originEndMs: optMs('originEndMs', o.originEndMs, departMs),
    originEventId: str(o.originEventId),
    destinationAreaId,
    destinationKind: callKind('destinationKind', o.destinationKind, 'ais'),
    destinationStartMs: optMs('destinationStartMs', o.destinationStartMs, arriveMs),
    destinationEndMs: optMs('destinationEndMs', o.destinationEndMs, arriveMs),
    destinationEventId: str(o.destinationEventId),
    departMs,
    arriveMs,
    transitMs: arriveMs - departMs,
    dark: o.dark === true,
    gapEventIds: arr<string>('gapEventIds', o.gapEventIds),
    alternativeDestinationIds: arr<string>('alternativeDestinationIds', o.alternativeDestinationIds),
    supports: kept.supports,
    confidence: kept.confidence,
    draughtFromM: num('draughtFromM', o.draughtFromM),
    draughtToM: num('draughtToM', o.draughtToM),
    cargoMassT: rangeOf('cargoMassT', o.cargoMassT),
    containersLoaded: rangeOf('containersLoaded', o.containersLoaded),
    containersDischarged: rangeOf('containersDischarged', o.containersDischarged),
    path,
    legs: arr('legs', o.legs),
    decidedBy: str(o.decidedBy),
    decidedMs: optTime('decidedMs', o.decidedMs),
    decisionReason: str(o.decisionReason),
    review: (o.review ?? null) as ReviewFlag | null,
    note: str(o.note),
    detectedMs: optMs('detectedMs', o.detectedMs, departMs),
  });
}

const intOrNull = (v: unknown) => {
  const n = v === null || v === undefined || v === '' ? null : Number(v);
  return n !== null && Number.isInteger(n) ? n : null;
};

/**
 * Reads a ledger file: JSON (an array of shipments, as `--json` writes) when it starts with `[`,
 * else CSV with a header (as `--csv` writes). A missing required CSV column fails the whole file
 * (naming the columns); a bad record is listed with its line or index and the rest still land.
 */
export function parseLedgerFile(text: string, centre: AreaCentre = () => null): ParsedLedger {
  const records: ImportRecord[] = [];
  const errors: ImportError[] = [];
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (e) {
      return {
        format: 'json',
        records,
        errors: [{ where: 'file', reason: `not valid JSON: ${(e as Error).message}` }],
      };
    }
    for (const [i, o] of (doc as unknown[]).entries()) {
      const where = `[${i}]`;
      try {
        if (typeof o !== 'object' || o === null || Array.isArray(o)) fail('not an object');
        const rec = o as Record<string, unknown>;
        records.push({
          where,
          fileId: intOrNull(rec.id),
          fileNumber: intOrNull(rec.number),
          shipment: fromJson(rec, centre),
        });
      } catch (e) {
        if (!(e instanceof RecordError)) throw e;
        errors.push({ where, reason: e.message });
      }
    }
    return { format: 'json', records, errors };
  }
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parse(body, {
      columns: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    });
  } catch (e) {
    return {
      format: 'csv',
      records,
      errors: [{ where: 'file', reason: `not readable as CSV: ${(e as Error).message}` }],
    };
  }
  const header = body
    .split(/\r?\n/, 1)[0]
    .split(',')
    .map((c) => c.trim());
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0)
    return {
      format: 'csv',
      records,
      errors: [
        {
          where: 'line 1',
          reason: `missing column(s) ${missing.join(', ')} (the header of \`tallyman shipments --csv\`)`,
        },
      ],
    };
  for (const { record, info } of rows) {
    const where = `line ${info.lines}`;
    try {
      records.push({
        where,
        fileId: intOrNull(record.id),
        fileNumber: intOrNull(record.number),
        // the export's formula guard (`src/export/csv.ts`) undone, so a reason reads as written
        shipment: fromCsvRow(
          Object.fromEntries(Object.entries(record).map(([k, v]) => [k, restoreFormula(v)])),
          centre,
        ),
      });
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      errors.push({ where, reason: e.message });
    }
  }
  return { format: 'csv', records, errors };
}

// ---- the plan -----------------------------------------------------------------------------

export interface FieldDifference {
  field: string;
  stored: string | number | null;
  file: string | number | null;
}

export interface ImportPlan {
  /** Records to add, in file order, with the status they get and the number a confirmed one gets. */
  insert: Array<{ record: ImportRecord; status: ShipmentStatus; number: number | null; note: string | null }>;
  unchanged: Array<{ record: ImportRecord; storedId: number | null }>;
  /** Matched a stored shipment (or an earlier record of the file) but differs: skipped. */
  differs: Array<{ record: ImportRecord; storedId: number | null; differences: FieldDifference[] }>;
}

const rangeText = (r: Range | null) =>
  r === null ? null : r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`;

/** The fields an analyst decides or sees on the ledger; a difference in one is never imported over. */
export function importDifferences(
  stored: Pick<Shipment, keyof ImportedShipment>,
  file: ImportedShipment,
): FieldDifference[] {
  const out: FieldDifference[] = [];
  const same = (field: string, a: string | number | null, b: string | number | null) => {
    if (a !== b) out.push({ field, stored: a, file: b });
  };
  same('status', stored.status, file.status);
  same('destinationAreaId', stored.destinationAreaId, file.destinationAreaId);
  same('depart', iso(stored.departMs), iso(file.departMs));
  same('arrive', iso(stored.arriveMs), iso(file.arriveMs));
  same('containersLoaded', rangeText(stored.containersLoaded), rangeText(file.containersLoaded));
  same('containersDischarged', rangeText(stored.containersDischarged), rangeText(file.containersDischarged));
  same('decidedBy', stored.decidedBy, file.decidedBy);
  same('decisionReason', stored.decisionReason, file.decisionReason);
  return out;
}

export function planLedgerImport(
  stored: readonly Shipment[],
  records: readonly ImportRecord[],
  p: Pick<ShipmentParams, 'matchToleranceMs'>,
): ImportPlan {
  const plan: ImportPlan = { insert: [], unchanged: [], differs: [] };
  type Candidate = { id: number | null; s: Pick<Shipment, keyof ImportedShipment> };
  const pool: Candidate[] = stored.map((s) => ({ id: s.id, s }));
  const taken = new Set<Candidate>();
  const confirmed = stored.filter((s) => s.status === 'confirmed');
  const lastConfirmedMs = confirmed.reduce((m, s) => Math.max(m, s.departMs), Number.NEGATIVE_INFINITY);
  // After every number given here before, rejected shipments' kept numbers included.
  let nextNumber = nextShipmentNumber(stored);
  const newConfirmed: Array<{ i: number; departMs: number }> = [];
  for (const record of records) {
    const f = record.shipment;
    const candidates = pool
      .filter(
        (c) =>
          !taken.has(c) &&
          c.s.mmsi === f.mmsi &&
          c.s.originAreaId === f.originAreaId &&
          Math.abs(c.s.departMs - f.departMs) <= p.matchToleranceMs,
      )
      .sort(
        (a, b) =>
          Number(a.s.destinationAreaId !== f.destinationAreaId) -
            Number(b.s.destinationAreaId !== f.destinationAreaId) ||
          Math.abs(a.s.departMs - f.departMs) - Math.abs(b.s.departMs - f.departMs),
      );
    const match = candidates[0];
    if (match) {
      taken.add(match);
      const differences = importDifferences(match.s, f);
      if (differences.length === 0) plan.unchanged.push({ record, storedId: match.id });
      else plan.differs.push({ record, storedId: match.id, differences });
      continue;
    }
    let status = f.status;
    let note: string | null = null;
    if (status === 'confirmed' && f.departMs < lastConfirmedMs) {
      status = 'proposed';
      note = `confirmed in the file${record.fileNumber !== null ? ` as number ${record.fileNumber}` : ''}, but it departed before the latest confirmed shipment here: added as proposed so no confirmed shipment is renumbered; confirm it to number it in date order`;
    }
    if (status === 'confirmed') newConfirmed.push({ i: plan.insert.length, departMs: f.departMs });
    plan.insert.push({ record, status, number: null, note });
    // A later record of the same file matching this one is a duplicate (compared, never added twice).
    pool.push({ id: null, s: f });
  }
  // New numbers in date order among themselves, after the stored ones; ties by file order.
  newConfirmed.sort((a, b) => a.departMs - b.departMs || a.i - b.i);
  for (const c of newConfirmed) plan.insert[c.i].number = nextNumber++;
  return plan;
}
