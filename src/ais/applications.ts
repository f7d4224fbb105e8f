/**
 * Application messages carried by types 6 (addressed binary) and 8 (binary broadcast): one field table
 * per DAC/FID, declared like the message tables in messages.ts (bit positions from the start of the
 * message, as gpsd and the IMO circulars count them). Each table says when gpsd decodes it (`fits`,
 * gpsd's length rule) and how gpsd prints it (`gpsd`, the key order of gpsd's json_aivdm_dump).
 *
 * Sources: IMO SN.1/Circ.236 (2004, DAC 1 FID 11–17), IMO SN.1/Circ.289 (2010, DAC 1 FID 18–31),
 * CCNR/UNECE Inland AIS standard 2.0 (DAC 200), IALA A-126 / GLA AtoN monitoring (DAC 235/250 FID 10),
 * gpsd's AIVDM/AIVDO protocol decoding notes ("AIS Binary Messages") for gpsd's JSON names, and gpsd's
 * drivers/driver_ais.c and gpsd/gpsd_json.c (read for its bit positions, length rules and key order).
 * test/ais/applications.test.ts checks every table against `gpsdecode -u` (gpsd 3.22).
 * Where gpsd reads a field differently from the circular, gpsd's reading is kept (the conformance
 * target) and the comment says so.
 *
 * Units follow the names (lat/lon degrees, knots, metres, hPa, °C); "not available" is null.
 * Tables gpsd leaves as hex (DAC 1 FID 21, 22, 24, 26; type 6 FID 23, 40) are not declared: their
 * payload stays in `data`, as gpsd prints it.
 */
import { b, type FieldSpec, s, sn, t, trest, u, un } from './fields.js';

/** A field of an application table: a FieldSpec whose decoded value is raw / divisor + offset. */
export type AppField = FieldSpec & { readonly offset?: number };

/** gpsd's scaled number for a raw value: (raw - sub) / div with `digits` decimals (`zeroRaw`: 0 prints raw). */
export interface AppScale {
  readonly div?: number;
  readonly sub?: number;
  readonly add?: number;
  readonly digits?: number;
  /** gpsd prints a raw 0 as the integer 0 (DAC 235 FID 10 analogue values). */
  readonly zeroRaw?: boolean;
  /** gpsd prints the scaled value in unscaled output too (DAC 1 FID 19 position). */
  readonly always?: boolean;
}

/** A label table: the labels by raw value and what gpsd prints past its end. */
export interface Labels {
  readonly values: readonly string[];
  readonly otherwise: string;
}

/** One entry of gpsd's key order for an application. */
export type AppGpsdItem =
  /** the field `f` under its gpsd key; `scale` in scaled output; `text` adds `<key>_text`. */
  | {
      readonly f: string;
      readonly scale?: AppScale;
      readonly text?: Labels;
      /** Scaled output prints this label (quoted) instead of the number. */
      readonly scaledText?: Labels;
      /** gpsd prints this field as a quoted number ("mmsi":"123"). */
      readonly quoted?: boolean;
    }
  /** A string gpsd composes from several raw values (dates, ETAs). */
  | { readonly key: string; readonly compose: (raw: (name: string) => number) => string }
  /** The array field `arr`, each element printed with `items`. */
  | { readonly arr: string; readonly items: readonly AppGpsdItem[] }
  /** DAC 1 FID 17: the target's identifier under a key named by its id type. */
  | { readonly targetId: true };

export interface AppArray {
  /** Property name in the decoded record, and gpsd's key. */
  readonly name: string;
  readonly base: number;
  readonly size: number;
  /** How many elements: `fitLe` while base + size·i ≤ bits (gpsd's loop), `fitLt` while <, or a count field. */
  readonly count: 'fitLe' | 'fitLt' | { readonly field: string };
  /** Element fields, bit positions relative to the element. */
  readonly fields: readonly AppField[];
}

export interface AppSpec {
  /** Stable id in tallyman's record, e.g. "imo289-met-hydro". */
  readonly id: string;
  readonly type: 6 | 8;
  readonly dac: number;
  readonly fid: number;
  readonly ref: string;
  /** gpsd decodes the payload only when this holds for the message's bit length (else it prints hex). */
  readonly fits?: (bits: number) => boolean;
  /** The fields; a function of the bit length where the layout depends on it (persons on board). */
  readonly fields: readonly AppField[] | ((bits: number) => readonly AppField[]);
  readonly array?: AppArray;
  /** gpsd's plausibility check after decoding (raw values); false: printed as hex. */
  readonly plausible?: (raw: (name: string) => number) => boolean;
  readonly gpsd: readonly AppGpsdItem[];
}

const lbl = (otherwise: string, ...values: string[]): Labels => ({ values, otherwise });
const p2 = (v: number): string => (v < 10 ? `0${v}` : `${v}`);

