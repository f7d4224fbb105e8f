/**
 * ITU Maritime Identification Digits (MID) → flag, and what kind of station an MMSI is.
 *
 * Source of the MID allocations: ITU, "Table of Maritime Identification Digits" (MARS),
 * https://www.itu.int/en/ITU-R/terrestrial/fmd/Pages/mid.aspx (ITU-R M.585 / RR Appendix 43),
 * read as quoted in a public script found with the code search; re-typed here grouped by flag.
 * The flag is the ISO 3166-1 alpha-2 code of the territory the ITU names: a MID allocated to a
 * territory (Faroe Islands 231, Gibraltar 236, Bermuda 310, Hong Kong 477, Taiwan 416, …) gives
 * the territory's own code, since that is the register the ship flies. Exceptions, on purpose:
 * Azores 204 and Madeira 255 → PT and Alaska 303 → US (parts of the state, no code of their own);
 * 306 (Bonaire/Sint Eustatius/Saba, Curaçao and Sint Maarten together) → NL, the one state;
 * the French southern lands (Adélie Land 501, St Paul & Amsterdam 607, Crozet 618, Kerguelen 635)
 * → TF; Ascension 608 and Saint Helena 665 → SH.
 *
 * MMSI formats (ITU-R M.585 Annex 1), with M = one MID digit and X = any digit:
 *   MMMXXXXXX  ship station (first digit 2–7)          → kind 'ship', flag from the MID
 *   0MMMXXXXX  group of ship stations                   → 'group'
 *   00MMMXXXX  coast station (AIS base stations)        → 'coast'
 *   111MMMXXX  SAR aircraft                             → 'sar-aircraft'
 *   8MMMXXXXX  handheld VHF with DSC and GNSS           → 'handheld'
 *   98MMMXXXX  craft associated with a parent ship      → 'craft'
 *   99MMMXXXX  aid to navigation (AtoN)                 → 'aton'
 *   970XXYYYY  AIS-SART, 972XXYYYY man overboard, 974XXYYYY EPIRB-AIS → 'sart', 'mob', 'epirb'
 * Only ship stations have a flag: flagFromMmsi is null for every other kind, whose MID (when it
 * has one) is the administration of a shore station, a tender's parent ship or a buoy, not a
 * vessel's flag. midOf gives that MID for whoever wants it.
 */

// ISO alpha-2, then the MIDs allocated to it.
const TABLE =
  'AD 202, AE 470 471, AF 401, AG 304 305, AI 301, AL 201, AM 216, AO 603, AR 701, AS 559, AT 203,' +
  'AU 503, AW 307, AZ 423, BA 478, BB 314, BD 405, BE 205, BF 633, BG 207, BH 408, BI 609, BJ 610,' +
  'BM 310, BN 508, BO 720, BR 710, BS 308 309 311, BT 410, BW 611, BY 206, BZ 312, CA 316, CC 523,' +
  'CD 676, CF 612, CG 615, CH 269, CI 619, CK 518, CL 725, CM 613, CN 412 413 414, CO 730, CR 321,' +
  'CU 323, CV 617, CX 516, CY 209 210 212, CZ 270, DE 211 218, DJ 621, DK 219 220, DM 325, DO 327,' +
  'DZ 605, EC 735, EE 276, EG 622, ER 625, ES 224 225, ET 624, FI 230, FJ 520, FK 740, FM 510,' +
  'FO 231, FR 226 227 228, GA 626, GB 232 233 234 235, GD 330, GE 213, GF 745, GH 627, GI 236,' +
  'GL 331, GM 629, GN 632, GP 329, GQ 631, GR 237 239 240 241, GT 332, GW 630, GY 750, HK 477,' +
  'HN 334, HR 238, HT 336, HU 243, ID 525, IE 250, IL 428, IN 419, IQ 425, IR 422, IS 251, IT 247,' +
  'JM 339, JO 438, JP 431 432, KE 634, KG 451, KH 514 515, KI 529, KM 616 620, KN 341, KP 445,' +
  'KR 440 441, KW 447, KY 319, KZ 436, LA 531, LB 450, LC 343, LI 252, LK 417, LR 636 637, LS 644,' +
  'LT 277, LU 253, LV 275, LY 642, MA 242, MC 254, MD 214, ME 262, MG 647, MH 538, MK 274, ML 649,' +
  'MM 506, MN 457, MO 453, MP 536, MQ 347, MR 654, MS 348, MT 215 229 248 249 256, MU 645, MV 455,' +
  'MW 655, MX 345, MY 533, MZ 650, NA 659, NC 540, NE 656, NG 657, NI 350, NL 244 245 246 306,' +
  'NO 257 258 259, NP 459, NR 544, NU 542, NZ 512, OM 461,' +
  'PA 351 352 353 354 355 356 357 370 371 372 373 374, PE 760, PF 546, PG 553, PH 548, PK 463,' +
  'PL 261, PM 361, PN 555, PR 358, PS 443, PT 204 255 263, PW 511, PY 755, QA 466, RE 660, RO 264,' +
  'RS 279, RU 273, RW 661, SA 403, SB 557, SC 664, SD 662, SE 265 266, SG 563 564 565 566,' +
  'SH 608 665, SI 278, SK 267, SL 667, SM 268, SN 663, SO 666, SR 765, SS 638, ST 668, SV 359,' +
  'SY 468, SZ 669, TC 364, TD 670, TF 501 607 618 635, TG 671, TH 567, TJ 472, TL 550, TM 434,' +
  'TN 672, TO 570, TR 271, TT 362, TV 572, TW 416, TZ 674 677, UA 272, UG 675,' +
  'US 303 338 366 367 368 369, UY 770, UZ 437, VA 208, VC 375 376 377, VE 775, VG 378, VI 379,' +
  'VN 574, VU 576 577, WF 578, WS 561, YE 473 475, ZA 601, ZM 678, ZW 679';

