export { backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js';
export { detectFormat, looksLikeNmea } from './detect.js';
export { parseColumnMap, parseTimeFormat } from './generic.js';
export { type InputRef, resolveInputs } from './input.js';
export { openRef, openSource, openSources, SourceError, totalSize } from './open.js';
export { tcpSource } from './tcp.js';
export type {
  Batch,
  Source,
  SourceCounts,
  SourceFormat,
  SourceOptions,
  SourceReject,
  TimeFormat,
} from './types.js';
