/**
 * Pure formatting of a simulation result: NMEA lines (with NMEA 4 tag blocks), DMA CSV rows and
 * the truth JSON. Generators, so a writer can stream them to disk.
 */
import { classBStaticBits, positionBits, type StaticMessage, staticVoyageBits } from './ais-encode.js';
import { tagBlock, vdmSentences } from './nmea-write.js';
import { latest, type VesselPlan } from './plan.js';
import type { PositionReception, Reception, SimulationResult } from './simulate.js';

/** The static and voyage data a vessel broadcasts at `tsMs`. */
export function staticMessage(plan: VesselPlan, tsMs: number): StaticMessage {
  const id = latest(plan.identities, tsMs);
  const voyage = latest(plan.voyages, tsMs);
  const draught = latest(plan.draughts, tsMs).draughtM;
  // Antenna near the bridge: 80% of the length from the bow on a cargo ship, amidships abeam.
  const toStern = Math.round(plan.lengthM * 0.2);
  const toPort = Math.floor(plan.beamM / 2);
  return {
    mmsi: id.mmsi,
    imo: id.imo,
    callSign: id.callSign,
    name: id.name,
    shipType: plan.shipType,
    toBowM: Math.min(511, plan.lengthM - toStern),
    toSternM: Math.min(511, toStern),
    toPortM: Math.min(63, toPort),
    toStarboardM: Math.min(63, plan.beamM - toPort),
    draughtM: draught > 0 ? draught : null,
    destination: voyage.destination,
    etaMs: voyage.etaMs,
  };
}

/**
 * The VDM sentences of one reception on channel `ch`, without tag block; `seq`: the sequential
 * message id a multi-sentence message takes. Returns the sentences and the next id.
 */
export function receptionSentences(
  plan: VesselPlan,
  r: Reception,
  ch: 'A' | 'B',
  seq: number,
): { sentences: string[]; seq: number } {
  if (r.kind === 'position') {
    const bits = positionBits({
      type: plan.aisClass === 'A' ? 1 : 18,
      mmsi: r.mmsi,
      lat: r.lat,
      lon: r.lon,
      speedKnots: r.speedKnots,
      courseDeg: r.courseDeg,
      headingDeg: r.headingDeg,
      navStatus: r.navStatus,
      second: Math.floor(r.tsMs / 1000) % 60,
    });
    return { sentences: vdmSentences(bits, ch, 0), seq };
  }
  const m = staticMessage(plan, r.tsMs);
  const payloads = plan.aisClass === 'A' ? [staticVoyageBits(m)] : classBStaticBits(m);
  const sentences: string[] = [];
  for (const bits of payloads) {
    const s = vdmSentences(bits, ch, seq);
    if (s.length > 1) seq = (seq + 1) % 10;
    sentences.push(...s);
  }
  return { sentences, seq };
}

/** Every NMEA line, in time order. Each sentence carries its own tag block (station, receive time). */
export function* nmeaLines(result: SimulationResult): Generator<string> {
  let seq = 0;
  let channel = 0;
  for (const r of result.receptions) {
    const tag = tagBlock(r.station, Math.floor(r.tsMs / 1000));
    const ch = channel++ % 2 === 0 ? 'A' : 'B';
    const out = receptionSentences(result.plans[r.vessel], r, ch, seq);
    seq = out.seq;
    for (const s of out.sentences) yield tag + s;
  }
}

export const DMA_HEADER =
  '# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type';