const FLAG_BY_MID: ReadonlyMap<number, string> = (() => {
  const m = new Map<number, string>();
  for (const entry of TABLE.split(',')) {
    const [flag, ...mids] = entry.trim().split(' ');
    for (const mid of mids) m.set(Number(mid), flag);
  }
  return m;
})();

export type MmsiKind =
  | 'ship'
  | 'group'
  | 'coast'
  | 'sar-aircraft'
  | 'handheld'
  | 'craft'
  | 'aton'
  | 'sart'
  | 'mob'
  | 'epirb'
  | 'invalid';

function nineDigits(mmsi: number): string | null {
  if (!Number.isInteger(mmsi) || mmsi < 1 || mmsi > 999_999_999) return null;
  return String(mmsi).padStart(9, '0');
}

/** Where the MID starts in each kind's nine digits. */
const MID_AT: Partial<Record<MmsiKind, number>> = {
  ship: 0,
  group: 1,
  handheld: 1,
  coast: 2,
  craft: 2,
  aton: 2,
  'sar-aircraft': 3,
};

/**
 * What kind of station an MMSI identifies (see the table above). A MID begins with 2–7 (the
 * regions of ITU-R M.585): 000000002 is no coast station of MID 000 but an invalid number.
 */
export function mmsiKind(mmsi: number): MmsiKind {
  const s = nineDigits(mmsi);
  if (s === null) return 'invalid';
  const k = kindByPattern(s);
  const at = MID_AT[k];
  return at === undefined || (s[at] >= '2' && s[at] <= '7') ? k : 'invalid';
}

function kindByPattern(s: string): MmsiKind {
  if (s.startsWith('00')) return 'coast';
  if (s[0] === '0') return 'group';
  if (s.startsWith('111')) return 'sar-aircraft';
  if (s[0] === '1') return 'invalid';
  if (s[0] >= '2' && s[0] <= '7') return 'ship';
  if (s[0] === '8') return 'handheld';
  if (s.startsWith('970')) return 'sart';
  if (s.startsWith('972')) return 'mob';
  if (s.startsWith('974')) return 'epirb';
  if (s.startsWith('98')) return 'craft';
  if (s.startsWith('99')) return 'aton';
  return 'invalid';
}

/** The MID inside an MMSI, for the kinds that carry one; null otherwise. */
export function midOf(mmsi: number): number | null {
  const s = nineDigits(mmsi);
  if (s === null) return null;
  switch (mmsiKind(mmsi)) {
    case 'ship':
      return Number(s.slice(0, 3));
    case 'group':
    case 'handheld':
      return Number(s.slice(1, 4));
    case 'coast':
    case 'craft':
    case 'aton':
      return Number(s.slice(2, 5));
    case 'sar-aircraft':
      return Number(s.slice(3, 6));
    default:
      return null;
  }
}

/** ISO 3166-1 alpha-2 flag for an allocated MID, or null. */
export function flagFromMid(mid: number): string | null {
  return FLAG_BY_MID.get(mid) ?? null;
}

/** Flag of a ship station's MMSI; null for other kinds of station and unallocated MIDs. */
export function flagFromMmsi(mmsi: number): string | null {
  if (mmsiKind(mmsi) !== 'ship') return null;
  return flagFromMid(Math.floor(mmsi / 1_000_000));
}
