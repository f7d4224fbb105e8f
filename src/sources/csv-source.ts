/**
 * Streams a CSV input through csv-parse and a row mapper into batches. Every data row ends as
 * records, an ignored row (counted by reason) or a reject { file, line, reason, text } — never
 * an exception: bad rows are counted and the good rows beside them still land.
 */
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { PositionRecord, StaticRecord } from '../tracks/records.js';
import { RowError } from './cells.js';
import type { RowMapper } from './row.js';
import type { Batch, SourceCounts, SourceReject } from './types.js';
import { bump } from './types.js';

export const DEFAULT_BATCH = 5000;

export function cut(text: string, n = 200): string {
  const t = text.replace(/\r?\n$/, '');
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

export interface CsvRun {
  file: string;
  chunks: AsyncIterable<Buffer>;
  /** Builds the row mapper from the header row (may throw a usage Error, e.g. a --map column missing). */
  mapperFor: (header: string[]) => RowMapper;
  counts: SourceCounts;
  batchSize: number;
}

export async function* csvBatches(run: CsvRun): AsyncGenerator<Batch> {
  const { file, counts, batchSize } = run;
  let positions: PositionRecord[] = [];
  let statics: StaticRecord[] = [];
  let rejects: SourceReject[] = [];
  const reject = (line: number, reason: string, text: string, detail?: string) => {
    bump(counts.rejectedByReason, reason);
    rejects.push(
      detail === undefined
        ? { file, line, reason, text: cut(text) }
        : { file, line, reason, text: cut(text), detail },
    );
  };
  const note = (key: string) => bump(counts.unmapped, key);

  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    raw: true,
    on_skip: (err, raw) => {
      const line = (err as { lines?: number } | undefined)?.lines ?? counts.lines + 1;
      reject(line, 'malformed-csv', raw ?? '', err?.message);
      return undefined;
    },
  });
  // pipeline forwards a read error (truncated gzip, I/O) into the parser, where the loop sees it.
  pipeline(Readable.from(run.chunks), parser, () => {});

  let mapper: RowMapper | null = null;
  let width = 0;
  let usageError: unknown = null;
  try {
    for await (const rec of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
      raw: string;
    }>) {
      const line = rec.info.lines;
      counts.lines = line;
      if (mapper === null) {
        try {
          mapper = run.mapperFor(rec.record);
        } catch (err) {
          usageError = err;
          break;
        }
        width = rec.record.length;
        continue;
      }
      if (rec.record.length !== width) {
        reject(line, 'wrong-column-count', rec.raw, `${rec.record.length} columns, header has ${width}`);
        continue;
      }
      let result: ReturnType<RowMapper>;
      try {
        result = mapper(rec.record, note);
      } catch (err) {
        if (!(err instanceof RowError)) throw err;
        reject(line, err.reason, rec.raw, err.detail);
        continue;
      }
      if (result.kind === 'ignored') {
        bump(counts.ignoredByReason, result.reason);
        continue;
      }
      counts.records++;
      if (result.position !== null) {
        positions.push(result.position);
        counts.positions++;
      }
      if (result.static !== null) {
        statics.push(result.static);
        counts.statics++;
      }
      if (positions.length + statics.length >= batchSize) {
        yield { positions, statics, rejects };
        positions = [];
        statics = [];
        rejects = [];
      }
    }
  } catch (err) {
    // A read error ends this input; the rows before it stand and the error is a counted reject.
    reject(counts.lines + 1, 'read-error', '', (err as Error).message);
  }
  if (usageError !== null) throw usageError;
  if (positions.length + statics.length + rejects.length > 0) yield { positions, statics, rejects };
}