/** DMA's labels for the codes the simulator uses (DMA AisLib enum names, as in its CSV exports). */
const NAV_LABEL: Record<number, string> = {
  0: 'Under way using engine',
  1: 'At anchor',
  5: 'Moored',
  7: 'Engaged in fishing',
  15: 'Unknown value',
};
const SHIP_LABEL: Record<number, string> = {
  30: 'Fishing',
  52: 'Tug',
  60: 'Passenger',
  70: 'Cargo',
  80: 'Tanker',
  90: 'Other',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** `dd/mm/yyyy HH:MM:SS` UTC, DMA's day-first form. */
export function dmaTime(tsMs: number): string {
  const d = new Date(tsMs);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One DMA row per received position report; static columns from the vessel's current static data. */
export function dmaRow(result: SimulationResult, r: PositionReception): string {
  return dmaRowOf(result.plans, r);
}

/** `dmaRow` given the plans only (the streamed writer has no reception list). */
export function dmaRowOf(plans: readonly VesselPlan[], r: PositionReception): string {
  const plan = plans[r.vessel];
  const m = staticMessage(plan, r.tsMs);
  const group = Math.floor(plan.shipType / 10) * 10;
  const shipLabel = SHIP_LABEL[plan.shipType] ?? SHIP_LABEL[group] ?? 'Undefined';
  return [
    dmaTime(r.tsMs),
    plan.aisClass === 'A' ? 'Class A' : 'Class B',
    String(r.mmsi),
    r.lat.toFixed(6),
    r.lon.toFixed(6),
    plan.aisClass === 'A' ? (NAV_LABEL[r.navStatus] ?? 'Unknown value') : 'Unknown value',
    '',
    r.speedKnots.toFixed(1),
    r.courseDeg.toFixed(1),
    r.headingDeg === null ? '' : String(r.headingDeg),
    m.imo === null ? 'Unknown' : String(m.imo),
    csvCell(m.callSign),
    csvCell(m.name),
    shipLabel,
    plan.shipType % 10 === 0 && SHIP_LABEL[plan.shipType] !== undefined && group >= 60
      ? 'No additional information'
      : '',
    String(m.toPortM + m.toStarboardM),
    String(m.toBowM + m.toSternM),
    'GPS',
    m.draughtM === null ? '' : m.draughtM.toFixed(1),
    csvCell(m.destination),
    m.etaMs === null ? '' : dmaTime(m.etaMs - (m.etaMs % 60000)),
    // "Data source type" names the feed; the simulator marks its own.
    'AIS (simulated)',
  ].join(',');
}

/** The DMA CSV window [t0, t1) in epoch ms (unbounded when the scenario sets none). */
export function dmaWindow(s: SimulationResult['scenario']): { t0: number; t1: number } {
  const w = s.reporting.dmaCsvWindow;
  return { t0: w === null ? -Infinity : Date.parse(w.start), t1: w === null ? Infinity : Date.parse(w.end) };
}

export function* dmaLines(result: SimulationResult): Generator<string> {
  yield DMA_HEADER;
  const { t0, t1 } = dmaWindow(result.scenario);
  for (const r of result.receptions) {
    if (r.kind === 'position' && r.tsMs >= t0 && r.tsMs < t1) yield dmaRow(result, r);
  }
}

export function truthJson(result: Pick<SimulationResult, 'truth'>): string {
  return `${JSON.stringify(result.truth, null, 1)}\n`;
}

/**
 * `truthJson` in pieces (joined, the same text), so that a writer need not hold the whole text:
 * the truth of a large run is over 100 MB of JSON. The top two levels (the truth object and its
 * lists) are laid out here as JSON.stringify lays them out with a one-space indent; each list
 * element is JSON.stringify's own text, indented to its depth (JSON strings hold no raw newline).
 */
export function* truthJsonPieces(result: Pick<SimulationResult, 'truth'>): Generator<string> {
  yield* jsonPieces(result.truth, '', 2);
  yield '\n';
}

function jsonPieces(value: unknown, indent: string, levels: number): Generator<string> {
  return levels > 0 && value !== null && typeof value === 'object' && !('toJSON' in value)
    ? containerPieces(value as object, indent, levels)
    : leafPieces(value, indent);
}

function* leafPieces(value: unknown, indent: string): Generator<string> {
  const text = JSON.stringify(value, null, 1);
  yield indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}

function* containerPieces(value: object, indent: string, levels: number): Generator<string> {
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i > 0 ? ',' : ''}\n${inner}`;
      const v = value[i];
      // As JSON.stringify: what has no JSON form is null in a list.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') yield 'null';
      else yield* jsonPieces(v, inner, levels - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    // …and is left out of an object.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `;
    first = false;
    yield* jsonPieces(v, inner, levels - 1);
  }
  yield first ? '{}' : `\n${indent}}`;
}