// Label tables gpsd prints beside application values (gpsd_json.c legends).
const TRENDS = lbl('N/A', 'steady', 'increasing', 'decreasing', 'N/A');
const PRECIP = lbl(
  'N/A',
  'reserved',
  'rain',
  'thunderstorm',
  'freezing rain',
  'mixed/ice',
  'snow',
  'reserved',
  'N/A',
);
const ICE = lbl('N/A', 'no', 'yes', 'reserved', 'N/A');
const RACON = lbl('', 'No RACON installed', 'RACON not monitored', 'RACON operational', 'RACON ERROR');
const LIGHT = lbl('', 'No light or no monitoring', 'Light ON', 'Light OFF', 'Light ERROR');
const RTA_STATUS = lbl('', 'Operational', 'Limited operation', 'Out of order', 'N/A');
const ID_TYPES = lbl('', 'mmsi', 'imo', 'callsign', 'other');
const BERTH_POSITION = lbl(
  '',
  'Not available',
  'Port-side to',
  'Starboard-side to',
  'Mediterranean (end-on) mooring',
  'Mooring buoy',
  'Anchorage',
  'Reserved for future use',
  'Reserved for future use',
);
const ROUTE_TYPES = lbl(
  '',
  'Undefined (default)',
  'Mandatory',
  'Recommended',
  'Alternative',
  'Recommended route through ice',
  'Ship route plan',
  ...Array<string>(25).fill('Reserved for future use.'),
  'Cancel route identified by message linkage',
);
// As gpsd 3.22 prints them (entry 7 appears twice in its table).
const SIGNALS = lbl(
  'INVALID SIGNAL TYPE',
  'N/A',
  'Serious emergency – stop or divert according to instructions.',
  'Vessels shall not proceed.',
  'Vessels may proceed. One way traffic.',
  'Vessels may proceed. Two way traffic.',
  'Vessels shall proceed on specific orders only.',
  'Vessels in main channel shall not proceed.',
  'Vessels in main channel shall proceed on specific orders only.',
  'Vessels in main channel shall proceed on specific orders only.',
  'I = "in-bound" only acceptable.',
  'O = "out-bound" only acceptable.',
  'F = both "in- and out-bound" acceptable.',
  'XI = Code will shift to "I" in due time.',
  'XO = Code will shift to "O" in due time.',
  'X = Vessels shall proceed only on direction.',
);
const HAZARDS = lbl(
  'INVALID HAZARD TYPE',
  '0 blue cones/lights',
  '1 blue cone/light',
  '2 blue cones/lights',
  '3 blue cones/lights',
  '4 B-Flag',
  'Unknown',
);
const LOADED = lbl('INVALID LOAD STATUS', 'N/A (default)', 'Unloaded', 'Loaded');
const EMMA_TYPES = lbl(
  'INVALID EMMA TYPE',
  'Not Available',
  'Wind',
  'Rain',
  'Snow and ice',
  'Thunderstorm',
  'Fog',
  'Low temperature',
  'High temperature',
  'Flood',
  'Forest Fire',
);
const EMMA_CLASSES = lbl('INVALID EMMA TYPE', 'Slight', 'Medium', 'Strong');
const EMMA_WINDS = lbl(
  'INVALID EMMA WIND DIRECTION',
  'N/A',
  'North',
  'North East',
  'East',
  'South East',
  'South',
  'South West',
  'West',
  'North West',
);
const SIGNAL_DIRECTIONS = lbl(
  'INVALID DIRECTION',
  'Unknown',
  'Upstream',
  'Downstream',
  'To left bank',
  'To right bank',
);
const SIGNAL_STATUS = lbl(
  'INVALID STATUS',
  'Unknown',
  'No light',
  'White',
  'Yellow',
  'Green',
  'Red',
  'White flashing',
  'Yellow flashing.',
);

/**
 * Inland ship types (ERI codes) with the ITU type each corresponds to: gpsd matches the value against
 * either column (the standard is unclear which one a transmitter sends).
 */
const ERI_SHIP_TYPES: readonly (readonly [number, number, string])[] = [
  [8000, 99, 'Vessel, type unknown'],
  [8010, 79, 'Motor freighter'],
  [8020, 89, 'Motor tanker'],
  [8021, 80, 'Motor tanker, liquid cargo, type N'],
  [8022, 80, 'Motor tanker, liquid cargo, type C'],
  [8023, 89, 'Motor tanker, dry cargo as if liquid (e.g. cement)'],
  [8030, 79, 'Container vessel'],
  [8040, 80, 'Gas tanker'],
  [8050, 79, 'Motor freighter, tug'],
  [8060, 89, 'Motor tanker, tug'],
  [8070, 79, 'Motor freighter with one or more ships alongside'],
  [8080, 89, 'Motor freighter with tanker'],
  [8090, 79, 'Motor freighter pushing one or more freighters'],
  [8100, 89, 'Motor freighter pushing at least one tank-ship'],
  [8110, 79, 'Tug, freighter'],
  [8120, 89, 'Tug, tanker'],
  [8130, 31, 'Tug freighter, coupled'],
  [8140, 31, 'Tug, freighter/tanker, coupled'],
  [8150, 99, 'Freightbarge'],
  [8160, 99, 'Tankbarge'],
  [8161, 90, 'Tankbarge, liquid cargo, type N'],
  [8162, 90, 'Tankbarge, liquid cargo, type C'],
  [8163, 99, 'Tankbarge, dry cargo as if liquid (e.g. cement)'],
  [8170, 99, 'Freightbarge with containers'],
  [8180, 90, 'Tankbarge, gas'],
  [8210, 79, 'Pushtow, one cargo barge'],
  [8220, 79, 'Pushtow, two cargo barges'],
  [8230, 79, 'Pushtow, three cargo barges'],
  [8240, 79, 'Pushtow, four cargo barges'],
  [8250, 79, 'Pushtow, five cargo barges'],
  [8260, 79, 'Pushtow, six cargo barges'],
  [8270, 79, 'Pushtow, seven cargo barges'],
  [8280, 79, 'Pushtow, eigth cargo barges'],
  [8290, 79, 'Pushtow, nine or more barges'],
  [8310, 80, 'Pushtow, one tank/gas barge'],
  [8320, 80, 'Pushtow, two barges at least one tanker or gas barge'],
  [8330, 80, 'Pushtow, three barges at least one tanker or gas barge'],
  [8340, 80, 'Pushtow, four barges at least one tanker or gas barge'],
  [8350, 80, 'Pushtow, five barges at least one tanker or gas barge'],
  [8360, 80, 'Pushtow, six barges at least one tanker or gas barge'],
  [8370, 80, 'Pushtow, seven barges at least one tanker or gas barg'],
];

/**
 * The ITU ship type (0–99) of an inland ship type: an ERI code's ITU column, or the value itself when
 * a transmitter sent an ITU type; null for a code the table does not know.
 */
export function ituShipTypeOfEri(v: number | null): number | null {
  if (v === null) return null;
  if (v >= 1 && v <= 99) return v;
  for (const [code, itu] of ERI_SHIP_TYPES) if (code === v) return itu;
  return null;
}

/** gpsd's label for an inland ship type (ERI code or ITU type); "Illegal ship type value." otherwise. */
export function eriShipTypeLabel(v: number): string {
  for (const [code, itu, label] of ERI_SHIP_TYPES) if (code === v || itu === v) return label;
  return 'Illegal ship type value.';
}

// Positions in 1/1000 minute (IMO 236/289): degrees = raw / 60000; 181°/91° = not available.
const LON3 = { divisor: 60000, na: 10860000 } as const;
const LAT3 = { divisor: 60000, na: 5460000 } as const;
const POS3: AppScale = { div: 60000, digits: 6 };
// Positions in 1/10000 minute (as in types 1–3): degrees = raw / 600000.
const POS4: AppScale = { div: 600000, digits: 6 };
const D1: AppScale = { div: 10, digits: 1 };

/** "MM-DDTHH:MMZ" from four raw fields, as gpsd prints ETAs and departure times. */
const mdhm =
  (mo: string, d: string, h: string, mi: string) =>
  (r: (n: string) => number): string =>
    `${p2(r(mo))}-${p2(r(d))}T${p2(r(h))}:${p2(r(mi))}Z`;
