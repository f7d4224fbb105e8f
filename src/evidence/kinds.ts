/**
 * What an evidence file is. Its own module so that the CLI's help can list the kinds without
 * loading the store.
 */
export const EVIDENCE_KINDS = [
  'satellite-image',
  'document',
  'intercept',
  'ais-extract',
  'news-report',
  'trade-record',
  'rail-record',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
