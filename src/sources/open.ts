/**
 * The one entry point: an input argument → Source(s). A file, `.gz` or not, stdin (`-`), a
 * folder (one Source per file, in name order) or `tcp://HOST:PORT`.
 */
import { csvBatches, DEFAULT_BATCH } from './csv-source.js';
import { detectFormat } from './detect.js';
import { dmaMapper } from './dma.js';
import { checkColumnMap, genericMapper } from './generic.js';
import { type InputRef, openBytes, rawStream, resolveInputs } from './input.js';
import { marineCadastreMapper } from './marinecadastre.js';
import { nmeaBatches } from './nmea-source.js';
import type { RowMapper } from './row.js';
import { tcpSource } from './tcp.js';
import type { Batch, Source, SourceFormat, SourceOptions } from './types.js';
import { emptyCounts } from './types.js';

/** The source of a mapped CSV's rows when no label is given: a format, not a receiver. */
export const GENERIC_CSV_SOURCE = 'csv';

/** A usage problem with one input (unknown layout, bad map): the message names the input. */
export class SourceError extends Error {}

/** Opens every input an argument names, lazily, one Source at a time (a folder may be large). */
export async function* openSources(input: string, opts: SourceOptions = {}): AsyncGenerator<Source> {
  for (const ref of await resolveInputs(input)) yield await openRef(ref, opts);
}

/** Total raw size of what an argument names, for a progress bar (null when unknown: stdin, TCP). */
export async function totalSize(input: string): Promise<number | null> {
  const refs = await resolveInputs(input);
  let total = 0;
  for (const r of refs) {
    if (r.kind !== 'file') return null;
    total += r.size;
  }
  return total;
}

/** Opens one input (a file, `-` or `tcp://…`); a folder is an error here, use openSources. */
export async function openSource(input: string, opts: SourceOptions = {}): Promise<Source> {
  const refs = await resolveInputs(input);
  if (refs.length !== 1 || (refs[0].kind === 'file' && refs[0].path !== input)) {
    throw new SourceError(`${input}: a folder; open it with openSources`);
  }
  return openRef(refs[0], opts);
}

export async function openRef(ref: InputRef, opts: SourceOptions = {}): Promise<Source> {
  if (ref.kind === 'tcp') {
    return tcpSource(ref.url, ref.host, ref.port, { signal: opts.signal, batchSize: opts.batchSize });
  }
  const name = ref.kind === 'file' ? ref.path : '-';
  let opened: Awaited<ReturnType<typeof openBytes>>;
  try {
    opened = await openBytes(rawStream(ref, opts.stdin));
  } catch (err) {
    throw new SourceError(`${name}: cannot read: ${(err as Error).message}`);
  }
  const sample = opened.sample.toString('utf8');
  const columnMap = opts.columnMap === undefined ? undefined : checkColumnMap(opts.columnMap);
  const det = detectFormat(sample, name, { mapped: columnMap !== undefined });
  if (det.kind === 'unknown') throw new SourceError(det.message);

  const counts = emptyCounts();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  let format: SourceFormat;
  let run: () => AsyncGenerator<Batch>;
  if (det.kind === 'nmea') {
    format = 'nmea';
    run = () =>
      nmeaBatches(
        name,
        opened.chunks,
        counts,
        batchSize,
        opts.receivedAtMs,
        opts.positionColumns === true,
        opts.lenient === true,
      );
  } else {
    format = det.layout === 'mapped' ? 'csv-mapped' : det.layout;
    const mapperFor = (header: string[]): RowMapper => {
      switch (det.layout) {
        case 'dma':
          return dmaMapper(header);
        case 'marinecadastre':
          return marineCadastreMapper(header, 'legacy');
        case 'marinecadastre-2024':
          return marineCadastreMapper(header, '2024');
        case 'mapped':
          try {
            return genericMapper(
              header,
              columnMap ?? {},
              opts.timeFormat ?? 'iso',
              opts.sourceLabel ?? GENERIC_CSV_SOURCE,
              name,
            );
          } catch (err) {
            throw new SourceError((err as Error).message);
          }
      }
    };
    run = () => csvBatches({ file: name, chunks: opened.chunks, mapperFor, counts, batchSize });
  }

  let started = false;
  return {
    name,
    format,
    totalBytes: ref.kind === 'file' ? ref.size : null,
    bytesRead: () => opened.meter.bytes,
    sha256: () => opened.meter.sha256(name),
    batches: () => {
      if (started) throw new SourceError(`${name}: batches() can be read once`);
      started = true;
      return run();
    },
    counts,
  };
}