/** The same without zero padding or Z (gpsd's inland ETA/RTA format, "%u-%uT%u:%u"). */
const mdhmBare =
  (mo: string, d: string, h: string, mi: string) =>
  (r: (n: string) => number): string =>
    `${r(mo)}-${r(d)}T${r(h)}:${r(mi)}`;

/** The met/hydro table shared by IMO 236 FID 11 after its position (same fields, other encodings). */
const MET_GPSD_TAIL = (scaledLabels: boolean): AppGpsdItem[] => [
  { f: 'visibilityNm', scale: D1 },
  { f: 'waterLevelM' },
  { f: 'levelTrend', scaledText: TRENDS },
  { f: 'currentSpeedKnots', scale: D1 },
  { f: 'currentDirDeg' },
  { f: 'current2SpeedKnots', scale: D1 },
  { f: 'current2DirDeg' },
  { f: 'current2DepthM' },
  { f: 'current3SpeedKnots', scale: D1 },
  { f: 'current3DirDeg' },
  { f: 'current3DepthM' },
  { f: 'waveHeightM', scale: D1 },
  { f: 'wavePeriodS' },
  { f: 'waveDirDeg' },
  { f: 'swellHeightM', scale: D1 },
  { f: 'swellPeriodS' },
  { f: 'swellDirDeg' },
  { f: 'seaState' },
  { f: 'waterTempC' },
  scaledLabels ? { f: 'precipitation', scaledText: PRECIP } : { f: 'precipitation', text: PRECIP },
  { f: 'salinityPermille', scale: D1 },
  scaledLabels ? { f: 'ice', scaledText: ICE } : { f: 'ice', text: ICE },
];

// Persons on board: IMO 289's 136 data bits carry it at bit 88; gpsd reads IMO 236's at bit 55.
const PERSONS_AT_88 = [un('persons', 'persons', 88, 13, { na: 8191 })];
const PERSONS_AT_55 = [un('persons', 'persons', 55, 13, { na: 8191 })];

