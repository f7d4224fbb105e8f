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

/**
 * AIS talkers gpsd's NMEA packet lexer recognises after `!` (checked with Debian 12's gpsdecode 3.22:
 * one type 1 sentence re-checksummed under each talker; its lexer states are in gpsd's
 * packet_states.h, AIS_LEAD_1/AIS_LEAD_ALT1…).
 */
const GPSD_TALKERS = new Set(['AB', 'AD', 'AI', 'AN', 'AR', 'AS', 'AT', 'AX', 'BS', 'SA']);

export const DIFFERENCES: Difference[] = [
  {
    id: 'other-talker',
    reason:
      "gpsd's packet lexer only accepts AIS sentences from talkers AB, AD, AI, AN, AR, AS, AT, AX, BS and SA (gpsdecode 3.22 prints nothing for the same sentence re-checksummed with talker BY, SS, AA or --); tallyman decodes any talker (the Danish feed sends real messages as !BYVDM, !SSVDM/!SSVDO and !--VDM)",
    applies: (key, e, a) =>
      key === '*report*' && e === null && a !== null && !GPSD_TALKERS.has(String(a.__talker)),
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
    id: 'type23-txrx',
    reason:
      'type 23 Tx/Rx mode is bits 144–145 (ITU-R M.1371-5 Table 73); gpsd reads 4 bits (144–147, into the reporting interval), so `gpsdecode -c` prints 2 where the field is 0; gpsd JSON leaves the field out',
    applies: (key, e) => key === 'txrx' && e !== null && e.type === 23,
  },
  {
    id: 'text-labels',
    reason: '`*_text` labels changed between gpsd versions (3.22 vs 3.25+); the numbers are compared',
    applies: (key) => key.endsWith('_text'),
  },
];

/**
 * Deliberate differences from libais's JSON (shared/data/ais libais-*.json, written by an older
 * libais). The libais comparison in test/ais maps each libais key to tallyman's field and accepts a
 * mismatch only when one of these explains it. `ours` is tallyman's value in libais's units.
 */
export interface LibaisDifference {
  id: string;
  reason: string;
  applies: (key: string, libais: unknown, ours: unknown, type: number) => boolean;
}

/** libais's six-bit table: 31 → '-' and 39 → '`'; it also keeps '@' padding and trailing spaces. */
function asLibaisText(s: string): string {
  return s.replaceAll('_', '-').replaceAll("'", '`');
}

export const LIBAIS_DIFFERENCES: LibaisDifference[] = [
  {
    id: 'sixbit-31-39',
    reason:
      "six-bit value 31 is '_' and 39 is \"'\" in ITU-R M.1371-5 Table 47 and in gpsd; libais prints '-' and '`', and keeps '@' padding and trailing spaces",
    applies: (_k, l, o) =>
      typeof l === 'string' &&
      typeof o === 'string' &&
      l.replace(/[@ ]+$/, '') === asLibaisText(o) &&
      l !== o,
  },
  {
    id: 'inverted-flag',
    reason:
      'type 27 `gnss` and type 6 `retransmit`: tallyman (like gpsd) prints the raw bit; libais prints its negation',
    applies: (k, l, o, type) =>
      ((type === 27 && k === 'gnss') || (type === 6 && k === 'retransmit')) &&
      typeof o === 'boolean' &&
      Boolean(l) === !o,
  },
  {
    id: 'old-type9-speed',
    reason:
      'type 9 (SAR aircraft) speed is in whole knots (M.1371-5 Table 59); the libais that wrote libais-typeexamples.json divided it by 10 (16.8 for raw 168); gpsd and current libais give 168',
    applies: (k, l, o, type) =>
      type === 9 &&
      k === 'speed' &&
      typeof l === 'number' &&
      typeof o === 'number' &&
      Math.abs(l * 10 - o) < 0.01,
  },
  {
    id: 'imo-string',
    reason: 'libais writes `imo` as a string ("9383663"); tallyman as a number; the numbers are equal',
    applies: (k, l, o) => k === 'imo' && typeof l === 'string' && String(o ?? 0) === l,
  },
  {
    id: 'absent-part',
    reason:
      'types 7/13, 15 and 16 carry a 2nd–4th destination only in longer payloads; when the payload stops before it libais prints 0, tallyman null (not sent)',
    applies: (_k, l, o, type) => l === 0 && o === null && [7, 13, 15, 16].includes(type),
  },
  {
    id: 'libais-labels',
    reason:
      '`*_text` labels: libais has its own wording ("Tanker, all ships of this type"); tallyman prints gpsd\'s; the numbers are compared',
    applies: (k) => k.endsWith('_text'),
  },
];

/**
 * Where tallyman's report of a decoded application payload (types 6 and 8, applications.ts)
 * deliberately differs from gpsd's: gpsd 3.22 prints invalid JSON or a value it never decoded.
 * test/ais/applications.test.ts accepts a difference from `gpsdecode -u` only when one of these
 * turns gpsd's line into tallyman's.
 */
export interface AppDifference {
  id: string;
  reason: string;
  applies: (app: string, gpsd: string, ours: string) => boolean;
}

const unescapeJson = (s: string) => s.replace(/\\(["\\])/g, '$1');

export const APP_DIFFERENCES: AppDifference[] = [
  {
    id: 'gpsd-unescaped-text',
    reason:
      'gpsd prints the DAC 200 FID 21/22 texts without JSON escaping, so a `"` or `\\` in them makes invalid JSON; tallyman escapes them',
    applies: (app, gpsd, ours) =>
      (app === 'inland-eta' || app === 'inland-rta') && unescapeJson(ours) === gpsd,
  },
  {
    id: 'gpsd-traffic-signal-json',
    reason:
      'DAC 1 FID 19: gpsd leaves out the comma before `nextsignal_text` and does not escape the quotes in its signal labels (invalid JSON); tallyman writes valid JSON',
    applies: (app, gpsd, ours) =>
      app === 'imo289-traffic-signal' &&
      gpsd.replace(/("nextsignal":\d+)"/, '$1,"') ===
        ours.replace(
          /("(?:next)?signal_text":)"((?:[^"\\]|\\.)*)"/g,
          (_m, k, v) => `${k}"${unescapeJson(v)}"`,
        ),
  },
  {
    id: 'gpsd-type8-persons',
    reason:
      'for type 8 DAC 1 FID 16 gpsd decodes the persons on board but prints the type 6 field of its union (always 0); tallyman prints the decoded number',
    applies: (app, gpsd, ours) =>
      app === 'persons-on-board' &&
      /"type":8,/.test(gpsd) &&
      gpsd.replace(/"persons":0}$/, '') === ours.replace(/"persons":\d+}$/, ''),
  },
];
