/**
 * Deliberate differences between tallyman's gpsd-format output and gpsd's own expected files. The
 * conformance test reads this table: a mismatch is accepted only when one of these rules explains
 * it, and its reason is printed. Documented in README.md.
 */
export interface Difference {
  id: string;
  reason: string;
  /** Whether this rule explains a difference in `key` of a report (expected/actual objects). */
  applies: (
    key: string,
    expected: Record<string, unknown> | null,
    actual: Record<string, unknown> | null,
  ) => boolean;
}

const HEADER_6_8 = new Set([
  'class',
  'device',
  'type',
  'repeat',
  'mmsi',
  'scaled',
  'seqno',
  'dest_mmsi',
  'retransmit',
  'dac',
  'fid',
]);

export const DIFFERENCES: Difference[] = [
  {
    id: 'dac-fid-payload',
    reason:
      'gpsd decodes some application payloads of types 6/8 (e.g. DAC 1 FID 11/12/14/18/30/31/32, DAC 200 FID 10, DAC 235/250 FID 10); tallyman keeps every application payload as hex `data`',
    applies: (key, e, a) => {
      const r = e ?? a;
      return (
        r !== null && (r.type === 6 || r.type === 8) && !HEADER_6_8.has(key) && (e === null || !('data' in e))
      );
    },
  },
  {
    id: 'talker-dashes',
    reason:
      "gpsd ignores sentences with talker '--'; tallyman decodes them (the Danish feed sends real type 8 this way)",
    applies: (key, e, a) => key === '*report*' && e === null && a !== null && a.__talker === '--',
  },
  {
    id: 'glued-sentences',
    reason:
      'two sentences glued on one line by the literal text `\\r\\n` (dma-aislib-ais250.txt): gpsd sees one broken sentence, tallyman splits them and decodes both',
    applies: (key, e, a) =>
      key === '*report*' && e === null && a !== null && String(a.__src).includes('\\r\\n'),
  },
  {
    id: 'odd-tag-block',
    reason:
      'a tag block with an empty key or a value holding a colon (`\\:,c:…`, `\\s:b:2,…`) makes gpsd drop the sentence; tallyman checks the tag checksum and decodes the sentence',
    applies: (key, e, a) =>
      key === '*report*' && e === null && a !== null && /^\\(:|[^\\]*:[^,\\]*:)/.test(String(a.__src)),
  },
  {
    id: 'text-labels',
    reason: '`*_text` labels changed between gpsd versions (3.22 vs 3.25+); the numbers are compared',
    applies: (key) => key.endsWith('_text'),
  },
];