/** Every application table gpsd decodes. */
export const APPLICATIONS: readonly AppSpec[] = [
  {
    id: 'imo236-met-hydro',
    type: 8,
    dac: 1,
    fid: 11,
    ref: 'IMO SN.1/Circ.236 Annex 2 §1 (meteorological and hydrological data; superseded by FID 31)',
    fields: [
      sn('lat', 'lat', 56, 24, LAT3),
      sn('lon', 'lon', 80, 25, LON3),
      un('day', null, 105, 5, { na: 0 }),
      un('hour', null, 110, 5, { na: 24 }),
      un('minute', null, 115, 6, { na: 60 }),
      un('windSpeedKnots', 'wspeed', 121, 7, { na: 127 }),
      un('windGustKnots', 'wgust', 128, 7, { na: 127 }),
      un('windDirDeg', 'wdir', 135, 9, { na: 511 }),
      un('windGustDirDeg', 'wgustdir', 144, 9, { na: 511 }),
      { ...un('airTempC', 'airtemp', 153, 11, { na: 2047, divisor: 10 }), offset: -60 },
      un('humidityPct', 'humidity', 164, 7, { na: 127 }),
      { ...un('dewPointC', 'dewpoint', 171, 10, { na: 1023, divisor: 10 }), offset: -20 },
      { ...un('pressureHpa', 'pressure', 181, 9, { na: 511 }), offset: 800 },
      un('pressureTrend', 'pressuretend', 190, 2, { na: 3 }),
      un('visibilityNm', 'visibility', 192, 8, { na: 255, divisor: 10 }),
      { ...un('waterLevelM', 'waterlevel', 200, 9, { na: 511, divisor: 10 }), offset: -10 },
      un('levelTrend', 'leveltrend', 209, 2, { na: 3 }),
      un('currentSpeedKnots', 'cspeed', 211, 8, { na: 255, divisor: 10 }),
      un('currentDirDeg', 'cdir', 219, 9, { na: 511 }),
      un('current2SpeedKnots', 'cspeed2', 228, 8, { na: 255, divisor: 10 }),
      un('current2DirDeg', 'cdir2', 236, 9, { na: 511 }),
      un('current2DepthM', 'cdepth2', 245, 5, { na: 31 }),
      un('current3SpeedKnots', 'cspeed3', 250, 8, { na: 255, divisor: 10 }),
      un('current3DirDeg', 'cdir3', 258, 9, { na: 511 }),
      un('current3DepthM', 'cdepth3', 267, 5, { na: 31 }),
      un('waveHeightM', 'waveheight', 272, 8, { na: 255, divisor: 10 }),
      un('wavePeriodS', 'waveperiod', 280, 6, { na: 63 }),
      un('waveDirDeg', 'wavedir', 286, 9, { na: 511 }),
      un('swellHeightM', 'swellheight', 295, 8, { na: 255, divisor: 10 }),
      un('swellPeriodS', 'swellperiod', 303, 6, { na: 63 }),
      un('swellDirDeg', 'swelldir', 309, 9, { na: 511 }),
      u('seaState', 'seastate', 318, 4, { ref: 'Beaufort 0–12; 13–15 n/a' }),
      { ...un('waterTempC', 'watertemp', 322, 10, { na: 1023, divisor: 10 }), offset: -10 },
      u('precipitation', 'preciptype', 332, 3, { ref: 'WMO 306 code table 4.201; 7 = n/a' }),
      un('salinityPermille', 'salinity', 335, 9, { na: 511, divisor: 10 }),
      u('ice', 'ice', 344, 2, { ref: '0 no, 1 yes, 3 n/a' }),
    ],
    gpsd: [
      { f: 'lat', scale: POS3 },
      { f: 'lon', scale: POS3 },
      { key: 'timestamp', compose: (r) => `${p2(r('day'))}T${p2(r('hour'))}:${p2(r('minute'))}Z` },
      { f: 'windSpeedKnots' },
      { f: 'windGustKnots' },
      { f: 'windDirDeg' },
      { f: 'windGustDirDeg' },
      { f: 'humidityPct' },
      { f: 'airTempC', scale: { sub: 600, div: 10, digits: 1 } },
      { f: 'dewPointC', scale: { sub: 200, div: 10, digits: 1 } },
      { f: 'pressureHpa', scale: { add: 800 } },
      { f: 'pressureTrend', scaledText: TRENDS },
      ...MET_GPSD_TAIL(false).map((i) =>
        'f' in i && i.f === 'waterLevelM'
          ? { f: 'waterLevelM', scale: { sub: 100, div: 10, digits: 1 } }
          : 'f' in i && i.f === 'waterTempC'
            ? { f: 'waterTempC', scale: { sub: 100, div: 10, digits: 1 } }
            : i,
      ),
    ],
  },
  {
    id: 'imo289-met-hydro',
    type: 8,
    dac: 1,
    fid: 31,
    ref: 'IMO SN.1/Circ.289 Annex §1 (meteorological and hydrographic data)',
    fields: [
      sn('lon', 'lon', 56, 25, LON3),
      sn('lat', 'lat', 81, 24, LAT3),
      b('accuracy', 'accuracy', 105),
      un('day', null, 106, 5, { na: 0 }),
      un('hour', null, 111, 5, { na: 24 }),
      un('minute', null, 116, 6, { na: 60 }),
      un('windSpeedKnots', 'wspeed', 122, 7, { na: 127 }),
      un('windGustKnots', 'wgust', 129, 7, { na: 127 }),
      un('windDirDeg', 'wdir', 136, 9, { na: 360 }),
      un('windGustDirDeg', 'wgustdir', 145, 9, { na: 360 }),
      sn('airTempC', 'airtemp', 154, 11, { na: -1024, divisor: 10 }),
      un('humidityPct', 'humidity', 165, 7, { na: 101 }),
      sn('dewPointC', 'dewpoint', 172, 10, { na: 501, divisor: 10 }),
      { ...un('pressureHpa', 'pressure', 182, 9, { na: 511 }), offset: 799 },
      un('pressureTrend', 'pressuretend', 191, 2, { na: 3 }),
      b('visibilityGreater', 'visgreater', 193),
      un('visibilityNm', 'visibility', 194, 7, { na: 127, divisor: 10 }),
      { ...un('waterLevelM', 'waterlevel', 201, 12, { na: 4001, divisor: 100 }), offset: -10 },
      un('levelTrend', 'leveltrend', 213, 2, { na: 3 }),
      un('currentSpeedKnots', 'cspeed', 215, 8, { na: 255, divisor: 10 }),
      un('currentDirDeg', 'cdir', 223, 9, { na: 360 }),
      un('current2SpeedKnots', 'cspeed2', 232, 8, { na: 255, divisor: 10 }),
      un('current2DirDeg', 'cdir2', 240, 9, { na: 360 }),
      un('current2DepthM', 'cdepth2', 249, 5, { na: 31 }),
      un('current3SpeedKnots', 'cspeed3', 254, 8, { na: 255, divisor: 10 }),
      un('current3DirDeg', 'cdir3', 262, 9, { na: 360 }),
      un('current3DepthM', 'cdepth3', 271, 5, { na: 31 }),
      un('waveHeightM', 'waveheight', 276, 8, { na: 255, divisor: 10 }),
      un('wavePeriodS', 'waveperiod', 284, 6, { na: 63 }),
      un('waveDirDeg', 'wavedir', 290, 9, { na: 360 }),
      un('swellHeightM', 'swellheight', 299, 8, { na: 255, divisor: 10 }),
      un('swellPeriodS', 'swellperiod', 307, 6, { na: 63 }),
      un('swellDirDeg', 'swelldir', 313, 9, { na: 360 }),
      u('seaState', 'seastate', 322, 4, { ref: 'Beaufort 0–12; 13–15 n/a' }),
      sn('waterTempC', 'watertemp', 326, 10, { na: 501, divisor: 10 }),
      u('precipitation', 'preciptype', 336, 3, { ref: 'WMO 306 code table 4.201; 7 = n/a' }),
      un('salinityPermille', 'salinity', 339, 9, { na: 510, divisor: 10, ref: '511 = sensor n/a' }),
      u('ice', 'ice', 348, 2, { ref: '0 no, 1 yes, 3 n/a' }),
    ],
    gpsd: [
      { f: 'lat', scale: POS3 },
      { f: 'lon', scale: POS3 },
      { f: 'accuracy' },
      { key: 'timestamp', compose: (r) => `${p2(r('day'))}T${p2(r('hour'))}:${p2(r('minute'))}Z` },
      { f: 'windSpeedKnots' },
      { f: 'windGustKnots' },
      { f: 'windDirDeg' },
      { f: 'windGustDirDeg' },
      { f: 'humidityPct' },
      { f: 'airTempC', scale: D1 },
      { f: 'dewPointC', scale: D1 },
      { f: 'pressureHpa', scale: { add: 799 } },
      { f: 'pressureTrend', scaledText: TRENDS },
      { f: 'visibilityGreater' },
      ...MET_GPSD_TAIL(true).map((i) =>
        'f' in i && i.f === 'waterLevelM'
          ? { f: 'waterLevelM', scale: { sub: 1000, div: 100, digits: 1 } }
          : 'f' in i && i.f === 'waterTempC'
            ? { f: 'waterTempC', scale: D1 }
            : i,
      ),
    ],
  },
  {
    id: 'imo236-fairway-closed',
    type: 8,
    dac: 1,
    fid: 13,
    ref: 'IMO SN.1/Circ.236 Annex 2 §3 (fairway closed)',
    fields: [
      t('reason', 'reason', 56, 20),
      t('closeFrom', 'closefrom', 176, 20),
      t('closeTo', 'closeto', 296, 20),
      u('radius', 'radius', 416, 10, { ref: 'extent of closure, in extunit' }),
      u('extentUnit', 'extunit', 426, 2, { ref: '0 m, 1 km, 2 nm, 3 cable' }),
      u('fromDay', null, 428, 5),
      u('fromMonth', null, 433, 4),
      u('fromHour', null, 437, 5),
      u('fromMinute', null, 442, 6),
      u('toDay', null, 448, 5),
      u('toMonth', null, 453, 4),
      u('toHour', null, 457, 5),
      u('toMinute', null, 462, 6),
    ],
    gpsd: [
      { f: 'reason' },
      { f: 'closeFrom' },
      { f: 'closeTo' },
      { f: 'radius' },
      { f: 'extentUnit' },
      {
        key: 'from',
        compose: (r) =>
          `${p2(r('fromMonth'))}-${p2(r('fromDay'))}T${p2(r('fromHour'))}:${p2(r('fromMinute'))}`,
      },
      {
        key: 'to',
        compose: (r) => `${p2(r('toMonth'))}-${p2(r('toDay'))}T${p2(r('toHour'))}:${p2(r('toMinute'))}`,
      },
    ],
  },
  {
    id: 'imo236-air-draught',
    type: 8,
    dac: 1,
    fid: 15,
    // gpsd reads the air draught at bit 56, where the circular's data begins (consistent with type 8).
    ref: 'IMO SN.1/Circ.236 Annex 2 §5 (extended ship static and voyage related data: air draught)',
    fields: [un('airDraughtM', 'airdraught', 56, 11, { na: 0, divisor: 10 })],
    gpsd: [{ f: 'airDraughtM' }],
  },
  {
    id: 'imo236-air-draught',
    type: 6,
    dac: 1,
    fid: 15,
    // gpsd reads bit 56 here too: inside the type 6 header (the circular's data starts at 88).
    ref: 'IMO SN.1/Circ.236 Annex 2 §5; gpsd reads bits 56–66 of the message',
    fields: [un('airDraughtM', 'airdraught', 56, 11, { na: 0, divisor: 10 })],
    gpsd: [{ f: 'airDraughtM' }],
  },
  {
    id: 'persons-on-board',
    type: 8,
    dac: 1,
    fid: 16,
    ref: 'IMO SN.1/Circ.236 §6 (72 data bits) and SN.1/Circ.289 §8 (136 data bits): persons on board',
    fits: (n) => n - 56 === 136 || n - 56 === 72,
    fields: (n) => (n - 56 === 136 ? PERSONS_AT_88 : PERSONS_AT_55),
    gpsd: [{ f: 'persons' }],
  },
  {
    id: 'persons-on-board',
    type: 6,
    dac: 1,
    fid: 16,
    ref: 'IMO SN.1/Circ.236 §6 and SN.1/Circ.289 §8: persons on board (gpsd: bit 88 when 136 data bits, else bit 55)',
    fields: (n) => (n - 88 === 136 ? PERSONS_AT_88 : PERSONS_AT_55),
    gpsd: [{ f: 'persons' }],
  },
  {
    id: 'imo289-vts-targets',
    type: 8,
    dac: 1,
    fid: 17,
    ref: 'IMO SN.1/Circ.289 Annex §5 (VTS-generated/synthetic targets)',
    fields: [],
    array: {
      name: 'targets',
      base: 56,
      size: 122,
      count: 'fitLe',
      fields: [
        u('idType', 'idtype', 0, 2, { ref: '0 MMSI, 1 IMO, 2 call sign, 3 other' }),
        u('idNumber', null, 2, 42),
        t('idText', null, 2, 7),
        sn('lat', 'lat', 48, 24, LAT3),
        sn('lon', 'lon', 72, 25, LON3),
        un('courseDeg', 'course', 97, 9, { na: 360 }),
        un('second', 'second', 106, 6, { na: 60 }),
        un('speedKnots', 'speed', 112, 10, { na: 1023 }),
      ],
    },
    gpsd: [
      {
        arr: 'targets',
        items: [
          { f: 'idType', text: ID_TYPES },
          { targetId: true },
          { f: 'lat', scale: POS3 },
          { f: 'lon', scale: POS3 },
          { f: 'courseDeg' },
          { f: 'second' },
          { f: 'speedKnots' },
        ],
      },
    ],
  },
  {
    id: 'imo289-traffic-signal',
    type: 8,
    dac: 1,
    fid: 19,
    ref: 'IMO SN.1/Circ.289 Annex §6 (marine traffic signal)',
    fields: [
      u('linkage', 'linkage', 56, 10),
      t('station', 'station', 66, 20),
      sn('lon', 'lon', 186, 25, LON3),
      sn('lat', 'lat', 211, 24, LAT3),
      u('status', 'status', 235, 2),
      u('signal', 'signal', 237, 5),
      un('hour', 'hour', 242, 5, { na: 24 }),
      un('minute', 'minute', 247, 6, { na: 60 }),
      u('nextSignal', 'nextsignal', 253, 5),
    ],
    gpsd: [
      { f: 'linkage' },
      { f: 'station' },
      // gpsd prints these two in degrees whether scaled or not.
      { f: 'lon', scale: { div: 60000, digits: 4, always: true } },
      { f: 'lat', scale: { div: 60000, digits: 4, always: true } },
      { f: 'status' },
      { f: 'signal', text: SIGNALS },
      { f: 'hour' },
      { f: 'minute' },
      { f: 'nextSignal', text: SIGNALS },
    ],
  },
  {
    id: 'imo289-route',
    type: 8,
    dac: 1,
    fid: 27,
    ref: 'IMO SN.1/Circ.289 Annex §4 (route information, broadcast)',
    fields: [
      u('linkage', 'linkage', 56, 10),
      u('sender', 'sender', 66, 3),
      u('routeType', 'rtype', 69, 5),
      un('month', null, 74, 4, { na: 0 }),
      un('day', null, 78, 5, { na: 0 }),
      un('hour', null, 83, 5, { na: 24 }),
      un('minute', null, 88, 6, { na: 60 }),
      u('durationMin', 'duration', 94, 18),
      u('waypointCount', null, 112, 5),
    ],
    array: {
      name: 'waypoints',
      base: 117,
      size: 55,
      count: { field: 'waypointCount' },
      fields: [
        sn('lon', 'lon', 0, 28, { divisor: 600000, na: 108600000 }),
        sn('lat', 'lat', 28, 27, { divisor: 600000, na: 54600000 }),
      ],
    },
    gpsd: [
      { f: 'linkage' },
      { f: 'sender' },
      { f: 'routeType', text: ROUTE_TYPES },
      { key: 'start', compose: mdhm('month', 'day', 'hour', 'minute') },
      { f: 'durationMin' },
      {
        arr: 'waypoints',
        items: [
          { f: 'lon', scale: POS4 },
          { f: 'lat', scale: POS4 },
        ],
      },
    ],
  },
  {
    id: 'imo289-text',
    type: 8,
    dac: 1,
    fid: 29,
    ref: 'IMO SN.1/Circ.289 Annex §3 (text description, broadcast)',
    fields: [u('linkage', 'linkage', 56, 10), trest('text', 'text', 66)],
    gpsd: [{ f: 'linkage' }, { f: 'text' }],
  },
  {
    id: 'imo236-dangerous-cargo',
    type: 6,
    dac: 1,
    fid: 12,
    ref: 'IMO SN.1/Circ.236 Annex 2 §2 (dangerous cargo indication)',
    fields: [
      t('lastPort', 'lastport', 88, 5),
      u('departureMonth', null, 118, 4),
      u('departureDay', null, 122, 5),
      u('departureHour', null, 127, 5),
      u('departureMinute', null, 132, 6),
      t('nextPort', 'nextport', 138, 5),
      u('etaMonth', null, 168, 4),
      u('etaDay', null, 172, 5),
      u('etaHour', null, 177, 5),
      u('etaMinute', null, 182, 6),
      t('dangerousGoods', 'dangerous', 188, 20),
      t('imdCategory', 'imdcat', 308, 4),
      u('unNumber', 'unid', 332, 13),
      u('amount', 'amount', 345, 10),
      u('unit', 'unit', 355, 2),
    ],
    gpsd: [
      { f: 'lastPort' },
      {
        key: 'departure',
        compose: mdhm('departureMonth', 'departureDay', 'departureHour', 'departureMinute'),
      },
      { f: 'nextPort' },
      { key: 'eta', compose: mdhm('etaMonth', 'etaDay', 'etaHour', 'etaMinute') },
      { f: 'dangerousGoods' },
      { f: 'imdCategory' },
      { f: 'unNumber' },
      { f: 'amount' },
      { f: 'unit' },
    ],
  },
  {
    id: 'imo236-tidal-window',
    type: 6,
    dac: 1,
    fid: 14,
    ref: 'IMO SN.1/Circ.236 Annex 2 §4 (tidal window): lat before lon, 1/1000 minute',
    fields: [u('month', 'month', 88, 4), u('day', 'day', 92, 5)],
    array: {
      name: 'tidals',
      base: 97,
      size: 93,
      count: 'fitLe',
      fields: [
        s('lat', 'lat', 0, 27, { divisor: 60000 }),
        s('lon', 'lon', 27, 28, { divisor: 60000 }),
        u('fromHour', 'from_hour', 55, 5),
        u('fromMinute', 'from_min', 60, 6),
        u('toHour', 'to_hour', 66, 5),
        u('toMinute', 'to_min', 71, 6),
        u('currentDirDeg', 'cdir', 77, 9),
        u('currentSpeedKnots', 'cspeed', 86, 7, { divisor: 10 }),
      ],
    },
    gpsd: [
      { f: 'month' },
      { f: 'day' },
      {
        arr: 'tidals',
        items: [
          { f: 'lon', scale: POS3 },
          { f: 'lat', scale: POS3 },
          { f: 'fromHour' },
          { f: 'fromMinute' },
          { f: 'toHour' },
          { f: 'toMinute' },
          { f: 'currentDirDeg' },
          { f: 'currentSpeedKnots', scale: D1 },
        ],
      },
    ],
  },
  {
    id: 'imo289-clearance',
    type: 6,
    dac: 1,
    fid: 18,
    ref: 'IMO SN.1/Circ.289 Annex §9 (clearance time to enter port)',
    fields: [
      u('linkage', 'linkage', 88, 10),
      un('month', null, 98, 4, { na: 0 }),
      un('day', null, 102, 5, { na: 0 }),
      un('hour', null, 107, 5, { na: 24 }),
      un('minute', null, 112, 6, { na: 60 }),
      t('portName', 'portname', 118, 20),
      t('destination', 'destination', 238, 5),
      sn('lon', 'lon', 268, 25, LON3),
      sn('lat', 'lat', 293, 24, LAT3),
    ],
    gpsd: [
      { f: 'linkage' },
      { key: 'arrival', compose: mdhm('month', 'day', 'hour', 'minute') },
      { f: 'portName' },
      { f: 'destination' },
      { f: 'lon', scale: POS3 },
      { f: 'lat', scale: POS3 },
    ],
  },
  {
    id: 'imo289-berthing',
    type: 6,
    dac: 1,
    fid: 20,
    ref: 'IMO SN.1/Circ.289 Annex §10 (berthing data)',
    fields: [
      u('linkage', 'linkage', 88, 10),
      un('berthLengthM', 'berth_length', 98, 9, { na: 0 }),
      un('berthDepthM', 'berth_depth', 107, 8, { na: 0, divisor: 10 }),
      u('position', 'position', 115, 3),
      u('month', null, 118, 4),
      u('day', null, 122, 5),
      u('hour', null, 127, 5),
      u('minute', null, 132, 6),
      u('availability', 'availability', 138, 1),
      ...[
        'agent',
        'fuel',
        'chandler',
        'stevedore',
        'electrical',
        'water',
        'customs',
        'cartage',
        'crane',
        'lift',
        'medical',
        'navrepair',
        'provisions',
        'shiprepair',
        'surveyor',
        'steam',
        'tugs',
        'solidwaste',
        'liquidwaste',
        'hazardouswaste',
        'ballast',
        'additional',
        'regional1',
        'regional2',
        'future1',
        'future2',
      ].map((k, i) => u(k, k, 139 + 2 * i, 2)),
      t('berthName', 'berth_name', 191, 20),
      sn('berthLon', 'berth_lon', 311, 25, LON3),
      sn('berthLat', 'berth_lat', 336, 24, LAT3),
    ],
    gpsd: [
      { f: 'linkage' },
      { f: 'berthLengthM' },
      { f: 'position', text: BERTH_POSITION },
      { key: 'arrival', compose: mdhmBare('month', 'day', 'hour', 'minute') },
      { f: 'availability' },
      ...[
        'agent',
        'fuel',
        'chandler',
        'stevedore',
        'electrical',
        'water',
        'customs',
        'cartage',
        'crane',
        'lift',
        'medical',
        'navrepair',
        'provisions',
        'shiprepair',
        'surveyor',
        'steam',
        'tugs',
        'solidwaste',
        'liquidwaste',
        'hazardouswaste',
        'ballast',
        'additional',
        'regional1',
        'regional2',
        'future1',
        'future2',
      ].map((f) => ({ f })),
      { f: 'berthName' },
      { f: 'berthLon', scale: POS3 },
      { f: 'berthLat', scale: POS3 },
      { f: 'berthDepthM', scale: D1 },
    ],
  },
  {
    id: 'imo289-dangerous-cargo',
    type: 6,
    dac: 1,
    fid: 25,
    ref: 'IMO SN.1/Circ.289 Annex §11 (dangerous cargo indication)',
    fields: [u('unit', 'unit', 88, 2), u('amount', 'amount', 90, 10)],
    array: {
      name: 'cargos',
      base: 100,
      size: 17,
      count: 'fitLt',
      fields: [u('code', 'code', 0, 4), u('subtype', 'subtype', 4, 13)],
    },
    gpsd: [{ f: 'unit' }, { f: 'amount' }, { arr: 'cargos', items: [{ f: 'code' }, { f: 'subtype' }] }],
  },
  {
    id: 'imo289-route',
    type: 6,
    dac: 1,
    fid: 28,
    ref: 'IMO SN.1/Circ.289 Annex §4 (route information, addressed)',
    fields: [
      u('linkage', 'linkage', 88, 10),
      u('sender', 'sender', 98, 3),
      u('routeType', 'rtype', 101, 5),
      un('month', null, 106, 4, { na: 0 }),
      un('day', null, 110, 5, { na: 0 }),
      un('hour', null, 115, 5, { na: 24 }),
      un('minute', null, 120, 6, { na: 60 }),
      u('durationMin', 'duration', 126, 18),
      u('waypointCount', null, 144, 5),
    ],
    array: {
      name: 'waypoints',
      base: 149,
      size: 55,
      count: { field: 'waypointCount' },
      fields: [
        sn('lon', 'lon', 0, 28, { divisor: 600000, na: 108600000 }),
        sn('lat', 'lat', 28, 27, { divisor: 600000, na: 54600000 }),
      ],
    },
    gpsd: [
      { f: 'linkage' },
      { f: 'sender' },
      { f: 'routeType', text: ROUTE_TYPES },
      { key: 'start', compose: mdhm('month', 'day', 'hour', 'minute') },
      { f: 'durationMin' },
      {
        arr: 'waypoints',
        items: [
          { f: 'lon', scale: POS4 },
          { f: 'lat', scale: POS4 },
        ],
      },
    ],
  },
  {
    id: 'imo289-text',
    type: 6,
    dac: 1,
    fid: 30,
    ref: 'IMO SN.1/Circ.289 Annex §3 (text description, addressed)',
    fields: [u('linkage', 'linkage', 88, 10), trest('text', 'text', 98)],
    gpsd: [{ f: 'linkage' }, { f: 'text' }],
  },
  {
    id: 'imo289-tidal-window',
    type: 6,
    dac: 1,
    fid: 32,
    ref: 'IMO SN.1/Circ.289 Annex §12 (tidal window)',
    fields: [u('month', 'month', 88, 4), u('day', 'day', 92, 5)],
    array: {
      name: 'tidals',
      base: 97,
      size: 88,
      count: 'fitLe',
      fields: [
        s('lon', 'lon', 0, 25, { divisor: 60000 }),
        s('lat', 'lat', 25, 24, { divisor: 60000 }),
        u('fromHour', 'from_hour', 49, 5),
        u('fromMinute', 'from_min', 54, 6),
        u('toHour', 'to_hour', 60, 5),
        u('toMinute', 'to_min', 65, 6),
        u('currentDirDeg', 'cdir', 71, 9),
        u('currentSpeedKnots', 'cspeed', 80, 8, { divisor: 10 }),
      ],
    },
    gpsd: [
      { f: 'month' },
      { f: 'day' },
      {
        arr: 'tidals',
        items: [
          { f: 'lon', scale: POS3 },
          { f: 'lat', scale: POS3 },
          { f: 'fromHour' },
          { f: 'fromMinute' },
          { f: 'toHour' },
          { f: 'toMinute' },
          { f: 'currentDirDeg' },
          { f: 'currentSpeedKnots', scale: D1 },
        ],
      },
    ],
  },
  {
    id: 'inland-eta',
    type: 6,
    dac: 200,
    fid: 21,
    ref: 'Inland AIS standard 2.0 §2.4.1 (ETA at lock/bridge/terminal)',
    fits: (n) => n === 248,
    fields: [
      t('country', 'country', 88, 2),
      t('locode', 'locode', 100, 3),
      t('section', 'section', 118, 5),
      t('terminal', 'terminal', 148, 5),
      t('hectometre', 'hectometre', 178, 5),
      u('month', null, 208, 4),
      u('day', null, 212, 5),
      u('hour', null, 217, 5),
      u('minute', null, 222, 6),
      u('tugs', 'tugs', 228, 3),
      un('airDraughtM', 'airdraught', 231, 12, { na: 0, divisor: 100 }),
    ],
    gpsd: [
      { f: 'country' },
      { f: 'locode' },
      { f: 'section' },
      { f: 'terminal' },
      { f: 'hectometre' },
      { key: 'eta', compose: mdhmBare('month', 'day', 'hour', 'minute') },
      { f: 'tugs' },
      { f: 'airDraughtM' },
    ],
  },
  {
    id: 'inland-rta',
    type: 6,
    dac: 200,
    fid: 22,
    ref: 'Inland AIS standard 2.0 §2.4.2 (RTA at lock/bridge/terminal)',
    fits: (n) => n === 232,
    fields: [
      t('country', 'country', 88, 2),
      t('locode', 'locode', 100, 3),
      t('section', 'section', 118, 5),
      t('terminal', 'terminal', 148, 5),
      t('hectometre', 'hectometre', 178, 5),
      u('month', null, 208, 4),
      u('day', null, 212, 5),
      u('hour', null, 217, 5),
      u('minute', null, 222, 6),
      u('status', 'status', 228, 2),
    ],
    gpsd: [
      { f: 'country' },
      { f: 'locode' },
      { f: 'section' },
      { f: 'terminal' },
      { f: 'hectometre' },
      { key: 'eta', compose: mdhmBare('month', 'day', 'hour', 'minute') },
      { f: 'status', text: RTA_STATUS },
    ],
  },
  {
    id: 'inland-persons-on-board',
    type: 6,
    dac: 200,
    fid: 55,
    ref: 'Inland AIS standard 2.0 §2.4.5 (number of persons on board)',
    fits: (n) => n === 168,
    fields: [
      un('crew', 'crew', 88, 8, { na: 255 }),
      un('passengers', 'passengers', 96, 13, { na: 8191 }),
      un('shipboardPersonnel', 'personnel', 109, 8, { na: 255 }),
    ],
    gpsd: [{ f: 'crew' }, { f: 'passengers' }, { f: 'shipboardPersonnel' }],
  },
  ...[235, 250].map(
    (dac): AppSpec => ({
      id: 'gla-aton-monitoring',
      type: 6,
      dac,
      fid: 10,
      ref: 'GLA AtoN monitoring data (DAC 235 UK, 250 Ireland), as gpsd decodes it',
      fits: (n) => n === 136,
      fields: [
        un('analogueInternalV', 'ana_int', 88, 10, { divisor: 20 }),
        un('analogueExternal1V', 'ana_ext1', 98, 10, { divisor: 20 }),
        un('analogueExternal2V', 'ana_ext2', 108, 10, { divisor: 20 }),
        u('racon', 'racon', 118, 2),
        u('light', 'light', 120, 2),
        b('alarm', 'alarm', 122),
        u('statusExtension', 'stat_ext', 123, 8),
        b('offPosition', 'off_pos', 131),
      ],
      gpsd: [
        { f: 'offPosition' },
        { f: 'alarm' },
        { f: 'statusExtension' },
        { f: 'analogueInternalV', scale: { div: 20, digits: 2, zeroRaw: true } },
        { f: 'analogueExternal1V', scale: { div: 20, digits: 2, zeroRaw: true } },
        { f: 'analogueExternal2V', scale: { div: 20, digits: 2, zeroRaw: true } },
        { f: 'racon', text: RACON },
        { f: 'light', text: LIGHT },
      ],
    }),
  ),
  {
    id: 'inland-static',
    type: 8,
    dac: 200,
    fid: 10,
    ref: 'Inland AIS standard 2.0 §2.3.1 (inland ship static and voyage related data)',
    fits: (n) => n === 168,
    fields: [
      t('eni', 'vin', 56, 8),
      un('lengthM', 'length', 104, 13, { na: 0, divisor: 10 }),
      un('beamM', 'beam', 117, 10, { na: 0, divisor: 10 }),
      un('eriShipType', 'shiptype', 127, 14, { na: 0 }),
      u('hazard', 'hazard', 141, 3, { ref: 'blue cones: 0–3, 4 B-flag, 5 unknown' }),
      un('draughtM', 'draught', 144, 11, { na: 0, divisor: 100 }),
      u('loaded', 'loaded', 155, 2, { ref: '0 n/a, 1 unloaded, 2 loaded' }),
      b('speedQuality', 'speed_q', 157),
      b('courseQuality', 'course_q', 158),
      b('headingQuality', 'heading_q', 159),
    ],
    // gpsd's check against false matches: a hazard code above 5 is not this message.
    plausible: (r) => r('hazard') <= 5,
    gpsd: [
      { f: 'eni' },
      { f: 'lengthM' },
      { f: 'beamM' },
      { f: 'eriShipType' },
      { key: 'shiptype_text', compose: (r) => eriShipTypeLabel(r('eriShipType')) },
      { f: 'hazard', text: HAZARDS },
      { f: 'draughtM' },
      { f: 'loaded', text: LOADED },
      { f: 'speedQuality' },
      { f: 'courseQuality' },
      { f: 'headingQuality' },
    ],
  },
  {
    id: 'inland-emma-warning',
    type: 8,
    dac: 200,
    fid: 23,
    ref: 'Inland AIS standard 2.0 §2.3.2 (EMMA weather warning)',
    fits: (n) => n === 256,
    fields: [
      u('startYear', null, 56, 8),
      u('startMonth', null, 64, 4),
      u('startDay', null, 68, 5),
      u('endYear', null, 73, 8),
      u('endMonth', null, 81, 4),
      u('endDay', null, 85, 5),
      u('startHour', null, 90, 5),
      u('startMinute', null, 95, 6),
      u('endHour', null, 101, 5),
      u('endMinute', null, 106, 6),
      sn('startLon', 'start_lon', 112, 28, { divisor: 600000, na: 108600000 }),
      sn('startLat', 'start_lat', 140, 27, { divisor: 600000, na: 54600000 }),
      sn('endLon', 'end_lon', 167, 28, { divisor: 600000, na: 108600000 }),
      sn('endLat', 'end_lat', 195, 27, { divisor: 600000, na: 54600000 }),
      u('warningType', 'type', 222, 4),
      s('min', 'min', 226, 9),
      s('max', 'max', 235, 9),
      u('intensity', 'class', 244, 2),
      u('windDirection', 'wind', 246, 4),
    ],
    gpsd: [
      // gpsd prints the start's day where the hour goes ("%4u-%02u-%02uT%02u:%02u" given year, month, hour, minute, day).
      {
        key: 'start',
        compose: (r) =>
          `${`${r('startYear') + 2000}`.padStart(4, ' ')}-${p2(r('startMonth'))}-${p2(r('startHour'))}T${p2(r('startMinute'))}:${p2(r('startDay'))}`,
      },
      {
        key: 'end',
        compose: (r) =>
          `${`${r('endYear') + 2000}`.padStart(4, ' ')}-${p2(r('endMonth'))}-${p2(r('endDay'))}T${p2(r('endHour'))}:${p2(r('endMinute'))}`,
      },
      { f: 'startLon', scale: POS4 },
      { f: 'startLat', scale: POS4 },
      { f: 'endLon', scale: POS4 },
      { f: 'endLat', scale: POS4 },
      { f: 'warningType', text: EMMA_TYPES },
      { f: 'min' },
      { f: 'max' },
      { f: 'intensity', text: EMMA_CLASSES },
      { f: 'windDirection', text: EMMA_WINDS },
    ],
  },
  {
    id: 'inland-water-levels',
    type: 8,
    dac: 200,
    fid: 24,
    ref: 'Inland AIS standard 2.0 §2.3.3 (water levels)',
    fits: (n) => n === 168,
    fields: [t('country', 'country', 56, 2)],
    array: {
      name: 'gauges',
      base: 68,
      size: 25,
      count: 'fitLt',
      fields: [u('id', 'id', 0, 11), s('levelM', 'level', 11, 14, { divisor: 100 })],
    },
    gpsd: [{ f: 'country' }, { arr: 'gauges', items: [{ f: 'id' }, { f: 'levelM' }] }],
  },
  {
    id: 'inland-signal-status',
    type: 8,
    dac: 200,
    fid: 40,
    ref: 'Inland AIS standard 2.0 §2.3.4 (signal status)',
    fits: (n) => n === 168,
    fields: [
      sn('lon', 'lon', 56, 28, { divisor: 600000, na: 108600000 }),
      sn('lat', 'lat', 84, 27, { divisor: 600000, na: 54600000 }),
      u('form', 'form', 111, 4),
      u('facingDeg', 'facing', 115, 9),
      u('direction', 'direction', 124, 3),
      u('lightStatus', 'status', 127, 30),
    ],
    gpsd: [
      { f: 'lon', scale: POS4 },
      { f: 'lat', scale: POS4 },
      { f: 'form' },
      { f: 'facingDeg' },
      { f: 'direction', text: SIGNAL_DIRECTIONS },
      { f: 'lightStatus', text: SIGNAL_STATUS },
    ],
  },
];

/** The table for a message's type, DAC and FID, or undefined when gpsd keeps its payload as hex. */
export function appSpecOf(type: number, dac: number, fid: number): AppSpec | undefined {
  return BY_KEY.get(type * 1_000_000 + dac * 100 + fid);
}

const BY_KEY = new Map<number, AppSpec>(
  APPLICATIONS.map((a) => [a.type * 1_000_000 + a.dac * 100 + a.fid, a]),
);
