/**
 * DMA writes navigational status, ship type and cargo type as text labels (the names of the
 * enums in DMA's AisLib, `dk.dma.ais.message.ShipTypeCargo` and `NavigationalStatus`). These map
 * them back to ITU-R M.1371 codes (ship type table 53, navigational status in message 1).
 * Labels are compared lower-case with spaces, `-`, `_` and `/` folded, so `Towing long/wide`,
 * `Towing Long/Wide` and `TOWING_LONG_WIDE` are one label.
 */

export function foldLabel(label: string): string {
  return label
    .trim()
    .toLowerCase()
    .replace(/[\s\-_/]+/g, ' ');
}

/** Ship-type labels that stand for exactly one ITU code. */
const SINGLE: Record<string, number> = {
  fishing: 30,
  towing: 31,
  'towing long wide': 32,
  dredging: 33,
  diving: 34,
  military: 35,
  sailing: 36,
  pleasure: 37,
  pilot: 50,
  sar: 51,
  tug: 52,
  'port tender': 53,
  'anti pollution': 54,
  'law enforcement': 55,
  medical: 58,
  'not party to conflict': 59,
  'ships according to rr': 59,
};

/** Labels for a group of ten codes (x0–x9); the second digit is the hazard category. */
const GROUP: Record<string, number> = {
  wig: 20,
  hsc: 40,
  passenger: 60,
  cargo: 70,
  tanker: 80,
  other: 90,
};

/** DMA "Cargo type" text → the second digit of a group code (ITU: 1–4 = hazard category A–D, X, Y, Z, OS). */
const CATEGORY: Record<string, number> = {
  'category a': 1,
  'category b': 2,
  'category c': 3,
  'category d': 4,
  'category x': 1,
  'category y': 2,
  'category z': 3,
  'category os': 4,
  'no additional information': 0,
};

/** Labels that are explicitly "not available" (no code, no note). */
const NOT_AVAILABLE = new Set(['undefined', 'unknown', 'unknown value', 'not available']);

/**
 * DMA ship type (+ cargo type) → ITU code, or null. A group label (Cargo, Tanker, …) with an
 * empty cargo type is taken as x0, "all ships of this type": DMA folds the reserved x5–x9 into
 * the same label and they cannot be told apart; x0 is the one the standard defines. Labels for
 * several codes (Reserved, Spare) are null. Returns `unmapped` when the label is unknown.
 */
export function dmaShipType(shipType: string | null, cargoType: string | null): number | null | 'unmapped' {
  if (shipType === null) return null;
  const s = foldLabel(shipType);
  if (NOT_AVAILABLE.has(s)) return null;
  if (s in SINGLE) return SINGLE[s];
  if (s in GROUP) {
    if (cargoType === null) return GROUP[s];
    const c = CATEGORY[foldLabel(cargoType)];
    return c === undefined ? GROUP[s] : GROUP[s] + c;
  }
  if (/^(reserved|spare)/.test(s)) return null;
  return 'unmapped';
}

const NAV_STATUS: Record<string, number> = {
  'under way using engine': 0,
  'at anchor': 1,
  'not under command': 2,
  'restricted maneuverability': 3,
  'restricted manoeuvrability': 3,
  'constrained by her draught': 4,
  moored: 5,
  aground: 6,
  'engaged in fishing': 7,
  'under way sailing': 8,
  'reserved for future amendment [hsc]': 9,
  'reserved for future amendment [wig]': 10,
  'power driven vessel towing astern': 11,
  'power driven vessel pushing ahead or towing alongside': 12,
  'reserved for future use': 13,
  'ais sart': 14,
  'ais sart is active': 14,
  // DMA's "Unknown value" is status 15, "not defined", the default a transponder sends.
  'unknown value': 15,
  'not defined': 15,
};

export function dmaNavStatus(label: string | null): number | null | 'unmapped' {
  if (label === null) return null;
  const v = NAV_STATUS[foldLabel(label)];
  return v === undefined ? 'unmapped' : v;
}
