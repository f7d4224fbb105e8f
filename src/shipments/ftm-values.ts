/**
 * Values as FollowTheMoney's property types accept them (pure). FtM keeps every value a string
 * and each type has its own form and length limit (followthemoney `types/*.py`, and the model's
 * `types` table as shipped in `@alephdata/followthemoney`'s `defaultModel.json`):
 * - `language`: ISO 639-3 (`rus`, not `ru`), and only the 64 languages FtM lists;
 * - `country`: lower-case ISO 3166-1 alpha-2 (and a few FtM additions);
 * - `date`: an ISO 8601 prefix in UTC without a zone (`2024-02-01T12:00:00`);
 * - `url`: an absolute URL; `name` at most 384 characters, `string` 1024, `address` 250.
 * The FtM model is a dev dependency, so the tests check these tables against it; nothing here
 * reads it at run time.
 */

/**
 * FtM's languages (followthemoney `types/language.py`, `LANGUAGES`) keyed by the ISO 639-1 code
 * (ISO 639-2 code list, Library of Congress, https://www.loc.gov/standards/iso639-2/php/code_list.php).
 * `cnr` (Montenegrin) and `fil` (Filipino) have no two-letter code.
 */
const FTM_LANGUAGE_BY_639_1: Readonly<Record<string, string>> = {
  af: 'afr',
  ar: 'ara',
  az: 'aze',
  be: 'bel',
  bn: 'ben',
  bs: 'bos',
  bg: 'bul',
  ca: 'cat',
  cs: 'ces',
  da: 'dan',
  de: 'deu',
  el: 'ell',
  en: 'eng',
  et: 'est',
  fa: 'fas',
  fi: 'fin',
  fr: 'fra',
  he: 'heb',
  hi: 'hin',
  hr: 'hrv',
  hu: 'hun',
  hy: 'hye',
  id: 'ind',
  is: 'isl',
  it: 'ita',
  ja: 'jpn',
  kn: 'kan',
  ka: 'kat',
  kk: 'kaz',
  km: 'khm',
  ky: 'kir',
  ko: 'kor',
  lv: 'lav',
  lt: 'lit',
  lb: 'ltz',
  mk: 'mkd',
  mt: 'mlt',
  mn: 'mon',
  ms: 'msa',
  my: 'mya',
  ne: 'nep',
  nl: 'nld',
  no: 'nor',
  nb: 'nor',
  nn: 'nor',
  pl: 'pol',
  pt: 'por',
  ro: 'ron',
  ru: 'rus',
  sk: 'slk',
  sl: 'slv',
  es: 'spa',
  sq: 'sqi',
  sr: 'srp',
  sw: 'swa',
  sv: 'swe',
  tg: 'tgk',
  tl: 'tgl',
  tk: 'tuk',
  tr: 'tur',
  uk: 'ukr',
  ur: 'urd',
  uz: 'uzb',
  zh: 'zho',
};

/** ISO 639-2 bibliographic codes (`ger`, `fre`, …) of those languages, to their terminology code. */
const FTM_LANGUAGE_BY_639_2B: Readonly<Record<string, string>> = {
  alb: 'sqi',
  arm: 'hye',
  bur: 'mya',
  chi: 'zho',
  cze: 'ces',
  dut: 'nld',
  fre: 'fra',
  geo: 'kat',
  ger: 'deu',
  gre: 'ell',
  ice: 'isl',
  mac: 'mkd',
  may: 'msa',
  per: 'fas',
  rum: 'ron',
  slo: 'slk',
};

/** Every language FtM accepts (ISO 639-3). */
export const FTM_LANGUAGES: ReadonlySet<string> = new Set([
  ...Object.values(FTM_LANGUAGE_BY_639_1),
  'cnr',
  'fil',
]);

/**
 * An analyst's language code (`ru`, `RU`, `ru-RU`, `rus`, `ger`) as FtM's ISO 639-3 code, or null
 * when FtM does not list the language (the caller keeps the original in a note).
 */
export function ftmLanguage(code: string | null): string | null {
  if (code === null) return null;
  const primary = code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (FTM_LANGUAGES.has(primary)) return primary;
  return FTM_LANGUAGE_BY_639_1[primary] ?? FTM_LANGUAGE_BY_639_2B[primary] ?? null;
}

/** ISO 3166-1 alpha-2 in FtM's lower case; anything else (`XX1`, empty) is left out. */
export const ftmCountry = (code: string | null): string | null =>
  code !== null && /^[A-Za-z]{2}$/.test(code) ? code.toLowerCase() : null;

/** FtM's date type is an ISO 8601 prefix without a zone; tallyman times are UTC, so the `Z` goes. */
export const ftmDateTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
export const ftmDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** An absolute http(s) or ftp URL as FtM's url type takes it, else null (kept in a note instead). */
export function ftmUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const u = new URL(url.trim());
    return /^(https?|ftp):$/.test(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/** Longest value of the FtM types written here (the model's `maxLength`). */
export const FTM_MAX_LENGTH = { name: 384, string: 1024, address: 250 } as const;

/** Cuts a value to a type's length, marking the cut, so a long title never fails an import. */
export const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
