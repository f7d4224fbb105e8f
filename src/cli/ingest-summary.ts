/**
 * The ingest summary: per input what happened, then decoded messages by type and rejected lines
 * by reason over all inputs. Pure: outcomes in, text (or JSON) out.
 */
import Table from 'cli-table3';
import type { SourceCounts } from '../sources/index.js';

export interface IngestOutcome {
  name: string;
  format: string | null;
  /** `in-progress`: another process was ingesting the same content; nothing was done for it here. */
  status: 'ingested' | 'already-ingested' | 'in-progress' | 'failed' | 'skipped';
  error?: string;
  sha256: string | null;
  counts: SourceCounts | null;
  ms: number;
}

export interface IngestTotals {
  inputs: number;
  ingested: number;
  alreadyIngested: number;
  inProgress: number;
  failed: number;
  skipped: number;
  lines: number;
  messages: number;
  positions: number;
  statics: number;
  /** NMEA messages shorter than their type allows, decoded by --lenient (flagged short). */
  shortDecoded: number;
  byType: Record<string, number>;
  rejectedByReason: Record<string, number>;
  ignoredByReason: Record<string, number>;
}

function add(into: Record<string, number>, from: Record<string, number | undefined> | undefined): void {
  if (!from) return;
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + (v ?? 0);
}

export function totalsOf(outcomes: readonly IngestOutcome[]): IngestTotals {
  const t: IngestTotals = {
    inputs: outcomes.length,
    ingested: 0,
    alreadyIngested: 0,
    inProgress: 0,
    failed: 0,
    skipped: 0,
    lines: 0,
    messages: 0,
    positions: 0,
    statics: 0,
    shortDecoded: 0,
    byType: {},
    rejectedByReason: {},
    ignoredByReason: {},
  };
  for (const o of outcomes) {
    if (o.status === 'ingested') t.ingested++;
    else if (o.status === 'already-ingested') t.alreadyIngested++;
    else if (o.status === 'in-progress') t.inProgress++;
    else if (o.status === 'failed') t.failed++;
    else t.skipped++;
    const c = o.counts;
    if (!c) continue;
    t.lines += c.lines;
    t.messages += c.decode?.messages ?? c.records;
    t.positions += c.positions;
    t.statics += c.statics;
    t.shortDecoded += c.decode?.shortDecoded ?? 0;
    add(t.rejectedByReason, c.rejectedByReason);
    add(t.ignoredByReason, c.ignoredByReason);
    // An NMEA source's own counts already include its decoder's rejects and ignores.
    if (c.decode) add(t.byType, c.decode.byType as Record<string, number>);
  }
  return t;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function renderIngestSummary(
  outcomes: readonly IngestOutcome[],
  store: string,
  json: boolean,
): string {
  const totals = totalsOf(outcomes);
  if (json) {
    return `${JSON.stringify(
      {
        store,
        inputs: outcomes.map((o) => ({
          ...o,
          ms: Math.round(o.ms),
          positionsPerSec: o.counts && o.ms > 0 ? Math.round(o.counts.positions / (o.ms / 1000)) : null,
        })),
        totals,
      },
      null,
      2,
    )}\n`;
  }
  const inputs = new Table({
    head: ['input', 'format', 'status', 'lines', 'messages', 'positions', 'static', 'rejected', 'seconds'],
    style: { head: [], border: [] },
  });
  for (const o of outcomes) {
    const c = o.counts;
    const rejected = c ? Object.values(c.rejectedByReason).reduce((a, b) => a + b, 0) : 0;
    inputs.push([
      o.name,
      o.format ?? '',
      o.status === 'failed' || o.status === 'skipped' || o.status === 'in-progress'
        ? `${o.status}: ${o.error ?? ''}`.slice(0, 60)
        : o.status,
      c ? fmt(c.lines) : '',
      c ? fmt(c.decode?.messages ?? c.records) : '',
      c ? fmt(c.positions) : '',
      c ? fmt(c.statics) : '',
      c ? fmt(rejected) : '',
      c ? (o.ms / 1000).toFixed(2) : '',
    ]);
  }
  const lines = [`store: ${store}`, inputs.toString()];
  const types = Object.entries(totals.byType).sort((a, b) => Number(a[0]) - Number(b[0]));
  if (types.length > 0) {
    lines.push(`decoded by AIS type: ${types.map(([k, v]) => `${k}: ${fmt(v)}`).join(', ')}`);
  }
  if (totals.shortDecoded > 0)
    lines.push(
      `warning: ${fmt(totals.shortDecoded)} messages shorter than their type allows decoded by --lenient (flagged short)`,
    );
  const rejects = Object.entries(totals.rejectedByReason).filter(([, v]) => v > 0);
  lines.push(
    rejects.length > 0
      ? `rejected by reason: ${rejects.map(([k, v]) => `${k}: ${fmt(v)}`).join(', ')}`
      : 'rejected by reason: none',
  );
  lines.push(
    `totals: ${fmt(totals.ingested)} ingested, ${fmt(totals.alreadyIngested)} already ingested, ` +
      (totals.inProgress > 0 ? `${fmt(totals.inProgress)} already in progress elsewhere, ` : '') +
      `${fmt(totals.failed)} failed, ${fmt(totals.skipped)} skipped; ` +
      `${fmt(totals.positions)} positions, ${fmt(totals.statics)} static reports`,
  );
  return `${lines.join('\n')}\n`;
}
